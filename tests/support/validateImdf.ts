/**
 * Checks an IMDF FeatureCollection against the IMDF 1.0 feature rules Watchfloor relies on when it
 * draws a floor plan. It is not a complete IMDF validator (no manifest, no cross-file archive
 * rules, no polygon self-intersection test); it checks what would otherwise break a map silently:
 *
 * - every feature is a GeoJSON Feature with a UUID `id`, unique in the collection, and a known
 *   `feature_type`;
 * - required properties per feature type, with their types (labels objects, categories from the
 *   IMDF category lists, level `ordinal` an integer and `outdoor` a boolean);
 * - geometry types per feature type (level/unit/fixture/venue Polygon or MultiPolygon, opening
 *   LineString, building/address none), positions valid WGS84, polygon rings closed with ≥ 4
 *   positions;
 * - `level_id` references a level in the collection, `building_ids` buildings, `address_id` an
 *   address when one is present;
 * - units, openings and fixtures lie within their level's footprint bounds.
 *
 * Returns every problem found (up to `maxErrors`), each naming the feature by index, type and id.
 */
import type { ImdfFeatureCollection } from '../../gateway/adapters/demo/imdf.ts'
import {
  IMDF_FEATURE_TYPES,
  IMDF_FIXTURE_CATEGORIES,
  IMDF_OPENING_CATEGORIES,
  IMDF_UNIT_CATEGORIES,
} from '../../gateway/adapters/demo/imdf.ts'

export type ImdfValidation =
  | { readonly ok: true; readonly collection: ImdfFeatureCollection }
  | { readonly ok: false; readonly errors: readonly string[] }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
const FEATURE_TYPES: ReadonlySet<string> = new Set(IMDF_FEATURE_TYPES)
/** Slack on footprint bounds, in degrees (~1 cm), for rounding of coordinates. */
const BOUNDS_EPSILON = 1e-7

type Bounds = { minLon: number; minLat: number; maxLon: number; maxLat: number }
type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export function validateImdf(input: unknown, maxErrors = 50): ImdfValidation {
  const errors: string[] = []
  const fail = (message: string): void => {
    if (errors.length < maxErrors) errors.push(message)
  }
  if (!isObj(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return {
      ok: false,
      errors: ['not a GeoJSON FeatureCollection (type "FeatureCollection" with a features array)'],
    }
  }
  const features: unknown[] = input.features
  const ids = new Set<string>()
  const idsByType = new Map<string, Set<string>>()
  const levelBounds = new Map<string, Bounds>()

  // Pass 1: shape, ids, types, geometry; collect levels and their footprints.
  features.forEach((f, i) => {
    const where = describe(f, i)
    if (!isObj(f) || f.type !== 'Feature') return fail(`${where}: not a GeoJSON Feature`)
    if (typeof f.id !== 'string' || !UUID.test(f.id)) fail(`${where}: id must be a UUID`)
    else if (ids.has(f.id)) fail(`${where}: duplicate id`)
    else ids.add(f.id)
    const ft = f.feature_type
    if (typeof ft !== 'string' || !FEATURE_TYPES.has(ft))
      return fail(`${where}: unknown feature_type ${JSON.stringify(ft)}`)
    if (!isObj(f.properties)) return fail(`${where}: properties must be an object`)
    if (typeof f.id === 'string') {
      const set = idsByType.get(ft) ?? new Set<string>()
      set.add(f.id)
      idsByType.set(ft, set)
    }
    const geometryProblem = checkGeometry(ft, f.geometry)
    if (geometryProblem) fail(`${where}: ${geometryProblem}`)
    else if (ft === 'level' && typeof f.id === 'string') levelBounds.set(f.id, boundsOf(f.geometry))
  })

  // Pass 2: properties and references.
  const ref = (type: string, id: unknown): boolean =>
    typeof id === 'string' && (idsByType.get(type)?.has(id) ?? false)
  features.forEach((f, i) => {
    if (!isObj(f) || !isObj(f.properties) || typeof f.feature_type !== 'string') return
    const where = describe(f, i)
    const p = f.properties
    const need = (ok: boolean, message: string): void => {
      if (!ok) fail(`${where}: ${message}`)
    }
    const labels = (key: string, nullable: boolean): void =>
      need(
        (nullable && p[key] === null) || isLabels(p[key]),
        `${key} must be a labels object like { "en": "…" }${nullable ? ' or null' : ''}`,
      )
    const category = (allowed: ReadonlySet<string> | null): void =>
      need(
        typeof p.category === 'string' && (allowed === null || allowed.has(p.category)),
        `category ${JSON.stringify(p.category)} is not an IMDF ${String(f.feature_type)} category`,
      )
    const levelRef = (): void =>
      need(
        ref('level', p.level_id),
        `level_id ${JSON.stringify(p.level_id)} does not reference a level in this collection`,
      )
    const addressRef = (): void =>
      need(
        p.address_id === null || p.address_id === undefined || ref('address', p.address_id),
        `address_id ${JSON.stringify(p.address_id)} does not reference an address`,
      )
    switch (f.feature_type) {
      case 'venue':
        category(null)
        labels('name', false)
        need(isObj(p.display_point) && p.display_point.type === 'Point', 'display_point must be a Point')
        addressRef()
        break
      case 'building':
        labels('name', true)
        category(null)
        addressRef()
        break
      case 'level':
        need(Number.isInteger(p.ordinal), 'ordinal must be an integer')
        need(typeof p.outdoor === 'boolean', 'outdoor must be a boolean')
        labels('name', false)
        category(null)
        need(
          p.building_ids === null ||
            (Array.isArray(p.building_ids) && p.building_ids.every((b) => ref('building', b))),
          'building_ids must list buildings in this collection',
        )
        break
      case 'unit':
        category(IMDF_UNIT_CATEGORIES)
        labels('name', true)
        levelRef()
        break
      case 'opening':
        category(IMDF_OPENING_CATEGORIES)
        levelRef()
        break
      case 'fixture':
        category(IMDF_FIXTURE_CATEGORIES)
        labels('name', true)
        levelRef()
        break
      case 'address':
        need(typeof p.address === 'string' && p.address.length > 0, 'address must be a non-empty string')
        need(
          typeof p.country === 'string' && /^[A-Z]{2}$/.test(p.country),
          'country must be an ISO 3166-1 alpha-2 code',
        )
        break
      default:
        break
    }
    // Anything on a level must lie within that level's footprint.
    if (
      (f.feature_type === 'unit' || f.feature_type === 'opening' || f.feature_type === 'fixture') &&
      typeof p.level_id === 'string'
    ) {
      const level = levelBounds.get(p.level_id)
      if (level && isObj(f.geometry)) {
        const b = boundsOf(f.geometry)
        const inside =
          b.minLon >= level.minLon - BOUNDS_EPSILON &&
          b.minLat >= level.minLat - BOUNDS_EPSILON &&
          b.maxLon <= level.maxLon + BOUNDS_EPSILON &&
          b.maxLat <= level.maxLat + BOUNDS_EPSILON
        need(inside, "geometry lies outside its level's footprint")
      }
    }
  })

  return errors.length === 0
    ? { ok: true, collection: input as ImdfFeatureCollection }
    : { ok: false, errors }
}

function describe(f: unknown, i: number): string {
  if (!isObj(f)) return `feature ${i}`
  const type = typeof f.feature_type === 'string' ? f.feature_type : '?'
  const id = typeof f.id === 'string' ? f.id : String(f.id)
  return `feature ${i} (${type} ${id})`
}

function isLabels(v: unknown): boolean {
  if (!isObj(v)) return false
  const entries = Object.entries(v)
  return (
    entries.length > 0 &&
    entries.every(
      ([k, text]) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(k) && typeof text === 'string' && text.length > 0,
    )
  )
}

const POLYGONAL = new Set([
  'venue',
  'level',
  'unit',
  'fixture',
  'footprint',
  'section',
  'geofence',
  'kiosk',
  'detail',
])
const NO_GEOMETRY = new Set(['address', 'building', 'occupant', 'relationship'])

/** Returns what is wrong with a feature's geometry for its type, or null. */
function checkGeometry(featureType: string, g: unknown): string | null {
  if (NO_GEOMETRY.has(featureType)) return g === null ? null : `a ${featureType} has no geometry (null)`
  if (!isObj(g)) return 'geometry is missing'
  if (featureType === 'opening') {
    if (g.type !== 'LineString') return `an opening's geometry must be a LineString, not ${String(g.type)}`
    return positionsProblem(g.coordinates, 2)
  }
  if (featureType === 'amenity' || featureType === 'anchor') {
    return g.type === 'Point'
      ? positionProblem(g.coordinates)
      : `geometry must be a Point, not ${String(g.type)}`
  }
  if (POLYGONAL.has(featureType)) {
    if (g.type === 'Polygon') return polygonProblem(g.coordinates)
    if (g.type === 'MultiPolygon') {
      if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'MultiPolygon has no polygons'
      for (const poly of g.coordinates) {
        const problem = polygonProblem(poly)
        if (problem) return problem
      }
      return null
    }
    return `a ${featureType}'s geometry must be a Polygon or MultiPolygon, not ${String(g.type)}`
  }
  return null
}

function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2) return 'a position must be [longitude, latitude]'
  const [lon, lat] = p as unknown[]
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    return 'a position must hold finite numbers'
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    return `position [${lon}, ${lat}] is outside WGS84 bounds`
  return null
}

function positionsProblem(ps: unknown, min: number): string | null {
  if (!Array.isArray(ps) || ps.length < min) return `needs at least ${min} positions`
  for (const p of ps) {
    const problem = positionProblem(p)
    if (problem) return problem
  }
  return null
}

function polygonProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring'
  for (const [r, ring] of rings.entries()) {
    const problem = positionsProblem(ring, 4)
    if (problem) return `ring ${r}: ${problem}`
    const first = (ring as number[][])[0] as number[]
    const last = (ring as number[][])[(ring as number[][]).length - 1] as number[]
    if (first[0] !== last[0] || first[1] !== last[1])
      return `ring ${r} is not closed (first and last positions differ)`
  }
  return null
}

function boundsOf(g: unknown): Bounds {
  const b: Bounds = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity }
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      b.minLon = Math.min(b.minLon, c[0])
      b.maxLon = Math.max(b.maxLon, c[0])
      b.minLat = Math.min(b.minLat, c[1])
      b.maxLat = Math.max(b.maxLat, c[1])
      return
    }
    for (const inner of c) visit(inner)
  }
  if (isObj(g)) visit(g.coordinates)
  return b
}
