import { describe, expect, it } from 'vitest'
import { MllpDeadlines } from './MllpDeadlines.ts'

const limits = { idleTimeoutMs: 600_000, frameTimeoutMs: 30_000 }

describe('MllpDeadlines', () => {
  it("closes a peer sending one byte every 200 ms when its frame's time is up, however steady the bytes", () => {
    const d = new MllpDeadlines(limits, 0)
    d.observe(0, 0, true, 1) // <VT>
    for (let t = 200; t < 30_000; t += 200) {
      d.observe(t, 0, true, 1)
      expect(d.expired(t)).toBeNull()
    }
    expect(d.next()).toEqual({ at: 30_000, reason: 'frame-timeout' })
    expect(d.expired(30_000)).toBe('frame-timeout')
  })

  it('does not count bytes outside frames (keep-alives, a trickle of CRs) as activity', () => {
    const d = new MllpDeadlines(limits, 0)
    for (let t = 200; t < 600_000; t += 200) d.observe(t, 0, false, 0)
    expect(d.expired(599_999)).toBeNull()
    expect(d.expired(600_000)).toBe('idle')
  })

  it('moves the idle deadline with every complete frame, and times each new frame from its start', () => {
    const d = new MllpDeadlines(limits, 0)
    d.observe(1_000, 1, false, 1)
    expect(d.next()).toEqual({ at: 601_000, reason: 'idle' })
    d.observe(2_000, 0, true, 2) // frame 2 starts
    d.observe(20_000, 1, true, 3) // frame 2 ends, frame 3 starts in the same chunk
    expect(d.next()).toEqual({ at: 50_000, reason: 'frame-timeout' })
    d.observe(21_000, 1, false, 3)
    expect(d.next()).toEqual({ at: 621_000, reason: 'idle' })
  })

  it('closes a peer that leaves an ACK unread for the frame timeout, and forgets once it reads', () => {
    const d = new MllpDeadlines(limits, 0)
    d.waitingForDrain(5_000)
    d.waitingForDrain(9_000) // still the same wait
    expect(d.next()).toEqual({ at: 35_000, reason: 'ack-not-read' })
    d.drained()
    expect(d.next().reason).toBe('idle')
  })
})
