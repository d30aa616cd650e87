/**
 * Tracked assets: one point per tag as binary attributes (tens of thousands move every second, so
 * no per-object accessors run on an update), fading as the last sighting ages, and clustered into
 * counted circles when zoomed out so a busy ward reads as "14", not a smear.
 *
 * Staff badges are drawn as their current position only — never a trail (DESIGN.md).
 */
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { Asset, AssetType } from '../../../../shared/contracts/entities.ts'
import { STALE_COLOUR, type Rgba } from '../mapPalette.ts'

export const ASSET_TYPE_COLOUR: Readonly<Record<AssetType, Rgba>> = {
  'infusion-pump': [86, 180, 233, 255],
  'syringe-driver': [86, 180, 233, 255],
  'patient-monitor': [204, 121, 167, 255],
  ventilator: [213, 94, 0, 255],
  defibrillator: [213, 94, 0, 255],
  wheelchair: [240, 228, 66, 255],
  bed: [240, 228, 66, 255],
  hoist: [240, 228, 66, 255],
  'bladder-scanner': [230, 159, 0, 255],
  ultrasound: [230, 159, 0, 255],
  ecg: [230, 159, 0, 255],
  suction: [230, 159, 0, 255],
  'staff-badge': [255, 255, 255, 255],
}

const HOUR = 3_600_000
/** Unseen for a day: the NHS RTLS guidance's "missing" question. */
export const ASSET_MISSING_AFTER_MS = 24 * HOUR

/**
 * Opacity from the age of the last sighting: full for 5 minutes, then fading to a floor by 24 h,
 * so an old position never looks as certain as a fresh one.
 */
export function ageAlpha(lastSeen: number, now: number): number {
  const age = now - lastSeen
  if (age <= 5 * 60_000) return 255
  if (age >= ASSET_MISSING_AFTER_MS) return 50
  const t = (age - 5 * 60_000) / (ASSET_MISSING_AFTER_MS - 5 * 60_000)
  return Math.round(230 - t * 180)
}

/** Binary attributes for the assets on one level, plus the ids in row order for picking. */
export type AssetPoints = {
  readonly length: number
  readonly ids: readonly string[]
  readonly positions: Float32Array
  readonly colours: Uint8Array
}

/**
 * Packs the assets on `levelId` into typed arrays. One pass, no per-asset allocation beyond the id
 * list; rebuilt once per store flush for the visible level only.
 */
export function packAssetPoints(
  assets: ReadonlyMap<string, Asset>,
  levelId: string,
  now: number,
  stale: boolean,
  filter?: (asset: Asset) => boolean,
): AssetPoints {
  const ids: string[] = []
  let positions = new Float32Array(1024)
  let colours = new Uint8Array(2048)
  let n = 0
  for (const a of assets.values()) {
    if (a.levelId !== levelId) continue
    if (filter && !filter(a)) continue
    if (n * 2 + 2 > positions.length) {
      positions = grow(positions, positions.length * 2)
      colours = grow(colours, colours.length * 2)
    }
    positions[n * 2] = a.x
    positions[n * 2 + 1] = a.y
    const c = stale ? STALE_COLOUR : ASSET_TYPE_COLOUR[a.type]
    colours[n * 4] = c[0]
    colours[n * 4 + 1] = c[1]
    colours[n * 4 + 2] = c[2]
    colours[n * 4 + 3] = stale ? c[3] : ageAlpha(a.lastSeen, now)
    ids.push(a.id)
    n++
  }
  return { length: n, ids, positions: positions.subarray(0, n * 2), colours: colours.subarray(0, n * 4) }
}

function grow<T extends Float32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as { new (n: number): T })(size)
  next.set(array)
  return next
}

export type AssetCluster = { readonly x: number; readonly y: number; readonly count: number }

/**
 * Grid clustering in screen space: points falling in the same `cellPx` square at the current zoom
 * merge into one circle at their mean position.
 */
export function clusterAssetPoints(points: AssetPoints, zoom: number, cellPx = 48): AssetCluster[] {
  const cell = cellPx / 2 ** zoom
  const cells = new Map<string, { sx: number; sy: number; count: number }>()
  for (let i = 0; i < points.length; i++) {
    const x = points.positions[i * 2] ?? 0
    const y = points.positions[i * 2 + 1] ?? 0
    const key = `${Math.floor(x / cell)},${Math.floor(y / cell)}`
    const c = cells.get(key)
    if (c) {
      c.sx += x
      c.sy += y
      c.count++
    } else {
      cells.set(key, { sx: x, sy: y, count: 1 })
    }
  }
  return [...cells.values()].map((c) => ({ x: c.sx / c.count, y: c.sy / c.count, count: c.count }))
}

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

export function createAssetLayers(options: AssetLayerOptions): Layer[] {
  const { points, clusters, zoom, visible, stale, selectedIndex, labelScale } = options
  const clustered = zoom < ASSET_CLUSTER_MAX_ZOOM
  return [
    new ScatterplotLayer({
      id: 'assets-points',
      data: {
        length: points.length,
        attributes: {
          getPosition: { value: points.positions, size: 2 },
          getFillColor: { value: points.colours, size: 4, normalized: true },
        },
      },
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
      data: selectedIndex >= 0 ? [selectedIndex] : [],
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
