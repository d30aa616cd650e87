import type { FlushScheduler, HubClock } from '../../shared/hub/FeedSocketPort.ts'

/** The browser's frame and microtask primitives, or fakes in tests. */
export type FramePrimitives = {
  readonly requestAnimationFrame: (callback: FrameRequestCallback) => number
  readonly queueMicrotask: (callback: () => void) => void
}

type Phase = 'flush' | 'draw'

/**
 * The page's frame work in a fixed order, one `requestAnimationFrame` per frame: first the hub's
 * flushes (coalesced changes applied to the store), then — after a microtask checkpoint, so React
 * has rendered and committed what the flushes changed and its effects have run (a store update is
 * rendered in a microtask; the floor map's `deck.setProps` is such an effect) — the draws (the
 * map's deck.gl loop, `OnDemandDeck`). A draw requested before the draw phase of the frame in
 * progress (a parked map woken by a flush's commit) runs in that same frame, so the map shows a
 * flush in the frame in which the DOM shows it. Without this order, deck.gl's own frame callback
 * (requested at the end of its previous frame) ran before the flush's, and the map drew each change
 * one frame after the DOM (docs/floor-map.md, "Frame ordering").
 */
export class PageFrames {
  readonly #env: FramePrimitives
  readonly #next: Record<Phase, Map<number, FrameRequestCallback>> = { flush: new Map(), draw: new Map() }
  /** Draws of the frame in progress, until its draw phase has run. */
  #current: Map<number, FrameRequestCallback> | null = null
  #frameTime = 0
  /** The draw phase is running: a draw requested now (luma.gl's next frame) is for the next frame. */
  #drawing = false
  #handle: number | null = null
  #nextId = 1
  /** The next frame was requested while a frame's work ran: it is the display frame after it. */
  #requestedInFrame = false
  #interval: number | null = null
  /** Frames dispatched (for tests and benches). */
  frames = 0

  constructor(env: FramePrimitives) {
    this.#env = env
  }

  /** Runs `callback` in the next frame's phase, or for a draw, this frame's when still to come. */
  request(phase: Phase, callback: FrameRequestCallback): number {
    const id = this.#nextId++
    if (phase === 'draw' && this.#current !== null && !this.#drawing) this.#current.set(id, callback)
    else {
      this.#next[phase].set(id, callback)
      if (this.#handle === null) {
        this.#requestedInFrame = this.#current !== null
        this.#handle = this.#env.requestAnimationFrame((time) => this.#frame(time))
      }
    }
    return id
  }

  cancel(id: number): void {
    this.#current?.delete(id)
    this.#next.flush.delete(id)
    this.#next.draw.delete(id)
  }

  /** A frame is requested and not yet begun: work asked for now joins it at no extra cost. */
  get framePending(): boolean {
    return this.#handle !== null
  }

  /** The time of the frame whose callbacks are running (before its draw phase), else null. */
  get frameInProgress(): number | null {
    return this.#current === null ? null : this.#frameTime
  }

  /**
   * The time since the previous frame, when the frame in progress is the display frame right
   * after it (requested during the previous frame's work), else null: the page's frame interval,
   * read off frames it draws anyway — a bench that asked for a frame of its own to measure it
   * would add one to every quiet flush.
   */
  get intervalFromPrevious(): number | null {
    return this.#current === null ? null : this.#interval
  }

  /**
   * Runs `callback` after the draw phase of the frame in progress (the end of the page's script
   * work on it; style, layout and paint follow) and returns true, or returns false outside one.
   */
  afterDraws(callback: () => void): boolean {
    if (this.#current === null) return false
    this.#current.set(this.#nextId++, () => callback())
    return true
  }

  #frame(time: number): void {
    this.#handle = null
    this.frames += 1
    this.#interval = this.#requestedInFrame ? time - this.#frameTime : null
    this.#frameTime = time
    const flushes = [...this.#next.flush.values()]
    this.#next.flush.clear()
    this.#current = new Map(this.#next.draw)
    this.#next.draw.clear()
    try {
      runAll(flushes, time)
    } finally {
      // Queued after the flushes ran, so after React's render of what they changed (queued by the
      // store update inside them): the draws see the committed props.
      this.#env.queueMicrotask(() => this.#drawPhase(time))
    }
  }

  #drawPhase(time: number): void {
    const draws = this.#current
    if (draws === null) return
    // Drained in order; a draw requested by one that runs here (luma.gl's next frame) goes to the
    // next frame, an `afterDraws` callback added here runs last.
    this.#drawing = true
    let failure: { error: unknown } | null = null
    while (draws.size > 0) {
      const [id, callback] = draws.entries().next().value as [number, FrameRequestCallback]
      draws.delete(id)
      try {
        callback(time)
      } catch (error) {
        failure ??= { error }
      }
    }
    this.#drawing = false
    this.#current = null
    if (failure) throw failure.error
  }
}

/** Every callback runs even when one throws; the first error is rethrown after them all. */
function runAll(callbacks: readonly FrameRequestCallback[], time: number): void {
  let failure: { error: unknown } | null = null
  for (const callback of callbacks) {
    try {
      callback(time)
    } catch (error) {
      failure ??= { error }
    }
  }
  if (failure) throw failure.error
}

/** The page's one frame sequencer (the browser's own primitives; created on first use). */
let pageFramesInstance: PageFrames | null = null
export function pageFrames(): PageFrames {
  pageFramesInstance ??= new PageFrames({
    requestAnimationFrame: (callback) => requestAnimationFrame(callback),
    queueMicrotask: (callback) => queueMicrotask(callback),
  })
  return pageFramesInstance
}

export const browserClock: HubClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    return () => clearTimeout(timer)
  },
}

/**
 * How long a change waits for its companions before it asks for a frame of its own. The gateway
 * sends one batch per topic, so one moment in the hospital (a demo tick, an ADT message that moves
 * a bed and raises an alarm) reaches the page as several socket messages a few milliseconds apart;
 * asked for on the first, the frame began before the second arrived and the page drew twice
 * (bench:idle at 8 ev/s: 7.3 flushes a second for 7.7 batches). One frame's time folds them into
 * one flush and one frame, and stays well inside the 150 ms event → visible budget.
 */
export const SETTLE_MS = 16

/** A flush that runs once a hidden tab (which gets no frames) has waited this long. */
export const HIDDEN_FLUSH_MS = 250

export type FrameSchedulerEnv = {
  readonly frames: Pick<PageFrames, 'request' | 'cancel' | 'framePending'>
  readonly after: (ms: number, callback: () => void) => () => void
}

/**
 * Flushes in the flush phase of a page frame (before the map draws, see `PageFrames`): the frame
 * already requested, when there is one, else one requested `SETTLE_MS` after the first change (see
 * above). A timer backs it up because a hidden tab gets no frames, and a wall that comes back into
 * view must not replay a backlog.
 */
export function createFrameScheduler(env: FrameSchedulerEnv): FlushScheduler {
  return (flush) => {
    let done = false
    let frame: number | null = null
    const cancels: (() => void)[] = []
    const cancelAll = (): void => {
      done = true
      if (frame !== null) env.frames.cancel(frame)
      for (const cancel of cancels) cancel()
    }
    const run = (): void => {
      if (done) return
      cancelAll()
      flush()
    }
    const requestFrame = (): void => {
      if (!done) frame = env.frames.request('flush', run)
    }
    if (env.frames.framePending) requestFrame()
    else cancels.push(env.after(SETTLE_MS, requestFrame))
    cancels.push(env.after(HIDDEN_FLUSH_MS, run))
    return cancelAll
  }
}

/** The page's flush scheduler: the page's frames and timers (see `createFrameScheduler`), made once. */
let pageScheduler: FlushScheduler | null = null
export const frameScheduler: FlushScheduler = (flush) => {
  pageScheduler ??= createFrameScheduler({ frames: pageFrames(), after: browserClock.after })
  return pageScheduler(flush)
}
