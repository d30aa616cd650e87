/**
 * Tracked assets: one point per tag as binary attributes (tens of thousands move every second, so
 * no per-object accessors run on an update), fading as the last sighting ages, and clustered into
 * counted circles when zoomed out so a busy ward reads as "14", not a smear.
 *
 * Staff badges are drawn as their current position only — never a trail (docs/architecture.md).
 */
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { STALE_COLOUR } from '../mapPalette.ts'
import type { AssetCluster, AssetPoints } from './assetPoints.ts'

/** The pickable layer's id (the map resolves a pick by it). */
export const ASSET_POINTS_LAYER_ID = 'assets-points'

/** Below this zoom (about 6 px per metre) individual tags are clustered. */
export const ASSET_CLUSTER_MAX_ZOOM = 2.6

export type AssetLayerOptions = {
  readonly points: AssetPoints
  readonly clusters: readonly AssetCluster[]
  readonly zoom: number
  readonly visible: boolean
  readonly stale: boolean
  readonly selectedIndex: number
  readonly labelScale: number
}

const NO_ROWS: readonly number[] = []

export function createAssetLayers(options: AssetLayerOptions): Layer[] {
  const { points, clusters, zoom, visible, stale, selectedIndex, labelScale } = options
  const clustered = zoom < ASSET_CLUSTER_MAX_ZOOM
  return [
    new ScatterplotLayer({
      id: ASSET_POINTS_LAYER_ID,
      // The same container while the row count holds (assetPoints.ts): the triggers say which of
      // its two binary attributes to upload again; picking colours and constants stay as they are.
      data: points.data,
      updateTriggers: { getPosition: [points.positions], getFillColor: [points.colours] },
      visible: visible && !clustered,
      pickable: true,
      radiusUnits: 'pixels',
      getRadius: 5,
      stroked: true,
      getLineColor: [0, 0, 0, 200],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
    }),
    new ScatterplotLayer({
      id: 'assets-selected',
      data: selectedIndex >= 0 ? [selectedIndex] : NO_ROWS,
      visible: visible && selectedIndex >= 0,
      getPosition: (i: number) => [points.positions[i * 2] ?? 0, points.positions[i * 2 + 1] ?? 0],
      radiusUnits: 'pixels',
      getRadius: 11,
      filled: false,
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      updateTriggers: { getPosition: [points] },
    }),
    new ScatterplotLayer<AssetCluster>({
      id: 'assets-clusters',
      data: clusters,
      visible: visible && clustered,
      getPosition: (c) => [c.x, c.y],
      radiusUnits: 'pixels',
      getRadius: (c) => Math.min(22, 9 + Math.sqrt(c.count) * 2),
      getFillColor: stale ? STALE_COLOUR : [86, 180, 233, 210],
      stroked: true,
      getLineColor: [10, 12, 16, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      updateTriggers: { getFillColor: [stale] },
    }),
    new TextLayer<AssetCluster>({
      id: 'assets-cluster-counts',
      data: clusters,
      visible: visible && clustered,
      getPosition: (c) => [c.x, c.y],
      getText: (c) => String(c.count),
      getSize: 12 * labelScale,
      sizeUnits: 'pixels',
      getColor: [10, 12, 16, 255],
      fontWeight: 700,
      characterSet: '0123456789',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ]
}
