/**
 * The clinical footprint of a network outage: which areas a down switch or access point serves,
 * and which beds and tracked assets sit inside them ("Ward 7's APs are down — which beds and
 * pumps does that affect?", domain.md §c.1).
 *
 * The pure functions here answer it once, from whole tables (a device's details, tests); the map
 * follows it incrementally in its model (MapModel.ts), from each flush's changes.
 */
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'

/**
 * Sets, not arrays: the map's model (MapModel.ts) keeps them up to date in place from each flush's
 * changes, so a footprint over thousands of beds and tags costs nothing to hand to React; read them
 * while rendering, and do not keep them (a later flush changes them, and hands out a new footprint).
 */
export type OutageFootprint = {
  /** Down devices that serve at least one unit, sorted. */
  readonly deviceIds: readonly string[]
  /** Served units, with the bays and rooms inside served wards. */
  readonly unitIds: ReadonlySet<string>
  readonly bedIds: ReadonlySet<string>
  readonly assetIds: ReadonlySet<string>
}

export const EMPTY_FOOTPRINT: OutageFootprint = {
  deviceIds: [],
  unitIds: new Set(),
  bedIds: new Set(),
  assetIds: new Set(),
}

/** A device whose outage has a footprint: down, and serving at least one unit. */
export function isOutageDevice(device: NetworkDevice): boolean {
  return device.status === 'down' && device.servesUnitIds.length > 0
}

/** Ids of down devices that serve at least one unit, sorted: a stable key for memoising. */
export function downDeviceIds(devices: Iterable<NetworkDevice>): string[] {
  const ids: string[] = []
  for (const d of devices) if (isOutageDevice(d)) ids.push(d.id)
  return ids.sort()
}

/** Child units and beds by unit, built once per site model, so a footprint costs O(its size). */
export type SiteIndex = {
  readonly childUnits: ReadonlyMap<string, readonly string[]>
  readonly bedsIn: ReadonlyMap<string, readonly string[]>
}
const siteIndexes = new WeakMap<SiteModel, SiteIndex>()

export function siteIndex(siteModel: SiteModel): SiteIndex {
  const cached = siteIndexes.get(siteModel)
  if (cached) return cached
  const childUnits = new Map<string, string[]>()
  for (const unit of siteModel.units) {
    if (unit.parentUnitId === null) continue
    const list = childUnits.get(unit.parentUnitId) ?? []
    list.push(unit.id)
    childUnits.set(unit.parentUnitId, list)
  }
  const bedsIn = new Map<string, string[]>()
  for (const bed of siteModel.beds) {
    for (const unitId of bed.roomId === bed.wardId ? [bed.wardId] : [bed.wardId, bed.roomId]) {
      const list = bedsIn.get(unitId) ?? []
      list.push(bed.id)
      bedsIn.set(unitId, list)
    }
  }
  const index = { childUnits, bedsIn }
  siteIndexes.set(siteModel, index)
  return index
}

/** The areas and beds served by `deviceIds`; assets are left for `withAffectedAssets`. */
export function footprintOf(
  siteModel: SiteModel,
  devices: ReadonlyMap<string, NetworkDevice>,
  deviceIds: readonly string[],
): OutageFootprint {
  if (deviceIds.length === 0) return EMPTY_FOOTPRINT
  const index = siteIndex(siteModel)
  const unitIds = new Set<string>()
  for (const id of deviceIds)
    for (const u of servedUnits(index, devices.get(id)?.servesUnitIds ?? [])) unitIds.add(u)
  const beds = new Set<string>()
  for (const unitId of unitIds) for (const bedId of index.bedsIn.get(unitId) ?? []) beds.add(bedId)
  return { deviceIds, unitIds, bedIds: beds, assetIds: new Set() }
}

/** The units a device serving `unitIds` covers: those, and the bays and rooms inside (however deep). */
export function servedUnits(index: SiteIndex, unitIds: readonly string[]): ReadonlySet<string> {
  const units = new Set(unitIds)
  for (const unitId of units) for (const child of index.childUnits.get(unitId) ?? []) units.add(child)
  return units
}

/** The footprint with the tracked assets currently located inside it. */
export function withAffectedAssets(
  footprint: OutageFootprint,
  assets: ReadonlyMap<string, Asset>,
): OutageFootprint {
  if (footprint.deviceIds.length === 0) return EMPTY_FOOTPRINT
  const assetIds = new Set<string>()
  for (const a of assets.values()) if (a.zoneId && footprint.unitIds.has(a.zoneId)) assetIds.add(a.id)
  return { ...footprint, assetIds }
}

/** Everything at once, for one-off questions (a device's details, tests). */
export function outageFootprint(
  siteModel: SiteModel,
  devices: ReadonlyMap<string, NetworkDevice>,
  assets: ReadonlyMap<string, Asset>,
): OutageFootprint {
  return withAffectedAssets(footprintOf(siteModel, devices, downDeviceIds(devices.values())), assets)
}
