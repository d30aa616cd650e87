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
import { computeKpiStats } from '../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../shared/domain/kpis/defaultParLevels.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import { DEFAULT_KPI_CONFIG } from '../../shared/domain/kpis/computeKpiStats.ts'
import { TurnaroundTracker } from '../../shared/domain/kpis/turnaroundTracker.ts'
import { buildWardCensus, sortCensus } from '../../shared/domain/kpis/wardCensus.ts'
import { launchBrowser, openPage } from '../support/browser.ts'
import { installSyntheticHost, serveRenderer } from '../e2e/tablesSyntheticHost.ts'
import { BROWSER_ENV, benchNumber, buildRenderer, readBenchArgs } from './benchCli.ts'
import { benchScaleTrust } from './kpiScale.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const args = readBenchArgs({
  name: 'bench:table',
  usage: 'npm run bench:table [-- --help]',
  summary:
    'One KPI pass over everything at bench scale (Node), then the Site manager board in Chromium with a\n' +
    'synthetic host feeding a 50,000-row equipment table; prints per-update cost, long tasks, scroll frames.',
  flags: {
    'kpi-only': { type: 'boolean', help: 'the Node KPI figures alone (no browser)' },
  },
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

// `--kpi-only`: the Node KPI figures alone (no browser), e.g. to compare a change to the counters.
const kpiOnly = args['kpi-only']
if (!kpiOnly) buildRenderer()

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
const out = [
  header,
  ...benchKpis(),
  ...(kpiOnly ? [] : ['', ...(await benchTables())]),
  `load average at end: ${load()}`,
]
process.stdout.write(`${out.join('\n')}\n`)
