/**
 * The floor plan itself: units, doors, fixtures and labels. Built from a `FloorPlan` that changes
 * only when the level changes, so every `data` reference here is stable between feed updates.
 */
import type { Layer } from '@deck.gl/core'
import { PathLayer, PolygonLayer, TextLayer } from '@deck.gl/layers'
import type { FloorPlan, PlanFixture, PlanUnit } from '../floorPlan.ts'
import { LABEL_COLOUR, OPENING_COLOUR, UNIT_FILL, UNIT_LINE, type Rgba } from '../mapPalette.ts'

/** The pickable layer's id (the map resolves a pick by it). */
export const PLAN_UNITS_LAYER_ID = 'plan-units'

/** A plan label's size in pixels at label scale 1 (a wall draws them 1.5× larger). */
export const PLAN_LABEL_PX = 14

/** A unit's label as drawn: the text that fits. */
export type PlanLabel = { readonly unit: PlanUnit; readonly text: string }

/** Rough width of a label in pixels: the sans-serif average is about 0.6 em per character. */
const labelWidthPx = (text: string, fontPx: number): number => text.length * fontPx * 0.6

function unitWidthMetres(unit: PlanUnit): number {
  let min = Infinity
  let max = -Infinity
  for (const [x] of unit.polygon) {
    if (x < min) min = x
    if (x > max) max = x
  }
  return max - min
}

/**
 * Which labels to draw at a zoom level, and as what. Orthographic zoom 0 is 1 px per metre. A unit
 * is labelled once it is about 90 px across; a name wider than its unit is cut to the part before
 * " — " ("Ward 29 — Care of the Elderly" → "Ward 29"), and dropped if even that does not fit, so
 * labels never run into each other on a wall.
 */
export function labelledUnits(plan: FloorPlan, zoom: number, fontPx = 14): PlanLabel[] {
  const pxPerMetre = 2 ** zoom
  const labels: PlanLabel[] = []
  for (const unit of plan.units) {
    if (unit.name === null || UNLABELLED_KINDS.has(unit.kind)) continue
    if (Math.sqrt(unit.area) * pxPerMetre < 90) continue
    const room = unitWidthMetres(unit) * pxPerMetre
    const short = unit.name.split(' — ')[0] ?? unit.name
    const text =
      labelWidthPx(unit.name, fontPx) <= room ? unit.name : labelWidthPx(short, fontPx) <= room ? short : null
    if (text) labels.push({ unit, text })
  }
  return labels
}

/**
 * Circulation and building services are drawn but not named: their labels would sit on top of the
 * ward names (a corridor's centre is the ward's) and nobody reads a wall for "Riser".
 */
const UNLABELLED_KINDS: ReadonlySet<string> = new Set([
  'corridor',
  'walkway',
  'nursebase',
  'ensuite',
  'restroom',
  'riser',
  'lift',
  'elevator',
  'stairs',
  'lobby',
  'comms',
])

/** Quantises zoom so label data changes only when a label would appear or disappear. */
export function labelZoomBucket(zoom: number): number {
  return Math.round(zoom * 2) / 2
}

export type PlanLayerOptions = {
  readonly plan: FloorPlan
  /** Labels computed for the current zoom bucket (pass the same array while the bucket holds). */
  readonly labels: readonly PlanLabel[]
  readonly visible: boolean
  readonly labelScale: number
}

/** Fixtures not drawn as beds, once per plan (stable data for deck.gl). */
const looseFixtureCache = new WeakMap<FloorPlan, readonly PlanFixture[]>()
function looseFixtures(plan: FloorPlan): readonly PlanFixture[] {
  let fixtures = looseFixtureCache.get(plan)
  if (!fixtures) {
    fixtures = plan.fixtures.filter((f) => f.bedId === null)
    looseFixtureCache.set(plan, fixtures)
  }
  return fixtures
}

/** One object, so deck.gl never sees a changed font setting (a new atlas) between renders. */
const SDF_FONT = { sdf: true } as const

export function createPlanLayers(options: PlanLayerOptions): Layer[] {
  const { plan, labels, visible, labelScale } = options
  const fixtures = looseFixtures(plan)
  return [
    new PolygonLayer<PlanUnit>({
      id: PLAN_UNITS_LAYER_ID,
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
    new TextLayer<PlanLabel>({
      id: 'plan-labels',
      data: labels,
      visible,
      getPosition: (l) => l.unit.labelAt as [number, number],
      getText: (l) => l.text,
      getColor: LABEL_COLOUR,
      getSize: PLAN_LABEL_PX * labelScale,
      sizeUnits: 'pixels',
      characterSet: 'auto',
      fontWeight: 600,
      outlineWidth: 2,
      outlineColor: [0, 0, 0, 255],
      fontSettings: SDF_FONT,
      getTextAnchor: 'middle',
      // Ward and department names sit above their outline; rooms are labelled at their centre.
      getAlignmentBaseline: (l) =>
        l.unit.kind === 'ward' || l.unit.kind === 'department' ? 'bottom' : 'center',
    }),
  ]
}

function unitFill(kind: string): Rgba {
  if (kind === 'sideroom') return UNIT_FILL['room'] ?? [52, 60, 76, 255]
  return UNIT_FILL[kind] ?? UNIT_FILL['other'] ?? [40, 44, 52, 255]
}
