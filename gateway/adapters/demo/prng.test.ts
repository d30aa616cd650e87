import { describe, expect, it } from 'vitest'
import { createPrng } from './prng.ts'

const draw = (seed: number, n: number): number[] => {
  const p = createPrng(seed)
  return Array.from({ length: n }, () => p.next())
}

describe('createPrng', () => {
  it('replays the same stream for the same seed and a different one for another seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100))
    expect(draw(42, 100)).not.toEqual(draw(43, 100))
  })

  it('stays within its ranges and is roughly uniform', () => {
    const p = createPrng(1)
    const buckets = new Array<number>(10).fill(0)
    let outside = 0
    for (let i = 0; i < 100_000; i++) {
      const v = p.next()
      if (v < 0 || v >= 1) outside += 1
      else buckets[Math.floor(v * 10)] = (buckets[Math.floor(v * 10)] ?? 0) + 1
    }
    expect(outside).toBe(0)
    expect(Math.min(...buckets)).toBeGreaterThan(9_000)
    const ints = new Set(Array.from({ length: 1_000 }, () => p.int(3, 7)))
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7])
  })

  it('draws RFC 9562 version-4 UUIDs', () => {
    const p = createPrng(9)
    const ids = Array.from({ length: 1_000 }, () => p.uuid())
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('forks independent streams that do not advance the parent', () => {
    const a = createPrng(5)
    const b = createPrng(5)
    const forkA = a.fork('assets')
    forkA.next()
    expect(a.next()).toBe(b.next())
    expect(createPrng(5).fork('assets').next()).toBe(createPrng(5).fork('assets').next())
    expect(createPrng(5).fork('assets').next()).not.toBe(createPrng(5).fork('imdf').next())
  })
})
