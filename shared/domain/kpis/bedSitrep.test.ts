import { describe, expect, it } from 'vitest'
import { bedSitrepCsv, buildBedSitrep, latestSitrepTime } from './bedSitrep.ts'
import { computeBedStats } from './computeBedStats.ts'
import { BEDS, byId, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

const index = buildSiteIndex(SITE_MODEL)
const sitrep = buildBedSitrep(computeBedStats(byId(BEDS), index, NOW), index, NOW)

describe('bed sitrep', () => {
  it('gives one row per site and a trust total, G&A core and escalation apart', () => {
    /*
     * North: G&A is W1 only — core open 8 − 1 closed (b6 D&V) = 7, occupied 4 (b1 b2 b3 b7) → 57.1 %;
     *        LOS 7+ b2 b3 b7 = 3, 14+ b3 b7 = 2, 21+ b7 = 1; NCTR b2 b7 = 2. (W2's closure is staffing, not G&A.)
     * South: core open 6 − 1 (b18 estates) = 5, occupied 2; escalation open 2, occupied 1 → 3/7 = 42.9 %;
     *        LOS 7+ b14 = 1; NCTR b14 = 1.
     * Trust: core 12 open / 6 occupied, escalation 2 / 1 → 7/14 = 50 %.
     */
    expect(bedSitrepCsv(sitrep).split('\r\n')).toEqual([
      'Snapshot (UTC),Organisation,Site,G&A core beds available,G&A escalation beds available,G&A total beds available,G&A core beds occupied,G&A escalation beds occupied,G&A total beds occupied,G&A occupancy %,G&A beds closed: D&V/norovirus,G&A beds closed: other infection,G&A beds closed: staffing,G&A beds closed: estates,G&A beds closed: other,G&A patients LOS 7+ days,G&A patients LOS 14+ days,G&A patients LOS 21+ days,G&A patients NCTR',
      '2026-11-21T10:00:00.000Z,Synthetic NHS Trust,North General,7,0,7,4,0,4,57.1,1,0,0,0,0,3,2,1,2',
      '2026-11-21T10:00:00.000Z,Synthetic NHS Trust,South Community,5,2,7,2,1,3,42.9,0,0,0,1,0,1,0,0,1',
      '2026-11-21T10:00:00.000Z,Synthetic NHS Trust,Trust total,12,2,14,6,1,7,50,1,0,0,1,0,4,2,1,3',
      '',
    ])
  })

  it('finds the latest 08:00 at or before now, in local time', () => {
    const at = (y: number, mo: number, d: number, h: number, mi = 0): number =>
      new Date(y, mo, d, h, mi).getTime()
    expect(latestSitrepTime(at(2026, 10, 21, 9, 30))).toBe(at(2026, 10, 21, 8))
    expect(latestSitrepTime(at(2026, 10, 21, 8))).toBe(at(2026, 10, 21, 8))
    expect(latestSitrepTime(at(2026, 10, 21, 7, 59))).toBe(at(2026, 10, 20, 8))
  })
})
