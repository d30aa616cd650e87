import { describe, expect, it } from 'vitest'
import type { WaitingDay, WaitingEntity, WaitingPathway } from '../../../shared/contracts/waiting.ts'
import { addDays } from '../../../shared/domain/waiting/rttWaits.ts'
import { aggregateWaiting, waitingTrends } from './aggregateWaiting.ts'

const TODAY = '2026-12-03'
let n = 0
function pathway(overrides: Partial<WaitingPathway> & { weeks?: number } = {}): WaitingPathway {
  const { weeks = 5, ...rest } = overrides
  n += 1
  return {
    kind: 'pathway',
    id: `pw:${String(n).padStart(32, '0')}`,
    trustId: 'trust-a',
    source: 'ptl',
    treatmentFunction: '110',
    priority: null,
    clockStart: addDays(TODAY, -weeks * 7),
    stage: 'outpatient',
    tciDate: null,
    siteCode: null,
    updatedAt: 0,
    ...rest,
  }
}
const many = (count: number, overrides: Parameters<typeof pathway>[0]): WaitingPathway[] =>
  Array.from({ length: count }, () => pathway(overrides))

describe('aggregateWaiting', () => {
  it('counts pathways by treatment function and weeks-waiting band, and the 18-week performance per trust', () => {
    const entities: WaitingEntity[] = [
      pathway({ weeks: 1 }),
      pathway({ weeks: 17 }),
      pathway({ weeks: 18 }),
      pathway({ weeks: 60, treatmentFunction: '130' }),
      pathway({ weeks: 80, treatmentFunction: '130', trustId: 'trust-b' }),
    ]
    const agg = aggregateWaiting(entities, TODAY)
    expect(agg.trusts.map((t) => [t.trustId, t.total, t.within18, t.over52])).toEqual([
      ['trust-a', 4, 0.5, 1],
      ['trust-b', 1, 0, 1],
    ])
    expect(agg.system).toMatchObject({ total: 5, within18: 0.4, over52: 2 })
    const [to, oph] = agg.specialties
    expect(to).toMatchObject({
      treatmentFunction: '110',
      bands: { '0-18': 2, '18-52': 1, '52-65': 0, '65-78': 0, '78+': 0 },
    })
    expect(oph).toMatchObject({
      treatmentFunction: '130',
      bands: { '0-18': 0, '18-52': 0, '52-65': 1, '65-78': 0, '78+': 1 },
    })
    expect(oph?.byTrust.get('trust-b')?.total).toBe(1)
  })

  it('lists the longest waits longest first, and the P2s past their date', () => {
    const entities: WaitingEntity[] = [
      pathway({ weeks: 30 }),
      pathway({ weeks: 90, trustId: 'trust-b' }),
      pathway({ weeks: 10, priority: 'P2', tciDate: addDays(TODAY, -3) }),
      pathway({ weeks: 2, priority: 'P2', tciDate: addDays(TODAY, 10) }),
      pathway({ weeks: 6, priority: 'P2' }),
      ...many(30, { weeks: 1 }),
    ]
    const agg = aggregateWaiting(entities, TODAY, { longestCount: 3 })
    expect(agg.longest.map((r) => r.weeks)).toEqual([90, 30, 10])
    expect(agg.longest[0]).toMatchObject({ trustId: 'trust-b', ref: '00000000' })
    expect(agg.p2PastDate.map((r) => r.weeks)).toEqual([10, 6])
    expect(agg.system.p2PastDate).toBe(2)
  })

  it('names the partner with the shorter median wait per specialty, ignoring a partner with too few pathways', () => {
    const entities: WaitingEntity[] = [
      ...many(30, { trustId: 'trust-a', treatmentFunction: '110', weeks: 40 }),
      ...many(30, { trustId: 'trust-b', treatmentFunction: '110', weeks: 12 }),
      ...many(5, { trustId: 'trust-c', treatmentFunction: '110', weeks: 1 }),
      // Ophthalmology: 2 weeks apart, below the gap worth moving for.
      ...many(30, { trustId: 'trust-a', treatmentFunction: '130', weeks: 10 }),
      ...many(30, { trustId: 'trust-b', treatmentFunction: '130', weeks: 12 }),
    ]
    const agg = aggregateWaiting(entities, TODAY)
    expect(agg.shorterWaits).toEqual([
      {
        treatmentFunction: '110',
        shorter: { trustId: 'trust-b', medianWeeks: 12, total: 30 },
        longer: { trustId: 'trust-a', medianWeeks: 40, total: 30, over52: 0 },
        gapWeeks: 28,
      },
    ])
  })

  it('ignores the daily summaries when counting pathways', () => {
    const day: WaitingDay = {
      kind: 'day',
      id: `day:trust-a:${TODAY}`,
      trustId: 'trust-a',
      source: 'ptl',
      date: TODAY,
      bands: { '0-18': 9, '18-52': 0, '52-65': 0, '65-78': 0, '78+': 0 },
      p2Overdue: 0,
      byTreatmentFunction: {},
      updatedAt: 0,
    }
    expect(aggregateWaiting([day], TODAY).system.total).toBe(0)
  })
})

describe('waitingTrends', () => {
  it('gives each trust its daily points, oldest first, within the window and not after today', () => {
    const day = (trustId: string, date: string, within: number, over52: number): WaitingDay => ({
      kind: 'day',
      id: `day:${trustId}:${date}`,
      trustId,
      source: 'ptl',
      date,
      bands: { '0-18': within, '18-52': 100 - within - over52, '52-65': over52, '65-78': 0, '78+': 0 },
      p2Overdue: 1,
      byTreatmentFunction: {},
      updatedAt: 0,
    })
    const trends = waitingTrends(
      [
        day('trust-b', TODAY, 60, 2),
        day('trust-a', addDays(TODAY, -1), 58, 5),
        day('trust-a', TODAY, 59, 4),
        day('trust-a', addDays(TODAY, -5), 50, 9),
        day('trust-a', addDays(TODAY, 1), 99, 0),
      ],
      TODAY,
      2,
    )
    expect([...trends.keys()]).toEqual(['trust-a', 'trust-b'])
    expect(trends.get('trust-a')?.map((p) => [p.date, p.within18, p.over52])).toEqual([
      [addDays(TODAY, -1), 0.58, 5],
      [TODAY, 0.59, 4],
    ])
  })
})
