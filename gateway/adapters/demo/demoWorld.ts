/**
 * The generated demo trust before it becomes feed entities or IMDF: the site model plus the plan
 * detail the site model does not carry (openings, fixtures, room rectangles, where devices go).
 * Everything here is in a level's local metres (x east, y north from the level's origin).
 */
import type { LocalPoint } from '../../../shared/domain/geo.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'

/** An axis-aligned rectangle in local metres. Every room of the demo trust is one. */
export type Rect = { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }

/** The hospital extension's kinds (`"nhs:kind"` on IMDF units). */
export const NHS_UNIT_KINDS = [
  'ward',
  'department',
  'bay',
  'sideroom',
  'ensuite',
  'room',
  'nursebase',
  'corridor',
  'lobby',
  'stairs',
  'lift',
  'comms',
  'riser',
  'equipmentlibrary',
] as const
export type NhsUnitKind = (typeof NHS_UNIT_KINDS)[number]

/** IMDF 1.0 unit categories the demo uses (a subset of the standard's list). */
export const IMDF_UNIT_CATEGORIES_USED = [
  'room',
  'walkway',
  'elevator',
  'stairs',
  'restroom',
  'storage',
  'nonpublic',
  'office',
  'waitingroom',
  'lobby',
] as const
export type ImdfUnitCategory = (typeof IMDF_UNIT_CATEGORIES_USED)[number]

/** How a unit is drawn in IMDF. */
export type UnitStyle = { readonly imdfCategory: ImdfUnitCategory; readonly nhsKind: NhsUnitKind }

export type PlanOpening = {
  readonly levelId: string
  readonly from: LocalPoint
  readonly to: LocalPoint
  readonly category: 'pedestrian' | 'service'
  /** The unit the door leads into. */
  readonly unitId: string
}

export type PlanFixture = {
  readonly levelId: string
  readonly unitId: string
  readonly category: 'desk' | 'furniture'
  readonly nhsKind: 'nursestation' | 'bed'
  readonly name: string
  readonly polygon: readonly LocalPoint[]
  readonly bedId: string | null
}

/** A place on a corridor for an access point, and the units it covers. */
export type ApSpot = { readonly at: LocalPoint; readonly servesUnitIds: readonly string[] }

/** A room a tracked asset can be in. */
export type AssetRoom = {
  readonly unitId: string
  readonly rect: Rect
  /** The ward or department the room belongs to; null for shared space (lobby, library). */
  readonly areaId: string | null
}

export type LevelPlan = {
  readonly levelId: string
  readonly siteId: string
  readonly buildingId: string
  readonly footprint: Rect
  readonly apSpots: readonly ApSpot[]
  /** The comms cupboard, where the level's access switches sit. */
  readonly commsRoom: Rect
  /** Wards and departments on the level. */
  readonly areaIds: readonly string[]
  readonly assetRooms: readonly AssetRoom[]
}

export type DemoWorld = {
  readonly siteModel: SiteModel
  readonly levelPlans: readonly LevelPlan[]
  readonly unitStyles: ReadonlyMap<string, UnitStyle>
  readonly unitRects: ReadonlyMap<string, Rect>
  readonly openings: readonly PlanOpening[]
  readonly fixtures: readonly PlanFixture[]
  /** The equipment library of each site, where spare assets live. */
  readonly libraryUnitIds: ReadonlyMap<string, string>
}

/** Centimetre precision: plenty for a floor plan, and it keeps 16.4 − 9.4 equal to 7. */
const cm = (v: number): number => Math.round(v * 100) / 100

export function rectOutline(r: Rect): [number, number][] {
  // Counter-clockwise, as RFC 7946 asks of exterior rings.
  return [
    [cm(r.x0), cm(r.y0)],
    [cm(r.x1), cm(r.y0)],
    [cm(r.x1), cm(r.y1)],
    [cm(r.x0), cm(r.y1)],
  ]
}

export function rectCentre(r: Rect): [number, number] {
  return [cm((r.x0 + r.x1) / 2), cm((r.y0 + r.y1) / 2)]
}
