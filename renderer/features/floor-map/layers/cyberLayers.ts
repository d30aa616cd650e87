/**
 * Cyber alerts drawn where they hit: at the affected device when it is on the plan, else at the
 * affected unit. Rings sized and coloured by severity, with a severity mark for colour-blind users.
 */
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { CyberAlert, CyberSeverity, NetworkDevice } from '../../../../shared/contracts/entities.ts'
import type { PlanUnit } from '../floorPlan.ts'
import { SEVERITY_COLOUR, STALE_COLOUR } from '../mapPalette.ts'

/** The pickable layer's id (the map resolves a pick by it). */
export const CYBER_ALERTS_LAYER_ID = 'cyber-alerts'

export type PlacedAlert = { readonly alert: CyberAlert; readonly x: number; readonly y: number }

const SEVERITY_RANK: Readonly<Record<CyberSeverity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
}
const SEVERITY_MARK: Readonly<Record<CyberSeverity, string>> = {
  critical: '!!!',
  high: '!!',
  medium: '!',
  low: 'i',
  info: 'i',
}

/** Open alerts placed on a level, most severe last so they draw on top. */
export function placeAlerts(
  alerts: ReadonlyMap<string, CyberAlert>,
  devices: ReadonlyMap<string, NetworkDevice>,
  unitsById: ReadonlyMap<string, PlanUnit>,
  levelId: string,
): PlacedAlert[] {
  const placed: PlacedAlert[] = []
  for (const alert of alerts.values()) {
    if (alert.status === 'resolved') continue
    const device = alert.deviceId ? devices.get(alert.deviceId) : undefined
    if (device && device.levelId === levelId && device.x !== null && device.y !== null) {
      placed.push({ alert, x: device.x, y: device.y })
      continue
    }
    const unit = alert.unitId ? unitsById.get(alert.unitId) : undefined
    if (unit) placed.push({ alert, x: unit.labelAt[0], y: unit.labelAt[1] })
  }
  return placed.sort((a, b) => SEVERITY_RANK[a.alert.severity] - SEVERITY_RANK[b.alert.severity])
}

/** Whether two placements draw the same: the same alerts (by reference) at the same places. */
export function samePlacements(a: readonly PlacedAlert[], b: readonly PlacedAlert[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const p = a[i]
    const q = b[i]
    if (p?.alert !== q?.alert || p?.x !== q?.x || p?.y !== q?.y) return false
  }
  return true
}

export type CyberLayerOptions = {
  readonly alerts: readonly PlacedAlert[]
  readonly visible: boolean
  readonly stale: boolean
  readonly selectedId: string | null
  readonly labelScale: number
}

/** One object, so deck.gl never sees a changed font setting (a new atlas) between renders. */
const SDF_FONT = { sdf: true } as const

export function createCyberLayers(options: CyberLayerOptions): Layer[] {
  const { alerts, visible, stale, selectedId, labelScale } = options
  return [
    new ScatterplotLayer<PlacedAlert>({
      id: CYBER_ALERTS_LAYER_ID,
      data: alerts,
      visible,
      pickable: true,
      getPosition: (p) => [p.x, p.y],
      radiusUnits: 'pixels',
      getRadius: (p) => 10 + SEVERITY_RANK[p.alert.severity] * 3,
      filled: true,
      getFillColor: (p) => {
        const c = stale ? STALE_COLOUR : SEVERITY_COLOUR[p.alert.severity]
        return [c[0], c[1], c[2], p.alert.status === 'new' ? 110 : 50]
      },
      stroked: true,
      getLineColor: (p) =>
        p.alert.id === selectedId
          ? [255, 255, 255, 255]
          : stale
            ? STALE_COLOUR
            : SEVERITY_COLOUR[p.alert.severity],
      getLineWidth: (p) => (p.alert.id === selectedId ? 4 : 3),
      lineWidthUnits: 'pixels',
      updateTriggers: {
        getFillColor: [stale],
        getLineColor: [stale, selectedId],
        getLineWidth: [selectedId],
      },
    }),
    new TextLayer<PlacedAlert>({
      id: 'cyber-marks',
      data: alerts,
      visible,
      getPosition: (p) => [p.x, p.y],
      getText: (p) => SEVERITY_MARK[p.alert.severity],
      getSize: 12 * labelScale,
      sizeUnits: 'pixels',
      getColor: [255, 255, 255, 255],
      outlineWidth: 2,
      outlineColor: [0, 0, 0, 255],
      fontSettings: SDF_FONT,
      fontWeight: 800,
      characterSet: '!i',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ]
}
