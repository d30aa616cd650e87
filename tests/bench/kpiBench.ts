/**
 * `npm run bench:kpi`: what a KPI pass costs at bench scale (12,000 beds, 40,000 tags, 6,000
 * devices, 2,000 alerts) when N entities changed since the last pass — the full pass every topic
 * (`computeKpiStats`, what the engine ran before) against the incremental one (`IncrementalKpiStats`,
 * O(changes)) — and what the table rows cost the same way (`createRowCache` on the 40,000 tags:
 * a whole read against following the change log).
 *
 * Node only, ≈ 30 s. Besides wall and CPU time (both depend on the machine's load) it prints the
 * entities each pass touched, which does not: changed (listed by the change log), turned (a
 * time-dependent fact turned: the clock moves 1 s per pass), rescanned (an extreme whose holder
 * left, recomputed from its ward's or site's members). After the last pass of every N it checks
 * that both passes give the same value for every KPI in every scope.
 */
import { cpus, loadavg } from 'node:os'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import {
  computeKpiStats,
  DEFAULT_KPI_CONFIG,
  type KpiStats,
} from '../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../shared/domain/kpis/defaultParLevels.ts'
import { KPI_DEFINITIONS } from '../../shared/domain/kpis/kpiDefinitions.ts'
import { IncrementalKpiStats } from '../../shared/domain/kpis/kpiIncremental.ts'
import type { KpiScope } from '../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import { TurnaroundTracker } from '../../shared/domain/kpis/turnaroundTracker.ts'
import { EntityTable } from '../../shared/util/EntityTable.ts'
import { createRowCache, ENTITY_TABLES } from '../../renderer/features/tables/entityTables.ts'
import { benchNumber, readBenchArgs } from './benchCli.ts'
import { BENCH_WARDS, benchScaleTrust } from './kpiScale.ts'

readBenchArgs({
  name: 'bench:kpi',
  usage: 'npm run bench:kpi [-- --help]',
  summary:
    'A KPI pass at bench scale with N entities changed since the last: the full pass against the incremental\n' +
    'one (wall, CPU, entities touched), and the 40,000-row equipment table rows the same way. Node only.',
  flags: {},
  env: [
    { name: 'BENCH_KPI_PASSES', default: '30', help: 'passes measured per N' },
    {
      name: 'BENCH_KPI_CHANGES',
      default: '0,10,100,1000,5000',
      help: 'entities changed per pass (comma-separated)',
    },
  ],
})
const PASSES = benchNumber('BENCH_KPI_PASSES', process.env['BENCH_KPI_PASSES'], 30, 1)
const CHANGES = (process.env['BENCH_KPI_CHANGES'] ?? '0,10,100,1000,5000')
  .split(',')
  .map((v) => benchNumber('BENCH_KPI_CHANGES', v, 0))

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1)).padStart(7)

// A mulberry32 stream: every run changes the same entities the same way.
let seed = 21
const random = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}
const int = (n: number): number => Math.floor(random() * n)

let now = Date.now()
const trust = benchScaleTrust(now)
const index = buildSiteIndex(trust.model)
const config = { ...DEFAULT_KPI_CONFIG, par: defaultParLevels(trust.model) }
const tables = {
  beds: EntityTable.of(trust.beds.values()),
  assets: EntityTable.of(trust.assets.values()),
  network: EntityTable.of(trust.devices.values()),
  cyber: EntityTable.of(trust.alerts.values()),
}
const bedIds = [...trust.beds.keys()]
const assetIds = [...trust.assets.keys()]
const deviceIds = [...trust.devices.keys()]
const alertIds = [...trust.alerts.keys()]
const BED_STATUSES = ['occupied', 'unoccupied', 'housekeeping', 'closed'] as const

/** N changes in the demo's mix: 85 % tag moves, 5 % bed changes, 8 % device polls, 2 % alerts. */
function changeSome(n: number): void {
  const beds: Bed[] = []
  const assets: Asset[] = []
  const devices: NetworkDevice[] = []
  const alerts: CyberAlert[] = []
  for (let i = 0; i < n; i += 1) {
    const r = random()
    if (r < 0.85) {
      const a = tables.assets.get(assetIds[int(assetIds.length)] as string) as Asset
      const w = int(BENCH_WARDS)
      assets.push({
        ...a,
        zoneId: `w${w}-bay`,
        siteId: `site-${w % 4}`,
        lastSeen: now,
        x: random(),
        y: random(),
      })
    } else if (r < 0.9) {
      const b = tables.beds.get(bedIds[int(bedIds.length)] as string) as Bed
      const status = BED_STATUSES[int(BED_STATUSES.length)] as Bed['status']
      beds.push({
        ...b,
        status,
        statusSince: now,
        housekeeping: status === 'housekeeping' ? { requestedAt: now, startedAt: null } : null,
        closedReason: status === 'closed' ? 'staffing' : null,
        lengthOfStayDays: status === 'occupied' ? int(30) : null,
      })
    } else if (r < 0.98) {
      const d = tables.network.get(deviceIds[int(deviceIds.length)] as string) as NetworkDevice
      devices.push({ ...d, latencyMs: int(100), status: random() < 0.02 ? 'down' : 'up', lastPolledAt: now })
    } else {
      const c = tables.cyber.get(alertIds[int(alertIds.length)] as string) as CyberAlert
      alerts.push({ ...c, status: 'acknowledged', ack: { by: 'Duty IT', at: now, note: '' }, lastSeen: now })
    }
  }
  tables.beds = tables.beds.apply(beds)
  tables.assets = tables.assets.apply(assets)
  tables.network = tables.network.apply(devices)
  tables.cyber = tables.cyber.apply(alerts)
}

const SCOPES: readonly KpiScope[] = [
  {},
  ...[0, 1, 2, 3].map((s) => ({ siteId: `site-${s}` })),
  ...Array.from({ length: BENCH_WARDS }, (_, w) => ({ wardId: `w${w}` })),
]
function differences(a: KpiStats, b: KpiStats): number {
  let n = 0
  for (const def of KPI_DEFINITIONS)
    for (const scope of SCOPES) if (def.compute(a, scope) !== def.compute(b, scope)) n += 1
  return n
}

const out: string[] = [
  `machine: ${cpus().length} cores, load average ${load()} (1/5/15 min) at start`,
  `KPI pass per flush (Node; 12,000 beds · 40,000 tags · 6,000 devices · 2,000 alerts; ${PASSES} passes per N, the clock 1 s on per pass):`,
  `  ${'changes'.padStart(7)} | ${'full pass: p50 / p95 ms, CPU ms'.padEnd(32)} | ${'incremental: p50 / p95 ms, CPU ms'.padEnd(34)} | entities touched per pass (incremental vs full)`,
]
const tracker = new TurnaroundTracker()
tracker.observeAll(tables.beds, index)
const engine = new IncrementalKpiStats()
engine.update({ entities: tables, index, now, config, turnarounds: tracker })
for (let warm = 0; warm < 3; warm += 1)
  computeKpiStats({ entities: tables, index, now, config, turnarounds: tracker })

for (const n of CHANGES) {
  const full: number[] = []
  const inc: number[] = []
  let fullCpu = 0
  let incCpu = 0
  let touched = 0
  let last: { a: KpiStats; b: KpiStats } | null = null
  for (let p = 0; p < PASSES; p += 1) {
    now += 1000
    changeSome(n)
    tracker.observeAll(tables.beds, index)
    const input = { entities: tables, index, now, config, turnarounds: tracker }
    let c0 = cpuMs()
    let t0 = performance.now()
    const b = engine.update(input)
    inc.push(performance.now() - t0)
    incCpu += cpuMs() - c0
    const w = engine.lastWork
    touched += w.changed + w.turned + w.rescanned + w.rebuiltEntities
    c0 = cpuMs()
    t0 = performance.now()
    const a = computeKpiStats(input)
    full.push(performance.now() - t0)
    fullCpu += cpuMs() - c0
    last = { a, b }
  }
  const diff = last === null ? 0 : differences(last.a, last.b)
  const all = tables.beds.size + tables.assets.size + tables.network.size + tables.cyber.size
  out.push(
    `  ${String(n).padStart(7)} | ${ms(percentile(full, 50))} / ${ms(percentile(full, 95))}, ${ms(fullCpu / PASSES)}  | ${ms(percentile(inc, 50))} / ${ms(percentile(inc, 95))}, ${ms(incCpu / PASSES)}    | ${Math.round(touched / PASSES).toLocaleString('en-GB')} vs ${all.toLocaleString('en-GB')}${diff === 0 ? '' : `  — ${diff} KPI values DIFFER`}`,
  )
}
out.push(`  (every KPI in every scope — trust, 4 sites, 400 wards — equal in both after each N's last pass)`)

// Table rows: the 40,000-tag equipment table.
out.push(
  '',
  `Equipment table rows (createRowCache over ${tables.assets.size.toLocaleString('en-GB')} tags), per update with N tag changes:`,
)
const whole = createRowCache(ENTITY_TABLES.assets)
const following = createRowCache(ENTITY_TABLES.assets)
whole(new Map(tables.assets), index)
following(tables.assets, index)
for (const n of CHANGES.filter((c) => c > 0)) {
  const a: number[] = []
  const b: number[] = []
  let visitedWhole = 0
  let visitedFollowing = 0
  for (let p = 0; p < PASSES; p += 1) {
    now += 1000
    const moved: Asset[] = []
    for (let i = 0; i < n; i += 1) {
      const asset = tables.assets.get(assetIds[int(assetIds.length)] as string) as Asset
      moved.push({ ...asset, lastSeen: now, x: random() })
    }
    tables.assets = tables.assets.apply(moved)
    // The whole read gets a plain Map (no change log), as every table update did before.
    const plain = new Map(tables.assets)
    let t0 = performance.now()
    whole(plain, index)
    a.push(performance.now() - t0)
    visitedWhole += whole.lastWork().visited
    t0 = performance.now()
    following(tables.assets, index)
    b.push(performance.now() - t0)
    visitedFollowing += following.lastWork().visited
  }
  out.push(
    `  ${String(n).padStart(7)} changes | whole read p50 ${ms(percentile(a, 50))} ms, ${Math.round(visitedWhole / PASSES).toLocaleString('en-GB')} entities | change log p50 ${ms(percentile(b, 50))} ms, ${Math.round(visitedFollowing / PASSES).toLocaleString('en-GB')} entities`,
  )
}
out.push(`load average at end: ${load()}`)
process.stdout.write(`${out.join('\n')}\n`)
