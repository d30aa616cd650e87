/**
 * The floor plan itself: units, doors, fixtures and labels. Built from a `FloorPlan` that changes
 * only when the level changes, so every `data` reference here is stable between feed updates.
 */
import type { Layer } from '@deck.gl/core'
import { PathLayer, PolygonLayer, TextLayer } from '@deck.gl/layers'
import type { FloorPlan, PlanFixture, PlanUnit } from '../floorPlan.ts'
import { LABEL_COLOUR, OPENING_COLOUR, UNIT_FILL, UNIT_LINE, type Rgba } from '../mapPalette.ts'

/**
 * Which labels to draw at a zoom level. Orthographic zoom 0 is 1 px per metre; a label is drawn once
 * its unit is at least about 90 px across on screen, so wards label first and side rooms last.
 */
export function labelledUnits(plan: FloorPlan, zoom: number): PlanUnit[] {
  const pxPerMetre = 2 ** zoom
  return plan.units.filter((u) => u.name !== null && Math.sqrt(u.area) * pxPerMetre >= 90)
}

/** Quantises zoom so label data changes only when a label would appear or disappear. */
export function labelZoomBucket(zoom: number): number {
  return Math.round(zoom * 2) / 2
}

export type PlanLayerOptions = {
  readonly plan: FloorPlan
  /** Labels computed for the current zoom bucket (pass the same array while the bucket holds). */
  readonly labels: readonly PlanUnit[]
  readonly visible: boolean
  readonly labelScale: number
}

export function createPlanLayers(options: PlanLayerOptions): Layer[] {
  const { plan, labels, visible, labelScale } = options
  const fixtures = plan.fixtures.filter((f) => f.bedId === null)
  return [
    new PolygonLayer<PlanUnit>({
      id: 'plan-units',
      data: plan.units,
      visible,
      getPolygon: (u) => u.polygon as [number, number][],
      getFillColor: (u) => unitFill(u.kind),
      getLineColor: UNIT_LINE,
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
      pickable: true,
    }),
    new PathLayer<{ path: readonly (readonly [number, number])[] }>({
      id: 'plan-openings',
      data: plan.openings,
      visible,
      getPath: (o) => o.path as [number, number][],
      getColor: OPENING_COLOUR,
      getWidth: 3,
      widthUnits: 'pixels',
    }),
    new PolygonLayer<PlanFixture>({
      id: 'plan-fixtures',
      data: fixtures,
      visible,
      getPolygon: (f) => f.polygon as [number, number][],
      getFillColor: [70, 78, 92, 255],
      getLineColor: UNIT_LINE,
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
    }),
    new TextLayer<PlanUnit>({
      id: 'plan-labels',
      data: labels,
      visible,
      getPosition: (u) => u.labelAt as [number, number],
      getText: (u) => u.name ?? '',
      getColor: LABEL_COLOUR,
      getSize: 14 * labelScale,
      sizeUnits: 'pixels',
      characterSet: 'auto',
      fontWeight: 600,
      outlineWidth: 2,
      outlineColor: [0, 0, 0, 255],
      fontSettings: { sdf: true },
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ]
}

function unitFill(kind: string): Rgba {
  if (kind === 'sideroom') return UNIT_FILL['room'] ?? [52, 60, 76, 255]
  return UNIT_FILL[kind] ?? UNIT_FILL['other'] ?? [40, 44, 52, 255]
}
