import { describe, expect, it } from 'vitest'
import { computeKpiStats } from './computeKpiStats.ts'
import { readKpi } from './evaluateRag.ts'
import { KPI_DEFINITIONS, kpiDefinition, type KpiDefinition } from './kpiDefinitions.ts'
import { BEDS, byId, makeAlert, makeDevice, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'
import { TurnaroundTracker } from './turnaroundTracker.ts'
import { whyNoValue } from './whyNoValue.ts'

const def = (id: string): KpiDefinition => {
  const d = kpiDefinition(id)
  if (d === undefined) throw new Error(`no KPI ${id}`)
  return d
}

// A fresh window: beds known, no clean finished yet, one alert never acknowledged.
const fresh = computeKpiStats({
  entities: {
    beds: byId(BEDS),
    assets: new Map(),
    network: byId([makeDevice({ id: 'd1', latencyMs: null, lossPct: null })]),
    cyber: byId([makeAlert({ id: 'c1', severity: 'high', siteId: 'site-n' })]),
  },
  index: buildSiteIndex(SITE_MODEL),
  now: NOW,
  turnarounds: new TurnaroundTracker(),
})

describe('whyNoValue', () => {
  it('says what a turnaround tile needs before it can measure', () => {
    expect(readKpi(def('beds.turnaround-total'), fresh, {}).value).toBeNull()
    expect(whyNoValue(def('beds.turnaround-total'), fresh, {})).toBe('no clean finished yet')
  })

  it('says why there is no mean time to acknowledge', () => {
    expect(readKpi(def('cyber.mtta'), fresh, {}).value).toBeNull()
    expect(whyNoValue(def('cyber.mtta'), fresh, {})).toBe('none in 24 h')
  })

  it('waits for the site model before any bed KPI', () => {
    const noModel = computeKpiStats({
      entities: { beds: byId(BEDS), assets: new Map(), network: new Map(), cyber: new Map() },
      index: null,
      now: NOW,
    })
    expect(whyNoValue(def('beds.ga-occupancy'), noModel, {})).toBe('waiting for the site model')
  })

  it('has words for every KPI, never a bare dash', () => {
    for (const d of KPI_DEFINITIONS) {
      const reason = whyNoValue(d, fresh, { siteId: 'nowhere' })
      expect(reason, d.id).toMatch(/^[a-z].{8,}/)
    }
  })
})
