import { describe, expect, it } from 'vitest'
import { buildSiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { makeAsset, makeBed, NOW, HOUR, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import type { Asset, Bed } from '../../../shared/contracts/entities.ts'
import { EntityTable } from '../../../shared/util/EntityTable.ts'
import { createRowCache, ENTITY_TABLES } from './entityTables.ts'

const index = buildSiteIndex(SITE_MODEL)

describe('createRowCache', () => {
  it('reuses the row of every unchanged entity and rebuilds only changed ones', () => {
    const rowsOf = createRowCache(ENTITY_TABLES.beds)
    const beds = new Map<string, Bed>([
      ['b1', makeBed({ id: 'b1', status: 'occupied', lengthOfStayDays: 15 })],
      ['b4', makeBed({ id: 'b4' })],
    ])
    const first = rowsOf(beds, index)
    beds.set('b4', makeBed({ id: 'b4', status: 'housekeeping' }))
    const second = rowsOf(beds, index)
    expect(second).not.toBe(first) // a new array: the table sees new data
    expect(second[0]).toBe(first[0]) // b1 unchanged → same row object
    expect(second[1]).not.toBe(first[1])
    expect(second[1]?.cells['status']).toBe('housekeeping')
  })

  it('forgets removed entities and rebuilds everything for a new site model', () => {
    const rowsOf = createRowCache(ENTITY_TABLES.beds)
    const beds = new Map<string, Bed>([['b1', makeBed({ id: 'b1' })]])
    const first = rowsOf(beds, index)
    beds.delete('b1')
    expect(rowsOf(beds, index)).toEqual([])
    beds.set('b1', makeBed({ id: 'b1' }))
    const again = rowsOf(beds, buildSiteIndex(SITE_MODEL))
    expect(again[0]).not.toBe(first[0])
  })

  it('flattens a bed with its place: ward, site, type, long-stay bucket', () => {
    const [row] = createRowCache(ENTITY_TABLES.beds)(
      new Map([
        ['b19', makeBed({ id: 'b19', status: 'occupied', lengthOfStayDays: 22, escalationOpen: true })],
      ]),
      index,
    )
    expect(row?.cells).toMatchObject({
      label: 'b19',
      ward: 'W3',
      site: 'South Community',
      bedType: 'escalation',
      longStay: '21+',
      los: 22,
      nctr: 'no',
    })
    expect(row?.search).toContain('south community')
  })

  it('flags equipment that is missing, away from home or low on battery', () => {
    const assets = new Map<string, Asset>([
      [
        'a1',
        makeAsset({
          id: 'a1',
          zoneId: 'w3-a',
          homeUnitId: 'w1',
          battery: 10,
          lastSeen: NOW - 25 * HOUR,
        }),
      ],
      ['a2', makeAsset({ id: 'a2', zoneId: 'w1-b', homeUnitId: 'w1', battery: 90, lastSeen: NOW })],
    ])
    const rows = createRowCache(ENTITY_TABLES.assets, () => NOW)(assets, index)
    expect(rows.map((r) => r.cells['flags'])).toEqual([['missing', 'outside-home', 'battery-low'], []])
    expect(rows[1]?.cells['ward']).toBe('W1')
  })

  it("follows the store's table in O(changes): an unrelated change keeps every other row object", () => {
    const rowsOf = createRowCache(ENTITY_TABLES.beds)
    const ids = Array.from({ length: 50 }, (_, i) => `b${i + 1}`)
    const v1 = EntityTable.of(ids.map((id) => makeBed({ id })))
    const first = rowsOf(v1, index)
    expect(rowsOf.lastWork()).toMatchObject({ full: true, built: 50 })
    // One bed changes: one row built, one entity looked at, the other 49 rows the same objects.
    const v2 = v1.apply([makeBed({ id: 'b7', status: 'occupied' })])
    const second = rowsOf(v2, index)
    expect(rowsOf.lastWork()).toEqual({ full: false, built: 1, visited: 1 })
    expect(second).not.toBe(first)
    expect(second).toHaveLength(50)
    second.forEach((row, i) => {
      if (row.id === 'b7') expect(row).not.toBe(first[i])
      else expect(row).toBe(first[i])
    })
    expect(second.find((r) => r.id === 'b7')?.cells['status']).toBe('occupied')
    // Added and removed beds; the rest keep their objects and their order.
    const v3 = v2.apply([makeBed({ id: 'new-1' })], ['b3'])
    const third = rowsOf(v3, index)
    expect(rowsOf.lastWork()).toMatchObject({ full: false, built: 1 })
    expect(third.map((r) => r.id)).toEqual([...ids.filter((id) => id !== 'b3'), 'new-1'])
    for (const row of third) if (row.id !== 'new-1') expect(row).toBe(second.find((r) => r.id === row.id))
    // Nothing changed: the same array.
    expect(rowsOf(v3, index)).toBe(third)
  })

  it('reads the whole table again after a resync, reusing the rows of unchanged entities', () => {
    const rowsOf = createRowCache(ENTITY_TABLES.beds)
    const beds = [makeBed({ id: 'b1' }), makeBed({ id: 'b2' })]
    const first = rowsOf(EntityTable.of(beds), index)
    const resynced = EntityTable.of([beds[0] as Bed, makeBed({ id: 'b2', status: 'closed' })])
    const second = rowsOf(resynced, index)
    expect(rowsOf.lastWork()).toEqual({ full: true, built: 1, visited: 2 })
    expect(second[0]).toBe(first[0])
    expect(second[1]?.cells['status']).toBe('closed')
  })

  it('gives the same rows as reading the whole table, after every step of a random sequence', () => {
    let seed = 7
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed / 2_147_483_648
    }
    const statuses = ['occupied', 'unoccupied', 'closed', 'housekeeping'] as const
    const incremental = createRowCache(ENTITY_TABLES.beds, () => NOW)
    let table = EntityTable.of<Bed>([])
    for (let step = 0; step < 300; step += 1) {
      const id = `b${1 + Math.floor(next() * 25)}`
      table =
        next() < 0.2
          ? table.apply([], [id])
          : table.apply([makeBed({ id, status: statuses[Math.floor(next() * 4)] as Bed['status'] })])
      const rows = incremental(table, index)
      const whole = createRowCache(ENTITY_TABLES.beds, () => NOW)(new Map(table), index)
      const byId = new Map(rows.map((r) => [r.id, r]))
      expect(rows).toHaveLength(whole.length)
      for (const row of whole) expect(byId.get(row.id)).toEqual(row)
    }
  })
})
