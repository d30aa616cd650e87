import type { ReactElement } from 'react'
import { useTopicsFreshness } from '../../state/useTopicFreshness.ts'
import { hhmm } from '../../ui/StaleBadge.tsx'
import { mapFreshnessNote } from './layerFreshness.ts'
import type { FeedLayerKey } from './useMapLayers.ts'

/**
 * The map top bar's RESTORED / STALE note. A leaf of its own: it follows every topic's full
 * freshness (the restore's time included), so the map panel around it need not re-render on
 * every batch (the panel reads only the freshness words).
 */
export function MapFreshnessNote({
  keys,
  shown,
}: {
  readonly keys: readonly FeedLayerKey[]
  readonly shown: (key: FeedLayerKey) => boolean
}): ReactElement {
  const note = mapFreshnessNote(useTopicsFreshness(keys), shown, keys)
  return (
    <>
      {note.restored.length > 0 && (
        <span className="fm-stale fm-restored fm-stale-big" data-testid="map-restored">
          RESTORED{note.restoredAsOf === null ? '' : ` ${hhmm(note.restoredAsOf)}`}:{' '}
          {note.restored.join(', ')}
        </span>
      )}
      {note.stale.length > 0 && (
        <span className="fm-stale fm-stale-big" data-testid="map-stale">
          STALE: {note.stale.join(', ')}
        </span>
      )}
    </>
  )
}
