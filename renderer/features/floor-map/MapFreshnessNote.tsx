import type { ReactElement } from 'react'
import { topicsViewsOf, useFreshnessWords, useRestoredAsOf } from '../../state/useTopicFreshness.ts'
import { watchfloorStore, type WatchfloorStore } from '../../state/watchfloorStore.ts'
import { hhmm } from '../../ui/StaleBadge.tsx'
import { mapFreshnessNote } from './layerFreshness.ts'
import type { FeedLayerKey } from './useMapLayers.ts'

/**
 * The map top bar's RESTORED / STALE note. A leaf of its own that re-renders only when what it
 * says can change: a feed's freshness word (at a threshold, a reconnect, a restore) or a restore's
 * time — not on every batch that confirms a feed, so neither it nor the panel around it does React
 * work per batch.
 */
export function MapFreshnessNote({
  keys,
  shown,
  store = watchfloorStore,
}: {
  readonly keys: readonly FeedLayerKey[]
  readonly shown: (key: FeedLayerKey) => boolean
  readonly store?: WatchfloorStore
}): ReactElement {
  // Subscriptions only: the note is read from the state below, and depends on nothing else.
  useFreshnessWords(keys, store)
  useRestoredAsOf(keys, store)
  const note = mapFreshnessNote(topicsViewsOf(keys, store.getState(), Date.now()), shown, keys)
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
