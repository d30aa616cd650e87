import { useLayoutEffect, useRef, type ReactElement, type RefObject } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import { formatAge } from '../ui/formatAge.ts'
import { confirmedTitle } from '../ui/StaleBadge.tsx'
import { sharedClock, type SharedClock } from '../ui/sharedClock.ts'
import { topicsViewsOf, worstFreshness } from './useTopicFreshness.ts'
import { watchfloorStore, type WatchfloorState, type WatchfloorStore } from './watchfloorStore.ts'

/**
 * The age of `topics`' data ("4 s"), as the worst of them reads it (the one a panel's badge shows:
 * worst freshness, then oldest confirmation): a span React renders once, whose text is written
 * outside React (as the badges' titles are), and only when it changes — on the shared clock's
 * second, not with each batch. A batch confirming a feed moves `confirmedAt` several times a
 * second; shown at once, every batch changed the wall's ages ("1 s" → "0 s") and so cost a frame's
 * style, paint and commit even on a board the batch changed nothing else of. On the clock, the new
 * age shows at the next whole second, with every other age and the strip's clock, in a frame the
 * wall draws anyway (docs/benchmarks.md, "A wall that idles"): an age in whole seconds is never
 * more than its own unit late; and a dozen ages turning over each second re-render nothing. What
 * must not wait does not: the first confirmation (no age → "0 s") and a change of the freshness
 * word (STALE → LIVE, whose old age would contradict it) show with the batch. Empty while nothing
 * was ever confirmed.
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
  const ref = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return
    const age = ageSource(key === '' ? [] : (key.split(',') as Topic[]), store, clock)
    const write = (): void => {
      const text = age.read()
      if (element.textContent !== text) element.textContent = text
    }
    // Subscribing takes what changed since the render; written before the browser paints.
    const unsubscribe = age.subscribe(write)
    write()
    return unsubscribe
  }, [key, store, clock])
  // No children for React: the text is this component's own (above).
  return <span className="topics-age" ref={ref} />
}

type ShownAge = { readonly word: string | null; readonly text: string }

/** The age `TopicsAge` writes, kept outside React and moved by the rules above. */
function ageSource(
  watched: readonly Topic[],
  store: WatchfloorStore,
  clock: SharedClock,
): { subscribe: (listener: () => void) => () => void; read: () => string } {
  const compute = (): ShownAge => {
    const now = clock.now()
    const worst = worstFreshness(topicsViewsOf(watched, store.getState(), now))
    const since = worst?.confirmedAt ?? null
    return { word: worst?.freshness ?? null, text: since === null ? '' : formatAge(now - since) }
  }
  let shown = compute()
  return {
    read: () => shown.text,
    subscribe: (listener) => {
      // What changed between the render and now is taken here (React reads again after subscribing).
      shown = compute()
      const offClock = clock.subscribe(() => {
        const next = compute()
        if (next.text === shown.text && next.word === shown.word) return
        shown = next
        listener()
      })
      const offStore = store.subscribe(() => {
        const next = compute()
        if (next.word === shown.word && (next.text === '') === (shown.text === '')) return
        shown = next
        listener()
      })
      return () => {
        offClock()
        offStore()
      }
    },
  }
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
