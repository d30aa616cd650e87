/**
 * `npm run bench:idle` — what a wall costs the browser while it just shows the hospital (issue "A
 * wall that idles"): each preset board at 1920×1080 (`?mode=wall`), against a demo gateway at 8
 * (a real trust's rate), 50, 500 and 5,000 events per second, `--seconds` each (30 by default).
 *
 * For every board × rate, after the board is live and a warm-up, it reads over the window:
 *   - main-thread task time per second: CDP `Performance.getMetrics` TaskDuration (everything
 *     the renderer's main thread ran: script, style, layout, paint, GC), and per 1,000 events;
 *   - script time per second (ScriptDuration), layout + style recalc per second;
 *   - GPU-process CPU per second and the renderer process's CPU per second (CDP
 *     `SystemInfo.getProcessInfo`, cumulative CPU seconds per process of this browser only);
 *   - long tasks (> 50 ms, PerformanceObserver `longtask`) and the JS heap at the end;
 *   - `--profile`: then an uncounted window under the CPU profiler, self time by function and area;
 *   - `--trace`: then an uncounted window under Chromium's tracing, the main thread's frame phases
 *     (begin frame, style and layout, paint, commit) in ms per second (tracePhases.ts);
 *   - per flush, from the page's own probe (flushProbe.ts, renderer/host/flushProbe.ts): work per
 *     hub message p95, deck.gl's frame work p95, event → frame p99, frame interval p50 and the p99's
 *     margin against the batch window + two frame intervals;
 *   - events: the entity changes the page itself received over the window (the probe counts the
 *     upserts + removes of every hub message as it is applied; the hub coalesces repeats of one
 *     entity within a frame), and "per 1,000 events" is the window's main-thread task ms divided
 *     by them — not the rate asked for, nor the gateway's count read at other moments. The
 *     gateway's accepted ingest operations over the window (`/metrics`,
 *     `watchfloor_ingest_ops_total{result="accepted"}`) are printed beside it.
 * The load average is printed with every row: the machine's other work shows up in these figures.
 * WebGL is SwiftShader (software) here; a wall PC's GPU does the map's drawing far cheaper.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, CDPSession } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { RENDERER_DIR, openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'
import { runDetached } from '../../shared/util/runDetached.ts'
import { topSelfTime, type CpuProfile } from './cpuProfile.ts'
import {
  FLUSH_COLUMNS,
  clearFlushProbe,
  enableFlushProbe,
  flushCells,
  readFlushProbe,
  type FlushFigures,
} from './flushProbe.ts'
import { countRenders, installRenderCounter } from './renderCount.ts'
import { mainThreadPhases, TRACE_CATEGORIES } from './tracePhases.ts'
import { BROWSER_ENV, benchNumber, buildRenderer, readBenchArgs } from './benchCli.ts'

const args = readBenchArgs({
  name: 'bench:idle',
  usage: 'npm run bench:idle [-- flags]',
  summary:
    'Each preset board on a 1920×1080 wall in Chromium against the demo gateway at several event rates;\n' +
    'prints main-thread task time per second and per 1,000 events, script time, GPU-process CPU and heap.',
  flags: {
    rates: {
      type: 'string',
      arg: 'LIST',
      default: '8,50,500,5000',
      help: 'demo events per second, comma-separated',
    },
    boards: {
      type: 'string',
      arg: 'LIST',
      default: 'capacity,site-manager,digital-ops',
      help: 'preset board ids, comma-separated',
    },
    seconds: { type: 'string', arg: 'N', default: '30', help: 'measured seconds per board and rate' },
    warmup: { type: 'string', arg: 'N', default: '5', help: 'seconds between live and the measured window' },
    'gateway-warmup': {
      type: 'string',
      arg: 'N',
      default: '15',
      help: "seconds between a rate's gateway listening and its first board (a start-up backlog drains: docs/benchmarks.md)",
    },
    scale: {
      type: 'string',
      arg: 'N',
      default: '1',
      help: 'demo trust size (1 = a real trust, 10 = bench scale)',
    },
    profile: {
      type: 'string',
      arg: 'DIR',
      default: '',
      help: 'after each measured window, an uncounted one under the CPU profiler: self time by function, and DIR/<board>-<rate>.cpuprofile (open in Chromium DevTools)',
    },
    trace: {
      type: 'string',
      arg: 'DIR',
      default: '',
      help: "after each measured window, an uncounted one under Chromium's tracing: the main thread's frame phases per second, and DIR/<board>-<rate>.trace.json (open in Chromium DevTools' Performance panel)",
    },
    renders: {
      type: 'boolean',
      help: 'after each measured window, an uncounted one counting React renders, DOM mutations and animations per panel',
    },
  },
  env: [...BROWSER_ENV],
})

const RATES = args.rates.split(',').map((r) => benchNumber('--rates', r.trim(), 0, 0))
const BOARDS = args.boards
  .split(',')
  .map((b) => b.trim())
  .filter((b) => b !== '')
const SECONDS = benchNumber('--seconds', args.seconds, 30, 1)
const WARMUP = benchNumber('--warmup', args.warmup, 5, 0)
const GATEWAY_WARMUP = benchNumber('--gateway-warmup', args['gateway-warmup'], 15, 0)
const SCALE = benchNumber('--scale', args.scale, 1, 0.01)

type Metrics = Record<string, number>
type ProcessCpu = { readonly gpu: number; readonly renderer: number }
type Row = {
  readonly rate: number
  readonly board: string
  readonly events: number
  /** Entity changes the page received in the window (flushProbe); null without the probe. */
  readonly received: number | null
  /** Main-thread task ms over the whole window (TaskDuration delta). */
  readonly taskMs: number
  readonly taskMsPerS: number
  readonly scriptMsPerS: number
  readonly layoutMsPerS: number
  readonly gpuCpuMsPerS: number | null
  readonly rendererCpuMsPerS: number | null
  readonly longTasks: number
  /** Frames the floor map drew per second (0 on a board without one). */
  readonly mapFramesPerS: number
  /** Times the map's canvas changed size in the window (each re-allocates its drawing buffer). */
  readonly mapResizes: number
  readonly heapMb: number
  readonly load1: number
  /** The page's own per-flush figures (flushProbe.ts). */
  readonly flushes: FlushFigures | null
}

async function pageMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[]
  }
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

/** Cumulative CPU seconds of this browser's GPU process and of its renderer processes. */
async function processCpu(browserCdp: CDPSession): Promise<ProcessCpu | null> {
  const info = (await browserCdp.send('SystemInfo.getProcessInfo').catch(() => null)) as {
    processInfo: { type: string; cpuTime: number }[]
  } | null
  if (!info) return null
  const sum = (type: string): number =>
    info.processInfo.filter((p) => p.type === type).reduce((total, p) => total + p.cpuTime, 0)
  return { gpu: sum('GPU'), renderer: sum('renderer') }
}

/** Sum of the gateway's accepted ingest operations (every source, every topic). */
async function acceptedOps(gateway: GatewayProcess): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text()
  let total = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('watchfloor_ingest_ops_total{') && line.includes('result="accepted"')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1))
    }
  }
  return total
}

/** Runs in the page before its scripts: counts long tasks. */
function installLongTaskCounter(): void {
  const counter = { count: 0 }
  ;(window as unknown as { __longTasks: typeof counter }).__longTasks = counter
  new PerformanceObserver((list) => {
    counter.count += list.getEntries().length
  }).observe({ type: 'longtask', buffered: false })
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (v: number | null, digits = 0): string =>
  v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits)

async function measure(browser: Browser, gateway: GatewayProcess, rate: number, board: string): Promise<Row> {
  const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 })
  try {
    await page.addInitScript(installLongTaskCounter)
    await page.addInitScript(enableFlushProbe)
    if (args.renders) await page.addInitScript(installRenderCounter)
    await openBoard(page, gateway, `?mode=wall&board=${board}`)
    await waitForLive(page, 90_000)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
    const browserCdp = await browser.newBrowserCDPSession()
    // The warm-up is part of the measurement's definition (the board settled after its first
    // snapshot), not a wait for something to happen.
    await delay(WARMUP * 1000)
    await clearFlushProbe(page)
    const before = await pageMetrics(cdp)
    const cpuBefore = await processCpu(browserCdp)
    const opsBefore = await acceptedOps(gateway)
    const longBefore = await page.evaluate(
      () => (window as unknown as { __longTasks: { count: number } }).__longTasks.count,
    )
    const mapFrames = (): Promise<number> =>
      page.evaluate(
        () => (window as unknown as { __watchfloorMapFrames?: number }).__watchfloorMapFrames ?? 0,
      )
    const mapResizes = (): Promise<number> =>
      page.evaluate(
        () => (window as unknown as { __watchfloorMapResizes?: number }).__watchfloorMapResizes ?? 0,
      )
    const framesBefore = await mapFrames()
    const resizesBefore = await mapResizes()
    await delay(SECONDS * 1000)
    const after = await pageMetrics(cdp)
    // Right after the metrics: the page's count covers the same window as the task time.
    const flushes = await readFlushProbe(page)
    const cpuAfter = await processCpu(browserCdp)
    const opsAfter = await acceptedOps(gateway)
    const longAfter = await page.evaluate(
      () => (window as unknown as { __longTasks: { count: number } }).__longTasks.count,
    )
    const framesAfter = await mapFrames()
    const resizesAfter = await mapResizes()
    await browserCdp.detach()
    if (args.profile !== '') {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
      await cdp.send('Profiler.start')
      await delay(SECONDS * 1000)
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
      mkdirSync(args.profile, { recursive: true })
      const file = join(args.profile, `${board}-${rate}.cpuprofile`)
      writeFileSync(file, JSON.stringify(profile))
      console.log(`  profile written: ${file}`)
      console.log(`  ${board} at ${rate} ev/s:`)
      for (const line of await topSelfTime(profile, 20)) console.log(line)
    }
    if (args.renders) {
      console.log(`  ${board} at ${rate} ev/s:`)
      for (const line of await countRenders(page, cdp, SECONDS)) console.log(line)
    }
    if (args.trace !== '') {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES })
      await delay(SECONDS * 1000)
      const trace = await browser.stopTracing()
      mkdirSync(args.trace, { recursive: true })
      const file = join(args.trace, `${board}-${rate}.trace.json`)
      writeFileSync(file, trace)
      console.log(`  trace written: ${file}`)
      console.log(`  ${board} at ${rate} ev/s, main thread under tracing (inclusive, so rows overlap):`)
      for (const p of mainThreadPhases(JSON.parse(trace.toString('utf8')) as unknown))
        console.log(`    ${fmt(p.msPerS, 2).padStart(8)} ms/s ${fmt(p.perS, 1).padStart(6)}/s  ${p.name}`)
    }
    const elapsed = (after['Timestamp'] ?? 0) - (before['Timestamp'] ?? 0) || SECONDS
    const perS = (name: string): number => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / elapsed
    if (problems.errors.length > 0)
      console.log(`    page problems: ${problems.errors.slice(0, 3).join('; ')}`)
    return {
      rate,
      board,
      events: opsAfter - opsBefore,
      received: flushes ? flushes.received : null,
      taskMs: ((after['TaskDuration'] ?? 0) - (before['TaskDuration'] ?? 0)) * 1000,
      taskMsPerS: perS('TaskDuration'),
      scriptMsPerS: perS('ScriptDuration'),
      layoutMsPerS: perS('LayoutDuration') + perS('RecalcStyleDuration'),
      gpuCpuMsPerS: cpuBefore && cpuAfter ? ((cpuAfter.gpu - cpuBefore.gpu) * 1000) / elapsed : null,
      // Renderer processes of this browser: the board's page is the only one open.
      rendererCpuMsPerS:
        cpuBefore && cpuAfter ? ((cpuAfter.renderer - cpuBefore.renderer) * 1000) / elapsed : null,
      longTasks: longAfter - longBefore,
      mapFramesPerS: (framesAfter - framesBefore) / elapsed,
      mapResizes: resizesAfter - resizesBefore,
      heapMb: (after['JSHeapUsedSize'] ?? 0) / 2 ** 20,
      load1: loadavg()[0] ?? 0,
      flushes,
    }
  } finally {
    await context.close()
  }
}

let gateway: GatewayProcess | null = null
let browser: Browser | null = null
const killChildren = (): void => {
  if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null)
    gateway.child.kill('SIGKILL')
}
process.on('exit', killChildren)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (browser) runDetached(browser.close(), () => undefined)
    killChildren()
    process.exit(130)
  })
}

async function main(): Promise<void> {
  buildRenderer()
  const root = fileURLToPath(new URL('../..', import.meta.url))
  if (!existsSync(join(root, RENDERER_DIR, 'index.html')))
    throw new Error(`no built renderer in ${RENDERER_DIR}`)
  // A private copy: another build emptying out/renderer mid-run must not break the page.
  const served = 'out/bench-renderer/idle'
  rmSync(join(root, served), { recursive: true, force: true })
  cpSync(join(root, RENDERER_DIR), join(root, served), { recursive: true })
  browser = await launchBrowser()
  console.log(
    `Idle cost: boards ${BOARDS.join(', ')} at 1920×1080 (wall mode), demo --scale ${SCALE}, ` +
      `${SECONDS} s each after a ${WARMUP} s warm-up; rates ${RATES.join(', ')} ev/s`,
  )
  console.log(
    `machine: ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB; node ${process.version}; ` +
      `Chromium ${browser.version()} (SwiftShader WebGL)\n`,
  )
  const header =
    '| board | ev/s asked | events taken (gateway) | events received (page) | main-thread task ms/s | per 1,000 events received | script ms/s | style+layout ms/s | renderer CPU ms/s | GPU-process CPU ms/s | long tasks | map frames/s | map canvas resizes | JS heap MB | load avg (1 min) | ' +
    FLUSH_COLUMNS +
    ' |'
  const rows: string[] = []
  for (const rate of RATES) {
    gateway = await startWebGateway({ scale: SCALE, rate, serveRenderer: served, timeoutMs: 120_000 })
    // Part of the measurement's definition, like the board's warm-up: a board measured soon after
    // its gateway started sometimes met a backlog of seconds between the gateway's acceptance and
    // the page (more changes received than the gateway took in the window, seconds old; not
    // located further: docs/benchmarks.md, "Fewer frames per batch").
    await delay(GATEWAY_WARMUP * 1000)
    try {
      for (const board of BOARDS) {
        const r = await measure(browser, gateway, rate, board)
        // Task ms and events over the same window: no per-second rate (nor nominal window) in it.
        const perThousand = r.received !== null && r.received > 0 ? (r.taskMs / r.received) * 1000 : null
        const line = `| ${board} | ${rate} | ${r.events} | ${r.received ?? '–'} | ${fmt(r.taskMsPerS, 1)} | ${fmt(perThousand, 1)} | ${fmt(r.scriptMsPerS, 1)} | ${fmt(r.layoutMsPerS, 1)} | ${fmt(r.rendererCpuMsPerS)} | ${fmt(r.gpuCpuMsPerS)} | ${r.longTasks} | ${fmt(r.mapFramesPerS, 1)} | ${r.mapResizes} | ${fmt(r.heapMb, 1)} | ${fmt(r.load1, 2)} | ${flushCells(r.flushes)} |`
        console.log(line)
        rows.push(line)
        if (r.received !== null && r.events > 0 && r.received > r.events * 1.25) {
          console.log(
            `  ⚠ ${board} at ${rate} ev/s: the page received ${r.received} changes for ${r.events} the gateway ` +
              'took in the window: a backlog from before it — not comparable with other rows',
          )
        }
      }
    } finally {
      await gateway.stop()
      gateway = null
    }
  }
  console.log(`\n${header}\n|${'---|'.repeat(header.split('|').length - 2)}\n${rows.join('\n')}`)
  await browser.close()
  browser = null
}

main().catch((error: unknown) => {
  console.error(error)
  killChildren()
  process.exit(1)
})
