import { describe, expect, it } from 'vitest'
import {
  addDays,
  dateOfDayNumber,
  dayNumberOf,
  isP2PastDate,
  londonDateOf,
  summariseDay,
  waitBandOf,
  weeksWaited,
  within18ShareOf,
} from './rttWaits.ts'

describe('RTT waits', () => {
  it('counts completed weeks from the clock-start date: 126 days is 18 weeks, past the standard', () => {
    expect(weeksWaited('2026-01-01', '2026-05-07')).toBe(18)
    expect(weeksWaited('2026-01-01', '2026-05-06')).toBe(17)
    expect(waitBandOf(17)).toBe('0-18')
    expect(waitBandOf(18)).toBe('18-52')
    expect(waitBandOf(52)).toBe('52-65')
    expect(waitBandOf(65)).toBe('65-78')
    expect(waitBandOf(78)).toBe('78+')
    expect(weeksWaited('2026-12-10', '2026-12-03')).toBe(0)
  })

  it('takes the London date of an instant, across BST', () => {
    expect(londonDateOf(Date.UTC(2026, 6, 1, 23, 30))).toBe('2026-07-02')
    expect(londonDateOf(Date.UTC(2026, 11, 1, 23, 30))).toBe('2026-12-01')
  })

  it('does date arithmetic on calendar dates, refusing days that do not exist', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(Number.isNaN(dayNumberOf('2026-02-30'))).toBe(true)
    for (let n = -1_000; n < 40_000; n += 37) expect(dayNumberOf(dateOfDayNumber(n))).toBe(n)
  })

  it('finds P2s past their date: a booked date gone by, or a month without one', () => {
    const today = '2026-12-03'
    expect(isP2PastDate({ priority: 'P2', tciDate: '2026-12-02', clockStart: '2026-11-20' }, today)).toBe(
      true,
    )
    expect(isP2PastDate({ priority: 'P2', tciDate: '2026-12-03', clockStart: '2026-01-01' }, today)).toBe(
      false,
    )
    expect(isP2PastDate({ priority: 'P2', tciDate: null, clockStart: '2026-11-04' }, today)).toBe(true)
    expect(isP2PastDate({ priority: 'P2', tciDate: null, clockStart: '2026-11-05' }, today)).toBe(false)
    expect(isP2PastDate({ priority: 'P3', tciDate: '2026-01-01', clockStart: '2025-01-01' }, today)).toBe(
      false,
    )
  })

  it('summarises a day by band, treatment function and P2s past date', () => {
    const today = '2026-12-03'
    const day = summariseDay(
      [
        { treatmentFunction: '110', priority: 'P2', tciDate: null, clockStart: '2026-10-01' },
        { treatmentFunction: '110', priority: null, tciDate: null, clockStart: '2025-08-01' },
        { treatmentFunction: '130', priority: null, tciDate: null, clockStart: '2026-12-01' },
      ],
      today,
    )
    expect(day.bands).toEqual({ '0-18': 2, '18-52': 0, '52-65': 0, '65-78': 1, '78+': 0 })
    expect(day.byTreatmentFunction['110']).toEqual({
      '0-18': 1,
      '18-52': 0,
      '52-65': 0,
      '65-78': 1,
      '78+': 0,
    })
    expect(day.p2Overdue).toBe(1)
    expect(within18ShareOf(day.bands)).toBeCloseTo(2 / 3)
    expect(within18ShareOf(summariseDay([], today).bands)).toBeNull()
  })
})
