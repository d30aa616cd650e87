import { describe, expect, it } from 'vitest'
import { fromDateTimeLocal, stripFraction, toDateTimeLocal } from './replayTime.ts'

describe('replay times', () => {
  it('round-trips the time picker’s value to the second', () => {
    const at = new Date(2026, 11, 3, 2, 14, 9).getTime()
    expect(toDateTimeLocal(at)).toBe('2026-12-03T02:14:09')
    expect(fromDateTimeLocal(toDateTimeLocal(at))).toBe(at)
  })

  it('refuses what is not a time rather than replaying an arbitrary moment', () => {
    expect(fromDateTimeLocal('')).toBeNull()
    expect(fromDateTimeLocal('yesterday')).toBeNull()
  })

  it('places a moment on the strip, clamped to its ends', () => {
    expect(stripFraction(150, 100, 200)).toBe(0.5)
    expect(stripFraction(50, 100, 200)).toBe(0)
    expect(stripFraction(250, 100, 200)).toBe(1)
  })
})
