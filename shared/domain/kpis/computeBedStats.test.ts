import { describe, expect, it } from 'vitest'
import { computeBedStats, gaOccupancyPct, nctrPct } from './computeBedStats.ts'
import { BEDS, byId, makeBed, NOW, SITE_MODEL, MIN } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

/*
 * The fixture, bed by bed (W1 = site N, G&A Medicine; W2 = site N, Critical Care, not G&A;
 * W3 = site S, G&A Surgery; b19–b21 escalation):
 *   W1: b1 occ LOS3 EDD · b2 occ LOS8 NCTR · b3 occ LOS15 · b4 free(male) · b5 cleaning, asked 40 min ago, not started
 *       b6 closed D&V · b7 occ LOS22 NCTR EDD · b8 free(female)
 *   W2: b9 occ LOS10 · b10 free(mixed) · b11 isolated · b12 closed staffing
 *   W3: b13 occ LOS1 EDD · b14 occ LOS7 NCTR · b15 free(male) · b16 cleaning, asked 20 min ago, started 10 min ago
 *       b17 reserved · b18 closed estates · b19 esc open occ LOS2 · b20 esc NOT open · b21 esc open free(mixed)
 *   b99 has no place.
 */
const index = buildSiteIndex(SITE_MODEL)
const stats = computeBedStats(byId(BEDS), index, NOW)
const trust = stats.rollup.trust

describe('computeBedStats — trust', () => {
  it('counts capacity as core beds plus open escalation beds only', () => {
    // W1 8 + W2 4 + W3 core 6 + escalation open b19, b21 = 20 (b20 is not open, b99 has no place).
    expect(trust.capacity).toBe(20)
    expect(trust.escalationOpen).toBe(2)
    expect(stats.unplaced).toBe(1)
  })

  it('counts beds by status', () => {
    // occupied: b1 b2 b3 b7 + b9 + b13 b14 b19 = 8
    expect(trust.occupied).toBe(8)
    // free: b4 b8 + b10 + b15 b21 = 5
    expect(trust.free).toBe(5)
    // housekeeping b5 b16 = 2; not started: b5 = 1
    expect(trust.housekeeping).toBe(2)
    expect(trust.housekeepingAwaitingStart).toBe(1)
    // b5 waited 40 min unstarted > 30 min response target; b16 started, 20 min total < 60 → 1 overdue
    expect(trust.housekeepingOverdue).toBe(1)
    expect(trust.oldestHousekeepingRequestedAt).toBe(NOW - 40 * MIN)
    expect(trust.isolated).toBe(1) // b11
    expect(trust.reserved).toBe(1) // b17
    expect(trust.contaminated).toBe(0)
    // closed b6 D&V, b12 staffing, b18 estates
    expect(trust.closed).toBe(3)
    expect(trust.closedByReason).toEqual({
      'infection-dv': 1,
      'infection-other': 0,
      staffing: 1,
      estates: 1,
      other: 0,
    })
  })

  it('splits free beds by sex of bay and by specialty', () => {
    // male: b4 (W1-A) b15 (W3-A) = 2; female: b8 = 1; mixed: b10 (W2) b21 (W3-B) = 2
    expect(trust.freeBySex).toEqual({ male: 2, female: 1, mixed: 2 })
    // Medicine b4 b8 = 2; Critical Care b10 = 1; Surgery b15 b21 = 2
    expect(Object.fromEntries(trust.freeBySpecialty)).toEqual({
      'General Medicine': 2,
      'Critical Care': 1,
      'General Surgery': 2,
    })
  })

  it('counts occupant flags on occupied beds: discharges, NCTR, long stays (cumulative)', () => {
    expect(trust.expectedDischargesToday).toBe(3) // b1 b7 b13
    expect(trust.nctr).toBe(3) // b2 b7 b14
    // LOS ≥ 7: b2(8) b3(15) b7(22) b9(10) b14(7) = 5; ≥ 14: b3 b7 = 2; ≥ 21: b7 = 1
    expect([trust.longStay7, trust.longStay14, trust.longStay21]).toEqual([5, 2, 1])
    // NCTR % of occupied: 3 / 8 = 37.5 %
    expect(nctrPct(trust)).toBe(37.5)
  })

  it('reports G&A core and escalation beds apart, and G&A occupancy', () => {
    // core G&A = W1 b1–b8 + W3 b13–b18 = 14; closed b6 b18 = 2 → open 12;
    // occupied b1 b2 b3 b7 b13 b14 = 6; free b4 b8 b15 = 3
    expect(trust.gaCore).toEqual({ beds: 14, open: 12, occupied: 6, free: 3, closed: 2 })
    // escalation G&A open = b19 b21 = 2; occupied b19 = 1; free b21 = 1
    expect(trust.gaEscalation).toEqual({ beds: 2, open: 2, occupied: 1, free: 1, closed: 0 })
    // (6 + 1) / (12 + 2) = 7 / 14 = 50 %
    expect(gaOccupancyPct(trust)).toBe(50)
    // G&A closures: b6 D&V, b18 estates (b12 staffing is Critical Care, not G&A)
    expect(trust.gaClosedByReason).toEqual({
      'infection-dv': 1,
      'infection-other': 0,
      staffing: 0,
      estates: 1,
      other: 0,
    })
    expect(trust.gaNctr).toBe(3) // b2 b7 b14, all G&A
    // G&A LOS ≥ 7: b2 b3 b7 b14 = 4 (b9 is Critical Care); ≥ 14: b3 b7 = 2; ≥ 21: b7 = 1
    expect([trust.gaLongStay7, trust.gaLongStay14, trust.gaLongStay21]).toEqual([4, 2, 1])
  })
})

describe('computeBedStats — sites and wards', () => {
  it('rolls up site N (W1 + W2)', () => {
    const n = stats.rollup.sites.get('site-n')
    // capacity 8 + 4 = 12; occupied b1 b2 b3 b7 b9 = 5; free b4 b8 b10 = 3
    expect(n?.capacity).toBe(12)
    expect(n?.occupied).toBe(5)
    expect(n?.free).toBe(3)
    // G&A is W1 only: open 8 − 1 closed = 7, occupied 4 → 4/7 = 57.142…%
    expect(n && gaOccupancyPct(n)).toBeCloseTo(57.142857, 5)
  })

  it('rolls up site S (W3, with its escalation beds)', () => {
    const s = stats.rollup.sites.get('site-s')
    // core b13–b18 = 6 + open escalation b19 b21 = 8
    expect(s?.capacity).toBe(8)
    // core open 6 − 1 (b18) = 5, occupied 2; escalation open 2, occupied 1 → 3/7 = 42.857…%
    expect(s?.gaCore).toEqual({ beds: 6, open: 5, occupied: 2, free: 1, closed: 1 })
    expect(s?.gaEscalation).toEqual({ beds: 2, open: 2, occupied: 1, free: 1, closed: 0 })
    expect(s && gaOccupancyPct(s)).toBeCloseTo(42.857143, 5)
  })

  it('has no G&A occupancy for a ward that is not G&A', () => {
    const w2 = stats.rollup.wards.get('w2')
    expect(w2?.capacity).toBe(4)
    expect(w2?.occupied).toBe(1)
    expect(w2 && gaOccupancyPct(w2)).toBeNull()
  })

  it('counts a bed in housekeeping as overdue once the total passes 60 min even if started', () => {
    const late = makeBed({
      id: 'b5',
      status: 'housekeeping',
      housekeeping: { requestedAt: NOW - 61 * MIN, startedAt: NOW - 5 * MIN },
    })
    const s = computeBedStats(byId([late]), index, NOW)
    expect(s.rollup.trust.housekeepingOverdue).toBe(1)
    expect(s.rollup.trust.housekeepingAwaitingStart).toBe(0)
  })
})
