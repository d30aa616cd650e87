import { describe, expect, it } from 'vitest'
import { formatTimeLeft } from './formatTimeLeft.ts'

const MIN = 60_000

describe('formatTimeLeft', () => {
  it('says the hours and minutes left, never 0 min while time remains', () => {
    expect(formatTimeLeft(31 * 60 * MIN + 20 * MIN)).toBe('31 h 20 min left')
    expect(formatTimeLeft(45 * MIN)).toBe('45 min left')
    expect(formatTimeLeft(1)).toBe('1 min left')
  })

  it('says overdue once the deadline has passed', () => {
    expect(formatTimeLeft(0)).toBe('overdue by 0 min')
    expect(formatTimeLeft(-(2 * 60 * MIN + 5 * MIN))).toBe('overdue by 2 h 05 min')
  })
})
