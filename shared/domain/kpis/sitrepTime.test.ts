import { describe, expect, it } from 'vitest'
import { latestLocalTime, localDayOf, localTimeOn } from './sitrepTime.ts'

const LONDON = 'Europe/London'

describe('the SitRep’s 08:00 in the trust’s zone', () => {
  it('is 08:00 UTC in winter and 07:00 UTC in summer (BST)', () => {
    expect(new Date(localTimeOn('2026-01-15', 8, LONDON) ?? 0).toISOString()).toBe('2026-01-15T08:00:00.000Z')
    expect(new Date(localTimeOn('2026-07-15', 8, LONDON) ?? 0).toISOString()).toBe('2026-07-15T07:00:00.000Z')
    // The days either side of the clock changes.
    expect(new Date(localTimeOn('2026-03-29', 8, LONDON) ?? 0).toISOString()).toBe('2026-03-29T07:00:00.000Z')
    expect(new Date(localTimeOn('2026-10-25', 8, LONDON) ?? 0).toISOString()).toBe('2026-10-25T08:00:00.000Z')
  })

  it('refuses what is not a calendar day', () => {
    expect(localTimeOn('2026-02-30', 8, LONDON)).toBeNull()
    expect(localTimeOn('yesterday', 8, LONDON)).toBeNull()
  })

  it('names the local day, and the latest 08:00 at or before a time', () => {
    // 23:30 UTC on 15 July is 00:30 on the 16th in London.
    expect(localDayOf(Date.parse('2026-07-15T23:30:00Z'), LONDON)).toBe('2026-07-16')
    expect(new Date(latestLocalTime(Date.parse('2026-07-16T06:59:00Z'), LONDON)).toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    )
    expect(new Date(latestLocalTime(Date.parse('2026-07-16T07:00:00Z'), LONDON)).toISOString()).toBe(
      '2026-07-16T07:00:00.000Z',
    )
  })
})
