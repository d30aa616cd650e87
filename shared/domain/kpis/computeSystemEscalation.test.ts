import { describe, expect, it } from 'vitest'
import type { OpelLevel } from './computeEscalationLevel.ts'
import {
  computeSystemEscalation,
  describeSystemMethod,
  type TrustEscalation,
} from './computeSystemEscalation.ts'

const trust = (name: string, level: OpelLevel | null, gaOpenBeds: number, live = true): TrustEscalation => ({
  trust: name,
  level,
  gaOpenBeds,
  live,
})

describe('computeSystemEscalation', () => {
  it('weights each trust’s level by its open G&A beds, rounded half up', () => {
    // (2×900 + 3×300 + 2×600 + 3×200) / 2000 = 2.25 → 2
    const result = computeSystemEscalation([
      trust('A', 2, 900),
      trust('B', 3, 300),
      trust('C', 2, 600),
      trust('D', 3, 200),
    ])
    expect(result.level).toBe(2)
    expect(result.score).toBeCloseTo(2.25)
    expect(result.voting).toHaveLength(4)
    expect(result.missing).toEqual([])
    // The trusts at the system's level or above drive it, highest first.
    expect(result.drivers).toEqual(['B', 'D', 'A', 'C'])
  })

  it('rounds 2.5 up: a system half at OPEL 3 is at OPEL 3', () => {
    expect(computeSystemEscalation([trust('A', 2, 500), trust('B', 3, 500)]).level).toBe(3)
  })

  it('never sits more than one level below the highest trust, however small that trust is', () => {
    const result = computeSystemEscalation([trust('A', 1, 1200), trust('B', 1, 900), trust('C', 4, 150)])
    expect(result.score).toBeLessThan(1.5)
    expect(result.level).toBe(3)
    expect(result.raisedByFloor).toBe(true)
    expect(result.drivers).toEqual(['C'])
  })

  it('leaves out a trust whose data is not live, and says so', () => {
    const result = computeSystemEscalation([
      trust('A', 2, 800),
      trust('B', 4, 600, false),
      trust('C', null, 0),
    ])
    expect(result.level).toBe(2)
    expect(result.voting).toEqual(['A'])
    expect(result.missing).toEqual(['B', 'C'])
  })

  it('has no level when no trust votes (never an all-clear)', () => {
    const result = computeSystemEscalation([trust('A', 3, 800, false)])
    expect(result.level).toBeNull()
    expect(result.missing).toEqual(['A'])
  })

  it('takes the highest trust under `highest`', () => {
    const result = computeSystemEscalation([trust('A', 1, 1000), trust('B', 3, 100)], 'highest')
    expect(result.level).toBe(3)
    expect(result.score).toBeNull()
  })

  it('counts every trust the same when none has open G&A beds', () => {
    expect(computeSystemEscalation([trust('A', 2, 0), trust('B', 3, 0)]).score).toBe(2.5)
  })

  it('states its method in words', () => {
    expect(describeSystemMethod('bed-weighted')).toMatch(/weighted by open G&A beds/)
    expect(describeSystemMethod('highest')).toMatch(/highest/)
  })
})
