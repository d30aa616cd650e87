import type { HubClock } from './FeedSocketPort.ts'

/** Pause before retrying a failed subscribe, reconnect or site-model fetch. */
export const RETRY_DELAY_MS = 2_000

/**
 * One pending retry per key (`subscribe`, `reconnect`, `site-model`): scheduling a key again
 * replaces its timer, so a burst of failures never stacks retries. Stopped for good by `stop()`.
 */
export class RetryTimers {
  private readonly clock: HubClock
  private readonly timers = new Map<string, () => void>()
  private stopped = false

  constructor(clock: HubClock) {
    this.clock = clock
  }

  later(key: string, action: () => void): void {
    if (this.stopped) return
    this.timers.get(key)?.()
    this.timers.set(
      key,
      this.clock.after(RETRY_DELAY_MS, () => {
        this.timers.delete(key)
        if (!this.stopped) action()
      }),
    )
  }

  stop(): void {
    this.stopped = true
    for (const cancel of this.timers.values()) cancel()
    this.timers.clear()
  }
}
