import { useEffect, useState } from 'react'
import type { Topic } from '../../../shared/contracts/entities.ts'
import type { EntityMaps } from '../../../shared/contracts/hub.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'

/**
 * A topic's entity map, handed to React at most once per `intervalMs`, and not while `hold()`. The store may change every
 * frame under a busy feed; a 50,000-row table re-sorts on new data, so it takes the latest map at
 * a steady 1–2 Hz instead (the newest state always arrives, never an old one).
 */
export function useThrottledEntities<T extends Topic>(
  topic: T,
  intervalMs: number,
  /** While this returns true (the user is scrolling), new data waits: scrolling stays smooth. */
  hold: () => boolean = () => false,
): EntityMaps[T] {
  const [map, setMap] = useState<EntityMaps[T]>(() => watchfloorStore.getState().entities[topic])
  useEffect(() => {
    let last = 0
    let timer: ReturnType<typeof setTimeout> | null = null
    const flush = (): void => {
      if (hold()) {
        timer = setTimeout(flush, 150)
        return
      }
      timer = null
      last = performance.now()
      setMap(watchfloorStore.getState().entities[topic])
    }
    const unsubscribe = watchfloorStore.subscribe((state, previous) => {
      if (state.entities[topic] === previous.entities[topic] || timer !== null) return
      timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()))
    })
    flush()
    return () => {
      unsubscribe()
      if (timer !== null) clearTimeout(timer)
    }
  }, [topic, intervalMs, hold])
  return map
}
