import { describe, expect, it } from 'vitest'
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import { makeAsset, makeDevice, makeSiteModel } from '../../../tests/support/builders.ts'
import { createWatchfloorStore, type WatchfloorStore } from '../../state/watchfloorStore.ts'
import { MapModel } from './MapModel.ts'
import { outageFootprint } from './outageFootprint.ts'

function storeWith(devices: NetworkDevice[], assets: Asset[]): WatchfloorStore {
  const store = createWatchfloorStore()
  store.getState().applyHubMessage({
    type: 'changes',
    changes: {
      siteModel: makeSiteModel(),
      entities: {
        network: { reset: true, upserts: devices, removes: [] },
        assets: { reset: true, upserts: assets, removes: [] },
      },
    },
  })
  return store
}

function upsert(store: WatchfloorStore, network: NetworkDevice[], assets: Asset[]): void {
  store.getState().applyHubMessage({
    type: 'changes',
    changes: {
      entities: {
        ...(network.length > 0 ? { network: { reset: false, upserts: network, removes: [] } } : {}),
        ...(assets.length > 0 ? { assets: { reset: false, upserts: assets, removes: [] } } : {}),
      },
    },
  })
}

describe('MapModel (a floor map’s live answers, following the store)', () => {
  it('follows a switch going down and back up with its footprint and the assets inside it', () => {
    const store = storeWith(
      [makeDevice({ id: 'ap1', status: 'up', servesUnitIds: ['ward-a1'] })],
      [makeAsset({ id: 'inBay', zoneId: 'bay-a1' }), makeAsset({ id: 'away', zoneId: 'ward-b1' })],
    )
    const model = new MapModel(store)
    const stop = model.start()
    let notified = 0
    model.subscribe(() => notified++)
    expect(model.getSnapshot().footprint.deviceIds).toEqual([])

    upsert(store, [makeDevice({ id: 'ap1', status: 'down', servesUnitIds: ['ward-a1'] })], [])
    const down = model.getSnapshot().footprint
    expect(down.deviceIds).toEqual(['ap1'])
    expect([...down.assetIds]).toEqual(['inBay'])
    expect([...down.bedIds].sort()).toEqual(['a1-1', 'a1-2', 'a1-3', 'a1-4', 'a1-s1'])
    expect(notified).toBe(1)

    // An asset moving inside the footprint, or elsewhere, changes no answer: no re-render.
    upsert(store, [], [makeAsset({ id: 'away', zoneId: 'ward-b1', x: 3 })])
    expect(model.getSnapshot().footprint).toBe(down)
    expect(notified).toBe(1)

    // An asset walking in is listed at once (not on a clock).
    upsert(store, [], [makeAsset({ id: 'away', zoneId: 'ward-a1' })])
    expect([...model.getSnapshot().footprint.assetIds].sort()).toEqual(['away', 'inBay'])
    expect(notified).toBe(2)

    upsert(store, [makeDevice({ id: 'ap1', status: 'up', servesUnitIds: ['ward-a1'] })], [])
    expect(model.getSnapshot().footprint.deviceIds).toEqual([])
    stop()
    upsert(store, [makeDevice({ id: 'ap1', status: 'down', servesUnitIds: ['ward-a1'] })], [])
    expect(model.getSnapshot().footprint.deviceIds).toEqual([])
  })

  it('draws no outage while the network feed is stale (never old data as live)', () => {
    const store = storeWith([makeDevice({ id: 'ap1', status: 'down', servesUnitIds: ['ward-a1'] })], [])
    const model = new MapModel(store, true)
    model.start()
    expect(model.getSnapshot().footprint.deviceIds).toEqual([])
    model.setNetworkStale(false)
    expect(model.getSnapshot().footprint.deviceIds).toEqual(['ap1'])
  })

  it('says whether the feed carries staff badges, as they come and go', () => {
    const store = storeWith([], [makeAsset({ id: 'pump', type: 'infusion-pump' })])
    const model = new MapModel(store)
    model.start()
    expect(model.getSnapshot().staffBadgesPresent).toBe(false)
    upsert(store, [], [makeAsset({ id: 'badge', type: 'staff-badge' })])
    expect(model.getSnapshot().staffBadgesPresent).toBe(true)
    store.getState().applyHubMessage({
      type: 'changes',
      changes: { entities: { assets: { reset: false, upserts: [], removes: ['badge'] } } },
    })
    expect(model.getSnapshot().staffBadgesPresent).toBe(false)
  })

  it('keeps the same footprint as a recount from the whole tables through a flapping network', () => {
    // Two devices serving overlapping areas (a ward, and a bay inside it), flapping, with tags
    // walking between wards: the counted footprint must equal a fresh pass after every flush.
    const units = ['ward-a1', 'bay-a1', 'side-a1', 'ward-a2', 'ward-b1', null] as const
    const serves = [['ward-a1'], ['bay-a1'], ['ward-a2', 'ward-b1'], ['ward-a1', 'ward-b1']]
    const devices = serves.map((s, i) => makeDevice({ id: `ap${i}`, status: 'up', servesUnitIds: s }))
    const assets = Array.from({ length: 12 }, (_, i) =>
      makeAsset({ id: `tag${i}`, zoneId: units[i % units.length] ?? null }),
    )
    const store = storeWith(devices, assets)
    const model = new MapModel(store)
    model.start()
    let seed = 3
    const random = (n: number): number => {
      seed = (seed * 16807) % 2147483647
      return seed % n
    }
    for (let step = 0; step < 300; step++) {
      const d = devices[random(devices.length)]!
      const changedDevice =
        random(3) === 0 ? [] : [{ ...d, status: random(2) === 0 ? 'down' : 'up' } as const]
      if (changedDevice[0]) devices[devices.indexOf(d)] = changedDevice[0]
      const moved = Array.from({ length: random(4) }, () => {
        const i = random(assets.length)
        assets[i] = { ...assets[i]!, zoneId: units[random(units.length)] ?? null }
        return assets[i]
      })
      upsert(store, changedDevice, moved)
      const { entities, siteModel } = store.getState()
      const expected = outageFootprint(siteModel!, entities.network, entities.assets)
      const actual = model.getSnapshot().footprint
      expect(actual.deviceIds).toEqual(expected.deviceIds)
      expect([...actual.unitIds].sort()).toEqual([...expected.unitIds].sort())
      expect([...actual.bedIds].sort()).toEqual([...expected.bedIds].sort())
      expect([...actual.assetIds].sort()).toEqual([...expected.assetIds].sort())
    }
  })
})
