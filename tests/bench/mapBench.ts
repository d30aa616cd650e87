/**
 * `npm run bench:map`: the floor map at the DESIGN.md bench scale (12,000 beds, 40,000 moving
 * tags, 6,000 devices, 5,000 events/s) in Debian's Chromium, measuring per flush the main-thread
 * work (store apply + React render + deck.gl layer update + draw), frame times, long tasks,
 * event→pixel latency and JS heap, and printing p50/p95/p99.
 *
 * WebGL here is SwiftShader (software): draw cost is far above a real wall GPU's, so figures are
 * relative — for comparing changes on this machine, not for promising a frame rate.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchBrowser } from '../support/browser.ts'
import { serveDirectory } from '../support/serveDirectory.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'out', 'bench-map')
const DURATION_MS = Number(process.env['BENCH_MAP_SECONDS'] ?? 15) * 1000
const RATE = Number(process.env['BENCH_MAP_RATE'] ?? 5000)
const [VW, VH] = (process.env['BENCH_MAP_VIEWPORT'] ?? '1920x1080').split('x').map(Number)
const VIEWPORT = { width: VW ?? 1920, height: VH ?? 1080 }

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–')
const row = (label: string, values: number[]): string =>
  `  ${label.padEnd(34)} p50 ${fmt(pct(values, 50)).padStart(7)}  p95 ${fmt(pct(values, 95)).padStart(7)}  p99 ${fmt(pct(values, 99)).padStart(7)}  max ${fmt(Math.max(...values)).padStart(7)}`

type PageResults = {
  flushes: number
  events: number
  workMs: number[]
  applyMs: number[]
  latencyMs: number[]
  frameMs: number[]
  longTasks: number[]
  heapMb: number | null
  visibleAssets: number
  visibleBeds: number
  layersUpdated: boolean
}

async function main(): Promise<void> {
  await build({
    configFile: false,
    root: join(root, 'tests', 'bench', 'map'),
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      minify: process.env['BENCH_MINIFY'] !== '0',
    },
  })
  const { url, close } = await serveDirectory(outDir)
  const browser = await launchBrowser({ args: ['--enable-precise-memory-info'] })
  try {
    console.log(
      `Map benchmark: 12,000 beds, 40,000 tags, 6,000 devices, ${RATE} events/s, ${DURATION_MS / 1000} s per case`,
    )
    console.log('Chromium with SwiftShader (software WebGL): relative figures only.\n')
    for (const [label, levels] of [
      ['bench trust over 40 levels (one ward floor shown)', 40],
      ['crowded: everything on one level', 1],
    ] as const) {
      const page = await browser.newPage({ viewport: VIEWPORT })
      page.on('pageerror', (error) => console.error('page error:', error.message))
      await page.goto(`${url}/?levels=${levels}`)
      await page.waitForFunction(() => 'watchfloorMapBench' in window, undefined, { timeout: 60_000 })
      const results = (await page.evaluate(
        ([duration, rate]) =>
          (
            window as unknown as { watchfloorMapBench: { run(d: number, r: number): Promise<unknown> } }
          ).watchfloorMapBench.run(duration, rate),
        [DURATION_MS, RATE] as const,
      )) as PageResults
      await page.close()
      console.log(
        `${label}: ${results.visibleBeds} beds and ${results.visibleAssets} tags on the shown level`,
      )
      console.log(
        `  ${results.flushes} flushes, ${results.events} events; layers updated: ${results.layersUpdated}`,
      )
      console.log(row('main-thread work per flush (ms)', results.workMs))
      console.log(row('  of which store apply + React (ms)', results.applyMs))
      console.log(row('frame interval (ms)', results.frameMs))
      console.log(row('event → pixel latency (ms)', results.latencyMs))
      console.log(
        `  long tasks (>50 ms): ${results.longTasks.length}${results.longTasks.length ? `, longest ${fmt(Math.max(...results.longTasks))} ms` : ''}`,
      )
      console.log(
        `  JS heap after run: ${results.heapMb === null ? 'n/a' : `${results.heapMb.toFixed(0)} MB`}\n`,
      )
    }
  } finally {
    await browser.close()
    await close()
  }
}

await main()
