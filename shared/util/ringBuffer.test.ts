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

  it('gives uPlot columns with times in seconds and nulls kept as gaps', () => {
    const series = new SampleRing(5, MIN)
    series.record(0, 1)
    series.record(MIN, null)
    expect(series.toColumns()).toEqual([
      [0, 60],
      [1, null],
    ])
  })
})
