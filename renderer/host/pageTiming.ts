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
  /** Work for the next frame that does not ask for one (`ride`). */
  readonly #riders = new Map<number, FrameRequestCallback>()
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

  /**
   * Runs `callback` in the flush phase of the next frame, after its flushes, without asking the
   * browser for one: work that can wait for a frame the page draws anyway (the clock's second,
   * `createFrameRider`). Cancelled with `cancel`.
   */
  ride(callback: FrameRequestCallback): number {
    const id = this.#nextId++
    this.#riders.set(id, callback)
    return id
  }

  cancel(id: number): void {
    this.#riders.delete(id)
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
    // The riders after the flushes: what they read (a feed's age) is the state the frame shows.
    const flushes = [...this.#next.flush.values(), ...this.#riders.values()]
    this.#next.flush.clear()
    this.#riders.clear()
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

/**
 * How long the clock's second waits for a frame the page draws anyway before it runs on its own
 * (`createFrameRider`). Under a feed the page draws a frame for most batches (~6 a second at a
 * trust's 8 events a second), and the ages, the strip's clock and the KPI pass turning over inside
 * one of them save the frame of their own each second would cost (bench:idle, docs/benchmarks.md);
 * a second shown up to this late is not seen from across the room, nor at a desk.
 */
export const CLOCK_RIDE_MS = 150

export type FrameRiderEnv = {
  readonly frames: Pick<PageFrames, 'ride' | 'cancel'>
  readonly after: (ms: number, callback: () => void) => () => void
}

/**
 * Runs `run` once: in the next page frame when one begins within `withinMs`, else from a timer
 * at `withinMs` (a quiet page, or a hidden tab that gets no frames). Returns a cancel.
 */
export function createFrameRider(env: FrameRiderEnv): (run: () => void, withinMs: number) => () => void {
  return (run, withinMs) => {
    let done = false
    const go = (): void => {
      if (done) return
      cancel()
      run()
    }
    const ride = env.frames.ride(go)
    const stopTimer = env.after(withinMs, go)
    const cancel = (): void => {
      done = true
      env.frames.cancel(ride)
      stopTimer()
    }
    return cancel
  }
}

/** The page's frame rider: its frames and timers (see `createFrameRider`), made once. */
let pageRider: ((run: () => void, withinMs: number) => () => void) | null = null
export function rideNextFrame(run: () => void, withinMs: number): () => void {
  pageRider ??= createFrameRider({ frames: pageFrames(), after: browserClock.after })
  return pageRider(run, withinMs)
}

/** The page's flush scheduler: the page's frames and timers (see `createFrameScheduler`), made once. */
let pageScheduler: FlushScheduler | null = null
export const frameScheduler: FlushScheduler = (flush) => {
  pageScheduler ??= createFrameScheduler({ frames: pageFrames(), after: browserClock.after })
  return pageScheduler(flush)
}
