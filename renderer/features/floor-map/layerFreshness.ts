/**
 * What the map says about each layer's feed, in the same words as the panels' badges: a layer
 * whose state came from the gateway's log after a restart is RESTORED (with the time it was last
 * live), not STALE; a layer whose feed is past its threshold or unknown is STALE. Both are drawn
 * washed grey — neither is live — but an operator after a restart must be told which it is.
 */
import type { TopicFreshnessView } from '../../state/useTopicFreshness.ts'
import type { FeedLayerKey } from './useMapLayers.ts'

/** A layer's word on the map: null while live (or replayed). */
export type LayerMark = 'stale' | 'restored' | null

export function layerMark(view: Pick<TopicFreshnessView, 'freshness' | 'restored'>): LayerMark {
  // Replayed layers are drawn as they were at the replayed moment (the band says REPLAY).
  if (view.freshness === 'live' || view.freshness === 'replay') return null
  // A restored freshness without its restore (cannot happen from the store) reads as stale.
  return view.freshness === 'restored' && view.restored !== null ? 'restored' : 'stale'
}

export type MapFreshnessNote = {
  /** Shown layers that are stale (or have no data). */
  readonly stale: readonly FeedLayerKey[]
  /** Shown layers restored from the log, and the earliest time they were last live. */
  readonly restored: readonly FeedLayerKey[]
  readonly restoredAsOf: number | null
}

/** The top bar's note: which shown layers are STALE and which RESTORED. */
export function mapFreshnessNote(
  views: readonly (Pick<TopicFreshnessView, 'freshness' | 'restored'> & { readonly topic: string })[],
  shown: (key: FeedLayerKey) => boolean,
  keys: readonly FeedLayerKey[],
): MapFreshnessNote {
  const stale: FeedLayerKey[] = []
  const restored: FeedLayerKey[] = []
  let restoredAsOf: number | null = null
  keys.forEach((key, i) => {
    const view = views[i]
    if (view === undefined || !shown(key)) return
    const mark = layerMark(view)
    if (mark === 'stale') stale.push(key)
    if (mark === 'restored') {
      restored.push(key)
      const asOf = view.restored?.asOf ?? null
      if (asOf !== null) restoredAsOf = restoredAsOf === null ? asOf : Math.min(restoredAsOf, asOf)
    }
  })
  return { stale, restored, restoredAsOf }
}
