/**
 * An animation-frame source for deck.gl's render loop that runs only while the map has something
 * to draw. luma.gl's `AnimationLoop` asks for the next frame after every frame, for ever: 60 times
 * a second of layer checks, viewport reads and an empty GPU submit, and the compositor producing
 * frames for a canvas that has not changed — on a wall that shows one floor all day, most of its
 * idle cost (docs/benchmarks.md, bench:idle). This provider hands a frame request to the browser
 * only while a redraw or a layer update is pending, or for a few frames after something woke it
 * (new props, a pointer event, a resize); otherwise it keeps the request parked until the next
 * `wake()`. Nothing here knows deck.gl: the predicate and the browser's scheduler are passed in,
 * so it is tested with a fake clock.
 */

/** The browser's `requestAnimationFrame` / `cancelAnimationFrame`, or a fake in tests. */
export type FrameScheduler = {
  readonly request: (callback: FrameRequestCallback) => number
  readonly cancel: (handle: number) => void
}

/** Frames run after each wake even when the predicate says nothing is pending: deck.gl defers
 *  some work to the frame after (view-state updates, layers set while it was rendering). */
export const WAKE_FRAMES = 3

export class OnDemandFrames {
  readonly #scheduler: FrameScheduler
  #needsFrame: () => boolean
  #parked: FrameRequestCallback | null = null
  #scheduled: number | null = null
  #grace = WAKE_FRAMES
  #nextId = 1
  #currentId = 0
  /** Frames handed to the browser since creation (for the benches and tests). */
  framesRequested = 0
  /** Frame requests kept parked because nothing was pending. */
  framesParked = 0

  constructor(scheduler: FrameScheduler, needsFrame: () => boolean = () => false) {
    this.#scheduler = scheduler
    this.#needsFrame = needsFrame
  }

  /** What says a frame is due (set once the renderer exists). */
  setNeedsFrame(needsFrame: () => boolean): void {
    this.#needsFrame = needsFrame
  }

  /** The loop asks for its next frame: granted while something is pending, else parked. */
  requestAnimationFrame(callback: FrameRequestCallback): number {
    this.#currentId = this.#nextId++
    this.#parked = callback
    if (this.#grace > 0 || this.#needsFrame()) this.#schedule()
    else this.framesParked += 1
    return this.#currentId
  }

  cancelAnimationFrame(handle: number): void {
    if (handle !== this.#currentId) return
    this.#parked = null
    if (this.#scheduled !== null) this.#scheduler.cancel(this.#scheduled)
    this.#scheduled = null
  }

  /** Something may need drawing (new layers or view, input, a resize): run the loop again. */
  wake(): void {
    this.#grace = WAKE_FRAMES
    if (this.#parked !== null && this.#scheduled === null) this.#schedule()
  }

  /** Whether the loop is waiting for a wake (no frame scheduled). */
  get idle(): boolean {
    return this.#scheduled === null
  }

  #schedule(): void {
    const callback = this.#parked
    if (callback === null) return
    this.framesRequested += 1
    this.#scheduled = this.#scheduler.request((time) => {
      this.#scheduled = null
      this.#parked = null
      if (this.#grace > 0) this.#grace -= 1
      callback(time)
    })
  }
}
