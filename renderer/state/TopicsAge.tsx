import { useCallback, useLayoutEffect, useSyncExternalStore, type ReactElement, type RefObject } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import { formatAge } from '../ui/formatAge.ts'
import { confirmedTitle } from '../ui/StaleBadge.tsx'
import { sharedClock, type SharedClock } from '../ui/sharedClock.ts'
import { topicsViewsOf, worstFreshness } from './useTopicFreshness.ts'
import { watchfloorStore, type WatchfloorState, type WatchfloorStore } from './watchfloorStore.ts'

/**
 * The age of `topics`' data ("4 s"), as the worst of them reads it (the one a panel's badge shows:
 * worst freshness, then oldest confirmation): a leaf that follows the store and the shared clock
 * itself and re-renders only when its text changes. A batch confirming a feed moves `confirmedAt`;
 * with this leaf only the age's text node changes, and only when the words do ("3 s" → "0 s"),
 * so the badge, tile or strip around it does no React work per batch (docs/benchmarks.md, "A wall
 * that idles"). Empty while nothing was ever confirmed.
 */
export function TopicsAge({
  topics,
  store = watchfloorStore,
  clock = sharedClock,
}: {
  readonly topics: readonly Topic[]
  readonly store?: WatchfloorStore
  readonly clock?: SharedClock
}): ReactElement {
  const key = topics.join(',')
  const subscribe = useCallback(
    (listener: () => void): (() => void) => {
      const offClock = clock.subscribe(listener)
      const offStore = store.subscribe(listener)
      return () => {
        offClock()
        offStore()
      }
    },
    [clock, store],
  )
  const text = useSyncExternalStore(subscribe, () => {
    const now = clock.now()
    const watched = (key === '' ? [] : key.split(',')) as Topic[]
    const since = worstFreshness(topicsViewsOf(watched, store.getState(), now))?.confirmedAt ?? null
    return since === null ? '' : formatAge(now - since)
  })
  return <>{text}</>
}

/**
 * Keeps `element`'s title saying when the worst of `topics` was last confirmed ("Beds confirmed at
 * 10:04:07"), written outside React from a store subscription: a per-batch attribute with no
 * re-render (no stylesheet selects on a title). `rewriteKey` re-writes it when the element may
 * have been re-rendered with another title (e.g. a freshness word change).
 */
export function useConfirmedTitle(
  ref: RefObject<HTMLElement | null>,
  topics: readonly Topic[],
  label: string | undefined,
  rewriteKey: string,
  store: WatchfloorStore = watchfloorStore,
): void {
  const key = topics.join(',')
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return
    const watched = (key === '' ? [] : key.split(',')) as Topic[]
    let written: string | null = null
    const write = (state: WatchfloorState): void => {
      const worst = worstFreshness(topicsViewsOf(watched, state, Date.now()))
      if (worst === null || worst.freshness === 'restored') return
      const title = confirmedTitle(label, worst.confirmedAt)
      if (title === written) return
      written = title
      element.title = title
    }
    write(store.getState())
    return store.subscribe(write)
  }, [ref, key, label, rewriteKey, store])
}
