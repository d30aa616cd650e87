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
  /**
   * How a second reaches the listeners once it has struck; returns a cancel. At once when absent;
   * the window's clock hands it to the page's next frame (`deliverWith`, set by renderer/app/main.tsx
   * to host/pageTiming.ts `rideNextFrame`), so what turns over each second is drawn in a frame the
   * page draws anyway.
   */
  readonly deliver?: ClockDelivery
}

export type ClockDelivery = (run: () => void) => () => void

const browserTimers: ClockTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class SharedClock {
  readonly #timers: ClockTimers
  readonly #listeners = new Set<() => void>()
  #timer: unknown = null
  #deliver: ClockDelivery | undefined
  /** Cancels a struck second not yet delivered. */
  #undeliver: (() => void) | null = null
  /** Ticks delivered since creation (for tests: nothing ticks while nobody listens). */
  ticks = 0

  constructor(timers: ClockTimers = browserTimers) {
    this.#timers = timers
    this.#deliver = timers.deliver
  }

  /** From now on, each struck second reaches the listeners through `deliver` (see `ClockTimers`). */
  deliverWith(deliver: ClockDelivery): void {
    this.#deliver = deliver
  }

  readonly now = (): number => this.#timers.now()

  /** Calls `listener` on every whole second while subscribed. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    if (this.#timer === null) this.#arm()
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size > 0) return
      if (this.#timer !== null) this.#timers.clearTimeout(this.#timer)
      this.#timer = null
      this.#undeliver?.()
      this.#undeliver = null
    }
  }

  #arm(): void {
    // Aligned to the second, so every age on the wall turns over together.
    const delay = 1000 - (this.#timers.now() % 1000)
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null
      const tick = (): void => {
        this.#undeliver = null
        this.ticks += 1
        for (const listener of [...this.#listeners]) listener()
        if (this.#listeners.size > 0 && this.#timer === null) this.#arm()
      }
      if (this.#deliver === undefined) tick()
      else this.#undeliver = this.#deliver(tick)
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
