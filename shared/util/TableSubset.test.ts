import { describe, expect, it } from 'vitest'
import { EntityTable } from './EntityTable.ts'
import { TableSubset } from './TableSubset.ts'

type Device = { readonly id: string; readonly level: string; readonly up: boolean }
const device = (id: string, level: string, up = true): Device => ({ id, level, up })

describe('TableSubset', () => {
  it('keeps the matching entities as the table changes, with a new array only when they change', () => {
    const subset = new TableSubset<Device>()
    const down = (d: Device): boolean => !d.up
    let table = EntityTable.of([device('a', '1'), device('b', '1', false), device('c', '2')])
    const first = subset.update(table, 'down', down)
    expect(first.map((d) => d.id)).toEqual(['b'])
    table = table.apply([device('c', '2', true), device('d', '2')]) // nothing goes down
    expect(subset.update(table, 'down', down)).toBe(first)
    table = table.apply([device('a', '1', false)], ['b'])
    expect(subset.update(table, 'down', down).map((d) => d.id)).toEqual(['a'])
  })

  it('re-reads the table when the predicate changes or the table is replaced', () => {
    const subset = new TableSubset<Device>()
    let table = EntityTable.of([device('a', '1'), device('b', '2')])
    expect(subset.update(table, '1', (d) => d.level === '1').map((d) => d.id)).toEqual(['a'])
    expect(subset.update(table, '2', (d) => d.level === '2').map((d) => d.id)).toEqual(['b'])
    table = EntityTable.of([device('c', '2'), device('b', '2')], table.version + 1)
    expect(subset.update(table, '2', (d) => d.level === '2').map((d) => d.id)).toEqual(['c', 'b'])
  })

  it('ignores updates that the consumer says do not matter to it', () => {
    type Polled = Device & { readonly latency: number }
    const subset = new TableSubset<Polled>()
    const onLevel = (d: Polled): boolean => d.level === '1'
    const sameForMap = (a: Polled, b: Polled): boolean => a.up === b.up
    let table = EntityTable.of<Polled>([{ ...device('a', '1'), latency: 2 }])
    const first = subset.update(table, '1', onLevel, sameForMap)
    table = table.apply([{ ...device('a', '1'), latency: 40 }])
    expect(subset.update(table, '1', onLevel, sameForMap)).toBe(first)
    table = table.apply([{ ...device('a', '1', false), latency: 40 }])
    expect(subset.update(table, '1', onLevel, sameForMap)[0]?.up).toBe(false)
  })
})
