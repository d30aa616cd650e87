/**
 * `npm run bench:replay` — incident replay at bench scale: the time from "replay to T" to the
 * board drawn, and how it grows with the distance from T back to the last snapshot (the log
 * replays every batch between them to rebuild the state at T).
 *
 * A real gateway runs the demo trust at bench scale (`scale 10`: ~12,000 beds, ~40,000 tags,
 * ~6,000 devices; 5,000 ev/s) with snapshots switched off, so the only base is the log's start:
 * the distance of T from the gateway's start is its distance from the last snapshot. The browser
 * host (Debian's Chromium) opens the Capacity board on a desktop (1920×1080), live; then for each
 * distance it replays to start + d through the band's time picker, and records, in the page, from
 * the click on Go to the frame in which the band says the moment is rebuilt (`data-loading=false`
 * at that moment), every panel's badge reads REPLAY, and the map's plan is loaded — read in a
 * requestAnimationFrame callback, so that frame is the one painted. The same moment is also timed
 * at the history API alone (the four `state` answers), to split the gateway's share from the page's.
 *
 * Env: REPLAY_BENCH_SCALE (10), REPLAY_BENCH_RATE (5000), REPLAY_BENCH_DISTANCES (s, comma list:
 * 5,30,60,120), REPLAY_BENCH_RUNS (3). Needs the built renderer (`npm run build:renderer`).
 * WebGL is SwiftShader here: figures are relative.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, openPage } from '../support/browser.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const env = (name: string, fallback: string): string => process.env[name] ?? fallback
const SCALE = Number(env('REPLAY_BENCH_SCALE', '10'))
const RATE = Number(env('REPLAY_BENCH_RATE', '5000'))
const DISTANCES_S = env('REPLAY_BENCH_DISTANCES', '5,30,60,120').split(',').map(Number)
const RUNS = Number(env('REPLAY_BENCH_RUNS', '3'))
const TOKEN = 'bench-replay-token-0001'

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const dir = mkdtempSync(join(tmpdir(), 'wf-bench-replay-'))
const config = join(dir, 'gateway.json')
writeFileSync(
  config,
  JSON.stringify({
    sources: [{ kind: 'demo', id: 'demo', scale: SCALE, rate: RATE }],
    // No snapshot while the bench runs: T's distance from the start is its distance from the base.
    storage: { snapshotEveryChanges: 10_000_000, snapshotEveryMinutes: 1440 },
  }),
)
process.stdout.write(
  `bench:replay — demo scale ${SCALE}, ${RATE} ev/s, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}\n`,
)
const gateway = await startWebGateway({ demo: false, config, token: TOKEN, timeoutMs: 120_000 })
const startedAt = Date.now()
const browser = await launchBrowser()
const rows: { distance: number; api: number; drawn: number; batches: number }[] = []
try {
  const { page, context } = await openPage(browser, { width: 1920, height: 1080 })
  await openBoard(page, gateway, '?mode=desktop&board=capacity')
  await waitForLive(page, 120_000)
  await page.waitForSelector('[data-testid="floor-map"][data-plan="loaded"]', { timeout: 60_000 })
  const longest = Math.max(...DISTANCES_S)
  const wait = startedAt + (longest + 5) * 1000 - Date.now()
  if (wait > 0) {
    process.stdout.write(`waiting ${Math.round(wait / 1000)} s for ${longest} s of log…\n`)
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
  await page.keyboard.press('Control+Shift+R')
  await page.waitForSelector('[data-testid="replay-band"][data-loading="false"]', { timeout: 120_000 })

  for (const distance of DISTANCES_S) {
    const at = startedAt + distance * 1000
    const apiTimes: number[] = []
    const drawnTimes: number[] = []
    let batches = 0
    for (let run = 0; run < RUNS; run += 1) {
      // The gateway's share: the four topics' state at T, as the session asks for them.
      const apiStart = performance.now()
      await Promise.all(
        ['beds', 'assets', 'network', 'cyber'].map(async (topic) => {
          const response = await fetch(`${gateway.url}/v1/history/state?topic=${topic}&at=${at}`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          })
          const body = (await response.json()) as { seq?: number }
          if (topic === 'assets') batches = body.seq ?? 0
        }),
      )
      apiTimes.push(performance.now() - apiStart)
      // Away from T first (a rebuild each time, never a step forward within what is fetched).
      const away = run % 2 === 0 ? startedAt + (longest + 2) * 1000 : startedAt + 2_000
      for (const target of [away, at]) {
        const ms = await page.evaluate(async (t) => {
          const d = new Date(t)
          const p = (n: number): string => String(n).padStart(2, '0')
          const input = document.querySelector<HTMLInputElement>('[data-testid="replay-time"]')
          const go = document.querySelector<HTMLButtonElement>('[data-testid="replay-go"]')
          if (!input || !go) throw new Error('no replay controls')
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
          setter?.call(
            input,
            `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`,
          )
          input.dispatchEvent(new Event('input', { bubbles: true }))
          await new Promise((resolve) => requestAnimationFrame(resolve))
          const target = Math.floor(t / 1000) * 1000
          const started = performance.now()
          go.click()
          return await new Promise<number>((resolve, reject) => {
            // A board that never draws the moment is a failure to report, not a hang.
            const deadline = started + 180_000
            const check = (): void => {
              if (performance.now() > deadline) {
                reject(new Error(`the board did not draw ${new Date(t).toISOString()} within 180 s`))
                return
              }
              const band = document.querySelector('[data-testid="replay-band"]')
              const drawn =
                band?.getAttribute('data-loading') === 'false' &&
                Number(band.getAttribute('data-replay-at')) === target &&
                [...document.querySelectorAll('.panel [data-freshness]')].every(
                  (b) => b.getAttribute('data-freshness') === 'replay',
                ) &&
                [...document.querySelectorAll('[data-testid="floor-map"]')].every(
                  (m) => m.getAttribute('data-plan') === 'loaded',
                )
              if (drawn) resolve(performance.now() - started)
              else requestAnimationFrame(check)
            }
            requestAnimationFrame(check)
          })
        }, target)
        if (target === at) {
          drawnTimes.push(ms)
          process.stdout.write(`    run ${run + 1}: ${ms.toFixed(0)} ms\n`)
        }
      }
    }
    rows.push({ distance, api: median(apiTimes), drawn: median(drawnTimes), batches })
    process.stdout.write(`  T = start + ${distance} s: drawn ${median(drawnTimes).toFixed(0)} ms\n`)
  }
  await context.close()
} finally {
  await browser.close()
  await gateway.stop()
}

process.stdout.write(
  '\n| T after the last snapshot | asset batches replayed | history API, 4 topics (p50) | replay to T → board drawn (p50) |\n|---|---|---|---|\n',
)
for (const row of rows) {
  process.stdout.write(
    `| ${row.distance} s | ${row.batches.toLocaleString('en-GB')} | ${row.api.toFixed(0)} ms | ${row.drawn.toFixed(0)} ms |\n`,
  )
}
process.stdout.write(`\n${RUNS} runs per distance; load average ${loadavg()[0]?.toFixed(1)} at the end.\n`)
