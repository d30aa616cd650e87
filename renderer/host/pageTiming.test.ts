import { describe, expect, it } from 'vitest'
import {
  HIDDEN_FLUSH_MS,
  PageFrames,
  SETTLE_MS,
  createFrameRider,
  createFrameScheduler,
} from './pageTiming.ts'

/** Timers and frames under the test's control: `advance(ms)` runs the timers due, `frame()` one frame. */
function fakePage() {
  let now = 0
  let timers: { at: number; callback: () => void }[] = []
  let rafs: FrameRequestCallback[] = []
  const microtasks: (() => void)[] = []
  const frames = new PageFrames({
    requestAnimationFrame: (callback) => rafs.push(callback),
    queueMicrotask: (callback) => void microtasks.push(callback),
  })
  const after = (ms: number, callback: () => void): (() => void) => {
    const timer = { at: now + ms, callback }
    timers.push(timer)
    return () => {
      timers = timers.filter((t) => t !== timer)
    }
  }
  return {
    frames,
    schedule: createFrameScheduler({ frames, after }),
    ride: createFrameRider({ frames, after }),
    framesRequested: () => rafs.length,
    advance: (ms: number) => {
      now += ms
      const due = timers.filter((t) => t.at <= now)
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.callback()
    },
    frame: () => {
      const callbacks = rafs
      rafs = []
      for (const callback of callbacks) callback(now)
      while (microtasks.length > 0) microtasks.shift()!()
    },
  }
}

describe('createFrameScheduler', () => {
  it('asks for a frame only after the settle time, so messages a few ms apart share one flush', () => {
    const page = fakePage()
    let flushes = 0
    page.schedule(() => (flushes += 1))
    page.advance(SETTLE_MS - 1)
    // The second topic's batch arrives now, still before any frame: nothing has flushed.
    expect(page.framesRequested()).toBe(0)
    page.advance(1)
    expect(page.framesRequested()).toBe(1)
    expect(flushes).toBe(0)
    page.frame()
    expect(flushes).toBe(1)
    // The hidden-tab backup does not flush it again.
    page.advance(HIDDEN_FLUSH_MS)
    expect(flushes).toBe(1)
  })

  it('joins a frame already requested (the map drawing, a clock) without waiting', () => {
    const page = fakePage()
    page.frames.request('draw', () => {})
    let flushes = 0
    page.schedule(() => (flushes += 1))
    expect(page.framesRequested()).toBe(1)
    page.frame()
    expect(flushes).toBe(1)
  })

  it('flushes once from its timer when the page gets no frames (a hidden tab), and not again', () => {
    const page = fakePage()
    let flushes = 0
    page.schedule(() => (flushes += 1))
    page.advance(HIDDEN_FLUSH_MS)
    expect(flushes).toBe(1)
    page.frame()
    expect(flushes).toBe(1)
  })

  it('runs nothing once cancelled (the hub stopped)', () => {
    const page = fakePage()
    let flushes = 0
    const cancel = page.schedule(() => (flushes += 1))
    page.advance(SETTLE_MS)
    cancel()
    page.frame()
    page.advance(HIDDEN_FLUSH_MS)
    expect(flushes).toBe(0)
  })
})

describe('createFrameRider (the clock’s second drawn in a frame the page draws anyway)', () => {
  it('asks for no frame: it runs in the next one a flush asked for, after the flush, and once', () => {
    const page = fakePage()
    const order: string[] = []
    page.ride(() => order.push('second'), 150)
    expect(page.framesRequested()).toBe(0)
    page.advance(40)
    page.schedule(() => order.push('flush'))
    page.advance(SETTLE_MS)
    page.frame()
    // After the flush: an age it reads is the state that frame shows.
    expect(order).toEqual(['flush', 'second'])
    page.advance(1_000)
    page.frame()
    expect(order).toEqual(['flush', 'second'])
  })

  it('runs from its timer when no frame comes in time (a quiet page, a hidden tab), and not again', () => {
    const page = fakePage()
    let runs = 0
    page.ride(() => (runs += 1), 150)
    page.advance(149)
    expect(runs).toBe(0)
    page.advance(1)
    expect(runs).toBe(1)
    page.frames.request('flush', () => {})
    page.frame()
    expect(runs).toBe(1)
  })

  it('runs nothing once cancelled (the last reader of the clock went away)', () => {
    const page = fakePage()
    let runs = 0
    const cancel = page.ride(() => (runs += 1), 150)
    cancel()
    page.frames.request('flush', () => {})
    page.frame()
    page.advance(1_000)
    expect(runs).toBe(0)
  })
})
