/**
 * The layer factories are pure: state in, deck.gl layer descriptors out. These tests read the
 * descriptors' props — no WebGL involved.
 */
import type { Layer } from '@deck.gl/core'
import { describe, expect, it } from 'vitest'
import {
  makeAsset,
  makeBed,
  makeCyberAlert,
  makeDevice,
  makeSiteModel,
  T0,
  tableOf,
} from '../../../../tests/support/builders.ts'
import type { PlanUnit } from '../floorPlan.ts'
import { BED_STATUS_COLOUR, STALE_COLOUR } from '../mapPalette.ts'
import { ASSET_CLUSTER_MAX_ZOOM, createAssetLayers } from './assetLayers.ts'
import { ageAlpha, clusterAssetPoints, packAssetPoints } from './assetPoints.ts'
import {
  bedFill,
  bedFlags,
  bedRows,
  BedRowsTracker,
  bedTilesForLevel,
  createBedLayers,
  formatTimeInStatus,
  type BedRow,
} from './bedLayers.ts'
import { createCyberLayers, placeAlerts } from './cyberLayers.ts'
import { createNetworkLayers, devicesOnLevel } from './networkLayers.ts'

type Accessor<T, R> = (item: T) => R
const prop = <T>(layer: Layer | undefined, name: string): T =>
  (layer?.props as Record<string, unknown>)[name] as T
const byId = (layers: Layer[], id: string): Layer | undefined => layers.find((l) => l.id === id)

const siteModel = makeSiteModel()
const tiles = bedTilesForLevel(siteModel, 'lvl-a1')
const rows = bedRows(tiles, tableOf([makeBed({ id: 'a1-1', status: 'occupied', nctr: true })]))
const bedOptions = {
  tiles,
  rows,
  stale: false,
  selectedId: null,
  visible: true,
  zoom: 5,
  nowMinute: T0,
  labelScale: 1,
}

describe('bed layers', () => {
  it('draws one tile per bed on the level, from the site model', () => {
    expect(tiles.map((t) => t.id)).toEqual(['a1-1', 'a1-2', 'a1-3', 'a1-4', 'a1-s1'])
    expect(tiles[0]!.polygon).toHaveLength(4)
  })

  it('colours by status and greys out beds from a stale feed or with no state', () => {
    const layers = createBedLayers(bedOptions)
    type Fill = (tile: unknown, info: { index: number }) => number[]
    const fill = prop<Fill>(byId(layers, 'beds-tiles'), 'getFillColor')
    expect(fill(tiles[0], { index: 0 })).toEqual(BED_STATUS_COLOUR.occupied)
    expect(fill(tiles[1], { index: 1 })).toEqual(STALE_COLOUR)
    const staleFill = prop<Fill>(
      byId(createBedLayers({ ...bedOptions, stale: true }), 'beds-tiles'),
      'getFillColor',
    )
    expect(staleFill(tiles[0], { index: 0 })).toEqual(STALE_COLOUR)
    expect(bedFill(undefined, false)).toEqual(STALE_COLOUR)
  })

  it('writes the status letter and flags on the tile, so colour is not the only cue', () => {
    const text = prop<Accessor<BedRow, string>>(byId(createBedLayers(bedOptions), 'beds-letters'), 'getText')
    expect(text(rows[0]!)).toBe('O\nN')
    expect(text(rows[3]!)).toBe('–\nE') // escalation bed without state yet
    expect(bedFlags(makeBed({ expectedDischargeToday: true, nctr: true }), siteModel.beds[0]!)).toBe('ND')
  })

  it('keeps layer ids stable and toggles with visible, never by removing layers', () => {
    const on = createBedLayers(bedOptions).map((l) => l.id)
    const off = createBedLayers({ ...bedOptions, visible: false })
    expect(off.map((l) => l.id)).toEqual(on)
    expect(off.every((l) => l.props.visible === false)).toBe(true)
  })

  it('replaces only the row of a bed that changed, and re-letters only that row', () => {
    type Diff = (next: unknown, previous: unknown) => { startRow: number; endRow?: number }[] | undefined
    const tracker = new BedRowsTracker()
    const store = tableOf([makeBed({ id: 'a1-1', status: 'occupied' }), makeBed({ id: 'a1-3' })])
    const before = tracker.update(tiles, store)
    // A bed on another level, and the same table again: the same rows (deck.gl sees no new data).
    const elsewhere = store.apply([makeBed({ id: 'b1-1', status: 'closed' })])
    expect(tracker.update(tiles, elsewhere)).toBe(before)
    const changed = elsewhere.apply([makeBed({ id: 'a1-3', status: 'closed' })])
    const after = tracker.update(tiles, changed)
    expect(after).not.toBe(before)
    expect(after.filter((r, i) => r !== before[i]).map((r) => r.id)).toEqual(['a1-3'])
    expect(after[2]!.tile).toBe(before[2]!.tile) // the geometry is the same object

    const layers = createBedLayers({ ...bedOptions, rows: after })
    // The tiles keep their geometry data; the fill is recoloured through its trigger.
    const tilesLayer = byId(layers, 'beds-tiles')
    expect(tilesLayer?.props.data).toBe(
      byId(createBedLayers({ ...bedOptions, rows: before }), 'beds-tiles')?.props.data,
    )
    expect(prop<Record<string, unknown[]>>(tilesLayer, 'updateTriggers')['getFillColor']).toEqual([
      after,
      false,
    ])
    const letterDiff = prop<Diff>(byId(layers, 'beds-letters'), '_dataDiff')
    // 'U' → 'C': same length, one row re-lettered …
    expect(letterDiff(after, before)).toEqual([{ startRow: 2, endRow: 3 }])
    // … but a bed gaining a flag letter re-lays the whole layer out (characters shift).
    const flagged = tracker.update(tiles, changed.apply([makeBed({ id: 'a1-1', nctr: true })]))
    expect(letterDiff(flagged, after)).toBeUndefined()
  })

  it('hides letters when tiles are too small to read, and formats time in status', () => {
    expect(byId(createBedLayers({ ...bedOptions, zoom: 1 }), 'beds-letters')?.props.visible).toBe(false)
    expect(formatTimeInStatus(T0 - 35 * 60_000, T0)).toBe('35m')
    expect(formatTimeInStatus(T0 - 5 * 3_600_000, T0)).toBe('5h')
    expect(formatTimeInStatus(T0 - 72 * 3_600_000, T0)).toBe('3d')
  })
})

describe('asset layers', () => {
  const assets = tableOf([
    makeAsset({ id: 'a', x: 1, y: 2, lastSeen: T0 }),
    makeAsset({ id: 'b', x: 1.5, y: 2.5, lastSeen: T0 - 25 * 3_600_000 }),
    makeAsset({ id: 'c', x: 30, y: 15, levelId: 'lvl-a2' }),
  ])

  it('packs the level’s tags into binary attributes with age-faded alpha', () => {
    const points = packAssetPoints(assets, 'lvl-a1', T0, false)
    expect(points.length).toBe(2)
    expect(points.ids).toEqual(['a', 'b'])
    expect([...points.positions]).toEqual([1, 2, 1.5, 2.5])
    expect(points.colours[3]).toBe(255)
    expect(points.colours[7]).toBe(ageAlpha(T0 - 25 * 3_600_000, T0))
    expect(ageAlpha(T0 - 25 * 3_600_000, T0)).toBeLessThan(100)
  })

  it('grows its buffers past their initial size', () => {
    const many = tableOf(Array.from({ length: 3000 }, (_, i) => makeAsset({ id: `t${i}`, x: i })))
    const points = packAssetPoints(many, 'lvl-a1', T0, false)
    expect(points.length).toBe(3000)
    expect(points.positions[2999 * 2]).toBe(2999)
  })

  it('passes positions as binary attributes, and clusters when zoomed out', () => {
    const points = packAssetPoints(assets, 'lvl-a1', T0, false)
    const clusters = clusterAssetPoints(points, 0)
    expect(clusters).toEqual([{ x: 1.25, y: 2.25, count: 2 }])
    const zoomedOut = createAssetLayers({
      points,
      clusters,
      zoom: ASSET_CLUSTER_MAX_ZOOM - 1,
      visible: true,
      stale: false,
      selectedIndex: -1,
      labelScale: 1,
    })
    const data = byId(zoomedOut, 'assets-points')?.props.data as {
      length: number
      attributes: Record<string, { value: unknown }>
    }
    expect(data.length).toBe(2)
    expect(data.attributes['getPosition']?.value).toBe(points.positions)
    expect(byId(zoomedOut, 'assets-points')?.props.visible).toBe(false)
    expect(byId(zoomedOut, 'assets-clusters')?.props.visible).toBe(true)
    const zoomedIn = createAssetLayers({
      points,
      clusters,
      zoom: ASSET_CLUSTER_MAX_ZOOM + 1,
      visible: true,
      stale: false,
      selectedIndex: 0,
      labelScale: 1,
    })
    expect(byId(zoomedIn, 'assets-points')?.props.visible).toBe(true)
    expect(byId(zoomedIn, 'assets-clusters')?.props.visible).toBe(false)
  })
})

describe('network and cyber layers', () => {
  const planUnit: PlanUnit = {
    featureId: 'f',
    unitId: 'ward-a1',
    kind: 'ward',
    name: 'Ward 7',
    polygon: [
      [0, 0],
      [1, 0],
      [1, 1],
    ],
    labelAt: [20, 10],
    area: 1,
  }

  it('shades the outage footprint, but never from a stale feed', () => {
    const devices = devicesOnLevel(
      tableOf([makeDevice({ id: 'd', status: 'down' }), makeDevice({ id: 'off', x: null, y: null })]),
      'lvl-a1',
    )
    expect(devices.map((d) => d.id)).toEqual(['d'])
    const live = createNetworkLayers({
      devices,
      footprintUnits: [planUnit],
      visible: true,
      stale: false,
      selectedId: null,
      labelScale: 1,
    })
    expect(byId(live, 'network-outage')?.props.visible).toBe(true)
    expect(byId(live, 'network-device-marks')?.props.data).toHaveLength(1)
    const stale = createNetworkLayers({
      devices,
      footprintUnits: [planUnit],
      visible: true,
      stale: true,
      selectedId: null,
      labelScale: 1,
    })
    expect(byId(stale, 'network-outage')?.props.visible).toBe(false)
  })

  it('places alerts at their device, else their unit, skipping resolved ones, most severe on top', () => {
    const devices = tableOf([makeDevice({ id: 'd', x: 3, y: 4 })])
    const alerts = tableOf([
      makeCyberAlert({ id: 'atDevice', deviceId: 'd', severity: 'critical' }),
      makeCyberAlert({ id: 'atUnit', severity: 'low' }),
      makeCyberAlert({ id: 'done', status: 'resolved' }),
    ])
    const placed = placeAlerts(alerts, devices, new Map([['ward-a1', planUnit]]), 'lvl-a1')
    expect(placed.map((p) => [p.alert.id, p.x, p.y])).toEqual([
      ['atUnit', 20, 10],
      ['atDevice', 3, 4],
    ])
    const layers = createCyberLayers({
      alerts: placed,
      visible: true,
      stale: false,
      selectedId: null,
      labelScale: 1,
    })
    expect(layers.map((l) => l.id)).toEqual(['cyber-alerts', 'cyber-marks'])
  })
})
