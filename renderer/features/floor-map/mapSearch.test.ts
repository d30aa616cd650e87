import { describe, expect, it } from 'vitest'
import { makeAsset, makeDevice, makeSiteModel, tableOf } from '../../../tests/support/builders.ts'
import { assetTypeOf, findUnit, searchMap } from './mapSearch.ts'

describe('searchMap', () => {
  const siteModel = makeSiteModel()
  const assets = tableOf({
    near: makeAsset({ id: 'near', label: 'IP-1', x: 22, y: 10 }),
    far: makeAsset({ id: 'far', label: 'IP-2', x: 35, y: 18 }),
    busy: makeAsset({ id: 'busy', label: 'IP-3', x: 20, y: 10, state: 'in-use' }),
    upstairs: makeAsset({ id: 'upstairs', label: 'IP-4', levelId: 'lvl-a2', x: 20, y: 10 }),
    otherSite: makeAsset({
      id: 'otherSite',
      label: 'IP-5',
      siteId: 'site-b',
      levelId: 'lvl-b1',
      x: 20,
      y: 10,
    }),
    chair: makeAsset({ id: 'chair', label: 'WC-1', type: 'wheelchair', x: 20, y: 10 }),
    badge: makeAsset({ id: 'badge', label: 'STAFF-1', type: 'staff-badge' }),
  })

  it('answers "nearest available infusion pump to Ward 7" with same-site, available pumps by distance', () => {
    const hits = searchMap('nearest available infusion pump to Ward 7', siteModel, assets, tableOf([]))
    // Ward 7's label point is (20,10): near is 2 m away, far 17 m, upstairs 0 m + one floor (40 m).
    expect(hits.map((h) => h.id)).toEqual(['near', 'far', 'upstairs'])
    expect(hits[0]!.distance).toBeCloseTo(2)
  })

  it('includes busy pumps when "available" is not asked for', () => {
    expect(searchMap('nearest pump to ward 7', siteModel, assets, tableOf([]))[0]!.id).toBe('busy')
  })

  it('finds Ward 7, not Ward 70, by a word-boundary match', () => {
    expect(findUnit(siteModel, 'ward 7')?.id).toBe('ward-a1')
    expect(findUnit(siteModel, 'ward 70')?.id).toBe('ward-a2')
  })

  it('locates an asset by label, a bed by ward and label, and a device by name', () => {
    expect(searchMap('IP-2', siteModel, assets, tableOf([])).map((h) => h.id)).toEqual(['far'])
    expect(searchMap('ward 1 b1-2', siteModel, tableOf([]), tableOf([])).map((h) => h.id)).toEqual(['b1-2'])
    const devices = tableOf([makeDevice({ id: 'sw', name: 'A1-ACC-SW-03', kind: 'access-switch' })])
    expect(searchMap('acc-sw', siteModel, tableOf([]), devices)[0]).toMatchObject({
      kind: 'device',
      id: 'sw',
    })
  })

  it('never locates staff badges', () => {
    expect(searchMap('STAFF', siteModel, assets, tableOf([]))).toEqual([])
  })

  it('maps everyday words to asset types', () => {
    expect(assetTypeOf('Defibs')).toBe('defibrillator')
    expect(assetTypeOf('wheelchair')).toBe('wheelchair')
    expect(assetTypeOf('kettle')).toBeNull()
  })

  it('finds a bed on a ward by the ward and the bed label, never on Ward 70', () => {
    const hits = searchMap('ward 7 a1-2', siteModel, tableOf([]), tableOf([]))
    expect(hits.map((h) => h.id)).toEqual(['a1-2'])
    expect(hits[0]).toMatchObject({ kind: 'bed', label: 'Ward 7 · A1-2', detail: 'Bay A · Main, Level 1' })
    expect(searchMap('ward 70 a1-2', siteModel, tableOf([]), tableOf([]))).toEqual([])
    expect(searchMap('Ward 7 bed A1-S1', siteModel, tableOf([]), tableOf([]))[0]?.id).toBe('a1-s1')
  })

  it('finds a bay or room on a ward by its name', () => {
    expect(searchMap('ward 7 bay a', siteModel, tableOf([]), tableOf([]))[0]).toMatchObject({
      kind: 'unit',
      id: 'bay-a1',
    })
    expect(searchMap('ward 7 side room 1', siteModel, tableOf([]), tableOf([]))[0]?.id).toBe('side-a1')
  })

  it('puts the ward first for a ward name, and Ward 70 not at all for "ward 7"', () => {
    const hits = searchMap('ward 7', siteModel, tableOf([]), tableOf([]))
    expect(hits[0]).toMatchObject({ kind: 'unit', id: 'ward-a1' })
    expect(hits.some((h) => h.id === 'ward-a2' || h.id.startsWith('a2-'))).toBe(false)
  })

  it('says where an asset is by its ward and room, not only the floor', () => {
    const tagged = tableOf([makeAsset({ id: 'p', label: 'IP-9', zoneId: 'bay-a1', x: 3, y: 3 })])
    expect(searchMap('IP-9', siteModel, tagged, tableOf([]))[0]?.detail).toBe(
      'infusion-pump · available · Ward 7, Bay A',
    )
    const between = tableOf([makeAsset({ id: 'q', label: 'IP-8', zoneId: null })])
    expect(searchMap('IP-8', siteModel, between, tableOf([]))[0]?.detail).toBe(
      'infusion-pump · available · Main, Level 1',
    )
  })
})
