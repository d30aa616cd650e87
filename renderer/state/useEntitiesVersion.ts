import { useEffect, useState } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import { watchfloorStore, type WatchfloorStore } from './watchfloorStore.ts'

/**
 * A number that rises when any of `topics`' entity tables changed — at most once per
 * `intervalMs`, and never while none did. For a view that derives a summary from whole tables (the
 * trust overview): it recomputes when the data moved, at a steady pace under a busy feed, and not
 * at all on a quiet one (no clock re-reading unchanged tables every second).
 */
export function useEntitiesVersion(
  topics: readonly Topic[],
  intervalMs: number,
  store: WatchfloorStore = watchfloorStore,
): number {
  const [version, setVersion] = useState(0)
  const key = topics.join(',')
  useEffect(() => {
    const watched = (key === '' ? [] : key.split(',')) as Topic[]
    let last = 0
    let timer: ReturnType<typeof setTimeout> | null = null
    const unsubscribe = store.subscribe((state, previous) => {
      if (timer !== null || watched.every((t) => state.entities[t] === previous.entities[t])) return
      timer = setTimeout(
        () => {
          timer = null
          last = performance.now()
          setVersion((v) => v + 1)
        },
        Math.max(0, last + intervalMs - performance.now()),
      )
    })
    return () => {
      unsubscribe()
      if (timer !== null) clearTimeout(timer)
    }
  }, [key, intervalMs, store])
  return version
}
