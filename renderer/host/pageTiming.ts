import type { FlushScheduler, HubClock } from '../../shared/hub/FeedSocketPort.ts'

/**
 * Flush once per animation frame; a timer backs it up because a hidden tab gets no frames, and a
 * wall that comes back into view must not replay a backlog.
 */
export const frameScheduler: FlushScheduler = (flush) => {
  let done = false
  const run = (): void => {
    if (done) return
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    flush()
  }
  const frame = requestAnimationFrame(run)
  const timer = setTimeout(run, 250)
  return () => {
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

export const browserClock: HubClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    return () => clearTimeout(timer)
  },
}
