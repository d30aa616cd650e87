/**
 * `npm run bench:cold-start` — docs/architecture.md budget "cold start: connect → full snapshot drawn, bench
 * scale < 3 s", in Debian's Chromium against the browser host served by a real gateway
 * (`--demo --scale 10 --rate 5000`, 127.0.0.1), the way `npm run web` gives an operator a board.
 *
 * Each run opens the board in a fresh browser context (empty cache and storage) and records, in
 * the page, from navigation start (`performance.now()` is relative to it):
 *   - page loaded: DOMContentLoaded (HTML + the renderer's script);
 *   - connected: the status strip says CONNECTED (hub's socket up);
 *   - snapshot in the store: every feed badge of the status strip has left NO DATA, i.e. the
 *     store holds the snapshot of all four topics (a topic's `confirmedAt` is set by its snapshot);
 *   - drawn: the frame in which the strip shows every feed LIVE, every panel's freshness badge is
 *     LIVE, no panel still says "Waiting for…" (tables and KPIs computed from the snapshot, the
 *     map's site model) and every floor map has its plan loaded (`data-plan="loaded"`) — read in
 *     a requestAnimationFrame callback, so that frame is the one painted.
 * and the JS heap when drawn and after a forced GC (`--enable-precise-memory-info`,
 * `--js-flags=--expose-gc`).
 *
 * Two displays: the site manager's desktop (1366×768, the Site manager board with its bed and
 * equipment tables) and a wall (1920×1080, `?mode=wall`, the Capacity board). 5 runs each; prints
 * p50 and max. The gateway stays up across runs: it is the client's cold start that is measured.
 * WebGL is SwiftShader (software) here, so a board with a floor map pays far more to draw than on
 * a wall PC's GPU: figures are relative. "Drawn" is the DOM condition above; it does not wait for
 * the map's first WebGL frame, which the DOM does not show.
 *
 * Env: COLD_START_RUNS (5), COLD_START_SCALE (10), COLD_START_RATE (5000). Needs the built
 * renderer (`npm run build:renderer`, which the npm script runs first).
 * COLD_START_PROFILE=1 adds one extra, uncounted run per display under the CDP CPU profiler
 * (started on the gateway's origin, then the board is opened) and prints the functions with the
 * most self time, mapped to the renderer's sources through its source maps; the profiles are
 * written to out/bench-cold-start/*.cpuprofile (open them in Chromium DevTools).
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, CDPSession } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { RENDERER_DIR, openBoard, startWebGateway } from '../support/webBoard.ts'
import { topSelfTime, type CpuProfile } from './cpuProfile.ts'
import { BROWSER_ENV, benchNumber, buildRenderer, readBenchArgs } from './benchCli.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

readBenchArgs({
  name: 'bench:cold-start',
  usage: 'npm run bench:cold-start [-- --help]',
  summary:
    'Opens a board in a fresh Chromium context against a demo gateway at bench scale, on a desktop and a\n' +
    'wall; prints page loaded → connected → snapshot in the store → drawn, and the JS heap.',
  flags: {},
  env: [
    { name: 'COLD_START_RUNS', default: '5', help: 'runs per display' },
    { name: 'COLD_START_SCALE', default: '10', help: 'demo trust size (10 = bench scale)' },
    { name: 'COLD_START_RATE', default: '5000', help: 'demo events per second' },
    {
      name: 'COLD_START_PROFILE',
      default: '0',
      help: '1: one extra run per display under the CPU profiler (out/bench-cold-start/)',
    },
    ...BROWSER_ENV,
  ],
})
const RUNS = benchNumber('COLD_START_RUNS', process.env['COLD_START_RUNS'], 5, 1)
const SCALE = benchNumber('COLD_START_SCALE', process.env['COLD_START_SCALE'], 10, 0.01)
const RATE = benchNumber('COLD_START_RATE', process.env['COLD_START_RATE'], 5000)
const RUN_TIMEOUT_MS = 90_000
const TARGET_MS = 3_000
const PROFILE = process.env['COLD_START_PROFILE'] === '1'

buildRenderer()

const CASES = [
  { label: 'desktop 1366×768, Site manager board', width: 1366, height: 768, query: '?board=site-manager' },
  { label: 'wall 1920×1080, Capacity board', width: 1920, height: 1080, query: '?mode=wall&board=capacity' },
] as const

type Marks = {
  domContentLoaded: number | null
  connected: number | null
  store: number | null
  drawn: number | null
  heapAtDrawnMb: number | null
  /** Frames painted from navigation to drawn, and the longest gap between two: main-thread load. */
  frames: number
  longestFrameGapMs: number
}

/**
 * Runs in the page before its scripts: a requestAnimationFrame loop that notes when each
 * milestone first holds, then stops. Reads the DOM only — no hook into the product.
 */
function installProbe(timeoutMs: number): void {
  const marks: Marks = {
    domContentLoaded: null,
    connected: null,
    store: null,
    drawn: null,
    heapAtDrawnMb: null,
    frames: 0,
    longestFrameGapMs: 0,
  }
  let lastFrame = performance.now()
  ;(window as unknown as { __coldStart: Marks }).__coldStart = marks
  document.addEventListener('DOMContentLoaded', () => {
    marks.domContentLoaded = performance.now()
  })
  const check = (): void => {
    const now = performance.now()
    marks.frames += 1
    marks.longestFrameGapMs = Math.max(marks.longestFrameGapMs, now - lastFrame)
    lastFrame = now
    const strip = document.querySelector('[data-testid="status-strip"]')
    if (strip) {
      const connected = strip.getAttribute('data-connection-status') === 'connected'
      if (connected && marks.connected === null) marks.connected = now
      const badges = [...strip.querySelectorAll('.strip-feeds [data-freshness]')].map((b) =>
        b.getAttribute('data-freshness'),
      )
      if (marks.store === null && badges.length === 4 && badges.every((f) => f !== 'unknown'))
        marks.store = now
      const panels = [...document.querySelectorAll('.panel')]
      const panelsLive =
        panels.length > 0 &&
        panels.every((panel) =>
          [...panel.querySelectorAll('.panel-header [data-freshness]')].every(
            (b) => b.getAttribute('data-freshness') === 'live',
          ),
        ) &&
        ![...document.querySelectorAll('.panel .panel-message, .panel .fm-message')].some((m) =>
          (m.textContent ?? '').startsWith('Waiting for'),
        ) &&
        [...document.querySelectorAll('[data-testid="floor-map"]')].every(
          (map) => map.getAttribute('data-plan') === 'loaded',
        )
      if (connected && badges.length === 4 && badges.every((f) => f === 'live') && panelsLive) {
        marks.drawn = now
        const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
        marks.heapAtDrawnMb = memory ? memory.usedJSHeapSize / 2 ** 20 : null
        return
      }
    }
    if (now < timeoutMs) requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

function pct(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const fmt = (v: number, digits = 0): string => (Number.isFinite(v) ? v.toFixed(digits) : '–')
const row = (label: string, values: readonly number[], unit: string, digits = 0): string =>
  `  ${label.padEnd(30)} p50 ${fmt(pct(values, 50), digits).padStart(6)} ${unit}  max ${fmt(Math.max(...values), digits).padStart(6)} ${unit}  (${values.map((v) => fmt(v, digits)).join(', ')})`

/** One uncounted run under the CDP profiler; writes the profile and prints the top functions. */
async function profileRun(
  b: Browser,
  g: GatewayProcess,
  c: (typeof CASES)[number],
  file: string,
): Promise<void> {
  const { context, page } = await openPage(b, { width: c.width, height: c.height })
  try {
    // Start on the gateway's origin so the board's navigation stays in this renderer process
    // (a cross-site navigation would swap processes and lose the profiler).
    await page.goto(`${g.url}/healthz`).catch(() => undefined)
    const cdp: CDPSession = await context.newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await cdp.send('Profiler.start')
    await page.addInitScript(installProbe, RUN_TIMEOUT_MS)
    await openBoard(page, g, c.query)
    await page.waitForFunction(
      () => (window as unknown as { __coldStart?: Marks }).__coldStart?.drawn != null,
      undefined,
      { timeout: RUN_TIMEOUT_MS, polling: 250 },
    )
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
    writeFileSync(file, JSON.stringify(profile))
    for (const line of await topSelfTime(profile, 15)) console.log(line)
    console.log(`  profile written to ${file}`)
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
  const served = `out/bench-renderer/cold-start`
  rmSync(join(root, served), { recursive: true, force: true })
  cpSync(join(root, RENDERER_DIR), join(root, served), { recursive: true })
  gateway = await startWebGateway({ scale: SCALE, rate: RATE, serveRenderer: served, timeoutMs: 120_000 })
  browser = await launchBrowser({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] })
  console.log(
    `Cold start: gateway --demo --scale ${SCALE} --rate ${RATE} serving the built renderer on 127.0.0.1; ` +
      `${RUNS} runs per display; target connect → full snapshot drawn < ${TARGET_MS / 1000} s`,
  )
  console.log(
    `machine: ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB (${fmt(freemem() / 2 ** 30, 1)} free), ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(
          ' ',
        )}; node ${process.version}; Chromium ${browser.version()} (SwiftShader: relative figures only)\n`,
  )

  for (const c of CASES) {
    const results: (Marks & { heapAfterGcMb: number | null })[] = []
    const errors: string[] = []
    for (let run = 0; run < RUNS; run += 1) {
      const { context, page, problems } = await openPage(browser, { width: c.width, height: c.height })
      try {
        await page.addInitScript(installProbe, RUN_TIMEOUT_MS)
        await openBoard(page, gateway, c.query)
        const drawnInTime = await page
          .waitForFunction(
            () => (window as unknown as { __coldStart?: Marks }).__coldStart?.drawn != null,
            undefined,
            { timeout: RUN_TIMEOUT_MS, polling: 250 },
          )
          .then(
            () => true,
            (error: unknown) => {
              errors.push(`run ${run + 1}: ${(error as Error).message.split('\n')[0]}`)
              return false
            },
          )
        const marks = await page.evaluate(() => (window as unknown as { __coldStart: Marks }).__coldStart)
        if (!drawnInTime) {
          const strip = await page.evaluate(
            () => document.querySelector('.strip-feeds')?.textContent ?? 'no strip',
          )
          console.log(
            `  run ${run + 1} not drawn within ${RUN_TIMEOUT_MS / 1000} s: ${JSON.stringify(marks)}; strip: ${strip}`,
          )
          continue
        }
        const heapAfterGcMb = await page.evaluate(() => {
          const gc = (window as unknown as { gc?: () => void }).gc
          gc?.()
          const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
          return gc && memory ? memory.usedJSHeapSize / 2 ** 20 : null
        })
        results.push({ ...marks, heapAfterGcMb })
        errors.push(...problems.errors)
      } finally {
        await context.close()
      }
    }
    const series = (pick: (m: Marks & { heapAfterGcMb: number | null }) => number | null): number[] =>
      results.map(pick).filter((v): v is number => v !== null)
    const drawn = series((m) => m.drawn)
    console.log(`${c.label}:`)
    console.log(
      row(
        'page loaded (DOMContentLoaded)',
        series((m) => m.domContentLoaded),
        'ms',
      ),
    )
    console.log(
      row(
        'connected',
        series((m) => m.connected),
        'ms',
      ),
    )
    console.log(
      row(
        'snapshot in the store',
        series((m) => m.store),
        'ms',
      ),
    )
    console.log(row('full snapshot drawn', drawn, 'ms'))
    console.log(
      row(
        'frames painted until drawn',
        series((m) => m.frames),
        '  ',
      ),
    )
    console.log(
      row(
        'longest gap between frames',
        series((m) => m.longestFrameGapMs),
        'ms',
      ),
    )
    console.log(
      row(
        'JS heap when drawn',
        series((m) => m.heapAtDrawnMb),
        'MB',
      ),
    )
    console.log(
      row(
        'JS heap after a forced GC',
        series((m) => m.heapAfterGcMb),
        'MB',
      ),
    )
    console.log(
      `  → drawn p50 ${fmt(pct(drawn, 50))} ms, max ${fmt(Math.max(...drawn))} ms: ${Math.max(...drawn) < TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS / 1000} s budget`,
    )
    if (PROFILE) {
      const dir = join(root, 'out', 'bench-cold-start')
      mkdirSync(dir, { recursive: true })
      await profileRun(browser, gateway, c, join(dir, `${c.width}x${c.height}.cpuprofile`))
    }
    if (drawn.length < RUNS) console.log(`  only ${drawn.length} of ${RUNS} runs were drawn in time`)
    if (errors.length > 0) console.log(`  page problems: ${errors.length}, first: ${errors[0]}`)
    console.log('')
  }
  console.log(
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
}

const watchdog = setTimeout(
  () => {
    console.error('cold-start bench: overall time limit reached; stopping')
    killChildren()
    process.exit(1)
  },
  120_000 + CASES.length * RUNS * (RUN_TIMEOUT_MS + 15_000),
)
watchdog.unref()
try {
  await main()
} catch (error) {
  console.error(`cold-start bench failed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await shutdown()
}

/** Closes the browser and stops the gateway (a function: module `let`s are not narrowed in it). */
async function shutdown(): Promise<void> {
  await browser?.close()
  await gateway?.stop()
}
