import { describe, expect, it } from 'vitest'
import { EntityTable } from './EntityTable.ts'
import { ScopedVersion } from './ScopedVersion.ts'

type Bed = { readonly id: string; readonly status: string }

describe('ScopedVersion', () => {
  it('rises when an entity in scope changes, not when one outside it does', () => {
    const version = new ScopedVersion<Bed>()
    const floor = new Set(['b1', 'b2'])
    let table = EntityTable.of<Bed>([
      { id: 'b1', status: 'occupied' },
      { id: 'x9', status: 'occupied' },
    ])
    const v0 = version.update(table, floor)
    table = table.apply([{ id: 'x9', status: 'closed' }])
    expect(version.update(table, floor)).toBe(v0)
    table = table.apply([{ id: 'b1', status: 'housekeeping' }])
    expect(version.update(table, floor)).toBeGreaterThan(v0)
  })

  it('rises when the scope or the table’s storage is replaced', () => {
    const version = new ScopedVersion<Bed>()
    const table = EntityTable.of<Bed>([{ id: 'b1', status: 'occupied' }])
    const v0 = version.update(table, new Set(['b1']))
    const v1 = version.update(table, new Set(['b2']))
    expect(v1).toBeGreaterThan(v0)
    expect(version.update(EntityTable.of<Bed>([], table.version + 1), new Set(['b2']))).toBeGreaterThan(v1)
  })
})
