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

/** Ids of down devices that serve at least one unit, sorted: a stable key for memoising. */
export function downDeviceIds(devices: ReadonlyMap<string, NetworkDevice>): string[] {
  const ids: string[] = []
  for (const d of devices.values()) if (d.status === 'down' && d.servesUnitIds.length > 0) ids.push(d.id)
  return ids.sort()
}

/** The areas and beds served by `deviceIds`; assets are left for `withAffectedAssets`. */
export function footprintOf(
  siteModel: SiteModel,
  devices: ReadonlyMap<string, NetworkDevice>,
  deviceIds: readonly string[],
): OutageFootprint {
  if (deviceIds.length === 0) return EMPTY_FOOTPRINT
  const unitIds = new Set<string>()
  for (const id of deviceIds) for (const u of devices.get(id)?.servesUnitIds ?? []) unitIds.add(u)
  // A ward served means its bays and rooms are served too.
  for (const unit of siteModel.units) {
    if (unit.parentUnitId !== null && unitIds.has(unit.parentUnitId)) unitIds.add(unit.id)
  }
  const bedIds = siteModel.beds.filter((b) => unitIds.has(b.wardId) || unitIds.has(b.roomId)).map((b) => b.id)
  return { deviceIds, unitIds, bedIds, assetIds: [] }
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
  return withAffectedAssets(footprintOf(siteModel, devices, downDeviceIds(devices)), assets)
}
