import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SharedClock } from './sharedClock.ts'

describe('SharedClock (one coarse clock for every age on the wall)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 0, 5, 9, 0, 0, 400))
  })
  afterEach(() => vi.useRealTimers())

  const clock = (): SharedClock =>
    new SharedClock({
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    })

  it('ticks once per whole second while someone listens, aligned to the second', () => {
    const c = clock()
    const seen: number[] = []
    const stop = c.subscribe(() => seen.push(Date.now() % 1000))
    vi.advanceTimersByTime(10_000)
    expect(seen).toHaveLength(10)
    expect(new Set(seen)).toEqual(new Set([0]))
    stop()
  })

  it('does no work while nobody listens: no timer, no tick', () => {
    const c = clock()
    vi.advanceTimersByTime(60_000)
    expect(c.ticks).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    const stop = c.subscribe(() => undefined)
    vi.advanceTimersByTime(3_000)
    stop()
    expect(vi.getTimerCount()).toBe(0)
    const ticks = c.ticks
    vi.advanceTimersByTime(60_000)
    expect(c.ticks).toBe(ticks)
  })

  it('many readers share one timer', () => {
    const c = clock()
    const stops = Array.from({ length: 50 }, () => c.subscribe(() => undefined))
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(5_000)
    expect(c.ticks).toBe(5)
    for (const stop of stops) stop()
  })

  it('hands each struck second to its deliverer, and ticks from the whole second after it', () => {
    const pending: (() => void)[] = []
    const c = new SharedClock({
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      deliver: (run) => {
        pending.push(run)
        return () => pending.splice(pending.indexOf(run), 1)
      },
    })
    const seen: number[] = []
    const stop = c.subscribe(() => seen.push(Date.now() % 1000))
    vi.advanceTimersByTime(600) // 09:00:01.000 struck, not delivered yet
    expect(pending).toHaveLength(1)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(40) // the page's next frame
    pending.shift()!()
    expect(seen).toEqual([40])
    // The next second strikes at the whole second, not a second after the late delivery.
    vi.advanceTimersByTime(959)
    expect(pending).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(pending).toHaveLength(1)
    // The last reader leaving cancels a second struck and not yet delivered.
    stop()
    expect(pending).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})
