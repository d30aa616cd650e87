/**
 * Bounds repeated log lines. Per key (the logger uses level + scope + message), the first
 * `linesPerWindow` lines of a window are written and the rest only counted; when the window
 * closes, one summary says how many were held back ("… 10,378 more like this in the last 60 s").
 * A poison sender once made the gateway write 240 MB and 1.9 million lines in a minute, one
 * warning per bad frame; with this a flood of one message costs at most `linesPerWindow + 1`
 * lines per window, and the count is never lost.
 *
 * Pure: the clock and its timer are injected, so tests drive both.
 */

/** A clock and a one-shot timer (the shape of the hub's clock); `after` returns a cancel function. */
export type LogClock = {
  now(): number
  after(ms: number, callback: () => void): () => void
}

export type LogThrottleOptions<T> = {
  readonly clock: LogClock
  readonly windowMs: number
  readonly linesPerWindow: number
  /**
   * Keys tracked at once. Messages are constants, so keys are bounded by the code and the
   * config's source ids; past this (a message built from data, a bug), lines share one key.
   */
  readonly maxKeys: number
  /** The context that lines past `maxKeys` are summarised under. */
  readonly overflow: (context: T) => T
  /** A window closed with lines held back: `first` is the context of the window's first line. */
  readonly onSummary: (first: T, suppressed: number, windowMs: number) => void
}

export type LogThrottle<T> = {
  /** True when the line is to be written; false when it is counted for the summary instead. */
  admit(key: string, context: T): boolean
  /** Closes every window now, writing the summaries of those that held lines back. */
  flush(): void
}

type Window<T> = { readonly startedAt: number; written: number; suppressed: number; readonly first: T }

const OVERFLOW_KEY = '\u0000overflow'

export function createLogThrottle<T>(options: LogThrottleOptions<T>): LogThrottle<T> {
  const { clock, windowMs, linesPerWindow, maxKeys } = options
  const windows = new Map<string, Window<T>>()
  let cancelTimer: (() => void) | null = null
  let timerAt = Infinity

  const close = (key: string, window: Window<T>): void => {
    windows.delete(key)
    if (window.suppressed > 0) options.onSummary(window.first, window.suppressed, windowMs)
  }

  /** Closes the windows that have ended; re-arms the timer for the next one holding lines back. */
  const sweep = (): void => {
    const at = clock.now()
    let next = Infinity
    for (const [key, window] of windows) {
      const endsAt = window.startedAt + windowMs
      if (endsAt <= at) close(key, window)
      else if (window.suppressed > 0) next = Math.min(next, endsAt)
    }
    arm(next)
  }

  const arm = (at: number): void => {
    if (at === timerAt) return
    cancelTimer?.()
    cancelTimer = null
    timerAt = at
    if (at === Infinity) return
    cancelTimer = clock.after(Math.max(0, at - clock.now()), () => {
      cancelTimer = null
      timerAt = Infinity
      sweep()
    })
  }

  const admit = (key: string, context: T): boolean => {
    const at = clock.now()
    let window = windows.get(key)
    if (window !== undefined && window.startedAt + windowMs <= at) {
      close(key, window)
      window = undefined
    }
    if (window === undefined) {
      if (key !== OVERFLOW_KEY && windows.size >= maxKeys) {
        sweep()
        if (windows.size >= maxKeys) return admit(OVERFLOW_KEY, options.overflow(context))
      }
      window = { startedAt: at, written: 0, suppressed: 0, first: context }
      windows.set(key, window)
    }
    if (window.written < linesPerWindow) {
      window.written += 1
      return true
    }
    window.suppressed += 1
    // The summary is due when the window ends even if the flood has stopped by then.
    if (window.suppressed === 1) {
      const endsAt = window.startedAt + windowMs
      if (endsAt < timerAt) arm(endsAt)
    }
    return false
  }

  return {
    admit,
    flush: () => {
      for (const [key, window] of windows) close(key, window)
      arm(Infinity)
    },
  }
}
