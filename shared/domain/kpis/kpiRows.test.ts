import { describe, expect, it } from 'vitest'
import {
  ASSET_STATES,
  ASSET_TYPES,
  BED_CLOSED_REASONS,
  BED_STATUSES,
  CYBER_SEVERITIES,
  CYBER_STATUSES,
  DEVICE_STATUSES,
  type Asset,
  type Bed,
  type CyberAlert,
  type EntityOf,
  type NetworkDevice,
  type Topic,
} from '../../contracts/entities.ts'
import type { EntityMaps } from '../../contracts/hub.ts'
import { computeKpiStats, rowConfigOf, DEFAULT_KPI_CONFIG, type KpiStats } from './computeKpiStats.ts'
import { KPI_DEFINITIONS, kpiDefinition, type KpiDefinition } from './kpiDefinitions.ts'
import {
  BED_ROWS,
  CYBER_ROWS,
  isRowOf,
  NETWORK_ROWS,
  rowSetById,
  type AnyRowSet,
  type RowContext,
} from './kpiRows.ts'
import type { KpiScope } from './kpiScope.ts'
import {
  BEDS,
  byId,
  HOUR,
  makeAlert,
  makeAsset,
  makeBed,
  makeDevice,
  MIN,
  NOW,
  SITE_MODEL,
} from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

const index = buildSiteIndex(SITE_MODEL)
const ctx: RowContext = { index, now: NOW, config: rowConfigOf(DEFAULT_KPI_CONFIG) }
const SCOPES: readonly KpiScope[] = [
  {},
  { siteId: 'site-n' },
  { siteId: 'site-s' },
  { siteId: 'nowhere' },
  { wardId: 'w1' },
  { wardId: 'w2' },
  { wardId: 'w3' },
  { wardId: 'no-such-ward' },
]

function statsOf(entities: EntityMaps): KpiStats {
  return computeKpiStats({ entities, index, now: NOW })
}

function rowsIn<T extends Topic>(set: AnyRowSet, entities: EntityMaps, scope: KpiScope): EntityOf[T][] {
  const map = entities[set.entity] as ReadonlyMap<string, EntityOf[Topic]>
  return [...map.values()].filter((e) => isRowOf(set as never, e as never, scope, ctx)) as EntityOf[T][]
}

/** The share KPIs, and the row set of their numerator (the drill-down shows the denominator). */
const NUMERATOR: Readonly<Record<string, AnyRowSet>> = {
  'beds.ga-occupancy': BED_ROWS.gaOccupied,
  'beds.nctr-pct': BED_ROWS.nctr,
  'network.availability': NETWORK_ROWS.answering,
}
/** The KPIs that are the worst reading over their rows. */
const WORST: Readonly<Record<string, (d: NetworkDevice) => number | null>> = {
  'network.worst-latency': (d) => d.latencyMs,
  'network.worst-loss': (d) => d.lossPct,
  'network.busiest-link': (d) =>
    d.links.reduce<number | null>(
      (m, l) => (l.utilisationPct !== null && (m === null || l.utilisationPct > m) ? l.utilisationPct : m),
      null,
    ),
}

/** Every KPI with rows behind it: its value agrees with the rows its Details shows, in every scope. */
function expectTilesMatchTheirRows(entities: EntityMaps): number {
  const stats = statsOf(entities)
  let checked = 0
  for (const def of KPI_DEFINITIONS) {
    const drill = def.drillDown
    if (drill?.kind !== 'rows') continue
    for (const scope of SCOPES) {
      const value = def.compute(stats, scope)
      const rows = rowsIn(drill.rows, entities, scope)
      const where = `${def.id} @ ${JSON.stringify(scope)}`
      if (def.unit === 'beds' || def.unit === 'count') {
        expect(value ?? 0, where).toBe(rows.length)
      } else if (NUMERATOR[def.id] !== undefined) {
        const numerator = NUMERATOR[def.id] as AnyRowSet
        const part = rows.filter((r) => numerator.match(r as never, ctx)).length
        expect(value, where).toBe(rows.length === 0 ? null : (100 * part) / rows.length)
      } else if (WORST[def.id] !== undefined) {
        const read = WORST[def.id] as (d: NetworkDevice) => number | null
        const values = (rows as NetworkDevice[]).map(read).filter((v): v is number => v !== null)
        expect(value, where).toBe(values.length === 0 ? null : Math.max(...values))
      } else if (def.id === 'cyber.mtta') {
        const acked = rows as CyberAlert[]
        const mean =
          acked.length === 0
            ? null
            : acked.reduce((s, a) => s + Math.max(0, (a.ack?.at ?? 0) - a.firstSeen), 0) / acked.length / MIN
        expect(value, where).toBe(mean)
      } else {
        throw new Error(`${def.id}: no rule in this test for how its value relates to its rows`)
      }
      checked += 1
    }
  }
  return checked
}

describe('KPI rows: a tile and its Details count the same rows', () => {
  const fixture: EntityMaps = {
    beds: byId(BEDS),
    assets: byId([
      makeAsset({ id: 'a1', zoneId: 'w1-a', homeUnitId: 'w1' }),
      makeAsset({ id: 'a2', zoneId: 'w2-a', homeUnitId: 'w1', lastSeen: NOW - 30 * HOUR }),
      makeAsset({ id: 'a3', type: 'staff-badge', zoneId: 'w1-b', homeUnitId: 'w2', battery: 5 }),
    ]),
    network: byId([
      makeDevice({ id: 'd1', latencyMs: 12 }),
      makeDevice({ id: 'd2', status: 'down' }),
      makeDevice({ id: 'd3', siteId: 'site-s', latencyMs: 80, status: 'degraded' }),
    ]),
    cyber: byId([
      makeAlert({ id: 'c1', severity: 'critical', siteId: 'site-n', unitId: 'w1-a' }),
      makeAlert({ id: 'c2', severity: 'critical', siteId: 'site-n', status: 'resolved' }),
    ]),
    waiting: new Map(),
  }

  it('Cleans overdue opens exactly the overdue cleans, not every bed being cleaned', () => {
    const stats = statsOf(fixture)
    // b5 (asked 40 min ago, not started) is overdue; b16 (asked 20 min ago, started) is not.
    expect(kpiDefinition('beds.housekeeping-overdue')?.compute(stats, {})).toBe(1)
    expect(rowsIn<'beds'>(BED_ROWS.housekeepingOverdue, fixture, {}).map((b) => b.id)).toEqual(['b5'])
    expect(rowsIn<'beds'>(BED_ROWS.housekeeping, fixture, {}).map((b) => b.id)).toEqual(['b5', 'b16'])
  })

  it('G&A occupancy opens the open G&A beds only: no critical care, no closed or shut escalation beds', () => {
    const ids = rowsIn<'beds'>(BED_ROWS.gaOpen, fixture, {}).map((b) => b.id)
    // W1 b1–b8 less closed b6; W3 b13–b17 (b18 closed), escalation b19 b21 (b20 not open).
    expect(ids).toEqual([
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
      'b7',
      'b8',
      'b13',
      'b14',
      'b15',
      'b16',
      'b17',
      'b19',
      'b21',
    ])
    expect(kpiDefinition('beds.ga-occupancy')?.compute(statsOf(fixture), {})).toBe(50) // 7 occupied / 14
  })

  it('critical alerts open opens the open ones: a resolved critical alert is not a row', () => {
    expect(rowsIn<'cyber'>(CYBER_ROWS.openCritical, fixture, {}).map((a) => a.id)).toEqual(['c1'])
  })

  it('reads a ward scope of the network at its site, for the count and the rows alike', () => {
    const stats = statsOf(fixture)
    const degraded = kpiDefinition('network.degraded') as KpiDefinition
    expect(degraded.compute(stats, { wardId: 'w3' })).toBe(1) // d3 at site S
    expect(rowsIn<'network'>(NETWORK_ROWS.degraded, fixture, { wardId: 'w3' }).map((d) => d.id)).toEqual([
      'd3',
    ])
    expect(degraded.compute(stats, { wardId: 'no-such-ward' })).toBeNull()
  })

  it('holds for every KPI with rows, in every scope, on the hand-worked fixture', () => {
    expect(expectTilesMatchTheirRows(fixture)).toBeGreaterThan(100)
  })

  it('holds for every KPI with rows, in every scope, on 20 random populations', () => {
    for (let seed = 1; seed <= 20; seed += 1) expectTilesMatchTheirRows(randomPopulation(seed))
  })

  it('agrees with the bed counters the sitrep and OPEL read', () => {
    const entities = randomPopulation(99)
    const stats = statsOf(entities)
    const c = stats.beds?.rollup.trust
    const n = (id: string): number => rowsIn(rowSetById(id) as AnyRowSet, entities, {}).length
    expect(c?.free).toBe(n('beds.free'))
    expect(c?.occupied).toBe(n('beds.occupied'))
    expect(c?.housekeepingOverdue).toBe(n('beds.housekeeping-overdue'))
    expect(c?.nctr).toBe(n('beds.nctr'))
    expect(c?.closedByReason['infection-dv']).toBe(n('beds.closed-dv'))
    expect((c?.gaCore.open ?? 0) + (c?.gaEscalation.open ?? 0)).toBe(n('beds.ga-open'))
    expect(c?.gaEscalation.open).toBe(n('beds.ga-escalation-open'))
    expect(c?.capacity).toBe(n('beds.capacity'))
  })

  it('names every row set a KPI uses, so a drill-down request can find it again', () => {
    for (const def of KPI_DEFINITIONS)
      if (def.drillDown?.kind === 'rows') expect(rowSetById(def.drillDown.rows.id)).toBe(def.drillDown.rows)
    expect(rowSetById('beds.nonsense')).toBeUndefined()
  })
})

/** A seeded population over the fixture's places (mulberry32: the test must repeat exactly). */
function randomPopulation(seed: number): EntityMaps {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const maybe = <T>(value: T): T | null => (next() < 0.3 ? null : value)
  const units = SITE_MODEL.units.map((u) => u.id)
  const beds: Bed[] = [...SITE_MODEL.beds.map((p) => p.id), 'unplaced-1'].map((id) => {
    const status = pick(BED_STATUSES)
    return makeBed({
      id,
      status,
      escalationOpen: next() < 0.5,
      nctr: next() < 0.3,
      expectedDischargeToday: next() < 0.3,
      lengthOfStayDays: maybe(Math.floor(next() * 30)),
      closedReason: status === 'closed' ? pick(BED_CLOSED_REASONS) : null,
      housekeeping:
        status === 'housekeeping'
          ? {
              requestedAt: NOW - Math.floor(next() * 90) * MIN,
              startedAt: next() < 0.5 ? null : NOW - Math.floor(next() * 20) * MIN,
            }
          : null,
    })
  })
  const assets: Asset[] = Array.from({ length: 40 }, (_, i) =>
    makeAsset({
      id: `a${i}`,
      type: pick(ASSET_TYPES),
      state: pick(ASSET_STATES),
      siteId: pick(['site-n', 'site-s']),
      zoneId: maybe(pick(units)),
      homeUnitId: maybe(pick(units)),
      lastSeen: NOW - Math.floor(next() * 48) * HOUR,
      battery: maybe(Math.floor(next() * 100)),
    }),
  )
  const devices: NetworkDevice[] = Array.from({ length: 15 }, (_, i) =>
    makeDevice({
      id: `d${i}`,
      siteId: pick(['site-n', 'site-s']),
      status: pick(DEVICE_STATUSES),
      latencyMs: maybe(Math.floor(next() * 300)),
      lossPct: maybe(Math.floor(next() * 10)),
      links:
        next() < 0.5
          ? []
          : [{ peerId: 'core', ifName: 'Gi1/0/1', status: 'up', utilisationPct: maybe(next() * 100) }],
    }),
  )
  const alerts: CyberAlert[] = Array.from({ length: 25 }, (_, i) => {
    const status = pick(CYBER_STATUSES)
    const firstSeen = NOW - Math.floor(next() * 30) * HOUR
    return makeAlert({
      id: `c${i}`,
      severity: pick(CYBER_SEVERITIES),
      status,
      siteId: maybe(pick(['site-n', 'site-s'])),
      unitId: maybe(pick(units)),
      firstSeen,
      ack:
        status === 'new' ? null : { by: 'Duty IT', at: firstSeen + Math.floor(next() * 60) * MIN, note: '' },
    })
  })
  return {
    beds: byId(beds),
    assets: byId(assets),
    network: byId(devices),
    cyber: byId(alerts),
    waiting: new Map(),
  }
}
