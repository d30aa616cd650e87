/**
 * Exports the demo trust's plans as IMDF: one FeatureCollection per level holding that level's
 * address, venue (the site), building, level, units, openings (doors) and fixtures (beds, nurses'
 * stations). Venue, building and address repeat in every level's collection with the same UUIDs,
 * so each collection stands alone and they merge cleanly into one dataset.
 *
 * Geometry is the site model's: local metres converted to WGS84 about the level's origin with
 * `shared/domain/geo.ts`, so an IMDF polygon read back with `toLocalMetres` lands on the unit's
 * `outline`. UUIDs come from a fork of the seed: the same seed gives the same ids.
 */
import type { Level } from '../../../shared/contracts/places.ts'
import type { LocalPoint, LonLat } from '../../../shared/domain/geo.ts'
import { toLonLat } from '../../../shared/domain/geo.ts'
import type { DemoWorld, PlanFixture, PlanOpening } from './demoWorld.ts'
import { rectOutline } from './demoWorld.ts'
import type { ImdfFeature, ImdfFeatureCollection, ImdfPoint, ImdfPolygon } from './imdf.ts'
import type { Prng } from './prng.ts'

const en = (text: string): { en: string } => ({ en: text })

/** ~1 mm at UK latitudes; keeps the JSON small without moving anything visibly. */
function roundDeg(v: number): number {
  return Math.round(v * 1e8) / 1e8
}

function lonLat(p: LocalPoint, origin: LonLat): [number, number] {
  const [lon, lat] = toLonLat(p, origin)
  return [roundDeg(lon), roundDeg(lat)]
}

function polygon(points: readonly LocalPoint[], origin: LonLat): ImdfPolygon {
  const ring = points.map((p) => lonLat(p, origin))
  const first = ring[0]
  if (first) ring.push([first[0], first[1]])
  return { type: 'Polygon', coordinates: [ring] }
}

function point(p: LocalPoint, origin: LonLat): ImdfPoint {
  return { type: 'Point', coordinates: lonLat(p, origin) }
}

function centroid(points: readonly LocalPoint[]): [number, number] {
  let x = 0
  let y = 0
  for (const p of points) {
    x += p[0]
    y += p[1]
  }
  return [x / points.length, y / points.length]
}

/** Builds every level's FeatureCollection, keyed by the site model's level id. */
export function buildFloorPlans(prng: Prng, world: DemoWorld): Map<string, ImdfFeatureCollection> {
  const { siteModel } = world
  const ids = prng
  const siteFeatures = new Map<string, { address: ImdfFeature; venue: ImdfFeature }>()
  const buildingFeatures = new Map<string, ImdfFeature>()
  const levelById = new Map<string, Level>(siteModel.levels.map((l) => [l.id, l]))
  const planByLevel = new Map(world.levelPlans.map((p) => [p.levelId, p]))

  // Venue outline: the bounding box of every level footprint on the site, plus a margin.
  for (const site of siteModel.sites) {
    let minLon = Infinity
    let minLat = Infinity
    let maxLon = -Infinity
    let maxLat = -Infinity
    for (const level of siteModel.levels) {
      if (level.siteId !== site.id) continue
      const plan = planByLevel.get(level.id)
      if (!plan) continue
      for (const c of rectOutline(plan.footprint)) {
        const [lon, lat] = toLonLat(c, level.origin)
        minLon = Math.min(minLon, lon)
        minLat = Math.min(minLat, lat)
        maxLon = Math.max(maxLon, lon)
        maxLat = Math.max(maxLat, lat)
      }
    }
    const m = 0.0003
    const ring: [number, number][] = [
      [minLon - m, minLat - m],
      [maxLon + m, minLat - m],
      [maxLon + m, maxLat + m],
      [minLon - m, maxLat + m],
      [minLon - m, minLat - m],
    ].map(([a, b]) => [roundDeg(a as number), roundDeg(b as number)])
    const addressId = ids.uuid()
    const address: ImdfFeature = {
      type: 'Feature',
      id: addressId,
      feature_type: 'address',
      geometry: null,
      properties: {
        address: `${site.name}, Northgate Road`,
        unit: null,
        locality: 'Northgate',
        province: 'GB-ENG',
        country: 'GB',
        postal_code: null,
        postal_code_ext: null,
        postal_code_vanity: null,
      },
    }
    const venue: ImdfFeature = {
      type: 'Feature',
      id: ids.uuid(),
      feature_type: 'venue',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        category: 'healthcarefacility',
        restriction: null,
        name: en(site.name),
        alt_name: en(site.shortName),
        hours: null,
        phone: null,
        website: null,
        display_point: {
          type: 'Point',
          coordinates: [roundDeg((minLon + maxLon) / 2), roundDeg((minLat + maxLat) / 2)],
        },
        address_id: addressId,
        'nhs:siteId': site.id,
      },
    }
    siteFeatures.set(site.id, { address, venue })
  }
  for (const building of siteModel.buildings) {
    const site = siteFeatures.get(building.siteId)
    buildingFeatures.set(building.id, {
      type: 'Feature',
      id: ids.uuid(),
      feature_type: 'building',
      geometry: null,
      properties: {
        name: en(building.name),
        alt_name: null,
        category: 'unspecified',
        restriction: null,
        display_point: null,
        address_id: site?.address.id ?? null,
        'nhs:buildingId': building.id,
      },
    })
  }

  const unitsByLevel = groupBy(siteModel.units, (u) => u.levelId)
  const openingsByLevel = groupBy(world.openings, (o) => o.levelId)
  const fixturesByLevel = groupBy(world.fixtures, (f) => f.levelId)
  const unitUuid = new Map<string, string>()
  const plans = new Map<string, ImdfFeatureCollection>()

  for (const plan of world.levelPlans) {
    const level = levelById.get(plan.levelId)
    const site = level ? siteFeatures.get(level.siteId) : undefined
    const building = level ? buildingFeatures.get(level.buildingId) : undefined
    if (!level || !site || !building) continue
    const origin = level.origin
    const levelUuid = ids.uuid()
    const features: ImdfFeature[] = [site.address, site.venue, building]
    const footprint = rectOutline(plan.footprint)
    features.push({
      type: 'Feature',
      id: levelUuid,
      feature_type: 'level',
      geometry: polygon(footprint, origin),
      properties: {
        category: 'unspecified',
        restriction: null,
        outdoor: false,
        ordinal: level.ordinal,
        name: en(level.name),
        short_name: en(level.shortName),
        display_point: point(centroid(footprint), origin),
        address_id: null,
        building_ids: [building.id],
        'nhs:levelId': level.id,
      },
    })
    for (const unit of unitsByLevel.get(level.id) ?? []) {
      const style = world.unitStyles.get(unit.id)
      const id = ids.uuid()
      unitUuid.set(unit.id, id)
      features.push({
        type: 'Feature',
        id,
        feature_type: 'unit',
        geometry: polygon(unit.outline, origin),
        properties: {
          category: style?.imdfCategory ?? 'room',
          restriction: unit.kind === 'plant' ? 'restricted' : null,
          accessibility: null,
          name: en(unit.name),
          alt_name: null,
          display_point: point(unit.labelAt, origin),
          level_id: levelUuid,
          'nhs:kind': style?.nhsKind ?? unit.kind,
          'nhs:unitId': unit.id,
          'nhs:parentUnitId': unit.parentUnitId,
          'nhs:specialty': unit.specialty,
        },
      })
    }
    for (const o of openingsByLevel.get(level.id) ?? [])
      features.push(openingFeature(ids.uuid(), o, origin, levelUuid, unitUuid))
    for (const f of fixturesByLevel.get(level.id) ?? [])
      features.push(fixtureFeature(ids.uuid(), f, origin, levelUuid))
    plans.set(level.id, { type: 'FeatureCollection', features })
  }
  return plans
}

function openingFeature(
  id: string,
  o: PlanOpening,
  origin: LonLat,
  levelUuid: string,
  unitUuid: ReadonlyMap<string, string>,
): ImdfFeature {
  const mid: LocalPoint = [(o.from[0] + o.to[0]) / 2, (o.from[1] + o.to[1]) / 2]
  return {
    type: 'Feature',
    id,
    feature_type: 'opening',
    geometry: { type: 'LineString', coordinates: [lonLat(o.from, origin), lonLat(o.to, origin)] },
    properties: {
      category: o.category,
      accessibility: null,
      access_control: o.category === 'service' ? ['keyaccess'] : null,
      door: null,
      name: null,
      alt_name: null,
      display_point: point(mid, origin),
      level_id: levelUuid,
      'nhs:unitId': o.unitId,
      'nhs:unitUuid': unitUuid.get(o.unitId) ?? null,
    },
  }
}

function fixtureFeature(id: string, f: PlanFixture, origin: LonLat, levelUuid: string): ImdfFeature {
  return {
    type: 'Feature',
    id,
    feature_type: 'fixture',
    geometry: polygon(f.polygon, origin),
    properties: {
      category: f.category,
      name: en(f.name),
      alt_name: null,
      anchor_id: null,
      level_id: levelUuid,
      display_point: point(centroid(f.polygon), origin),
      'nhs:kind': f.nhsKind,
      'nhs:unitId': f.unitId,
      'nhs:bedId': f.bedId,
    },
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = m.get(k)
    if (list) list.push(item)
    else m.set(k, [item])
  }
  return m
}
