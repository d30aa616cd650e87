import { describe, expect, it } from 'vitest'
import { formatAge } from './formatAge.ts'

describe('formatAge', () => {
  it('reads at a glance from seconds to days', () => {
    expect(formatAge(-5)).toBe('0 s')
    expect(formatAge(4_900)).toBe('4 s')
    expect(formatAge(3 * 60_000 + 10_000)).toBe('3 min')
    expect(formatAge(2 * 3_600_000)).toBe('2 h')
    expect(formatAge(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min')
    expect(formatAge(72 * 3_600_000)).toBe('3 d')
  })
})
