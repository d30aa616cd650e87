/**
 * bench:idle's per-flush figures (issue 21's 5,000 ev/s targets), read from the page's own probe
 * (renderer/host/flushProbe.ts, inert unless enabled by `enableFlushProbe` before the page loads):
 *   - work per flush p95: one hub message's store apply + React render, commit and effects (the
 *     floor map's `deck.setProps` included), target < 12 ms; deck.gl's layer update and draw of it
 *     are given apart as "frame work" (p95);
 *   - event → frame p99: from each event's own time at the source (the demo simulator's clock, which
 *     ticks every 100 ms, so an event's time is up to one tick before it was sent) to the end of the
 *     page's script work on the frame that shows it: the frame the page's hub flushed it in, whose
 *     draw phase draws the map (renderer/host/pageTiming.ts PageFrames; counted as "in its own
 *     frame"), else the first animation frame after its commit (deck.gl drew it earlier in that
 *     frame); the compositor's frame and SwiftShader's raster after it are not included.
 *     It includes the gateway's batch window (≤ 50 ms), the socket and the hub's frame flush;
 *   - frame interval p50: from that frame to the next the browser gave — the pace SwiftShader
 *     allows on this machine; the target is event → frame p99 within two of them (beyond the batch
 *     window), printed as the margin left: 50 ms + 2 × interval − p99.
 * Long tasks are counted by the bench itself (PerformanceObserver).
 */
import type { Page } from 'playwright-core'
import type { FlushProbeSamples } from '../../renderer/host/flushProbe.ts'

/** The gateway's batch window (docs/architecture.md): events wait up to this long before they are sent. */
export const BATCH_WINDOW_MS = 50

export type FlushFigures = {
  readonly messages: number
  /** Entity changes the page received over the window (upserts + removes of every changes message). */
  readonly received: number
  /** Animation frames the probe saw after a commit (none: the browser gave no frame in the window). */
  readonly frames: number
  /** Of those, messages shown in the frame that flushed them (the page's hub; see PageFrames). */
  readonly inOwnFrame: number
  readonly workP95: number
  readonly frameWorkP95: number
  readonly eventToFrameP99: number
  readonly frameIntervalP50: number
  /** Budget for event → frame p99 (batch window + two frame intervals) minus the p99: ≥ 0 meets it. */
  readonly latencyMargin: number
}

/** Playwright init script: turns the page's flush probe on before the renderer runs. */
export function enableFlushProbe(): void {
  ;(globalThis as { __watchfloorFlushProbeEnabled?: boolean }).__watchfloorFlushProbeEnabled = true
}

type ProbeApi = { take: () => FlushProbeSamples; clear: () => void }

/** Forgets what the probe has seen (the start of a measured window). */
export async function clearFlushProbe(page: Page): Promise<void> {
  await page.evaluate(() =>
    (globalThis as { __watchfloorFlushProbe?: ProbeApi }).__watchfloorFlushProbe?.clear(),
  )
}

/** What the probe saw since the last clear, summarised; null if the page has no probe. */
export async function readFlushProbe(page: Page): Promise<FlushFigures | null> {
  const samples = await page.evaluate(
    () => (globalThis as { __watchfloorFlushProbe?: ProbeApi }).__watchfloorFlushProbe?.take() ?? null,
  )
  return samples ? summariseFlushes(samples) : null
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

export function summariseFlushes(s: FlushProbeSamples): FlushFigures {
  const eventToFrameP99 = percentile(s.eventToFrameMs, 99)
  const frameIntervalP50 = percentile(s.frameIntervalMs, 50)
  return {
    messages: s.messages,
    received: s.received,
    frames: s.frameWorkMs.length,
    inOwnFrame: s.appliedInFrame,
    workP95: percentile(s.workMs, 95),
    frameWorkP95: percentile(s.frameWorkMs, 95),
    eventToFrameP99,
    frameIntervalP50,
    latencyMargin: BATCH_WINDOW_MS + 2 * frameIntervalP50 - eventToFrameP99,
  }
}

/** The table's extra columns, header and cells. */
export const FLUSH_COLUMNS =
  'flushes | flush work p95 ms | frames after a flush (in its own frame) | frame work p95 ms | event → frame p99 ms | frame interval p50 ms | p99 margin ms'

export function flushCells(f: FlushFigures | null): string {
  if (!f) return '– | – | – | – | – | – | –'
  const n = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–')
  return `${f.messages} | ${n(f.workP95)} | ${f.frames} (${f.inOwnFrame}) | ${n(f.frameWorkP95)} | ${n(f.eventToFrameP99)} | ${n(f.frameIntervalP50)} | ${n(f.latencyMargin)}`
}
