import { describe, expect, it } from 'vitest'
import type { Bed } from '../../contracts/entities.ts'
import type { BedPlace, Unit } from '../../contracts/places.ts'
import { computeKpiStats } from './computeKpiStats.ts'
import { isRowOf, type RowCounts, type RowContext } from './kpiRows.ts'
import { BEDS, byId, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'
import { buildWardCensus, CENSUS_COUNTS, censusCsv, censusTotal, sortCensus } from './wardCensus.ts'
import { DEFAULT_ROW_CONFIG } from './kpiRows.ts'

const index = buildSiteIndex(SITE_MODEL)
const stats = computeKpiStats({
  entities: { beds: byId(BEDS), assets: new Map(), network: new Map(), cyber: new Map() },
  index,
  now: NOW,
})
const rows = stats.rows.beds as RowCounts

/*
 * The fixture (tests/support/kpiFixtures.ts), ward by ward:
 *   W1 (site N, G&A): 8 core; b6 closed → 7 open; occupied b1 b2 b3 b7 = 4; free b4 b8 = 2;
 *      cleaning b5 = 1; discharges b1 b7 = 2; NCTR b2 b7 = 2 → 4/7 = 57.1 %
 *   W2 (site N, critical care): 4 core; b12 closed → 3 open; occupied b9 = 1; free b10 = 1 → 33.3 %
 *   W3 (site S, G&A): 6 core, b18 closed → 5 open; escalation b19 b21 open (b20 shut, not counted);
 *      occupied b13 b14 b19 = 3; free b15 b21 = 2; cleaning b16; discharges b13; NCTR b14 → 3/7
 */
describe('buildWardCensus', () => {
  it('gives one row per ward with beds, every count from the bed row sets', () => {
    const census = buildWardCensus(rows, index)
    expect(census.map((r) => [r.wardName, r.siteName])).toEqual([
      ['W1', 'North General'],
      ['W2', 'North General'],
      ['W3', 'South Community'],
    ])
    expect(census.map((r) => r.counts)).toEqual([
      {
        coreOpen: 7,
        escalationOpen: 0,
        occupied: 4,
        available: 2,
        closed: 1,
        cleaning: 1,
        expectedDischarges: 2,
        nctr: 2,
      },
      {
        coreOpen: 3,
        escalationOpen: 0,
        occupied: 1,
        available: 1,
        closed: 1,
        cleaning: 0,
        expectedDischarges: 0,
        nctr: 0,
      },
      {
        coreOpen: 5,
        escalationOpen: 2,
        occupied: 3,
        available: 2,
        closed: 1,
        cleaning: 1,
        expectedDischarges: 1,
        nctr: 1,
      },
    ])
    expect(census.map((r) => r.occupancyPct?.toFixed(1))).toEqual(['57.1', '33.3', '42.9'])
  })

  it('counts in each cell exactly the beds a drill-down of that cell lists', () => {
    const ctx: RowContext = { index, now: NOW, config: DEFAULT_ROW_CONFIG }
    for (const row of buildWardCensus(rows, index))
      for (const c of CENSUS_COUNTS) {
        const listed = BEDS.filter((b) => isRowOf(c.rows, b, { wardId: row.wardId ?? '' }, ctx))
        expect(row.counts[c.id], `${row.wardName} ${c.id}`).toBe(listed.length)
      }
  })

  it('totals the trust and each site from the same sets', () => {
    expect(censusTotal(rows, index).counts.occupied).toBe(8)
    expect(censusTotal(rows, index, 'site-n').counts).toMatchObject({ coreOpen: 10, occupied: 5 })
    expect(buildWardCensus(rows, index, 'site-s').map((r) => r.wardId)).toEqual(['w3'])
  })
})

describe('sortCensus', () => {
  const ward = (id: string, name: string): Unit => ({ ...(SITE_MODEL.units[0] as Unit), id, name })
  const model = {
    ...SITE_MODEL,
    units: [ward('u10', 'Ward 10'), ward('u2', 'Ward 2'), ward('u11', 'Ward 11'), ward('u1', 'Ward 1')],
    beds: ['u10', 'u2', 'u11', 'u1'].map((wardId, i) => ({
      ...(SITE_MODEL.beds[0] as BedPlace),
      id: `x${i}`,
      wardId,
      roomId: wardId,
    })),
  }
  const idx = buildSiteIndex(model)
  const census = buildWardCensus(
    computeKpiStats({
      entities: {
        beds: byId(
          model.beds.map((b, i) => ({
            ...(BEDS[0] as Bed),
            id: b.id,
            status: i === 1 ? 'unoccupied' : 'occupied',
          })),
        ),
        assets: new Map(),
        network: new Map(),
        cyber: new Map(),
      },
      index: idx,
      now: NOW,
    }).rows.beds as RowCounts,
    idx,
  )

  it('sorts wards by number: 1, 2, 10, 11 — and back', () => {
    expect(sortCensus(census, { key: 'ward', desc: false }).map((r) => r.wardName)).toEqual([
      'Ward 1',
      'Ward 2',
      'Ward 10',
      'Ward 11',
    ])
    expect(sortCensus(census, { key: 'ward', desc: true }).map((r) => r.wardName)).toEqual([
      'Ward 11',
      'Ward 10',
      'Ward 2',
      'Ward 1',
    ])
  })

  it('sorts by a count, ties by ward number', () => {
    // Ward 2 has its bed free, the others occupied.
    expect(sortCensus(census, { key: 'occupied', desc: false }).map((r) => r.wardName)).toEqual([
      'Ward 2',
      'Ward 1',
      'Ward 10',
      'Ward 11',
    ])
    expect(sortCensus(census, { key: 'occupancyPct', desc: true }).map((r) => r.wardName)).toEqual([
      'Ward 1',
      'Ward 10',
      'Ward 11',
      'Ward 2',
    ])
  })
})

describe('censusCsv', () => {
  it('exports the rows in the order shown, then the totals, with the snapshot time', () => {
    const census = sortCensus(buildWardCensus(rows, index), { key: 'occupancyPct', desc: true })
    expect(censusCsv(census, [censusTotal(rows, index)], NOW).split('\r\n')).toEqual([
      'Census at (UTC),Site,Ward,Specialty,G&A,Core open,Escalation open,Occupied,Available,Closed,Cleaning,Discharges today,NCTR,Occupancy %',
      '2026-11-21T10:00:00.000Z,North General,W1,General Medicine,yes,7,0,4,2,1,1,2,2,57.1',
      '2026-11-21T10:00:00.000Z,South Community,W3,General Surgery,yes,5,2,3,2,1,1,1,1,42.9',
      '2026-11-21T10:00:00.000Z,North General,W2,Critical Care,no,3,0,1,1,1,0,0,0,33.3',
      '2026-11-21T10:00:00.000Z,Synthetic NHS Trust,Trust total,,,15,2,8,5,3,2,3,3,47.1',
      '',
    ])
  })
})
