/** No KPI tile can show a bare "—": whenever its value is a dash, it says why in words. */
import { describe, expect, it } from 'vitest'
import { computeKpiStats, type KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { KPI_DEFINITIONS, type KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { TurnaroundTracker } from '../../../shared/domain/kpis/turnaroundTracker.ts'
import { BEDS, byId, makeAlert, makeDevice, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { tileText } from './tileText.ts'

const index = buildSiteIndex(SITE_MODEL)
const none = { beds: new Map(), assets: new Map(), network: new Map(), cyber: new Map() }
/** The states a window meets: before the site model, nothing yet, a fresh window, some data. */
const STATES: ReadonlyArray<readonly [string, KpiStats]> = [
  ['no site model', computeKpiStats({ entities: { ...none, beds: byId(BEDS) }, index: null, now: NOW })],
  [
    'no data at all',
    computeKpiStats({ entities: none, index, now: NOW, turnarounds: new TurnaroundTracker() }),
  ],
  [
    'a fresh window',
    computeKpiStats({
      entities: {
        beds: byId(BEDS),
        assets: new Map(),
        network: byId([makeDevice({ id: 'd1', latencyMs: null, lossPct: null })]),
        cyber: byId([makeAlert({ id: 'c1', severity: 'high', siteId: 'site-n' })]),
      },
      index,
      now: NOW,
      turnarounds: new TurnaroundTracker(),
    }),
  ],
]
const SCOPES: readonly KpiScope[] = [{}, { siteId: 'site-n' }, { siteId: 'nowhere' }, { wardId: 'nowhere' }]
const REASON = /^[a-z].{8,}/

describe('a KPI tile’s words', () => {
  it('gives every KPI definition a reason beside any dash, in every state and scope', () => {
    const bare: string[] = []
    for (const def of KPI_DEFINITIONS)
      for (const [state, stats] of STATES)
        for (const scope of SCOPES) {
          const text = tileText(def, stats, scope)
          if (text.value === '—' && !REASON.test(text.why ?? ''))
            bare.push(`${def.id} (${state}, ${JSON.stringify(scope)})`)
          // A reason only ever goes with a dash.
          if (text.value !== '—') expect(text.why, def.id).toBeNull()
        }
    expect(bare).toEqual([])
  })

  it('says why when a value formats as a dash without being null (0/0, NaN, infinity)', () => {
    const stats = STATES[2]![1]
    for (const def of KPI_DEFINITIONS)
      for (const broken of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const odd: KpiDefinition = { ...def, compute: () => broken }
        const text = tileText(odd, stats, {})
        expect(text.value, def.id).toBe('—')
        expect(text.why, def.id).toMatch(REASON)
      }
  })

  it('names what the fresh window is waiting for on the tiles the issue named', () => {
    const fresh = STATES[2]![1]
    const def = (id: string): KpiDefinition => KPI_DEFINITIONS.find((d) => d.id === id)!
    expect(tileText(def('beds.turnaround-total'), fresh, {})).toMatchObject({
      value: '—',
      why: 'no clean finished yet',
    })
    expect(tileText(def('cyber.mtta'), fresh, {})).toMatchObject({
      value: '—',
      why: 'none in 24 h',
    })
  })
})
