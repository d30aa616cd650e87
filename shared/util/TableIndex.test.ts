import { describe, expect, it } from 'vitest'
import { EntityTable } from './EntityTable.ts'
import { TableIndex } from './TableIndex.ts'

type Tag = { readonly id: string; readonly zone: string | null }
const tag = (id: string, zone: string | null): Tag => ({ id, zone })

describe('TableIndex', () => {
  it('keeps each zone’s tags as tags move, leave every zone and disappear', () => {
    const index = new TableIndex<Tag>((t) => t.zone)
    let table = EntityTable.of([tag('a', 'w1'), tag('b', 'w1'), tag('c', 'w2')])
    index.update(table)
    expect([...index.members('w1')]).toEqual(['a', 'b'])
    table = table.apply([tag('a', 'w2'), tag('b', null)], ['c'])
    index.update(table)
    expect([...index.members('w1')]).toEqual([])
    expect([...index.members('w2')]).toEqual(['a'])
  })

  it('re-reads a replaced table (a resync) instead of following its change log', () => {
    const index = new TableIndex<Tag>((t) => t.zone)
    const table = EntityTable.of([tag('a', 'w1')])
    index.update(table)
    index.update(EntityTable.of([tag('z', 'w1')], table.version + 1))
    expect([...index.members('w1')]).toEqual(['z'])
  })
})
