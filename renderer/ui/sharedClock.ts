/**
 * One clock for the whole window, ticking on whole seconds and only while something listens.
 *
 * Ages ("4 s", "3 min") must keep counting when no data arrives — that is exactly when they
 * matter — but a clock per panel re-rendering the panel each second was most of an idle wall's
 * cost (docs/benchmarks.md, bench:idle). So the clock is shared, and what reads it is a leaf that
 * re-renders only when its own text changes (`AgeText`, `useClock(granularity)`): a panel whose
 * data did not change does no work when the second hand moves.
 */
import { useSyncExternalStore } from 'react'

export type ClockTimers = {
  readonly now: () => number
  readonly setTimeout: (callback: () => void, ms: number) => unknown
  readonly clearTimeout: (handle: unknown) => void
}

const browserTimers: ClockTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class SharedClock {
  readonly #timers: ClockTimers
  readonly #listeners = new Set<() => void>()
  #timer: unknown = null
  /** Ticks delivered since creation (for tests: nothing ticks while nobody listens). */
  ticks = 0

  constructor(timers: ClockTimers = browserTimers) {
    this.#timers = timers
  }

  readonly now = (): number => this.#timers.now()

  /** Calls `listener` on every whole second while subscribed. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    if (this.#timer === null) this.#arm()
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size === 0 && this.#timer !== null) {
        this.#timers.clearTimeout(this.#timer)
        this.#timer = null
      }
    }
  }

  #arm(): void {
    // Aligned to the second, so every age on the wall turns over together.
    const delay = 1000 - (this.#timers.now() % 1000)
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null
      this.ticks += 1
      for (const listener of [...this.#listeners]) listener()
      if (this.#listeners.size > 0) this.#arm()
    }, delay)
  }
}

/** The window's clock. */
export const sharedClock = new SharedClock()

/**
 * The time, quantised to `granularityMs` (a multiple of a second): the component re-renders only
 * when the quantised value changes — a minute's granularity re-renders once a minute.
 */
export function useClock(granularityMs = 1000, clock: SharedClock = sharedClock): number {
  return useSyncExternalStore(clock.subscribe, () => Math.floor(clock.now() / granularityMs) * granularityMs)
}
