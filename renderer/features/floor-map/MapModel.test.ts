import { describe, expect, it } from 'vitest'
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import { makeAsset, makeDevice, makeSiteModel } from '../../../tests/support/builders.ts'
import { createWatchfloorStore, type WatchfloorStore } from '../../state/watchfloorStore.ts'
import { MapModel } from './MapModel.ts'

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
    expect(down.assetIds).toEqual(['inBay'])
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
})
