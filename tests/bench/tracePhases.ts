/**
 * What the renderer's main thread spent its time on, from a Chromium trace (`bench:idle --trace`):
 * the frame's phases (begin frame, style and layout, paint, commit), the animation-frame callbacks
 * (the hub's flushes), timers and script, each in ms per second of the trace and how often it ran.
 * Durations are inclusive (a phase inside a task counts in both), so rows do not add up.
 */

/** One event of Chromium's trace format (the fields read here). */
type TraceEvent = {
  readonly name?: string
  readonly ph?: string
  readonly pid?: number
  readonly tid?: number
  readonly ts?: number
  readonly dur?: number
  readonly args?: { readonly name?: string }
}

export type TracePhase = { readonly name: string; readonly msPerS: number; readonly perS: number }

/** The phases reported, in this order: what a quiet wall's per-batch cost is made of. */
export const TRACE_PHASES = [
  'RunTask',
  'ProxyMain::BeginMainFrame',
  'FireAnimationFrame',
  'FunctionCall',
  'TimerFire',
  'LocalFrameView::RunStyleAndLayoutLifecyclePhases',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
] as const

/** The phases of `TRACE_PHASES` on the renderer's main thread (`CrRendererMain`) of `trace`. */
export function mainThreadPhases(trace: unknown): TracePhase[] {
  const events: readonly TraceEvent[] = Array.isArray(trace)
    ? (trace as TraceEvent[])
    : ((trace as { traceEvents?: TraceEvent[] }).traceEvents ?? [])
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )
  if (!main) throw new Error('the trace has no renderer main thread (CrRendererMain)')
  const complete = events.filter(
    (e) =>
      e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts !== undefined && e.dur !== undefined,
  )
  if (complete.length === 0) return TRACE_PHASES.map((name) => ({ name, msPerS: 0, perS: 0 }))
  // One pass: a 10 s trace holds a few hundred thousand events, too many to spread into Math.min.
  let start = Infinity
  let end = -Infinity
  const total = new Map<string, { us: number; n: number }>()
  for (const e of complete) {
    start = Math.min(start, e.ts ?? 0)
    end = Math.max(end, (e.ts ?? 0) + (e.dur ?? 0))
    const t = total.get(e.name ?? '') ?? { us: 0, n: 0 }
    t.us += e.dur ?? 0
    t.n += 1
    total.set(e.name ?? '', t)
  }
  const seconds = Math.max(1e-6, (end - start) / 1e6)
  return TRACE_PHASES.map((name) => {
    const t = total.get(name) ?? { us: 0, n: 0 }
    return { name, msPerS: t.us / 1000 / seconds, perS: t.n / seconds }
  })
}

/** The trace categories `bench:idle --trace` records: the timeline DevTools shows. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc']
