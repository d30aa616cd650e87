/**
 * Derives the map's deck.gl layers from the store and the panel's view. Every intermediate is
 * memoised on the references it depends on, so a feed update recomputes only what that topic
 * touches: a beds batch on this level recolours bed tiles, an assets batch rewrites the moved tags'
 * rows. The per-map followers (tag points, devices on the level, the level's bed version) read
 * only what each flush changed, through the tables' change logs (see docs/floor-map.md).
 */
import type { Layer } from '@deck.gl/core'
import { useMemo, useState } from 'react'
import type {
  Asset,
  AssetType,
  CyberAlert,
  NetworkDevice,
  Bed,
  Topic,
} from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { TableSubset } from '../../../shared/util/TableSubset.ts'
import type { FloorPlan, PlanUnit } from './floorPlan.ts'
import { LayerCache } from './layerCache.ts'
import { ASSET_CLUSTER_MAX_ZOOM, createAssetLayers } from './layers/assetLayers.ts'
import { AssetPointsTracker, clusterAssetPoints, type AssetCluster } from './layers/assetPoints.ts'
import { BedRowsTracker, bedTilesForLevel, createBedLayers } from './layers/bedLayers.ts'
import { createChangeLayers } from './layers/changeLayers.ts'
import { createCyberLayers, placeAlerts, samePlacements, type PlacedAlert } from './layers/cyberLayers.ts'
import { createNetworkLayers, drawsTheSame, isPlacedOn, type PlacedDevice } from './layers/networkLayers.ts'
import { createPlanLayers, labelledUnits, labelZoomBucket, PLAN_LABEL_PX } from './layers/planLayers.ts'
import type { OutageFootprint } from './outageFootprint.ts'
import type { ChangeMark } from './recentChanges.ts'

/** The layers drawn from a live feed: each is named after its topic, and washed grey when it is stale. */
export const FEED_LAYER_KEYS = ['beds', 'assets', 'network', 'cyber'] as const satisfies readonly Topic[]
export type FeedLayerKey = (typeof FEED_LAYER_KEYS)[number]
export const MAP_LAYER_KEYS = [...FEED_LAYER_KEYS, 'changes'] as const
export type MapLayerKey = (typeof MAP_LAYER_KEYS)[number]
export type LayerVisibility = Readonly<Record<MapLayerKey, boolean>>

export type MapLayerInput = {
  readonly siteModel: SiteModel
  readonly plan: FloorPlan | null
  readonly levelId: string
  readonly beds: ReadonlyMap<string, Bed>
  readonly assets: ReadonlyMap<string, Asset>
  readonly devices: ReadonlyMap<string, NetworkDevice>
  readonly alerts: ReadonlyMap<string, CyberAlert>
  readonly footprint: OutageFootprint
  readonly changes: readonly ChangeMark[]
  readonly stale: Readonly<Record<FeedLayerKey, boolean>>
  readonly visibility: LayerVisibility
  /** Equipment types left off the map (the legend's type filter). */
  readonly hiddenAssetTypes: ReadonlySet<AssetType>
  readonly zoom: number
  /** Clock for ageing, quantised by the caller (seconds for assets, minutes for bed times). */
  readonly now: number
  readonly selection: { readonly kind: string; readonly id: string } | null
  readonly labelScale: number
  readonly changeWindowMs: number
}

export type MapLayers = {
  readonly layers: Layer[]
  /** Asset ids in the binary row order, to resolve a picked index. */
  readonly assetIds: readonly string[]
}

export function useMapLayers(input: MapLayerInput): MapLayers {
  const {
    siteModel,
    plan,
    levelId,
    beds,
    assets,
    devices,
    alerts,
    footprint,
    changes,
    stale,
    visibility,
    hiddenAssetTypes,
    zoom,
    now,
  } = input
  const { selection, labelScale, changeWindowMs } = input
  const zoomBucket = labelZoomBucket(zoom)
  const nowMinute = Math.floor(now / 60_000) * 60_000
  const selected = (kind: string): string | null => (selection?.kind === kind ? selection.id : null)

  const tiles = useMemo(() => bedTilesForLevel(siteModel, levelId), [siteModel, levelId])
  const labels = useMemo(
    () => (plan ? labelledUnits(plan, zoomBucket, PLAN_LABEL_PX * labelScale) : []),
    [plan, zoomBucket, labelScale],
  )
  const unitsById = useMemo(() => {
    const map = new Map<string, PlanUnit>()
    for (const u of plan?.units ?? []) if (u.unitId) map.set(u.unitId, u)
    return map
  }, [plan])
  // One tracker per map, following the assets table in O(changes) per flush.
  const [assetTracker] = useState(() => new AssetPointsTracker())
  const points = useMemo(
    () => assetTracker.update(assets, levelId, now, stale.assets, hiddenAssetTypes),
    [assetTracker, assets, levelId, now, stale.assets, hiddenAssetTypes],
  )
  const clusterZoom = Math.floor(zoom * 2) / 2
  const clustered = zoom < ASSET_CLUSTER_MAX_ZOOM
  const clusters = useMemo(
    () => (clustered ? clusterAssetPoints(points, clusterZoom) : NO_CLUSTERS),
    [clustered, points, clusterZoom],
  )
  const [deviceTracker] = useState(() => new TableSubset<NetworkDevice>())
  const placedDevices = useMemo(
    () =>
      deviceTracker.update(
        devices,
        levelId,
        (d) => isPlacedOn(d, levelId),
        drawsTheSame,
      ) as readonly PlacedDevice[],
    [deviceTracker, devices, levelId],
  )
  // A new array only when the shaded units on this level change, not whenever the footprint
  // elsewhere does: the outage polygons are re-tessellated for every new array.
  const footprintKey = useMemo(
    () =>
      (plan?.units ?? [])
        .filter((u) => u.unitId !== null && footprint.unitIds.has(u.unitId))
        .map((u) => u.unitId)
        .join('\n'),
    [plan, footprint],
  )
  const footprintUnits = useMemo(() => {
    const shaded = new Set(footprintKey.split('\n'))
    return (plan?.units ?? []).filter((u) => u.unitId !== null && shaded.has(u.unitId))
  }, [plan, footprintKey])
  // Devices change with every poll; the placed alerts only when an alert or its host moved, so
  // keep the previous array (stable data for deck.gl) while the placement is the same.
  const [lastPlaced] = useState<{ current: readonly PlacedAlert[] }>(() => ({ current: [] }))
  const placedAlerts = useMemo(() => {
    const next = placeAlerts(alerts, devices, unitsById, levelId)
    if (!samePlacements(next, lastPlaced.current)) lastPlaced.current = next
    return lastPlaced.current
  }, [lastPlaced, alerts, devices, unitsById, levelId])
  // One row per bed tile, replaced only when that bed changed: deck.gl redoes just those rows.
  const [bedRowsTracker] = useState(() => new BedRowsTracker())
  const bedRows = useMemo(() => bedRowsTracker.update(tiles, beds), [bedRowsTracker, tiles, beds])
  const selectedAsset = selected('asset')
  const selectedIndex = useMemo(
    () => (selectedAsset ? points.ids.indexOf(selectedAsset) : -1),
    [points, selectedAsset],
  )

  // The same Layer objects (and list) while a group's inputs are the same: a batch that changed
  // nothing drawn sets nothing on the deck and costs no frame (layerCache.ts).
  const [cache] = useState(() => new LayerCache())
  const layers = cache.list([
    plan ? cache.group('plan', { plan, labels, visible: true, labelScale }, createPlanLayers) : [],
    cache.group(
      'network',
      {
        devices: placedDevices,
        footprintUnits,
        visible: visibility.network,
        stale: stale.network,
        selectedId: selected('device'),
        labelScale,
      },
      createNetworkLayers,
    ),
    cache.group(
      'beds',
      {
        tiles,
        rows: bedRows,
        stale: stale.beds,
        selectedId: selected('bed'),
        visible: visibility.beds,
        zoom,
        nowMinute,
        labelScale,
      },
      createBedLayers,
    ),
    cache.group(
      'assets',
      {
        points,
        clusters,
        zoom,
        visible: visibility.assets,
        stale: stale.assets,
        selectedIndex,
        labelScale,
      },
      createAssetLayers,
    ),
    cache.group(
      'cyber',
      {
        alerts: placedAlerts,
        visible: visibility.cyber,
        stale: stale.cyber,
        selectedId: selected('cyber-alert'),
        labelScale,
      },
      createCyberLayers,
    ),
    // With no ring to fade, the clock is no reason to recolour (and redraw) the layer.
    cache.group(
      'changes',
      {
        marks: changes,
        now: changes.length === 0 ? 0 : now,
        windowMs: changeWindowMs,
        visible: visibility.changes,
      },
      createChangeLayers,
    ),
  ])
  return { layers, assetIds: points.ids }
}

const NO_CLUSTERS: readonly AssetCluster[] = []
