import { describe, expect, it } from 'vitest'
import { createLogThrottle } from './createLogThrottle.ts'
import { makeFakeLogClock } from '../../tests/support/makeFakeLogClock.ts'

function setup(overrides: { maxKeys?: number } = {}) {
  const clock = makeFakeLogClock()
  const summaries: { first: string; suppressed: number; windowMs: number }[] = []
  const throttle = createLogThrottle<string>({
    clock,
    windowMs: 60_000,
    linesPerWindow: 3,
    maxKeys: overrides.maxKeys ?? 100,
    overflow: () => 'overflow',
    onSummary: (first, suppressed, windowMs) => summaries.push({ first, suppressed, windowMs }),
  })
  return { clock, summaries, throttle }
}

describe('createLogThrottle', () => {
  it('writes the first lines of a window, counts the rest, and summarises them when the window ends', () => {
    const { clock, summaries, throttle } = setup()
    const admitted = Array.from({ length: 10 }, (_, i) => throttle.admit('k', `line ${i}`))
    expect(admitted).toEqual([true, true, true, false, false, false, false, false, false, false])
    expect(summaries).toEqual([])
    // No further line is needed: the timer closes the window on time.
    clock.advance(59_999)
    expect(summaries).toEqual([])
    clock.advance(1)
    expect(summaries).toEqual([{ first: 'line 0', suppressed: 7, windowMs: 60_000 }])
    expect(clock.pending()).toBe(0)
    // A new window starts with the next line.
    expect(throttle.admit('k', 'again')).toBe(true)
  })

  it('keeps keys apart: one flooding key holds back none of another', () => {
    const { clock, summaries, throttle } = setup()
    for (let i = 0; i < 50; i++) throttle.admit('flood', 'flood')
    expect([throttle.admit('quiet', 'q'), throttle.admit('quiet', 'q')]).toEqual([true, true])
    clock.advance(60_000)
    expect(summaries).toEqual([{ first: 'flood', suppressed: 47, windowMs: 60_000 }])
  })

  it('closes a window when its key comes back after the window, even if the timer has not run', () => {
    let now = 0
    const summaries: [string, number][] = []
    const throttle = createLogThrottle<string>({
      // A timer that never fires: only the lazy close can write the summary.
      clock: { now: () => now, after: () => () => undefined },
      windowMs: 60_000,
      linesPerWindow: 3,
      maxKeys: 100,
      overflow: () => 'overflow',
      onSummary: (first, suppressed) => summaries.push([first, suppressed]),
    })
    for (let i = 0; i < 5; i++) throttle.admit('k', 'first window')
    now = 60_000
    expect(throttle.admit('k', 'second window')).toBe(true)
    expect(summaries).toEqual([['first window', 2]])
  })

  it('holds the lines of a message built from data under one overflow key past maxKeys', () => {
    const { clock, summaries, throttle } = setup({ maxKeys: 10 })
    let written = 0
    for (let i = 0; i < 1000; i++) if (throttle.admit(`dynamic ${i}`, `dynamic ${i}`)) written += 1
    // Ten keys of their own, then three lines of the overflow key.
    expect(written).toBe(13)
    clock.advance(60_000)
    expect(summaries).toEqual([{ first: 'overflow', suppressed: 987, windowMs: 60_000 }])
  })

  it('flush closes every window at once (process exit)', () => {
    const { clock, summaries, throttle } = setup()
    for (let i = 0; i < 4; i++) throttle.admit('a', 'a')
    for (let i = 0; i < 5; i++) throttle.admit('b', 'b')
    throttle.flush()
    expect(summaries.map((s) => [s.first, s.suppressed])).toEqual([
      ['a', 1],
      ['b', 2],
    ])
    expect(clock.pending()).toBe(0)
  })
})
