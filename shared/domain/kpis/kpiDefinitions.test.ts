import { describe, expect, it } from 'vitest'
import { computeKpiStats } from './computeKpiStats.ts'
import { evaluateRag, formatKpiValue, readKpi } from './evaluateRag.ts'
import { KPI_DEFINITIONS, kpiDefinition, type KpiDefinition } from './kpiDefinitions.ts'
import { BEDS, byId, makeDevice, makeAlert, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'
import { TurnaroundTracker } from './turnaroundTracker.ts'

const index = buildSiteIndex(SITE_MODEL)
const stats = computeKpiStats({
  entities: {
    beds: byId(BEDS),
    assets: new Map(),
    network: byId([makeDevice({ id: 'd1' }), makeDevice({ id: 'd2', status: 'down' })]),
    cyber: byId([makeAlert({ id: 'c1', severity: 'critical', siteId: 'site-n' })]),
  },
  index,
  now: NOW,
  turnarounds: new TurnaroundTracker(),
})
const def = (id: string): KpiDefinition => {
  const d = kpiDefinition(id)
  if (d === undefined) throw new Error(`no KPI ${id}`)
  return d
}

describe('evaluateRag', () => {
  it('is inclusive at the thresholds, both directions', () => {
    const occ = { amber: 92, red: 95, direction: 'higher-is-worse' } as const
    expect([91.9, 92, 94.9, 95].map((v) => evaluateRag(v, occ))).toEqual(['green', 'amber', 'amber', 'red'])
    const avail = { amber: 99.5, red: 98, direction: 'lower-is-worse' } as const
    expect([99.6, 99.5, 98.1, 98].map((v) => evaluateRag(v, avail))).toEqual([
      'green',
      'amber',
      'amber',
      'red',
    ])
  })

  it('never calls a missing value green', () => {
    expect(evaluateRag(null, { amber: 1, red: 2, direction: 'higher-is-worse' })).toBe('none')
    expect(evaluateRag(5, null)).toBe('none')
  })
})

describe('KPI definitions', () => {
  it('have unique ids', () => {
    expect(new Set(KPI_DEFINITIONS.map((d) => d.id)).size).toBe(KPI_DEFINITIONS.length)
  })

  it('read bed KPIs per scope from one computation', () => {
    // trust G&A occupancy 7/14 = 50 % → green (< 92)
    expect(readKpi(def('beds.ga-occupancy'), stats, {})).toEqual({
      id: 'beds.ga-occupancy',
      value: 50,
      rag: 'green',
    })
    // W1 free beds b4 b8 = 2 ≤ 3 → red
    expect(readKpi(def('beds.free'), stats, { wardId: 'w1' })).toMatchObject({ value: 2, rag: 'red' })
    // the trust is at OPEL 4 (computeEscalationLevel.test.ts) → red
    expect(readKpi(def('beds.opel'), stats, {})).toMatchObject({ value: 4, rag: 'red' })
    // closed D&V: b6 → 1 → amber (≥ 1, < 6)
    expect(readKpi(def('beds.closed-dv'), stats, {})).toMatchObject({ value: 1, rag: 'amber' })
  })

  it("apply a trust's threshold overrides", () => {
    // 50 % against amber 50 / red 60 → amber
    const r = readKpi(
      def('beds.ga-occupancy'),
      stats,
      {},
      { 'beds.ga-occupancy': { amber: 50, red: 60, direction: 'higher-is-worse' } },
    )
    expect(r.rag).toBe('amber')
    expect(readKpi(def('beds.ga-occupancy'), stats, {}, { 'beds.ga-occupancy': null }).rag).toBe('none')
  })

  it('give no value for an empty scope or a KPI without data yet', () => {
    expect(readKpi(def('beds.ga-occupancy'), stats, { wardId: 'w2' }).value).toBeNull() // W2 is not G&A
    expect(readKpi(def('beds.ga-occupancy'), stats, { siteId: 'nowhere' }).value).toBeNull()
    expect(readKpi(def('beds.turnaround-total'), stats, {}).value).toBeNull() // nothing cleaned yet
  })

  it('read network and cyber KPIs; a ward scope reads its site for the network', () => {
    // d1 up, d2 down → 1 / 2 = 50 % ≤ 98 → red
    expect(readKpi(def('network.availability'), stats, {})).toMatchObject({ value: 50, rag: 'red' })
    expect(readKpi(def('network.down'), stats, { wardId: 'w1' }).value).toBe(1)
    expect(readKpi(def('cyber.open-critical'), stats, { siteId: 'site-n' })).toMatchObject({
      value: 1,
      rag: 'red',
    })
  })

  it('compute every defined KPI without throwing, for every scope', () => {
    for (const d of KPI_DEFINITIONS) {
      for (const scope of [{}, { siteId: 'site-n' }, { wardId: 'w3' }]) {
        const value = d.compute(stats, scope)
        expect(value === null || Number.isFinite(value)).toBe(true)
      }
    }
  })
})

describe('formatKpiValue', () => {
  it('formats by unit', () => {
    expect(formatKpiValue(57.142857, '%')).toBe('57.1%')
    expect(formatKpiValue(61.6, 'min')).toBe('62 min')
    expect(formatKpiValue(3, 'level')).toBe('OPEL 3')
    expect(formatKpiValue(null, 'beds')).toBe('—')
  })
})
