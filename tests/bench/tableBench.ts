/**
 * `npm run bench:table`: what the KPIs and the live tables cost at scale.
 *
 * 1. Node: one KPI pass (`computeKpiStats`, every topic) at the docs/architecture.md bench scale — 12,000
 *    beds, 40,000 tags, 6,000 devices, 2,000 alerts — p50/p95 over repeated passes.
 * 2. Chromium (Debian's, headless): the built renderer with the synthetic host (a fake preload
 *    bridge feeding 50,000 tags over a MessagePort with `BENCH_TABLE_RATE` updates/s), on the
 *    site-manager board (bed table + 50,000-row equipment table + KPI tiles). Measures per table
 *    update (new data → rows rebuilt → row models → render → DOM commit, from the table probe),
 *    main-thread long tasks, and frame intervals while scrolling the 50k table.
 *
 * Figures are for this 2-core machine without a GPU; compare runs, do not promise them.
 */
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel, Unit } from '../../shared/contracts/places.ts'
import { computeKpiStats } from '../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../shared/domain/kpis/defaultParLevels.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import { DEFAULT_KPI_CONFIG } from '../../shared/domain/kpis/computeKpiStats.ts'
import { TurnaroundTracker } from '../../shared/domain/kpis/turnaroundTracker.ts'
import { buildWardCensus, sortCensus } from '../../shared/domain/kpis/wardCensus.ts'
import { launchBrowser, openPage } from '../support/browser.ts'
import { installSyntheticHost, serveRenderer } from '../e2e/tablesSyntheticHost.ts'
import { BROWSER_ENV, benchNumber, buildRenderer, readBenchArgs } from './benchCli.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
readBenchArgs({
  name: 'bench:table',
  usage: 'npm run bench:table [-- --help]',
  summary:
    'One KPI pass over everything at bench scale (Node), then the Site manager board in Chromium with a\n' +
    'synthetic host feeding a 50,000-row equipment table; prints per-update cost, long tasks, scroll frames.',
  flags: {},
  env: [
    { name: 'BENCH_TABLE_SECONDS', default: '20', help: 'seconds measured in the browser' },
    { name: 'BENCH_TABLE_RATE', default: '5000', help: 'tag updates per second' },
    { name: 'BENCH_TABLE_ROWS', default: '50000', help: 'tags (equipment table rows)' },
    { name: 'WF_RENDERER_DIR', default: 'out/renderer', help: 'the built renderer to serve' },
    ...BROWSER_ENV,
  ],
})
const SECONDS = benchNumber('BENCH_TABLE_SECONDS', process.env['BENCH_TABLE_SECONDS'], 20, 1)
const RATE = benchNumber('BENCH_TABLE_RATE', process.env['BENCH_TABLE_RATE'], 5_000)
const ROWS = benchNumber('BENCH_TABLE_ROWS', process.env['BENCH_TABLE_ROWS'], 50_000, 1)

buildRenderer()

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}
const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—')
const line = (label: string, values: readonly number[], unit = 'ms'): string =>
  `${label.padEnd(46)} n=${String(values.length).padStart(5)}  p50 ${fmt(percentile(values, 50)).padStart(7)} ${unit}  p95 ${fmt(
    percentile(values, 95),
  ).padStart(7)} ${unit}  max ${fmt(Math.max(...values)).padStart(7)} ${unit}`

// ---------------------------------------------------------------------------------------------
// 1. KPI pass in Node at bench scale

function benchScaleTrust(): {
  model: SiteModel
  beds: Map<string, Bed>
  assets: Map<string, Asset>
  devices: Map<string, NetworkDevice>
  alerts: Map<string, CyberAlert>
} {
  const now = Date.now()
  const units: Unit[] = []
  const places: BedPlace[] = []
  const beds = new Map<string, Bed>()
  const WARDS = 400
  const outline: Unit['outline'] = [
    [0, 0],
    [1, 0],
    [1, 1],
  ]
  for (let w = 0; w < WARDS; w += 1) {
    const siteId = `site-${w % 4}`
    const common = { siteId, buildingId: 'b', levelId: 'l', outline, labelAt: [0, 0] as [number, number] }
    units.push({
      ...common,
      id: `w${w}`,
      physicalType: 'wa',
      kind: 'ward',
      parentUnitId: null,
      name: `Ward ${w}`,
      specialty: 'Medicine',
      generalAndAcute: w % 5 !== 0,
    })
    units.push({
      ...common,
      id: `w${w}-bay`,
      physicalType: 'ro',
      kind: 'bay',
      parentUnitId: `w${w}`,
      name: 'Bay',
      specialty: null,
      generalAndAcute: false,
    })
    for (let b = 0; b < 30; b += 1) {
      const id = `bed-${w}-${b}`
      places.push({
        id,
        physicalType: 'bd',
        siteId,
        levelId: 'l',
        wardId: `w${w}`,
        roomId: `w${w}-bay`,
        label: id,
        escalation: b >= 28,
        sideRoom: false,
        bayLabel: null,
        sexOfBay: b % 2 ? 'male' : 'female',
        at: [0, 0],
        rotation: 0,
      })
      const statuses = [
        'occupied',
        'occupied',
        'occupied',
        'unoccupied',
        'housekeeping',
        'closed',
        'isolated',
      ] as const
      const status = statuses[(w + b) % statuses.length] as Bed['status']
      beds.set(id, {
        id,
        status,
        statusSince: now - b * 60_000,
        closedReason: status === 'closed' ? 'infection-dv' : null,
        housekeeping:
          status === 'housekeeping'
            ? { requestedAt: now - b * 120_000, startedAt: b % 2 ? now - b * 30_000 : null }
            : null,
        escalationOpen: b % 3 === 0,
        nctr: b % 7 === 0,
        expectedDischargeToday: b % 4 === 0,
        lengthOfStayDays: status === 'occupied' ? b : null,
        updatedAt: now,
      })
    }
  }
  const model: SiteModel = {
    trust: { id: 't', name: 'Bench', odsCode: null },
    sites: [0, 1, 2, 3].map((i) => ({
      id: `site-${i}`,
      physicalType: 'si' as const,
      name: `Site ${i}`,
      shortName: `S${i}`,
    })),
    buildings: [],
    levels: [],
    units,
    beds: places,
  }
  const types: Asset['type'][] = [
    'infusion-pump',
    'patient-monitor',
    'wheelchair',
    'ventilator',
    'staff-badge',
  ]
  const assets = new Map<string, Asset>()
  for (let i = 0; i < 40_000; i += 1) {
    const w = i % WARDS
    assets.set(`a${i}`, {
      id: `a${i}`,
      type: types[i % types.length] as Asset['type'],
      label: `A${i}`,
      siteId: `site-${w % 4}`,
      levelId: 'l',
      x: 0,
      y: 0,
      zoneId: `w${w}-bay`,
      homeUnitId: `w${(i * 7) % WARDS}`,
      lastSeen: now - (i % 100) * 3_600_000,
      battery: i % 100,
      state: i % 3 ? 'available' : 'in-use',
    })
  }
  const devices = new Map<string, NetworkDevice>()
  for (let d = 0; d < 6_000; d += 1) {
    devices.set(`d${d}`, {
      id: `d${d}`,
      name: `d${d}`,
      kind: 'access-switch',
      siteId: `site-${d % 4}`,
      levelId: null,
      x: null,
      y: null,
      status: d % 50 ? 'up' : 'down',
      statusSince: now,
      latencyMs: d % 100,
      lossPct: (d % 10) / 10,
      utilisationPct: d % 100,
      uplinkId: null,
      links: [{ peerId: `d${(d + 1) % 6000}`, ifName: 'Gi1', status: 'up', utilisationPct: (d * 13) % 100 }],
      servesUnitIds: [`w${d % WARDS}`],
      address: null,
      lastPolledAt: now,
    })
  }
  const alerts = new Map<string, CyberAlert>()
  for (let a = 0; a < 2_000; a += 1) {
    alerts.set(`c${a}`, {
      id: `c${a}`,
      source: 's',
      severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[a % 5] as CyberAlert['severity'],
      category: 'c',
      title: 't',
      tactic: null,
      technique: null,
      host: null,
      deviceId: null,
      siteId: `site-${a % 4}`,
      unitId: `w${a % WARDS}`,
      firstSeen: now - a * 60_000,
      lastSeen: now,
      count: 1,
      status: a % 3 ? 'new' : 'acknowledged',
      ack: a % 3 ? null : { by: 'x', at: now - a * 30_000, note: '' },
    })
  }
  return { model, beds, assets, devices, alerts }
}

function benchKpis(): string[] {
  const trust = benchScaleTrust()
  const index = buildSiteIndex(trust.model)
  const config = { ...DEFAULT_KPI_CONFIG, par: defaultParLevels(trust.model) }
  const tracker = new TurnaroundTracker()
  const entities = { beds: trust.beds, assets: trust.assets, network: trust.devices, cyber: trust.alerts }
  const times: number[] = []
  const trackerTimes: number[] = []
  const censusTimes: number[] = []
  const cpuTimes: number[] = []
  // CPU time of this process as well as wall time: on a shared, loaded machine wall time mostly
  // measures the neighbours; CPU time (ms resolution) compares changes.
  const cpuMs = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  for (let i = 0; i < 60; i += 1) {
    const t0 = performance.now()
    const c0 = cpuMs()
    const stats = computeKpiStats({ entities, index, now: Date.now(), config, turnarounds: tracker })
    cpuTimes.push(cpuMs() - c0)
    times.push(performance.now() - t0)
    const t1 = performance.now()
    tracker.observeAll(trust.beds, index)
    trackerTimes.push(performance.now() - t1)
    const t2 = performance.now()
    if (stats.rows.beds) sortCensus(buildWardCensus(stats.rows.beds, index), { key: 'ward', desc: false })
    censusTimes.push(performance.now() - t2)
  }
  return [
    'KPI engine (Node, 12,000 beds · 40,000 tags · 6,000 devices · 2,000 alerts):',
    line('  full KPI pass (all topics, all scopes)', times.slice(5)),
    line('  same, CPU time of the process', cpuTimes.slice(5)),
    line('  turnaround tracker look at 12,000 beds', trackerTimes.slice(5)),
    line('  ward census, 400 wards, sorted', censusTimes.slice(5)),
  ]
}

// ---------------------------------------------------------------------------------------------
// 2. Tables in Chromium

type PageFigures = {
  updates: { ms: number; rows: number; entity: string }[]
  longTasks: number[]
  frames: number[]
  upserts: number
}

async function benchTables(): Promise<string[]> {
  const server = await serveRenderer(process.env['WF_RENDERER_DIR'] ?? `${root}/out/renderer`)
  const browser = await launchBrowser()
  try {
    const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 })
    await installSyntheticHost(page, {
      assets: ROWS,
      ratePerSec: RATE,
      batchMs: 100,
      boardId: 'site-manager',
      mode: 'desktop',
    })
    await page.addInitScript(() => {
      const w = window as unknown as { __benchLongTasks: number[] }
      w.__benchLongTasks = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__benchLongTasks.push(e.duration)
      }).observe({ type: 'longtask', buffered: true })
    })
    await page.goto(`${server.url}/`)
    await page.waitForSelector(`[data-panel="asset-table"] [data-testid="dt-count"][data-total="${ROWS}"]`, {
      timeout: 120_000,
    })
    // Let the snapshot settle, then measure steady state only.
    await page.waitForTimeout(3_000)
    await page.evaluate(() => {
      ;(window as unknown as { __watchfloorTableProbe: { clear: () => void } }).__watchfloorTableProbe.clear()
      ;(window as unknown as { __benchLongTasks: number[] }).__benchLongTasks.length = 0
      ;(window as unknown as { __syntheticFeed: { upserts: number } }).__syntheticFeed.upserts = 0
    })
    // Half the time idle under the feed, half scrolling the 50k table (frame intervals).
    await page.waitForTimeout((SECONDS * 1000) / 2)
    const frames = await page.evaluate(
      async (ms) => {
        const el = document.querySelector('[data-panel="asset-table"] .dt-scroll') as HTMLElement
        const intervals: number[] = []
        let last = performance.now()
        const end = last + ms
        return new Promise<number[]>((resolve) => {
          const step = (t: number): void => {
            intervals.push(t - last)
            last = t
            el.scrollTop = (el.scrollTop + 400) % Math.max(1, el.scrollHeight - el.clientHeight)
            if (t < end) requestAnimationFrame(step)
            else resolve(intervals)
          }
          requestAnimationFrame(step)
        })
      },
      (SECONDS * 1000) / 2,
    )
    const figures = await page.evaluate(() => {
      const w = window as unknown as {
        __watchfloorTableProbe: { samples: () => { ms: number; rows: number; entity: string }[] }
        __benchLongTasks: number[]
        __syntheticFeed: { upserts: number }
      }
      return {
        updates: w.__watchfloorTableProbe.samples(),
        longTasks: [...w.__benchLongTasks],
        upserts: w.__syntheticFeed.upserts,
      }
    })
    const result: PageFigures = { ...figures, frames }
    await context.close()
    const big = result.updates.filter((u) => u.rows >= ROWS).map((u) => u.ms)
    return [
      `Tables (Chromium, site-manager board, ${ROWS.toLocaleString('en-GB')}-row equipment table, feed ${RATE}/s asset updates, ${SECONDS} s):`,
      `  feed delivered ${result.upserts.toLocaleString('en-GB')} asset updates`,
      line(`  table update, ${ROWS.toLocaleString('en-GB')} rows (data → DOM commit)`, big),
      line('  long tasks (> 50 ms) on the main thread', result.longTasks),
      line('  frame interval while scrolling the big table', result.frames.slice(2)),
      `  page errors: ${problems.errors.length === 0 ? 'none' : problems.errors.slice(0, 3).join(' | ')}`,
    ]
  } finally {
    await browser.close()
    await server.close()
  }
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')
const header = `machine: ${cpus().length} cores, load average ${load()} (1/5/15 min) at start`
// `--kpi-only`: the Node KPI figures alone (no browser), e.g. to compare a change to the counters.
const kpiOnly = process.argv.includes('--kpi-only')
const out = [
  header,
  ...benchKpis(),
  ...(kpiOnly ? [] : ['', ...(await benchTables())]),
  `load average at end: ${load()}`,
]
process.stdout.write(`${out.join('\n')}\n`)
