/**
 * The clinical footprint of a network outage: which areas a down switch or access point serves,
 * and which beds and tracked assets sit inside them ("Ward 7's APs are down — which beds and
 * pumps does that affect?", domain.md §c.1).
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

export function outageFootprint(
  siteModel: SiteModel,
  devices: Readonly<Record<string, NetworkDevice>>,
  assets: Readonly<Record<string, Asset>>,
): OutageFootprint {
  const deviceIds: string[] = []
  const unitIds = new Set<string>()
  for (const id in devices) {
    const d = devices[id]
    if (!d || d.status !== 'down' || d.servesUnitIds.length === 0) continue
    deviceIds.push(id)
    for (const u of d.servesUnitIds) unitIds.add(u)
  }
  if (deviceIds.length === 0) return EMPTY_FOOTPRINT
  // A ward served means its bays and rooms are served too.
  for (const unit of siteModel.units) {
    if (unit.parentUnitId !== null && unitIds.has(unit.parentUnitId)) unitIds.add(unit.id)
  }
  const bedIds = siteModel.beds.filter((b) => unitIds.has(b.wardId) || unitIds.has(b.roomId)).map((b) => b.id)
  const assetIds: string[] = []
  for (const id in assets) {
    const zone = assets[id]?.zoneId
    if (zone && unitIds.has(zone)) assetIds.push(id)
  }
  deviceIds.sort()
  return { deviceIds, unitIds, bedIds, assetIds }
}
