import { describe, expect, it } from 'vitest'
import { naturalCompare } from './naturalCompare.ts'

describe('naturalCompare', () => {
  it('sorts wards by number, not by character: 1, 2, 10, 11 (not 1, 10, 11, 2)', () => {
    const wards = ['Ward 10 — Surgery', 'Ward 2 — Medicine', 'Ward 11 — Oncology', 'Ward 1 — AMU']
    expect([...wards].sort(naturalCompare)).toEqual([
      'Ward 1 — AMU',
      'Ward 2 — Medicine',
      'Ward 10 — Surgery',
      'Ward 11 — Oncology',
    ])
  })

  it('sorts bed labels within a bay and side rooms by number', () => {
    expect(['B12', 'b3', 'B1', 'SR10', 'SR2', 'A1'].sort(naturalCompare)).toEqual([
      'A1',
      'B1',
      'b3',
      'B12',
      'SR2',
      'SR10',
    ])
  })

  it('ignores case but stays total: equal only for equal strings', () => {
    expect(naturalCompare('ward 7', 'Ward 7')).not.toBe(0)
    expect(Math.sign(naturalCompare('ward 7', 'Ward 8'))).toBe(-1)
    expect(naturalCompare('Ward 7', 'Ward 7')).toBe(0)
    expect(Math.sign(naturalCompare('Ward 07', 'Ward 7'))).toBe(-1)
    expect(Math.sign(naturalCompare('Ward 7', 'Ward 7A'))).toBe(-1)
  })

  it('is antisymmetric over a mixed set', () => {
    const words = ['', 'a', 'A', 'a1', 'a01', 'a10', 'a2', 'b', 'ITU', 'Ward 9', 'Ward 90', '9', '10']
    for (const x of words)
      for (const y of words) expect(Math.sign(naturalCompare(x, y)) + Math.sign(naturalCompare(y, x))).toBe(0)
  })
})
