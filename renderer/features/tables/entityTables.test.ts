import { describe, expect, it } from 'vitest'
import { buildSiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { makeAsset, makeBed, NOW, HOUR, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import type { Asset, Bed } from '../../../shared/contracts/entities.ts'
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
})
