/**
 * `npm run bench:map`: the floor map at the docs/architecture.md bench scale (12,000 beds, 40,000 moving
 * tags, 6,000 devices, 5,000 events/s) in Debian's Chromium, fed through the product's delivery
 * pipeline: one gateway batch every `BENCH_MAP_BATCH_MS` (default 50, the gateway's batch window),
 * folded into the hub's pending changes and flushed to the store once per animation frame as the
 * page's hub does (React renders FloorMapPanel, which hands deck.gl new layers; deck.gl draws in the
 * same frame's draw phase). `BENCH_MAP_DELIVERY=message`: each batch applied on arrival instead
 * (the method before 2026-12-04, and Electron's window).
 *
 * Printed, as p50/p95/p99/max: per message (store apply + React render); per frame drawn (deck.gl
 * layer update, draw — command encoding on the main thread —, frame interval); per flush, the
 * docs/architecture.md budget figure (apply + React + the layer update of the frame that showed it); event →
 * pixel latency and message applied → drawn; work counted, not timed (deck.gl attribute rows recomputed,
 * binary values uploaded, layer updates: per message and per frame drawn); long tasks and JS heap. The page times deck.gl by
 * wrapping private Deck methods on the live instance (see mapBenchPage.tsx): a deck.gl upgrade
 * may need that adjusting.
 *
 * WebGL here is SwiftShader (software): the raster runs in Chromium's GPU process and costs far
 * more than a real wall GPU, and it paces deck.gl's frames, so frame interval and latency are
 * relative — for comparing changes on this machine, not for promising a frame rate.
 *
 * Environment: BENCH_MAP_SECONDS (15 per case), BENCH_MAP_CASES (ward,crowded), BENCH_MAP_RATE (5000 events/s), BENCH_MAP_BATCH_MS
 * (50), BENCH_MAP_VIEWPORT (1920x1080), BENCH_MINIFY (0 for readable profiles), BENCH_MAP_HIDE
 * (e.g. `beds,assets`: layers switched off), BENCH_MAP_PROFILE (1: top self time from a CPU profile),
 * BENCH_MAP_LAYER_TIMES (1: update time per deck.gl layer, with deck.gl's reasons), BENCH_MAP_MIX
 * (percentages of tag moves, bed changes, device polls; default 85,5,10).
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchBrowser } from '../support/browser.ts'
import { serveDirectory } from '../support/serveDirectory.ts'
import { DEFAULT_MIX } from './map/benchScene.ts'
import type { MapBenchResults } from './map/mapBenchResults.ts'
import { BROWSER_ENV, benchNumber, readBenchArgs } from './benchCli.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'out', 'bench-map')
readBenchArgs({
  name: 'bench:map',
  usage: 'npm run bench:map [-- --help]',
  summary:
    'The floor map at bench scale (12,000 beds, 40,000 moving tags, 6,000 devices) in Chromium, fed one\n' +
    'hub message per batch window; prints per-flush work, frame times, event → drawn latency, long tasks.',
  flags: {},
  env: [
    { name: 'BENCH_MAP_SECONDS', default: '15', help: 'seconds measured per case' },
    { name: 'BENCH_MAP_RATE', default: '5000', help: 'events per second' },
    {
      name: 'BENCH_MAP_BATCH_MS',
      default: '50',
      help: "one hub message per this many ms (the gateway's batch window)",
    },
    {
      name: 'BENCH_MAP_DELIVERY',
      default: 'frame',
      help: "frame: batches folded, one flush per animation frame (the page's hub); message: each batch applied on arrival",
    },
    { name: 'BENCH_MAP_VIEWPORT', default: '1920x1080', help: 'page size, WIDTHxHEIGHT' },
    {
      name: 'BENCH_MAP_MIX',
      default: '85,5,10',
      help: 'percentages of tag moves, bed changes, device polls',
    },
    { name: 'BENCH_MAP_CASES', default: 'ward,crowded', help: 'cases run: ward (one floor of 40), crowded' },
    { name: 'BENCH_MAP_HIDE', default: 'none', help: 'layers switched off, e.g. beds,assets' },
    {
      name: 'BENCH_MAP_PROFILE',
      default: '0',
      help: '1: also a CPU profile per case, top self time printed',
    },
    {
      name: 'BENCH_MAP_LAYER_TIMES',
      default: '0',
      help: "1: each deck.gl layer's update time, with deck.gl's reasons",
    },
    { name: 'BENCH_MINIFY', default: '1', help: '0: an unminified bench page, for readable profiles' },
    ...BROWSER_ENV,
  ],
})
const DURATION_MS = benchNumber('BENCH_MAP_SECONDS', process.env['BENCH_MAP_SECONDS'], 15, 1) * 1000
const RATE = benchNumber('BENCH_MAP_RATE', process.env['BENCH_MAP_RATE'], 5000)
/** The gateway's batch window: the hub forwards each batch to the window as one message. */
const BATCH_MS = benchNumber('BENCH_MAP_BATCH_MS', process.env['BENCH_MAP_BATCH_MS'], 50, 1)
const VIEWPORT_RAW = process.env['BENCH_MAP_VIEWPORT'] ?? '1920x1080'
const [VW, VH] = VIEWPORT_RAW.split('x').map((n) => benchNumber('BENCH_MAP_VIEWPORT', n, Number.NaN, 100))
if (VW === undefined || VH === undefined || Number.isNaN(VW) || Number.isNaN(VH)) {
  process.stderr.write(
    `bench:map: BENCH_MAP_VIEWPORT: expected WIDTHxHEIGHT, e.g. 1366x768, got "${VIEWPORT_RAW}"\n`,
  )
  process.exit(2)
}
const VIEWPORT = { width: VW, height: VH }
/** `BENCH_MAP_CASES=ward`: which cases run (the crowded one takes seconds per frame). */
const CASES = (process.env['BENCH_MAP_CASES'] ?? 'ward,crowded').split(',').map((c) => c.trim())
if (CASES.some((c) => c !== 'ward' && c !== 'crowded')) {
  process.stderr.write(`bench:map: BENCH_MAP_CASES: expected ward and/or crowded, got "${CASES.join(',')}"\n`)
  process.exit(2)
}
/** `BENCH_MAP_DELIVERY=message`: each batch applied on arrival (the method before 2026-12-04). */
const DELIVERY = process.env['BENCH_MAP_DELIVERY'] ?? 'frame'
if (DELIVERY !== 'frame' && DELIVERY !== 'message') {
  process.stderr.write(`bench:map: BENCH_MAP_DELIVERY: expected frame or message, got "${DELIVERY}"\n`)
  process.exit(2)
}
/** `BENCH_MAP_PROFILE=1`: also record a V8 CPU profile per case and print the top self-time functions. */
const PROFILE = process.env['BENCH_MAP_PROFILE'] === '1'
/** `BENCH_MAP_LAYER_TIMES=1`: also print each deck.gl layer's total update time (which layer costs). */
const LAYER_TIMES = process.env['BENCH_MAP_LAYER_TIMES'] === '1'
/** `BENCH_MAP_MIX=70,25,5`: percentages of tag moves, bed changes and device polls (default below). */
const MIX = (process.env['BENCH_MAP_MIX'] ?? '').split(',').filter(Boolean).map(Number)
if (MIX.length === 0) MIX.push(DEFAULT_MIX.tags * 100, DEFAULT_MIX.beds * 100, DEFAULT_MIX.devices * 100)
if (MIX.length !== 3 || MIX.some((n) => !Number.isFinite(n)) || MIX.reduce((a, b) => a + b, 0) !== 100) {
  process.stderr.write(
    `bench:map: BENCH_MAP_MIX must be three percentages summing to 100, e.g. 85,5,10 (got ${MIX.join(',')})\n`,
  )
  process.exit(2)
}

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self time per function (ms), highest first: where a flush's main-thread time goes. */
function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame
    if (!frame) return
    const file = frame.url.split('/').pop() ?? ''
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return [...self.entries()]
    .filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => `    ${ms.toFixed(0).padStart(6)} ms  ${key}`)
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–')
const row = (label: string, values: number[]): string =>
  `    ${label.padEnd(40)} p50 ${fmt(pct(values, 50)).padStart(7)}  p95 ${fmt(pct(values, 95)).padStart(7)}  p99 ${fmt(pct(values, 99)).padStart(7)}  max ${fmt(values.reduce((m, v) => Math.max(m, v), -Infinity)).padStart(7)}`

function report(r: MapBenchResults): void {
  const longest = r.longTasks.length ? `, longest ${fmt(Math.max(...r.longTasks))} ms` : ''
  console.log(
    r.delivery === 'frame'
      ? `  ${r.batches} gateway batches (${r.events} events) in ${r.messages} flushes, one per animation frame; FloorMapPanel set new layers on ${r.messagesSettingLayers} of them; ${r.drawnInFlushFrame} drawn in the frame that flushed them`
      : `  ${r.messages} messages (${r.events} events), each applied on arrival; FloorMapPanel set new layers on ${r.messagesSettingLayers} of them`,
  )
  console.log(
    r.delivery === 'frame'
      ? `  per flush (message applied): the hub's flush of the batches since the last (one per ${r.batchMs} ms)`
      : `  per message: the hub's delivery (nominal every ${r.batchMs} ms)`,
  )
  console.log(row('store apply + React render (ms)', r.applyMs))
  console.log(row('interval between messages (ms)', r.messageIntervalMs))
  console.log(
    `  per frame drawn: deck.gl's own loop, ${r.framesDrawn} drawn (probe: ${r.probeFramesDrawn}) of ${r.frameTicks} ticks (${r.animationFrames} animation frames in all), ${r.framesWithUpdate} with a layer update`,
  )
  console.log(row('layer update (ms)', r.updateMs))
  console.log(row('draw: main-thread encoding (ms)', r.drawMs))
  console.log('      (the raster itself happens in the GPU process and is not in this figure)')
  console.log(row('frame interval, draw to draw (ms)', r.frameIntervalMs))
  console.log('  per flush: docs/architecture.md budget, p95 < 12 ms')
  console.log(row('main-thread work per flush (ms)', r.flushWorkMs))
  console.log(
    r.delivery === 'frame'
      ? '      (apply + React + the layer update of the frame that drew it: one flush per frame)'
      : '      (apply + React + the layer update of the first frame drawn after it; messages folded into one\n' +
          "       frame are each charged that frame's whole update: an upper bound)",
  )
  console.log('  latency: docs/architecture.md budget, event → visible p99 < 150 ms')
  console.log(row('event → pixel (ms)', r.latencyMs))
  console.log(row('message applied → drawn (ms)', r.deliveryToDrawnMs))
  console.log(
    '      (events reach the gateway spread over the window before their message; "drawn" = the end of\n' +
      "       deck.gl's draw of the first frame after the message, before the GPU process rasters it)",
  )
  if (r.undrawnMessages > 0)
    console.log(`    ${r.undrawnMessages} messages never drawn (not in the latency figures)`)
  const per = (n: number, d: number): string => (d > 0 ? (n / d).toFixed(0) : '–')
  console.log(
    `  work counted (not timed): per message ${per(r.rowsComputed, r.messages)} attribute rows computed, ` +
      `${per(r.valuesUploaded, r.messages)} binary values uploaded; per frame drawn ${per(r.rowsComputed, r.framesDrawn)} rows, ` +
      `${per(r.valuesUploaded, r.framesDrawn)} values, ${(r.framesDrawn > 0 ? r.layerUpdates / r.framesDrawn : 0).toFixed(1)} layer updates`,
  )
  console.log(
    '      (rows = attribute rows deck.gl recomputed through accessors; how many messages fold into a frame\n' +
      '       depends on the frame rate, so compare runs at similar frame counts)',
  )
  console.log(`  long tasks (> 50 ms): ${r.longTasks.length}${longest}`)
  console.log(`  JS heap after run: ${r.heapMb === null ? 'n/a' : `${r.heapMb.toFixed(0)} MB`}\n`)
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
      `Map benchmark: 12,000 beds, 40,000 tags, 6,000 devices, ${RATE} events/s in one gateway batch per ${BATCH_MS} ms, ` +
        (DELIVERY === 'frame' ? 'flushed once per animation frame' : 'each applied on arrival') +
        `, ${DURATION_MS / 1000} s per case, ${VIEWPORT.width}×${VIEWPORT.height}`,
    )
    console.log(
      `Event mix: ${MIX[0]} % tag moves, ${MIX[1]} % bed changes, ${MIX[2]} % device polls (1 in 20 an up/down flip); a standing outage on the shown floor.`,
    )
    console.log('Chromium with SwiftShader (software WebGL): relative figures only.\n')
    for (const [key, label, levels] of [
      ['ward', 'bench trust over 40 levels (one ward floor shown)', 40],
      ['crowded', 'crowded: everything on one level', 1],
    ] as const) {
      if (!CASES.includes(key)) continue
      const page = await browser.newPage({ viewport: VIEWPORT })
      page.on('pageerror', (error) => console.error('page error:', error.message))
      await page.goto(
        `${url}/?levels=${levels}&mix=${MIX.join(',')}&hide=${process.env['BENCH_MAP_HIDE'] ?? ''}&layerTimes=${LAYER_TIMES ? 1 : 0}&delivery=${DELIVERY}`,
      )
      await page.waitForFunction(() => 'watchfloorMapBench' in window, undefined, { timeout: 60_000 })
      const cdp = PROFILE ? await page.context().newCDPSession(page) : null
      if (cdp) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
        await cdp.send('Profiler.start')
      }
      const results = (await page.evaluate(
        ([duration, rate, batch]) =>
          (
            window as unknown as {
              watchfloorMapBench: { run(d: number, r: number, b: number): Promise<unknown> }
            }
          ).watchfloorMapBench.run(duration, rate, batch),
        [DURATION_MS, RATE, BATCH_MS] as const,
      )) as MapBenchResults
      const layerTimes = LAYER_TIMES
        ? await page.evaluate(() =>
            (
              window as unknown as {
                watchfloorLayerTimes(): [
                  string,
                  { ms: number; calls: number; reasons: Record<string, number> },
                ][]
              }
            ).watchfloorLayerTimes(),
          )
        : []
      const profile = cdp ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : null
      await page.close()
      console.log(
        `${label}: ${results.visibleBeds} beds and ${results.visibleAssets} tags on the shown level`,
      )
      report(results)
      if (layerTimes.length > 0) {
        console.log('  layer update time by layer (total over the run):')
        for (const [id, t] of layerTimes.sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
          console.log(
            `    ${t.ms.toFixed(0).padStart(6)} ms  ${String(t.calls).padStart(5)} updates  ${id}  (${Object.entries(
              t.reasons,
            )
              .sort((a, b) => b[1] - a[1])
              .slice(0, 3)
              .map(([r, n]) => `${n}× ${r}`)
              .join('; ')})`,
          )
        console.log('')
      }
      if (profile) console.log(`  top self time (CPU profile):\n${topSelfTime(profile, 30).join('\n')}\n`)
    }
  } finally {
    await browser.close()
    await close()
  }
}

await main()
