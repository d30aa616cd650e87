/**
 * What each hub message costs the page and how soon its events are on screen, for `npm run
 * bench:idle` only (tests/bench/flushProbe.ts). Inert unless the page was opened with
 * `globalThis.__watchfloorFlushProbeEnabled = true` set before its scripts ran (a Playwright init
 * script): the product then applies messages exactly as without it.
 *
 * Per message, when enabled:
 *   - work: from the start of the store apply to a microtask queued after it, which runs after
 *     React's render, commit and (for a store update, synchronously flushed) effects — the
 *     floor map's `deck.setProps` included;
 *   - event → frame, for each event in it carrying its own time (a tag's `lastSeen`, a bed's
 *     `updatedAt`, a device's `lastPolledAt`, set by the source when the event happened, within the
 *     last minute): until the end of the page's script work on the frame that shows it. A message
 *     the page's hub flushed in a frame (`PageFrames`' flush phase) is drawn by the map in that
 *     frame's draw phase, so that is the end of its draw phase (`afterDraws`); a message that
 *     arrived outside a frame (Electron's IPC) until the first animation frame after the commit has
 *     run its callbacks (requested after the map's, which its setProps woke during the commit). The
 *     compositor's frame and SwiftShader's raster after it are in neither;
 *   - frame work: deck.gl's layer update and draw of the message: from the end of the work above
 *     to the end of the draw phase, or from the next frame's start to its callback;
 *   - frame interval: from that frame to the next one the browser gives (the pace SwiftShader allows).
 * Bounded: at most `MAX_SAMPLES` of each, oldest dropped.
 */
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import { pageFrames } from './pageTiming.ts'

export type FlushProbeSamples = {
  readonly messages: number
  readonly events: number
  /**
   * Entity changes the page received (upserts + removes over every topic of every changes
   * message), counted as each message is applied: what bench:idle's "per 1,000 events" divides by.
   */
  readonly received: number
  readonly workMs: readonly number[]
  readonly eventToFrameMs: readonly number[]
  readonly frameWorkMs: readonly number[]
  readonly frameIntervalMs: readonly number[]
  /** Messages applied in a page frame's flush phase (the page's hub), measured to that frame's draws. */
  readonly appliedInFrame: number
}

const MAX_SAMPLES = 500_000
/** Older event times are state carried along (a tag silent for hours), not this event's time. */
const FRESH_EVENT_MS = 60_000

type Probe = {
  messages: number
  events: number
  received: number
  workMs: number[]
  eventToFrameMs: number[]
  frameWorkMs: number[]
  frameIntervalMs: number[]
  appliedInFrame: number
}

const empty = (): Probe => ({
  messages: 0,
  events: 0,
  received: 0,
  workMs: [],
  eventToFrameMs: [],
  frameWorkMs: [],
  frameIntervalMs: [],
  appliedInFrame: 0,
})

function push(list: number[], value: number): void {
  if (list.length >= MAX_SAMPLES) list.shift()
  list.push(value)
}

/** The source's own times of the events in a message (epoch ms), those within the last minute. */
export function eventTimes(message: HubToWindowMessage, nowEpochMs: number): number[] {
  if (message.type !== 'changes') return []
  const entities = message.changes.entities
  const times: number[] = []
  const add = (t: number | null | undefined): void => {
    if (typeof t === 'number' && nowEpochMs - t <= FRESH_EVENT_MS) times.push(t)
  }
  for (const a of entities?.assets?.upserts ?? []) add(a.lastSeen)
  for (const b of entities?.beds?.upserts ?? []) add(b.updatedAt)
  for (const d of entities?.network?.upserts ?? []) add(d.lastPolledAt)
  return times
}

/** Entity changes in a message: upserts + removes over every topic (a snapshot counts none). */
export function entityChanges(message: HubToWindowMessage): number {
  if (message.type !== 'changes') return 0
  const entities = message.changes.entities
  if (!entities) return 0
  let total = 0
  for (const delta of Object.values(entities)) {
    if (delta) total += delta.upserts.length + delta.removes.length
  }
  return total
}

/** `apply` as it is, or timed as above when the bench enabled the probe. */
export function probeHubMessages(
  apply: (message: HubToWindowMessage) => void,
): (message: HubToWindowMessage) => void {
  const scope = globalThis as {
    __watchfloorFlushProbeEnabled?: boolean
    __watchfloorFlushProbe?: { take: () => FlushProbeSamples; clear: () => void }
  }
  if (scope.__watchfloorFlushProbeEnabled !== true) return apply
  let probe = empty()
  scope.__watchfloorFlushProbe = {
    take: () => probe,
    clear: () => {
      probe = empty()
    },
  }
  const epoch = (): number => performance.timeOrigin + performance.now()
  return (message) => {
    const t0 = performance.now()
    apply(message)
    const times = eventTimes(message, epoch())
    const current = probe
    current.received += entityChanges(message)
    // Queued after React's own microtask (scheduled by the store update inside `apply`).
    queueMicrotask(() => {
      const workEnd = performance.now()
      push(current.workMs, workEnd - t0)
      current.messages += 1
      current.events += times.length
      // Applied in a page frame's flush phase (the page's hub): the map draws it in this frame's
      // draw phase (pageTiming.ts PageFrames), so the frame that shows it is this one.
      // The frame interval is read off the page's own consecutive frames (none at a quiet rate):
      // a frame requested here to measure it would add a frame to every flush, and its cost to
      // the main-thread figures the bench reports beside it.
      const frames = pageFrames()
      const interval = frames.intervalFromPrevious
      if (
        frames.afterDraws(() => {
          push(current.frameWorkMs, performance.now() - workEnd)
          const shown = epoch()
          for (const t of times) push(current.eventToFrameMs, shown - t)
          current.appliedInFrame += 1
          if (interval !== null) push(current.frameIntervalMs, interval)
        })
      )
        return
      requestAnimationFrame((frameStart) => {
        const at = performance.now()
        push(current.frameWorkMs, at - frameStart)
        const shown = epoch()
        for (const t of times) push(current.eventToFrameMs, shown - t)
        requestAnimationFrame((next) => push(current.frameIntervalMs, next - frameStart))
      })
    })
  }
}
