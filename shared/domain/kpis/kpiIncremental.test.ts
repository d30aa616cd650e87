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
  type NetworkDevice,
  type RealtimeTopic,
} from '../../contracts/entities.ts'
import { EntityTable } from '../../util/EntityTable.ts'
import {
  BEDS,
  HOUR,
  makeAlert,
  makeAsset,
  makeBed,
  makeDevice,
  MIN,
  NOW,
  SITE_MODEL,
} from '../../../tests/support/kpiFixtures.ts'
import { computeKpiStats, DEFAULT_KPI_CONFIG, type KpiConfig, type KpiStats } from './computeKpiStats.ts'
import { defaultParLevels } from './defaultParLevels.ts'
import { IncrementalKpiStats } from './kpiIncremental.ts'
import { KPI_DEFINITIONS } from './kpiDefinitions.ts'
import type { KpiScope } from './kpiScope.ts'
import { buildSiteIndex, type SiteIndex } from './siteIndex.ts'
import { TurnaroundTracker } from './turnaroundTracker.ts'

const index = buildSiteIndex(SITE_MODEL)
const UNITS = SITE_MODEL.units.map((u) => u.id)
const SITES = ['site-n', 'site-s']
const SCOPES: readonly KpiScope[] = [
  {},
  ...SITES.map((siteId) => ({ siteId })),
  { siteId: 'nowhere' },
  ...SITE_MODEL.units.map((u) => ({ wardId: u.id })),
  { wardId: 'no-such-ward' },
]

/** mulberry32: the sequences must repeat exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Tables = {
  beds: EntityTable<Bed>
  assets: EntityTable<Asset>
  network: EntityTable<NetworkDevice>
  cyber: EntityTable<CyberAlert>
}

/**
 * Random entities near the instants where time-dependent facts turn (cleans near their targets,
 * tags near 24 h unseen, alerts near the 1 h and 24 h windows), with few distinct readings so
 * extremes tie, and a small pool of ids so entities are replaced, patched and removed often.
 */
function generators(next: () => number, clock: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const maybe = <T>(value: T): T | null => (next() < 0.25 ? null : value)
  const int = (n: number): number => Math.floor(next() * n)
  const bedIds = [...SITE_MODEL.beds.map((p) => p.id), 'unplaced-1', 'unplaced-2']
  const bed = (id: string = pick(bedIds)): Bed => {
    const status = pick(BED_STATUSES)
    const now = clock()
    return makeBed({
      id,
      status,
      statusSince: now - int(120) * MIN,
      escalationOpen: next() < 0.5,
      nctr: next() < 0.3,
      expectedDischargeToday: next() < 0.3,
      lengthOfStayDays: maybe(int(30)),
      closedReason: status === 'closed' ? maybe(pick(BED_CLOSED_REASONS)) : null,
      housekeeping:
        status === 'housekeeping' && next() < 0.9
          ? {
              requestedAt: now - int(70) * MIN + int(3) * 1000,
              startedAt: next() < 0.5 ? null : now - int(20) * MIN,
            }
          : null,
    })
  }
  const asset = (id: string = `a${int(30)}`): Asset =>
    makeAsset({
      id,
      type: pick(ASSET_TYPES),
      state: pick(ASSET_STATES),
      siteId: pick(SITES),
      zoneId: maybe(pick(UNITS)),
      homeUnitId: maybe(pick(UNITS)),
      lastSeen: clock() - 24 * HOUR + (int(120) - 60) * MIN,
      battery: maybe(int(40)),
    })
  const device = (id: string = `d${int(12)}`): NetworkDevice =>
    makeDevice({
      id,
      siteId: pick(SITES),
      status: pick(DEVICE_STATUSES),
      latencyMs: maybe(int(4) * 10),
      lossPct: maybe(int(3)),
      servesUnitIds: Array.from({ length: int(3) }, () => pick(UNITS)),
      links: Array.from({ length: int(3) }, (_, i) => ({
        peerId: `d${int(12)}`,
        ifName: `Gi1/0/${i}`,
        status: 'up' as const,
        utilisationPct: maybe(int(5) * 20),
      })),
    })
  const alert = (id: string = `c${int(20)}`): CyberAlert => {
    const status = pick(CYBER_STATUSES)
    const now = clock()
    const firstSeen = now - pick([HOUR, 24 * HOUR, 2 * HOUR]) + (int(60) - 30) * MIN
    return makeAlert({
      id,
      severity: pick(CYBER_SEVERITIES),
      status,
      siteId: maybe(pick(SITES)),
      unitId: maybe(pick(UNITS)),
      firstSeen,
      ack:
        status === 'new' ? null : { by: 'Duty IT', at: Math.min(now, firstSeen + int(90) * MIN), note: '' },
    })
  }
  /** A patch: one field of an existing entity changed (a new object, as the store gets). */
  const patch = (topic: RealtimeTopic, e: { readonly id: string }): { readonly id: string } => {
    switch (topic) {
      case 'beds': {
        const b = e as unknown as Bed
        return pick([
          { ...b, status: pick(BED_STATUSES) },
          { ...b, nctr: !b.nctr },
          { ...b, escalationOpen: !b.escalationOpen },
          { ...b, lengthOfStayDays: maybe(int(30)) },
          { ...b, status: 'unoccupied', statusSince: clock(), housekeeping: null },
        ] as Bed[])
      }
      case 'assets': {
        const a = e as unknown as Asset
        return pick([
          { ...a, zoneId: maybe(pick(UNITS)) },
          { ...a, lastSeen: clock() },
          { ...a, battery: maybe(int(40)) },
          { ...a, state: pick(ASSET_STATES) },
        ] as Asset[])
      }
      case 'network': {
        const d = e as unknown as NetworkDevice
        return pick([
          { ...d, status: pick(DEVICE_STATUSES) },
          { ...d, latencyMs: maybe(int(4) * 10) },
          { ...d, siteId: pick(SITES) },
        ] as NetworkDevice[])
      }
      default: {
        const a = e as unknown as CyberAlert
        return pick([
          { ...a, status: pick(CYBER_STATUSES) },
          { ...a, ack: { by: 'Duty IT', at: clock(), note: '' }, status: 'acknowledged' },
        ] as CyberAlert[])
      }
    }
  }
  return { pick, int, bed, asset, device, alert, patch }
}

/**
 * The stats as one canonical string — every `computedAt` left out (a reused topic keeps the time it
 * was computed), maps and sets by sorted key — so two results compare as cheaply as two strings.
 */
function canonical(stats: KpiStats): string {
  const walk = (v: unknown): unknown => {
    if (v === stats.index || v === stats.config) return '(same)'
    if (v instanceof Map)
      return [...v].map(([k, x]) => [String(k), walk(x)] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1))
    if (v instanceof Set) return [...v].map(String).sort()
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map(walk)
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort())
      if (k !== 'computedAt') out[k] = walk((v as Record<string, unknown>)[k])
    return out
  }
  return JSON.stringify(walk(stats))
}

function expectSame(incremental: KpiStats, full: KpiStats, where: string): void {
  for (const def of KPI_DEFINITIONS)
    for (const scope of SCOPES) {
      const a = def.compute(incremental, scope)
      const b = def.compute(full, scope)
      if (a !== b) expect(a, `${where}: ${def.id} @ ${JSON.stringify(scope)}`).toBe(b)
    }
  expect(incremental.index).toBe(full.index)
  expect(incremental.config).toBe(full.config)
  const a = canonical(incremental)
  const b = canonical(full)
  if (a !== b) expect(JSON.parse(a), where).toEqual(JSON.parse(b))
}

/**
 * Runs `steps` flushes of random changes through both the incremental engine and the full pass and
 * compares them after every flush. Returns what the incremental engine did, summed.
 */
function run(seed: number, steps: number, opts: { startWithoutModel?: boolean } = {}) {
  const next = prng(seed)
  let now = NOW
  const g = generators(next, () => now)
  const tables: Tables = {
    beds: EntityTable.of(BEDS.map((b) => ({ ...b }))),
    assets: EntityTable.of(Array.from({ length: 20 }, () => g.asset())),
    network: EntityTable.of(Array.from({ length: 8 }, () => g.device())),
    cyber: EntityTable.of(Array.from({ length: 12 }, () => g.alert())),
  }
  const configs: readonly KpiConfig[] = [
    { ...DEFAULT_KPI_CONFIG, par: defaultParLevels(SITE_MODEL) },
    DEFAULT_KPI_CONFIG,
    {
      ...DEFAULT_KPI_CONFIG,
      par: [{ unitId: 'w1', assetType: 'infusion-pump', min: 2, critical: 1 }],
      housekeepingTargets: { responseMin: 10, cleanMin: 20, totalMin: 40 },
    },
  ]
  let config = configs[0] as KpiConfig
  let model: SiteIndex | null = opts.startWithoutModel ? null : index
  const tracker = new TurnaroundTracker()
  const engine = new IncrementalKpiStats()
  const totals = { changed: 0, turned: 0, rebuilds: 0 }
  const topics = ['beds', 'assets', 'network', 'cyber'] as const
  const fresh = (t: RealtimeTopic): { readonly id: string } =>
    t === 'beds' ? g.bed() : t === 'assets' ? g.asset() : t === 'network' ? g.device() : g.alert()

  for (let step = 0; step < steps; step += 1) {
    const ops = 1 + g.int(5)
    for (let o = 0; o < ops; o += 1) {
      const topic = g.pick(topics)
      const table = tables[topic] as EntityTable<{ readonly id: string }>
      const r = next()
      if (r < 0.35) {
        tables[topic] = table.apply([fresh(topic)]) as never
      } else if (r < 0.65) {
        const ids = [...table.keys()]
        if (ids.length > 0) {
          const e = table.get(g.pick(ids)) as { readonly id: string }
          tables[topic] = table.apply([g.patch(topic, e)]) as never
        }
      } else if (r < 0.8) {
        const ids = [...table.keys()]
        if (ids.length > 0) tables[topic] = table.apply([], [g.pick(ids)]) as never
      } else if (r < 0.84) {
        // A resync: new storage, the change log cannot follow it.
        tables[topic] = EntityTable.of([...table.values()].filter(() => next() < 0.8)) as never
      } else if (r < 0.86) {
        // The same entity upserted again and then back: a change logged, nothing different.
        const ids = [...table.keys()]
        if (ids.length > 0) {
          const e = table.get(g.pick(ids)) as { readonly id: string }
          tables[topic] = table.apply([{ ...e }]) as never
        }
      }
    }
    const c = next()
    if (c < 0.6) now += g.int(10) * MIN + g.int(3) * 1000
    else if (c < 0.65) now += 13 * HOUR
    else if (c < 0.67) now -= g.int(5) * MIN // a clock that went back
    if (next() < 0.02) config = g.pick(configs)
    if (model === null && step > steps / 4) model = index
    else if (next() < 0.01) model = buildSiteIndex(SITE_MODEL) // a new site model (same places)

    tracker.observeAll(tables.beds, model)
    const input = { entities: tables, index: model, now, config, turnarounds: tracker }
    const incremental = engine.update(input)
    const full = computeKpiStats(input)
    expectSame(incremental, full, `seed ${seed} step ${step}`)
    totals.changed += engine.lastWork.changed
    totals.turned += engine.lastWork.turned
    totals.rebuilds += engine.lastWork.rebuilt.length
  }
  return totals
}

describe('IncrementalKpiStats: the same KPIs as a full pass, in O(changes)', () => {
  it('equals the full pass after every flush of random upserts, patches, removes and resyncs, for every KPI and scope', () => {
    let turned = 0
    let changed = 0
    for (let seed = 1; seed <= 12; seed += 1) {
      const totals = run(seed, 120)
      turned += totals.turned
      changed += totals.changed
    }
    // The sequences exercised the clock path and the change-log path, not only rebuilds.
    expect(turned).toBeGreaterThan(100)
    expect(changed).toBeGreaterThan(1000)
  }, 120_000)

  it('equals the full pass when the site model arrives after the entities', () => {
    run(101, 60, { startWithoutModel: true })
  })

  it('returns the same object and touches nothing while nothing changed and no fact turned', () => {
    const engine = new IncrementalKpiStats()
    const beds = EntityTable.of(BEDS)
    const entities = {
      beds,
      assets: EntityTable.empty<Asset>(),
      network: EntityTable.empty<NetworkDevice>(),
      cyber: EntityTable.empty<CyberAlert>(),
    }
    const first = engine.update({ entities, index, now: NOW })
    expect(engine.lastWork.rebuilt).toEqual(['beds', 'assets', 'network', 'cyber'])
    expect(engine.update({ entities, index, now: NOW + 1000 })).toBe(first)
    expect(engine.lastWork).toMatchObject({ rebuilt: [], changed: 0, turned: 0 })
  })

  it('re-adds only the changed bed, and keeps the objects of the wards it did not touch', () => {
    const engine = new IncrementalKpiStats()
    const v1 = EntityTable.of(BEDS)
    const empty = {
      assets: EntityTable.empty<Asset>(),
      network: EntityTable.empty<NetworkDevice>(),
      cyber: EntityTable.empty<CyberAlert>(),
    }
    const first = engine.update({ entities: { beds: v1, ...empty }, index, now: NOW })
    // b4 (W1) is admitted.
    const v2 = v1.apply([makeBed({ id: 'b4', status: 'occupied', statusSince: NOW })])
    const second = engine.update({ entities: { beds: v2, ...empty }, index, now: NOW + 1000 })
    expect(engine.lastWork).toMatchObject({ rebuilt: [], changed: 1, turned: 0 })
    expect(second.beds?.rollup.wards.get('w1')).not.toBe(first.beds?.rollup.wards.get('w1'))
    expect(second.beds?.rollup.wards.get('w3')).toBe(first.beds?.rollup.wards.get('w3'))
    expect(second.rows.beds?.rollup.sites.get('site-s')).toBe(first.rows.beds?.rollup.sites.get('site-s'))
    expect(second.assets).toBe(first.assets) // an untouched topic keeps its stats object
  })

  it('turns a clean overdue on the clock alone, the moment its response target passes, touching that bed only', () => {
    const engine = new IncrementalKpiStats()
    const requestedAt = NOW - 10 * MIN
    const beds = EntityTable.of([
      ...BEDS.filter((b) => b.id !== 'b5' && b.status !== 'housekeeping'),
      makeBed({ id: 'b5', status: 'housekeeping', housekeeping: { requestedAt, startedAt: null } }),
    ])
    const entities = {
      beds,
      assets: EntityTable.empty<Asset>(),
      network: EntityTable.empty<NetworkDevice>(),
      cyber: EntityTable.empty<CyberAlert>(),
    }
    const overdue = (s: KpiStats): number | undefined => s.beds?.rollup.trust.housekeepingOverdue
    const due = requestedAt + 30 * MIN // the response target
    const before = engine.update({ entities, index, now: due })
    expect(overdue(before)).toBe(0)
    const after = engine.update({ entities, index, now: due + 1 })
    expect(overdue(after)).toBe(1)
    expect(engine.lastWork).toMatchObject({ changed: 0, turned: 1 })
    expect(overdue(computeKpiStats({ entities, index, now: due + 1 }))).toBe(1)
  })
})
