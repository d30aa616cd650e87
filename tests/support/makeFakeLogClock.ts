import type { LogClock } from '../../shared/log/createLogThrottle.ts'

/** A clock whose time and timers move only when a test calls `advance`. */
export type FakeLogClock = LogClock & {
  /** Moves time on by `ms`, running each timer that falls due, at its own time, in order. */
  advance(ms: number): void
  /** Timers waiting to run. */
  pending(): number
}

export function makeFakeLogClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): FakeLogClock {
  let now = start
  let nextId = 0
  const timers = new Map<number, { readonly at: number; readonly callback: () => void }>()
  return {
    now: () => now,
    after: (ms, callback) => {
      const id = nextId++
      timers.set(id, { at: now + ms, callback })
      return () => timers.delete(id)
    },
    advance: (ms) => {
      const until = now + ms
      for (;;) {
        let due: [number, { at: number; callback: () => void }] | null = null
        for (const entry of timers)
          if (entry[1].at <= until && (due === null || entry[1].at < due[1].at)) due = entry
        if (due === null) break
        timers.delete(due[0])
        now = due[1].at
        due[1].callback()
      }
      now = until
    },
    pending: () => timers.size,
  }
}
