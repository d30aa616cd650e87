/**
 * The subset of IMDF 1.0 (OGC Community Standard 20-094, RFC 7946 GeoJSON) the demo trust's floor
 * plans use, plus the hospital extension: properties prefixed `nhs:` link IMDF features to the
 * site model (`nhs:unitId`, `nhs:bedId`, `nhs:levelId`) and say what a unit is clinically
 * (`nhs:kind`: ward, bay, sideroom, …) — IMDF itself has no hospital unit categories.
 */

/** A `{ language: text }` object, IMDF's LABELS type. */
export type ImdfLabels = Readonly<Record<string, string>>

export type ImdfPoint = { readonly type: 'Point'; readonly coordinates: readonly [number, number] }
export type ImdfLineString = {
  readonly type: 'LineString'
  readonly coordinates: readonly (readonly [number, number])[]
}
export type ImdfPolygon = {
  readonly type: 'Polygon'
  readonly coordinates: readonly (readonly (readonly [number, number])[])[]
}
export type ImdfMultiPolygon = {
  readonly type: 'MultiPolygon'
  readonly coordinates: readonly (readonly (readonly (readonly [number, number])[])[])[]
}
export type ImdfGeometry = ImdfPoint | ImdfLineString | ImdfPolygon | ImdfMultiPolygon

export type ImdfFeature = {
  readonly type: 'Feature'
  /** A UUID, unique in the dataset. */
  readonly id: string
  readonly feature_type: string
  readonly geometry: ImdfGeometry | null
  readonly properties: Readonly<Record<string, unknown>>
}

export type ImdfFeatureCollection = {
  readonly type: 'FeatureCollection'
  readonly features: readonly ImdfFeature[]
}

/** IMDF 1.0 feature types. */
export const IMDF_FEATURE_TYPES = [
  'address',
  'amenity',
  'anchor',
  'building',
  'detail',
  'fixture',
  'footprint',
  'geofence',
  'kiosk',
  'level',
  'occupant',
  'opening',
  'relationship',
  'section',
  'unit',
  'venue',
] as const

/** IMDF 1.0 unit categories (UNIT-CATEGORY). */
export const IMDF_UNIT_CATEGORIES: ReadonlySet<string> = new Set([
  'auditorium',
  'brick',
  'classroom',
  'column',
  'concrete',
  'conferenceroom',
  'drywall',
  'elevator',
  'escalator',
  'fieldofplay',
  'firstaid',
  'fitnessroom',
  'foodservice',
  'footbridge',
  'glass',
  'huddleroom',
  'kitchen',
  'laboratory',
  'library',
  'lobby',
  'lounge',
  'mailroom',
  'mothersroom',
  'movietheater',
  'movingwalkway',
  'nonpublic',
  'office',
  'opentobelow',
  'parking',
  'phoneroom',
  'platform',
  'privatelounge',
  'ramp',
  'recreation',
  'restroom',
  'restroom.family',
  'restroom.female',
  'restroom.male',
  'restroom.transgender',
  'restroom.unisex',
  'restroom.wheelchair',
  'road',
  'room',
  'serverroom',
  'shower',
  'smokingarea',
  'stairs',
  'steps',
  'storage',
  'structure',
  'terrace',
  'theater',
  'unenclosedarea',
  'unspecified',
  'vegetation',
  'waitingroom',
  'walkway',
  'walkway.island',
  'wood',
])

/** IMDF 1.0 opening categories (OPENING-CATEGORY). */
export const IMDF_OPENING_CATEGORIES: ReadonlySet<string> = new Set([
  'automobile',
  'bicycle',
  'emergencyexit',
  'pedestrian',
  'pedestrian.principal',
  'pedestrian.transit',
  'service',
])

/** IMDF 1.0 fixture categories (FIXTURE-CATEGORY). */
export const IMDF_FIXTURE_CATEGORIES: ReadonlySet<string> = new Set([
  'baggagecarousel',
  'column',
  'desk',
  'furniture',
  'obstruction',
  'stage',
  'vegetation',
  'wall',
  'water',
])
