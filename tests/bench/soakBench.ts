/**
 * `npm run bench:soak` — docs/architecture.md budget "renderer JS heap at bench scale < 300 MB; growth over
 * a 30-min soak < 5 %". Not part of `npm run bench`: it runs for SOAK_MINUTES (default 30).
 *
 * A real gateway (`--demo --scale 10 --rate 5000`, 127.0.0.1) serves the built renderer; one
 * board is open in Debian's Chromium for the whole run. Every 30 s the bench forces a full GC in
 * the page (`--js-flags=--expose-gc`, `window.gc()`) and reads the JS heap in use (CDP
 * `Runtime.getHeapUsage`; `performance.memory` can lag behind a GC) three times 0.5 s apart,
 * keeping the lowest (the retained floor, which a leak raises) and the highest (against the
 * budget); plus the DOM node and listener counts (CDP `Memory.getDOMCounters`) and the feeds'
 * sequence numbers, so a page that stopped receiving (which would also stop growing) is seen.
 *
 * Prints every sample, then:
 *   - baseline: the mean of the samples in the first 5 minutes (the first third of the run when
 *     it is shorter than 15 minutes), after the snapshot has loaded;
 *   - end: the mean of the samples in the last 5 minutes (the last third when shorter);
 *   - growth % = (end − baseline) / baseline, on the floors; and the highest reading of the run.
 *
 * Baseline, end and growth are computed per board shown at the sample (`[data-board]`): a wall
 * (`SOAK_QUERY='?mode=wall'`) rotates through the presets every minute and each board has its own
 * live set, so only like is compared with like; the worst board's growth is the figure.
 *
 * Env: SOAK_MINUTES (30), SOAK_QUERY (`?board=site-manager`: a desktop on the board holding every
 * bed and asset in its tables — the heaviest preset, and no rotation), SOAK_SCALE (10),
 * SOAK_RATE (5000).
 * SOAK_HEAP_PROFILE=1 also runs V8's sampling heap profiler from the first sample to the end and
 * prints the allocation sites of what is still alive after a final GC (where retained memory was
 * allocated), mapped to the renderer's sources through its source maps.
 * Stops by itself after the duration (a watchdog kills it 5 minutes later regardless); Ctrl-C
 * closes the browser and the gateway.
 */
import { cpSync, existsSync, rmSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { RENDERER_DIR, openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'
import { BROWSER_ENV, benchNumber, buildRenderer, readBenchArgs } from './benchCli.ts'
import { createSourceLocator, type CallFrame } from './cpuProfile.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

readBenchArgs({
  name: 'bench:soak',
  usage: 'npm run bench:soak [-- --help]',
  summary:
    "One board open in Chromium against a demo gateway at bench scale for SOAK_MINUTES; samples the page's\n" +
    'JS heap after a forced GC every 30 s and prints the growth from the first minutes to the last.',
  flags: {},
  env: [
    { name: 'SOAK_MINUTES', default: '30', help: 'how long it runs' },
    { name: 'SOAK_QUERY', default: '?board=site-manager', help: "the board's query, e.g. ?mode=wall" },
    { name: 'SOAK_SCALE', default: '10', help: 'demo trust size (10 = bench scale)' },
    { name: 'SOAK_RATE', default: '5000', help: 'demo events per second' },
    {
      name: 'SOAK_HEAP_PROFILE',
      default: '0',
      help: '1: also the sampling heap profiler: where what is still alive was allocated',
    },
    ...BROWSER_ENV,
  ],
})
const MINUTES = benchNumber('SOAK_MINUTES', process.env['SOAK_MINUTES'], 30, 0.1)
const QUERY = process.env['SOAK_QUERY'] ?? '?board=site-manager'
const SCALE = benchNumber('SOAK_SCALE', process.env['SOAK_SCALE'], 10, 0.01)
const RATE = benchNumber('SOAK_RATE', process.env['SOAK_RATE'], 5000)
const SAMPLE_EVERY_MS = 30_000
const WINDOW_MS = 5 * 60_000
const HEAP_BUDGET_MB = 300
const GROWTH_BUDGET_PCT = 5
const HEAP_PROFILE = process.env['SOAK_HEAP_PROFILE'] === '1'

buildRenderer()

type Sample = {
  readonly atMs: number
  /** Lowest of three readings after a forced GC (the retained floor). */
  readonly heapMb: number
  /** Highest of the three. */
  readonly heapMaxMb: number
  readonly nodes: number | null
  readonly listeners: number | null
  readonly seqTotal: number
  /** Resyncs of all topics so far, and how many of the four feeds the strip shows LIVE. */
  readonly resyncs: number
  readonly liveFeeds: number
  readonly connection: string
  readonly board: string
  readonly loadAverage: number
}

const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–')
const mean = (values: readonly number[]): number =>
  values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length

type SamplingNode = { callFrame: CallFrame; selfSize: number; children: SamplingNode[] }

/** Allocation sites by live bytes in a sampling heap profile, located through source maps. */
async function topRetainers(head: SamplingNode, count: number): Promise<string[]> {
  const bySite = new Map<string, { bytes: number; frame: CallFrame }>()
  let total = 0
  const visit = (node: SamplingNode): void => {
    if (node.selfSize > 0) {
      const f = node.callFrame
      const key = `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`
      const site = bySite.get(key) ?? { bytes: 0, frame: f }
      site.bytes += node.selfSize
      bySite.set(key, site)
      total += node.selfSize
    }
    for (const child of node.children) visit(child)
  }
  visit(head)
  const locate = createSourceLocator()
  const lines = [`  live allocations by site (sampled, ${fmt(total / 2 ** 20)} MB in all):`]
  for (const { bytes, frame } of [...bySite.values()].sort((a, b) => b.bytes - a.bytes).slice(0, count)) {
    lines.push(
      `    ${fmt(bytes / 2 ** 20).padStart(7)} MB  ${(frame.functionName || '(anonymous)').padEnd(28)} ${await locate(frame)}`,
    )
  }
  return lines
}

let gateway: GatewayProcess | null = null
let browser: Browser | null = null
let stopping = false
const killChildren = (): void => {
  if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null)
    gateway.child.kill('SIGKILL')
}
process.on('exit', killChildren)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true
    // Best effort: the process exits on the next lines whatever the browser does.
    if (browser) runDetached(browser.close(), () => undefined)
    killChildren()
    process.exit(130)
  })
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  if (!existsSync(join(root, RENDERER_DIR, 'index.html'))) {
    throw new Error(`no built renderer in ${RENDERER_DIR}: run npm run build:renderer first`)
  }
  // A private copy: another build emptying out/renderer mid-run must not break the page.
  const served = `out/bench-renderer/soak`
  rmSync(join(root, served), { recursive: true, force: true })
  cpSync(join(root, RENDERER_DIR), join(root, served), { recursive: true })
  gateway = await startWebGateway({ scale: SCALE, rate: RATE, serveRenderer: served, timeoutMs: 120_000 })
  browser = await launchBrowser({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] })
  console.log(
    `Soak: gateway --demo --scale ${SCALE} --rate ${RATE} on 127.0.0.1; board ${QUERY} at 1920×1080; ` +
      `${MINUTES} min, heap sampled every ${SAMPLE_EVERY_MS / 1000} s after a forced GC`,
  )
  console.log(
    `machine: ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30)} GiB (${fmt(freemem() / 2 ** 30)} free), load average ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; node ${process.version}; Chromium ${browser.version()}; ` +
      `targets < ${HEAP_BUDGET_MB} MB, growth < ${GROWTH_BUDGET_PCT} %\n`,
  )

  const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 })
  const cdp = await context.newCDPSession(page)
  await openBoard(page, gateway, QUERY)
  await waitForLive(page, 120_000)
  if (HEAP_PROFILE) {
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.startSampling')
  }

  const samples: Sample[] = []
  const start = Date.now()
  const end = start + MINUTES * 60_000
  console.log(
    '   time   heap MB (floor / high)   DOM nodes  listeners   Σ seq  resyncs  live  connection  load   board',
  )
  for (let next = start; next <= end && !stopping; next += SAMPLE_EVERY_MS) {
    const wait = next - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    // Three GC'd readings 0.5 s apart: the page's live set swings with the work in flight (a table
    // rebuilding its rows holds both generations for a moment), so the lowest is the retained
    // floor — what a leak raises — and the highest counts against the heap budget. The heap is
    // read through CDP (V8's own figure): `performance.memory` can lag behind a GC.
    const heaps: number[] = []
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 500))
      const collected = await page.evaluate(() => {
        const gc = (window as unknown as { gc?: () => void }).gc
        gc?.()
        return gc !== undefined
      })
      if (!collected) throw new Error('window.gc is missing: Chromium did not take --js-flags=--expose-gc')
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      heaps.push(usage.usedSize)
    }
    const reading = await page.evaluate(() => {
      const seqs = [...document.querySelectorAll('.strip-feeds [data-seq]')].map((el) =>
        Number(el.getAttribute('data-seq')),
      )
      const resyncs = [...document.querySelectorAll('.strip-feeds [data-resyncs]')].map((el) =>
        Number(el.getAttribute('data-resyncs')),
      )
      const live = document.querySelectorAll('.strip-feeds [data-freshness="live"]').length
      return {
        seqTotal: seqs.reduce((a, b) => a + b, 0),
        resyncs: resyncs.reduce((a, b) => a + b, 0),
        live,
        board: document.querySelector('[data-board]')?.getAttribute('data-board') ?? 'none',
        connection:
          document.querySelector('[data-testid="status-strip"]')?.getAttribute('data-connection-status') ??
          'none',
      }
    })
    const counters = (await cdp.send('Memory.getDOMCounters').catch((error: unknown) => {
      console.error(`DOM counters unavailable: ${(error as Error).message}`)
      return null
    })) as { nodes: number; jsEventListeners: number } | null
    const sample: Sample = {
      atMs: Date.now() - start,
      heapMb: Math.min(...heaps) / 2 ** 20,
      heapMaxMb: Math.max(...heaps) / 2 ** 20,
      nodes: counters?.nodes ?? null,
      listeners: counters?.jsEventListeners ?? null,
      seqTotal: reading.seqTotal,
      resyncs: reading.resyncs,
      liveFeeds: reading.live,
      connection: reading.connection,
      board: reading.board,
      loadAverage: loadavg()[0] ?? NaN,
    }
    samples.push(sample)
    const minutes = Math.floor(sample.atMs / 60_000)
    const seconds = Math.floor((sample.atMs % 60_000) / 1000)
    console.log(
      `  ${String(minutes).padStart(3)}:${String(seconds).padStart(2, '0')}  ${fmt(sample.heapMb).padStart(8)} / ${fmt(sample.heapMaxMb).padStart(6)}       ` +
        `${String(sample.nodes ?? '–').padStart(10)}  ${String(sample.listeners ?? '–').padStart(9)}  ` +
        `${String(sample.seqTotal).padStart(7)}  ${String(sample.resyncs).padStart(7)}  ${String(sample.liveFeeds).padStart(2)}/4  ${sample.connection.padEnd(10)}  ${fmt(sample.loadAverage, 2).padStart(5)}  ${sample.board}`,
    )
  }

  const durationMs = samples.at(-1)?.atMs ?? 0
  // A short run (SOAK_MINUTES < 15) compares its first and last thirds instead of 5-min windows.
  const windowMs = Math.min(WINDOW_MS, durationMs / 3)
  const boards = [...new Set(samples.map((s) => s.board))]
  const perBoard = boards.map((board) => {
    const own = samples.filter((s) => s.board === board)
    const baseline = mean(own.filter((s) => s.atMs <= windowMs).map((s) => s.heapMb))
    const final = mean(own.filter((s) => s.atMs >= durationMs - windowMs).map((s) => s.heapMb))
    return { board, samples: own.length, baseline, final, growth: ((final - baseline) / baseline) * 100 }
  })
  const growths = perBoard.map((b) => b.growth).filter((g) => Number.isFinite(g))
  const growth = growths.length > 0 ? Math.max(...growths) : NaN
  const max = Math.max(...samples.map((s) => s.heapMaxMb))
  const firstSeq = samples[0]?.seqTotal ?? 0
  const lastSeq = samples.at(-1)?.seqTotal ?? 0
  const disconnected = samples.filter((s) => s.connection !== 'connected').length
  console.log('')
  console.log(`  samples                 ${samples.length} over ${fmt(durationMs / 60_000)} min`)
  console.log("  (baseline, end and growth use each sample's floor; max uses the highest reading)")
  for (const b of perBoard) {
    console.log(
      `  board ${b.board.padEnd(14)}  ${b.samples} samples; baseline (first ${fmt(windowMs / 60_000)} min) ${fmt(b.baseline)} MB, ` +
        `end (last ${fmt(windowMs / 60_000)} min) ${fmt(b.final)} MB, growth ${fmt(b.growth, 2)} %`,
    )
  }
  console.log(
    `  growth (worst board)    ${fmt(growth, 2)} % (${Number.isFinite(growth) ? (growth < GROWTH_BUDGET_PCT ? 'within' : 'OVER') : 'no board sampled in both windows: run longer'} the ${GROWTH_BUDGET_PCT} % budget)`,
  )
  console.log(
    `  max                     ${fmt(max)} MB (${max < HEAP_BUDGET_MB ? 'within' : 'OVER'} the ${HEAP_BUDGET_MB} MB budget)`,
  )
  console.log(
    `  feed progress           Σ seq ${firstSeq} → ${lastSeq}; ${disconnected} sample(s) not connected` +
      (lastSeq > firstSeq ? '' : ' — THE PAGE STOPPED RECEIVING: growth figures are meaningless'),
  )
  if (HEAP_PROFILE) {
    await page.evaluate(() => (window as unknown as { gc: () => void }).gc())
    const { profile } = (await cdp.send('HeapProfiler.getSamplingProfile')) as unknown as {
      profile: { head: SamplingNode }
    }
    await cdp.send('HeapProfiler.stopSampling')
    for (const line of await topRetainers(profile.head, 15)) console.log(line)
  }
  if (problems.errors.length > 0) {
    console.log(`  page problems           ${problems.errors.length}, first: ${problems.errors[0]}`)
  }
  await context.close()
}

const watchdog = setTimeout(
  () => {
    console.error('soak bench: overall time limit reached; stopping')
    killChildren()
    process.exit(1)
  },
  (MINUTES + 5) * 60_000 + 240_000,
)
watchdog.unref()
try {
  await main()
} catch (error) {
  console.error(`soak bench failed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await shutdown()
}

/** Closes the browser and stops the gateway (a function: module `let`s are not narrowed in it). */
async function shutdown(): Promise<void> {
  await browser?.close()
  await gateway?.stop()
}
