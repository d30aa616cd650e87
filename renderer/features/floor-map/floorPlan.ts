/**
 * IMDF (OGC 20-094) floor plans, converted once per level into local metres for drawing.
 *
 * The gateway serves one FeatureCollection per level (`GET /v1/floorplans/:levelId`). We keep only
 * what the map draws: units (with the hospital extension `nhs:*` properties linking them to the
 * site model), openings (doors) and fixtures. Anything else in the collection is ignored, so a
 * richer plan from a trust's CAD export still loads.
 */
import { z } from 'zod'
import { toLocalMetres, type LonLat } from '../../../shared/domain/geo.ts'

const position = z.array(z.number()).min(2)
const ring = z.array(position).min(4)
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) })
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) })
const lineString = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) })
const anyGeometry = z.union([polygon, multiPolygon, lineString, z.object({ type: z.string() })]).nullable()

const labels = z.record(z.string(), z.string()).nullable().optional()

const imdfFeature = z.object({
  id: z.string(),
  feature_type: z.string(),
  geometry: anyGeometry,
  properties: z.looseObject({
    category: z.string().optional().nullable(),
    name: labels,
    level_id: z.string().optional().nullable(),
  }),
})

export const imdfFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(imdfFeature),
})
export type ImdfFeatureCollection = z.infer<typeof imdfFeatureCollectionSchema>

/** A polygon in local metres: the outer ring only (holes are not drawn on ward plans). */
export type LocalPolygon = readonly (readonly [number, number])[]

export type PlanUnit = {
  readonly featureId: string
  /** The site-model unit this IMDF unit stands for (`nhs:unitId`), when it has one. */
  readonly unitId: string | null
  /** `ward`, `bay`, `sideroom`, … from `nhs:kind`, else the IMDF category. */
  readonly kind: string
  readonly name: string | null
  readonly polygon: LocalPolygon
  readonly labelAt: readonly [number, number]
  /** Area in m², used to decide at which zoom its label appears. */
  readonly area: number
}

export type PlanOpening = { readonly featureId: string; readonly path: LocalPolygon }
export type PlanFixture = {
  readonly featureId: string
  readonly category: string
  readonly bedId: string | null
  readonly polygon: LocalPolygon
}

export type FloorPlan = {
  readonly levelId: string
  readonly units: readonly PlanUnit[]
  readonly openings: readonly PlanOpening[]
  readonly fixtures: readonly PlanFixture[]
  /** [minX, minY, maxX, maxY] in local metres. */
  readonly bounds: readonly [number, number, number, number]
}

/** Parses an IMDF FeatureCollection for one level. A collection that is not IMDF is an error value. */
export function floorPlanFromImdf(
  levelId: string,
  origin: LonLat,
  input: unknown,
): { ok: true; plan: FloorPlan } | { ok: false; error: string } {
  const parsed = imdfFeatureCollectionSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: `floor plan ${levelId}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    }
  }
  const units: PlanUnit[] = []
  const openings: PlanOpening[] = []
  const fixtures: PlanFixture[] = []
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const toLocal = (p: readonly number[]): [number, number] => {
    const local = toLocalMetres([p[0] ?? 0, p[1] ?? 0], origin)
    if (local[0] < bounds[0]) bounds[0] = local[0]
    if (local[1] < bounds[1]) bounds[1] = local[1]
    if (local[0] > bounds[2]) bounds[2] = local[0]
    if (local[1] > bounds[3]) bounds[3] = local[1]
    return local
  }

  for (const feature of parsed.data.features) {
    const props = feature.properties
    const geometry = feature.geometry
    if (!geometry) continue
    switch (feature.feature_type) {
      case 'unit':
      case 'level': {
        const outer = outerRing(geometry)
        if (!outer) break
        const polygonLocal = outer.map(toLocal)
        if (feature.feature_type === 'level') break // the level outline only extends the bounds
        const nhsKind = stringProp(props, 'nhs:kind')
        const kind = nhsKind ?? props.category ?? 'other'
        units.push({
          featureId: feature.id,
          unitId: stringProp(props, 'nhs:unitId'),
          kind,
          name: nameOf(props.name),
          polygon: polygonLocal,
          labelAt: kind === 'ward' || kind === 'department' ? aboveTop(polygonLocal) : centroid(polygonLocal),
          area: Math.abs(signedArea(polygonLocal)),
        })
        break
      }
      case 'opening': {
        if (geometry.type !== 'LineString' || !('coordinates' in geometry)) break
        const coords = geometry.coordinates as number[][]
        openings.push({ featureId: feature.id, path: coords.map(toLocal) })
        break
      }
      case 'fixture': {
        const outer = outerRing(geometry)
        if (!outer) break
        fixtures.push({
          featureId: feature.id,
          category: props.category ?? 'fixture',
          bedId: stringProp(props, 'nhs:bedId'),
          polygon: outer.map(toLocal),
        })
        break
      }
      default:
        break
    }
  }
  if (!Number.isFinite(bounds[0])) return { ok: false, error: `floor plan ${levelId}: no drawable features` }
  // Larger units first so bays and rooms draw over their ward.
  units.sort((a, b) => b.area - a.area)
  return { ok: true, plan: { levelId, units, openings, fixtures, bounds } }
}

function outerRing(geometry: { type: string; coordinates?: unknown }): number[][] | null {
  if (geometry.type === 'Polygon') return (geometry.coordinates as number[][][])[0] ?? null
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as number[][][][])[0]?.[0] ?? null
  return null
}

function stringProp(props: Record<string, unknown>, key: string): string | null {
  const value = props[key]
  return typeof value === 'string' && value.length > 0 ? value : null
}

function nameOf(name: Record<string, string> | null | undefined): string | null {
  if (!name) return null
  return name['en'] ?? name['en-GB'] ?? Object.values(name)[0] ?? null
}

/** Shoelace signed area of a ring, in m². */
export function signedArea(points: LocalPolygon): number {
  let sum = 0
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i] ?? [0, 0]
    const [x2, y2] = points[(i + 1) % points.length] ?? [0, 0]
    sum += x1 * y2 - x2 * y1
  }
  return sum / 2
}

/** Area centroid of a ring; the vertex mean for degenerate rings. */
export function centroid(points: LocalPolygon): [number, number] {
  const area = signedArea(points)
  if (Math.abs(area) < 1e-9) {
    const n = points.length || 1
    return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n]
  }
  let cx = 0
  let cy = 0
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i] ?? [0, 0]
    const [x2, y2] = points[(i + 1) % points.length] ?? [0, 0]
    const f = x1 * y2 - x2 * y1
    cx += (x1 + x2) * f
    cy += (y1 + y2) * f
  }
  return [cx / (6 * area), cy / (6 * area)]
}

/**
 * Just above a ward's outline, centred: a ward's centroid falls in its corridor, where the access
 * points and the bays' labels already are, so its name goes over the top edge instead.
 */
function aboveTop(points: LocalPolygon): [number, number] {
  let minX = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of points) {
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y > maxY) maxY = y
  }
  return [(minX + maxX) / 2, maxY + 1.5]
}

/** Whether a point lies inside a polygon (ray casting). */
export function containsPoint(polygonPoints: LocalPolygon, x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = polygonPoints.length - 1; i < polygonPoints.length; j = i++) {
    const [xi, yi] = polygonPoints[i] ?? [0, 0]
    const [xj, yj] = polygonPoints[j] ?? [0, 0]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
