import { describe, expect, it } from 'vitest'
import { OnDemandFrames } from './OnDemandFrames.ts'
import { PageFrames, type FramePrimitives } from '../../host/pageTiming.ts'

/** The browser's frame and microtask queues under the test's control: `frame()` is one frame. */
function fakeBrowser(): FramePrimitives & { frame: () => void; frameRequests: () => number } {
  let rafs: FrameRequestCallback[] = []
  const microtasks: (() => void)[] = []
  let now = 0
  let requests = 0
  return {
    requestAnimationFrame: (callback) => {
      rafs.push(callback)
      requests += 1
      return requests
    },
    queueMicrotask: (callback) => void microtasks.push(callback),
    frame: () => {
      now += 16
      const callbacks = rafs
      rafs = []
      // As the browser does: each frame callback, then a microtask checkpoint.
      for (const callback of callbacks) {
        try {
          callback(now)
        } finally {
          while (microtasks.length > 0) microtasks.shift()!()
        }
      }
    },
    frameRequests: () => requests,
  }
}

/**
 * The page as the product wires it: a store the hub flushes into, React committing a store
 * update in a microtask (its effect hands the map new props: `wake()`), and the map's loop
 * (luma.gl's: draws what the store holds, then asks for its next frame) on `OnDemandFrames`.
 */
function page() {
  const browser = fakeBrowser()
  const frames = new PageFrames(browser)
  let store = 0
  let frame = 0
  const drawn: { frame: number; value: number }[] = []
  const map = new OnDemandFrames({
    request: (callback) => frames.request('draw', callback),
    cancel: (handle) => frames.cancel(handle),
  })
  const loop = (): void => {
    drawn.push({ frame, value: store })
    map.requestAnimationFrame(loop)
  }
  map.requestAnimationFrame(loop)
  const flush = (value: number): void => {
    frames.request('flush', () => {
      store = value
      browser.queueMicrotask(() => map.wake()) // React's commit and effects
    })
  }
  const runFrame = (): void => {
    frame += 1
    browser.frame()
  }
  return { browser, frames, map, drawn, flush, runFrame, frame: () => frame }
}

describe('PageFrames (the map draws a flush in the frame in which the DOM shows it)', () => {
  it('a flush that wakes a parked map is drawn in that same frame', () => {
    const p = page()
    for (let i = 0; i < 10; i++) p.runFrame() // the start-up frames, then parked
    expect(p.map.idle).toBe(true)
    const before = p.drawn.length
    p.flush(42)
    p.runFrame()
    expect(p.drawn.slice(before)).toEqual([{ frame: p.frame(), value: 42 }])
  })

  it('a map still running (its frame requested before the flush) draws the flushed value in the same frame', () => {
    const p = page()
    p.runFrame() // the map's loop is in its wake frames: its next frame is already requested
    expect(p.map.idle).toBe(false)
    p.flush(7)
    p.runFrame()
    const thisFrame = p.drawn.filter((d) => d.frame === p.frame())
    expect(thisFrame).toEqual([{ frame: p.frame(), value: 7 }])
  })

  it("the map's next request from inside the draw phase goes to the next frame (one draw per frame)", () => {
    const p = page()
    p.map.wake()
    for (let i = 0; i < 3; i++) p.runFrame()
    const perFrame = new Map<number, number>()
    for (const d of p.drawn) perFrame.set(d.frame, (perFrame.get(d.frame) ?? 0) + 1)
    expect([...perFrame.values()].every((n) => n === 1)).toBe(true)
  })

  it('runs afterDraws callbacks after the draws of the frame in progress, and says when none is', () => {
    const p = page()
    const order: string[] = []
    expect(p.frames.afterDraws(() => order.push('outside'))).toBe(false)
    for (let i = 0; i < 10; i++) p.runFrame()
    p.frames.request('flush', () => {
      p.browser.queueMicrotask(() => {
        p.map.wake()
        p.frames.afterDraws(() => order.push(`after ${p.drawn.length}`))
      })
    })
    const before = p.drawn.length
    p.runFrame()
    expect(order).toEqual([`after ${before + 1}`])
    expect(p.frames.frameInProgress).toBeNull()
  })

  it('asks the browser for one frame per frame, and none once nothing is requested', () => {
    const p = page()
    for (let i = 0; i < 10; i++) p.runFrame()
    const requests = p.browser.frameRequests()
    p.flush(1)
    p.flush(2)
    expect(p.browser.frameRequests()).toBe(requests + 1)
    for (let i = 0; i < 20; i++) p.runFrame()
    const settled = p.browser.frameRequests()
    for (let i = 0; i < 5; i++) p.runFrame()
    expect(p.browser.frameRequests()).toBe(settled)
  })

  it('runs every flush of a frame when one throws, then reports the error', () => {
    const browser = fakeBrowser()
    const frames = new PageFrames(browser)
    const ran: string[] = []
    frames.request('flush', () => {
      throw new Error('bad flush')
    })
    frames.request('flush', () => ran.push('second'))
    frames.request('draw', () => ran.push('draw'))
    expect(() => browser.frame()).toThrow('bad flush')
    expect(ran).toEqual(['second', 'draw'])
  })

  it('a cancelled draw does not run', () => {
    const browser = fakeBrowser()
    const frames = new PageFrames(browser)
    const ran: string[] = []
    const id = frames.request('draw', () => ran.push('cancelled'))
    frames.request('draw', () => ran.push('kept'))
    frames.cancel(id)
    browser.frame()
    expect(ran).toEqual(['kept'])
  })

  it('gives the frame interval only for a frame requested during the one before (no frame of its own)', () => {
    const browser = fakeBrowser()
    const frames = new PageFrames(browser)
    const seen: (number | null)[] = []
    const note = (): void => void seen.push(frames.intervalFromPrevious)
    // A quiet flush, asked for between frames: no previous frame to measure from.
    frames.request('flush', note)
    browser.frame()
    // A draw that asks for the next frame from inside this one: consecutive frames, 16 ms apart.
    frames.request('draw', () => {
      note()
      frames.request('flush', note)
    })
    browser.frame()
    browser.frame()
    expect(seen).toEqual([null, null, 16])
    expect(frames.intervalFromPrevious).toBeNull() // outside a frame
    // Reading it asked the browser for nothing more than the frames the work needed.
    expect(browser.frameRequests()).toBe(3)
  })
})
