import { describe, expect, it } from 'vitest'
import { OnDemandFrames, WAKE_FRAMES, type FrameScheduler } from './OnDemandFrames.ts'

/** A browser frame scheduler under the test's control: `frame()` runs what was requested. */
function fakeScheduler(): FrameScheduler & { frame: () => boolean; pending: () => number } {
  const queue = new Map<number, FrameRequestCallback>()
  let next = 1
  return {
    request: (callback) => {
      queue.set(next, callback)
      return next++
    },
    cancel: (handle) => void queue.delete(handle),
    frame: () => {
      const callbacks = [...queue.values()]
      queue.clear()
      for (const callback of callbacks) callback(0)
      return callbacks.length > 0
    },
    pending: () => queue.size,
  }
}

/** A render loop like luma.gl's: draws, then asks for the next frame, for ever. */
function startLoop(frames: OnDemandFrames): { drawn: () => number } {
  let drawn = 0
  const loop = (): void => {
    drawn += 1
    frames.requestAnimationFrame(loop)
  }
  frames.requestAnimationFrame(loop)
  return { drawn: () => drawn }
}

describe('OnDemandFrames (the map draws only when something changed)', () => {
  it('runs a few frames after start, then parks the loop: no frame is requested while nothing is pending', () => {
    const scheduler = fakeScheduler()
    const frames = new OnDemandFrames(scheduler)
    const loop = startLoop(frames)
    for (let i = 0; i < 100; i++) scheduler.frame()
    expect(loop.drawn()).toBe(WAKE_FRAMES)
    expect(scheduler.pending()).toBe(0)
    expect(frames.idle).toBe(true)
    const requested = frames.framesRequested
    for (let i = 0; i < 600; i++) scheduler.frame()
    expect(frames.framesRequested).toBe(requested)
  })

  it('a wake (new layers, input, a resize) runs the parked loop again, for a bounded number of frames', () => {
    const scheduler = fakeScheduler()
    const frames = new OnDemandFrames(scheduler)
    const loop = startLoop(frames)
    while (scheduler.frame());
    const before = loop.drawn()
    frames.wake()
    frames.wake() // twice before a frame: still one loop
    expect(scheduler.pending()).toBe(1)
    while (scheduler.frame());
    expect(loop.drawn() - before).toBe(WAKE_FRAMES)
  })

  it('keeps running while the renderer says a redraw or update is pending, and stops when it is not', () => {
    const scheduler = fakeScheduler()
    let pending = 10
    const frames = new OnDemandFrames(scheduler, () => pending-- > 0)
    const loop = startLoop(frames)
    while (scheduler.frame());
    // WAKE_FRAMES granted by the start, then one per pending answer until it says no.
    expect(loop.drawn()).toBeGreaterThanOrEqual(10)
    expect(loop.drawn()).toBeLessThanOrEqual(10 + WAKE_FRAMES + 1)
    expect(frames.idle).toBe(true)
  })

  it('a cancelled request never runs, even after a wake', () => {
    const scheduler = fakeScheduler()
    const frames = new OnDemandFrames(scheduler)
    let ran = 0
    const handle = frames.requestAnimationFrame(() => ran++)
    frames.cancelAnimationFrame(handle)
    frames.wake()
    while (scheduler.frame());
    expect(ran).toBe(0)
  })
})
