import { useEffect, useState } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import { sharedClock, type SharedClock } from '../ui/sharedClock.ts'
import { watchfloorStore, type WatchfloorStore } from './watchfloorStore.ts'

/**
 * A number that rises when any of `topics`' entity tables changed — on the shared clock's second
 * after the change, at most once per `intervalMs` (in whole seconds), and never while none did. For
 * a view that derives a summary from whole tables (the trust overview): it recomputes when the data
 * moved, at a steady pace under a busy feed, not at all on a quiet one (no clock re-reading
 * unchanged tables every second), and in the frame that turns the wall's ages over rather than in
 * one of its own.
 */
export function useEntitiesVersion(
  topics: readonly Topic[],
  intervalMs: number,
  store: WatchfloorStore = watchfloorStore,
  clock: SharedClock = sharedClock,
): number {
  const [version, setVersion] = useState(0)
  const key = topics.join(',')
  useEffect(() => {
    const watched = (key === '' ? [] : key.split(',')) as Topic[]
    // Seconds as the clock delivers them (a little after the whole second, not always equally).
    const spacing = Math.max(0, intervalMs - 500)
    let last = Number.NEGATIVE_INFINITY
    let stopTicks: (() => void) | null = null
    const onTick = (): void => {
      const now = clock.now()
      if (now - last < spacing) return
      last = now
      stopTicks?.()
      stopTicks = null
      setVersion((v) => v + 1)
    }
    const unsubscribe = store.subscribe((state, previous) => {
      if (stopTicks !== null || watched.every((t) => state.entities[t] === previous.entities[t])) return
      stopTicks = clock.subscribe(onTick)
    })
    return () => {
      unsubscribe()
      stopTicks?.()
    }
  }, [key, intervalMs, store, clock])
  return version
}
