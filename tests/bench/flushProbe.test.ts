import { describe, expect, it } from 'vitest'
import { flushCells, summariseFlushes } from './flushProbe.ts'

describe('bench:idle flush figures', () => {
  it('gives work p95, event → frame p99 and the margin against two frame intervals beyond the batch window', () => {
    const f = summariseFlushes({
      messages: 100,
      events: 100,
      received: 250,
      workMs: Array.from({ length: 100 }, (_, i) => i / 10), // 0.0 … 9.9
      eventToFrameMs: Array.from({ length: 100 }, (_, i) => 100 + i), // p99 = 199
      frameWorkMs: [5, 5, 5, 40],
      frameIntervalMs: [60, 70, 80],
      appliedInFrame: 3,
    })
    expect(f.received).toBe(250)
    expect(f.workP95).toBeCloseTo(9.5)
    expect(f.eventToFrameP99).toBe(199)
    expect(f.frameIntervalP50).toBe(70)
    expect(f.latencyMargin).toBe(50 + 140 - 199)
    expect(flushCells(f)).toBe('100 | 9.5 | 4 (3) | 40.0 | 199.0 | 70.0 | -9.0')
    expect(flushCells(null)).toBe('– | – | – | – | – | – | –')
  })
})
