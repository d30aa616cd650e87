/**
 * The clinical footprint of a network outage: which areas a down switch or access point serves,
 * and which beds and tracked assets sit inside them ("Ward 7's APs are down — which beds and
 * pumps does that affect?", domain.md §c.1).
 *
 * Split in three so the map can recompute each part only as often as its input changes: the down
 * devices on every network change (cheap), the served areas and beds only when that set changes,
 * the affected assets at most once a second.
 */
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'

export type OutageFootprint = {
  /** Down devices that serve at least one unit. */
  readonly deviceIds: readonly string[]
  /** Served units, with the bays and rooms inside served wards. */
  readonly unitIds: ReadonlySet<string>
  readonly bedIds: readonly string[]
  readonly assetIds: readonly string[]
}

export const EMPTY_FOOTPRINT: OutageFootprint = {
  deviceIds: [],
  unitIds: new Set(),
  bedIds: [],
  assetIds: [],
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
type SiteIndex = {
  readonly childUnits: ReadonlyMap<string, readonly string[]>
  readonly bedsIn: ReadonlyMap<string, readonly string[]>
}
const siteIndexes = new WeakMap<SiteModel, SiteIndex>()

function siteIndex(siteModel: SiteModel): SiteIndex {
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
  const { childUnits, bedsIn } = siteIndex(siteModel)
  const unitIds = new Set<string>()
  for (const id of deviceIds) for (const u of devices.get(id)?.servesUnitIds ?? []) unitIds.add(u)
  // A ward served means its bays and rooms are served too (and theirs, however deep).
  for (const unitId of unitIds) for (const child of childUnits.get(unitId) ?? []) unitIds.add(child)
  const beds = new Set<string>()
  for (const unitId of unitIds) for (const bedId of bedsIn.get(unitId) ?? []) beds.add(bedId)
  return { deviceIds, unitIds, bedIds: [...beds], assetIds: [] }
}

/** The footprint with the tracked assets currently located inside it. */
export function withAffectedAssets(
  footprint: OutageFootprint,
  assets: ReadonlyMap<string, Asset>,
): OutageFootprint {
  if (footprint.deviceIds.length === 0) return EMPTY_FOOTPRINT
  const assetIds: string[] = []
  for (const a of assets.values()) if (a.zoneId && footprint.unitIds.has(a.zoneId)) assetIds.push(a.id)
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
