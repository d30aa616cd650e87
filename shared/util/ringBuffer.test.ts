import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RingBuffer, SampleRing } from './ringBuffer.ts'

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3)
    expect(ring.push(1)).toBeUndefined()
    ring.push(2)
    ring.push(3)
    expect(ring.push(4)).toBe(1) // full: 1 is evicted
    expect(ring.toArray()).toEqual([2, 3, 4])
    expect(ring.size).toBe(3)
    expect(ring.at(0)).toBe(2)
    expect(ring.last()).toBe(4)
    expect(ring.at(3)).toBeUndefined()
  })

  it('never holds more than its capacity and always the last pushed items (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer(), { maxLength: 100 }),
        (capacity, items) => {
          const ring = new RingBuffer<number>(capacity)
          for (const item of items) ring.push(item)
          expect(ring.size).toBe(Math.min(capacity, items.length))
          expect(ring.toArray()).toEqual(items.slice(Math.max(0, items.length - capacity)))
        },
      ),
    )
  })

  it('replaces the newest item and clears', () => {
    const ring = new RingBuffer<string>(2)
    ring.push('a')
    ring.push('b')
    ring.push('c')
    ring.replaceLast('C')
    expect(ring.toArray()).toEqual(['b', 'C'])
    ring.clear()
    expect(ring.size).toBe(0)
    expect(ring.last()).toBeUndefined()
  })

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow()
    expect(() => new RingBuffer(1.5)).toThrow()
  })
})

describe('SampleRing', () => {
  const MIN = 60_000

  it('keeps one sample per bucket: a second sample in the same minute replaces the first', () => {
    const series = new SampleRing(10, MIN)
    series.record(10 * MIN + 1_000, 80)
    series.record(10 * MIN + 59_000, 82) // same minute → replaces 80
    series.record(11 * MIN + 5_000, 85)
    expect(series.toArray()).toEqual([
      { t: 10 * MIN, v: 82 },
      { t: 11 * MIN, v: 85 },
    ])
  })

  it('changes its version only when the series changed, so a chart redraws only then', () => {
    const series = new SampleRing(10, MIN)
    series.record(10 * MIN, 80)
    const v = series.version
    series.record(10 * MIN + 20_000, 80) // same bucket, same value: nothing to redraw
    expect(series.version).toBe(v)
    series.record(10 * MIN + 40_000, 81)
    expect(series.version).toBe(v + 1)
    series.record(11 * MIN, 81) // a new bucket is a new point
    expect(series.version).toBe(v + 2)
  })

  it('ignores a sample older than the newest bucket', () => {
    const series = new SampleRing(10, MIN)
    series.record(11 * MIN, 1)
    series.record(10 * MIN, 2)
    expect(series.toArray()).toEqual([{ t: 11 * MIN, v: 1 }])
  })

  it('stays bounded: 12 h of one-per-minute samples in a 720-sample ring drops the first hour of 13', () => {
    const series = new SampleRing(720, MIN)
    for (let m = 0; m < 13 * 60; m += 1) series.record(m * MIN, m)
    expect(series.size).toBe(720)
    // 780 minutes recorded, 720 kept → the oldest kept is minute 60.
    expect(series.toArray()[0]).toEqual({ t: 60 * MIN, v: 60 })
  })

  it('says whether it has enough values to draw a line (nulls are gaps, not values)', () => {
    const series = new SampleRing(5, MIN)
    series.record(0, null)
    series.record(MIN, 4)
    series.record(2 * MIN, null)
    expect(series.size).toBe(3)
    expect(series.hasValues(1)).toBe(true)
    expect(series.hasValues(2)).toBe(false)
    series.record(3 * MIN, 5)
    expect(series.hasValues(2)).toBe(true)
  })

  it('gives uPlot columns with times in seconds and nulls kept as gaps', () => {
    const series = new SampleRing(5, MIN)
    series.record(0, 1)
    series.record(MIN, null)
    expect(series.toColumns()).toEqual([
      [0, 60],
      [1, null],
    ])
  })

  describe("seed (a gateway's history before this window's own samples)", () => {
    const HALF = 30_000
    const Q = 15 * MIN

    it('puts history before the live samples, then live points append as before', () => {
      const series = new SampleRing(720, HALF)
      series.record(100 * Q + 5_000, 9)
      const before = series.version
      expect(
        series.seed([
          { t: 98 * Q, v: 7 },
          { t: 99 * Q, v: 8 },
        ]),
      ).toBe(2)
      expect(series.version).toBeGreaterThan(before)
      series.record(100 * Q + 40_000, 10)
      expect(series.toArray()).toEqual([
        { t: 98 * Q, v: 7 },
        { t: 99 * Q, v: 8 },
        { t: 100 * Q, v: 9 },
        { t: 100 * Q + HALF, v: 10 },
      ])
    })

    it('never overwrites or reorders: history at or after the first live bucket is dropped, out-of-order and duplicate history is sorted and kept once', () => {
      const series = new SampleRing(720, HALF)
      series.record(10 * Q, 5)
      series.record(10 * Q + HALF, 6)
      series.seed([
        { t: 9 * Q, v: 3 },
        { t: 8 * Q, v: 1 },
        { t: 9 * Q + 1_000, v: 4 }, // the same bucket as 9·Q: the later one given wins
        { t: 10 * Q, v: 99 }, // the live bucket: the window's own value stays
        { t: 11 * Q, v: 99 }, // after live: never
        { t: Number.NaN, v: 1 },
        { t: 7 * Q, v: Number.POSITIVE_INFINITY },
      ])
      expect(series.toArray()).toEqual([
        { t: 8 * Q, v: 1 },
        { t: 9 * Q, v: 4 },
        { t: 10 * Q, v: 5 },
        { t: 10 * Q + HALF, v: 6 },
      ])
      // Seeding again with the same history adds nothing and redraws nothing.
      const v = series.version
      expect(
        series.seed([
          { t: 9 * Q, v: 4 },
          { t: 10 * Q, v: 5 },
        ]),
      ).toBe(0)
      expect(series.version).toBe(v)
    })

    it('seeds an empty ring, keeps nulls as gaps, and keeps the newest when over capacity', () => {
      const series = new SampleRing(3, HALF)
      expect(
        series.seed([
          { t: 1 * Q, v: 1 },
          { t: 2 * Q, v: null },
          { t: 3 * Q, v: 3 },
          { t: 4 * Q, v: 4 },
        ]),
      ).toBe(3)
      expect(series.toArray()).toEqual([
        { t: 2 * Q, v: null },
        { t: 3 * Q, v: 3 },
        { t: 4 * Q, v: 4 },
      ])
      series.record(5 * Q, 5)
      expect(series.first()).toEqual({ t: 3 * Q, v: 3 })
      expect(series.hasValues(3)).toBe(true)
      expect(series.last()).toEqual({ t: 5 * Q, v: 5 })
    })
  })
})
