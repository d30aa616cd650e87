import { describe, expect, it } from 'vitest'
import { changedRows, rowDiff } from './rowDiff.ts'

describe('changedRows (which rows deck.gl must recompute)', () => {
  const a = { n: 1 }
  const b = { n: 2 }
  const c = { n: 3 }
  const d = { n: 4 }

  it('is empty when every row is the same object', () => {
    expect(changedRows([a, b, c], [a, b, c])).toEqual([])
  })

  it('gives each run of replaced rows, and only those', () => {
    expect(changedRows([d, b, c, { n: 9 }], [a, b, c, d])).toEqual([
      { startRow: 0, endRow: 1 },
      { startRow: 3, endRow: 4 },
    ])
  })

  it('leaves rows added or dropped, or anything but two arrays, to deck.gl’s full update', () => {
    expect(changedRows([a, b, c, d], [a, b])).toBeNull()
    expect(rowDiff([a], [a, b, c])).toBeUndefined()
    expect(rowDiff({ length: 2 }, [a, b])).toBeUndefined()
  })
})
