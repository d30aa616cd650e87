import { describe, expect, it } from 'vitest'
import { changedIds, EntityTable } from './EntityTable.ts'

type Thing = { readonly id: string; readonly n: number }
const thing = (id: string, n = 0): Thing => ({ id, n })

describe('EntityTable', () => {
  it('hands out a new view with a higher version only when something changed', () => {
    const a = EntityTable.of([thing('x')])
    const same = a.apply([a.get('x')!])
    expect(same).toBe(a)
    const b = a.apply([thing('x', 1)])
    expect(b).not.toBe(a)
    expect(b.version).toBe(a.version + 1)
    expect(b.get('x')?.n).toBe(1)
  })

  it('tells a consumer which ids changed between two views, across several versions', () => {
    const v1 = EntityTable.of([thing('a'), thing('b'), thing('c')])
    const v2 = v1.apply([thing('a', 1)])
    const v3 = v2.apply([thing('d')], ['b'])
    const v4 = v3.apply([v3.get('c')!]) // same object: no change, same view
    expect(v4).toBe(v3)
    expect(changedIds(v1, v3)).toEqual(['a', 'd', 'b'])
    expect(changedIds(v2, v3)).toEqual(['d', 'b'])
    expect(changedIds(v3, v3)).toEqual([])
    // Every listed id is either current in the table or removed from it.
    expect(changedIds(v1, v3)?.map((id) => v3.get(id)?.n ?? 'removed')).toEqual([1, 0, 'removed'])
  })

  it('says it cannot tell (null) for another storage, a newer-than-current view or plain maps', () => {
    const v1 = EntityTable.of([thing('a')])
    const v2 = v1.apply([thing('a', 1)])
    const resynced = EntityTable.of([thing('a', 2)], v2.version + 1)
    expect(changedIds(v2, resynced)).toBeNull()
    expect(v1.changedSince(v2)).toBeNull()
    expect(changedIds(new Map([['a', thing('a')]]), v2)).toBeNull()
  })

  it('forgets history past its bound, so a consumer that fell far behind re-reads the table', () => {
    let table = EntityTable.of([thing('a')])
    const start = table
    for (let i = 1; i <= 300; i++) table = table.apply([thing('a', i)])
    expect(changedIds(start, table)).toBeNull()
    const recent = table
    table = table.apply([thing('b')])
    expect(changedIds(recent, table)).toEqual(['b'])
  })

  it('treats a change applied to an old view as a fork: earlier consumers re-read', () => {
    const v1 = EntityTable.of([thing('a')])
    const v2 = v1.apply([thing('a', 1)])
    const forked = v1.apply([thing('b')]) // same version number as v2, different history
    expect(forked.version).toBe(v2.version)
    expect(changedIds(v1, forked)).toBeNull()
  })
})
