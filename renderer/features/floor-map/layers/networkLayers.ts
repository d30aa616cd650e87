/**
 * Network devices with their status, and the outage footprint: the areas a down device serves,
 * washed in vermillion with a heavy outline so the clinical impact of an IT fault is visible.
 */
import type { Layer } from '@deck.gl/core'
import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { NetworkDevice } from '../../../../shared/contracts/entities.ts'
import type { PlanUnit } from '../floorPlan.ts'
import {
  DEVICE_STATUS_COLOUR,
  DEVICE_STATUS_LETTER,
  OUTAGE_FILL,
  OUTAGE_LINE,
  SELECTION_COLOUR,
  STALE_COLOUR,
} from '../mapPalette.ts'
import { layerRowDiff } from './rowDiff.ts'

/** The pickable layer's id (the map resolves a pick by it). */
export const NETWORK_DEVICES_LAYER_ID = 'network-devices'

export type PlacedDevice = NetworkDevice & { readonly x: number; readonly y: number }

/** Whether a device is drawn on a level: it has a position on it. */
export function isPlacedOn(device: NetworkDevice, levelId: string): device is PlacedDevice {
  return device.levelId === levelId && device.x !== null && device.y !== null
}

/**
 * Whether two versions of a placed device draw the same: what the map shows (status, place, kind,
 * name, served areas), not the poll figures that change every few seconds.
 */
export function drawsTheSame(a: NetworkDevice, b: NetworkDevice): boolean {
  return (
    a.status === b.status &&
    a.x === b.x &&
    a.y === b.y &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.servesUnitIds === b.servesUnitIds
  )
}

/** Devices drawn on a level (one pass; the map follows the table with a `TableSubset` instead). */
export function devicesOnLevel(devices: ReadonlyMap<string, NetworkDevice>, levelId: string): PlacedDevice[] {
  const out: PlacedDevice[] = []
  for (const d of devices.values()) if (isPlacedOn(d, levelId)) out.push(d)
  return out
}

export type NetworkLayerOptions = {
  readonly devices: readonly PlacedDevice[]
  /** Plan units inside the outage footprint on this level. */
  readonly footprintUnits: readonly PlanUnit[]
  readonly visible: boolean
  readonly stale: boolean
  readonly selectedId: string | null
  readonly labelScale: number
}

/** The devices to mark with a letter, computed once per devices array (stable data for deck.gl). */
const notUpCache = new WeakMap<readonly PlacedDevice[], readonly PlacedDevice[]>()
function notUp(devices: readonly PlacedDevice[]): readonly PlacedDevice[] {
  let marked = notUpCache.get(devices)
  if (!marked) {
    marked = devices.filter((d) => d.status !== 'up')
    notUpCache.set(devices, marked)
  }
  return marked
}

export function createNetworkLayers(options: NetworkLayerOptions): Layer[] {
  const { devices, footprintUnits, visible, stale, selectedId, labelScale } = options
  return [
    new PolygonLayer<PlanUnit>({
      id: 'network-outage',
      data: footprintUnits,
      // The footprint of a stale feed is not drawn: an old outage must not look current.
      visible: visible && !stale,
      getPolygon: (u) => u.polygon as [number, number][],
      getFillColor: OUTAGE_FILL,
      getLineColor: OUTAGE_LINE,
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
    }),
    new ScatterplotLayer<PlacedDevice>({
      id: NETWORK_DEVICES_LAYER_ID,
      data: devices,
      // A poll that changes one device's drawing recomputes that row only (rowDiff.ts).
      _dataDiff: layerRowDiff,
      visible,
      pickable: true,
      getPosition: (d) => [d.x, d.y],
      radiusUnits: 'pixels',
      getRadius: (d) => (d.kind === 'access-point' ? 6 : 9),
      getFillColor: (d) => (stale ? STALE_COLOUR : DEVICE_STATUS_COLOUR[d.status]),
      stroked: true,
      getLineColor: (d) => (d.id === selectedId ? SELECTION_COLOUR : [10, 12, 16, 255]),
      getLineWidth: (d) => (d.id === selectedId ? 3 : 1.5),
      lineWidthUnits: 'pixels',
      updateTriggers: {
        getFillColor: [stale],
        getLineColor: [selectedId],
        getLineWidth: [selectedId],
      },
    }),
    new TextLayer<PlacedDevice>({
      id: 'network-device-marks',
      data: notUp(devices),
      visible: visible && !stale,
      getPosition: (d) => [d.x, d.y],
      getText: (d) => DEVICE_STATUS_LETTER[d.status],
      getSize: 11 * labelScale,
      sizeUnits: 'pixels',
      getColor: [10, 12, 16, 255],
      fontWeight: 700,
      characterSet: 'X!?',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ]
}
