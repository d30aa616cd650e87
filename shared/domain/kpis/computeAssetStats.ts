/**
 * Tracked-equipment counters: PAR compliance, missing, outside home zone, low battery — one pass
 * over the assets, rolled up trust → site → ward (the ward the tag is in now).
 *
 * Staff badges are RTLS tags but not equipment: they count for battery only (a flat badge is a
 * flat badge), never for PAR, missing or outside-home (staff go home; that is not a lost asset).
 */
import type { Asset, AssetType } from '../../contracts/entities.ts'
import { counterFor, type Rollup } from './kpiScope.ts'
import type { SiteIndex } from './siteIndex.ts'

/** A PAR level: how many `assetType` should be available in `unitId` (below `critical` is urgent). */
export type ParLevel = {
  readonly unitId: string
  readonly assetType: AssetType
  readonly min: number
  readonly critical: number
}

export type AssetThresholds = {
  /** Unseen for longer than this is missing (docs/alarms.md: equipment unseen for 24 h). */
  readonly missingAfterMs: number
  /** Battery below this percentage is low. */
  readonly batteryLowPct: number
}

export const DEFAULT_ASSET_THRESHOLDS: AssetThresholds = { missingAfterMs: 24 * 3_600_000, batteryLowPct: 20 }

export type AssetCounts = {
  /** Tracked equipment (staff badges excluded). */
  equipment: number
  available: number
  inUse: number
  missing: number
  outsideHome: number
  /** Every tag, badges included, whose battery is below the threshold. */
  batteryLow: number
}

export type ParStatus = 'ok' | 'below-min' | 'below-critical'

export type ParResult = {
  readonly unitId: string
  readonly siteId: string | null
  readonly assetType: AssetType
  readonly min: number
  readonly critical: number
  /** Available assets of the type located in the unit (or inside it) now. */
  readonly count: number
  readonly status: ParStatus
}

export type ParCompliance = {
  /** PAR levels met (count ≥ min). */
  met: number
  total: number
  belowCritical: number
}

export type AssetStats = {
  readonly rollup: Rollup<AssetCounts>
  readonly par: readonly ParResult[]
  /** PAR compliance per trust, site and ward (the PAR unit's ward). */
  readonly parRollup: Rollup<ParCompliance>
  readonly computedAt: number
}

const emptyCounts = (): AssetCounts => ({
  equipment: 0,
  available: 0,
  inUse: 0,
  missing: 0,
  outsideHome: 0,
  batteryLow: 0,
})
const emptyPar = (): ParCompliance => ({ met: 0, total: 0, belowCritical: 0 })

/** Whether `unitId` is `ancestorId` or sits inside it (bay in ward). Bounded walk up the model. */
function isWithin(unitId: string, ancestorId: string, index: SiteIndex | null): boolean {
  let current: string | null = unitId
  for (let hops = 0; current !== null && hops < 16; hops += 1) {
    if (current === ancestorId) return true
    current = index?.units.get(current)?.parentUnitId ?? null
  }
  return false
}

function add(
  c: AssetCounts,
  equipment: boolean,
  asset: Asset,
  missing: boolean,
  outside: boolean,
  low: boolean,
): void {
  if (low) c.batteryLow += 1
  if (!equipment) return
  c.equipment += 1
  if (asset.state === 'available') c.available += 1
  else if (asset.state === 'in-use') c.inUse += 1
  if (missing) c.missing += 1
  if (outside) c.outsideHome += 1
}

/**
 * Counts assets per trust, site and ward, and evaluates PAR levels. Without a site index, the
 * counts are per trust and site only and PAR levels count tags in exactly their unit.
 */
export function computeAssetStats(
  assets: ReadonlyMap<string, Asset>,
  index: SiteIndex | null,
  par: readonly ParLevel[],
  now: number,
  thresholds: AssetThresholds = DEFAULT_ASSET_THRESHOLDS,
): AssetStats {
  const trust = emptyCounts()
  const sites = new Map<string, AssetCounts>()
  const wards = new Map<string, AssetCounts>()

  // unit id → type → available count, only for units that have a PAR level.
  const parUnits = new Set(par.map((p) => p.unitId))
  const parCounts = new Map<string, Map<AssetType, number>>()
  const missingBefore = now - thresholds.missingAfterMs

  for (const asset of assets.values()) {
    const equipment = asset.type !== 'staff-badge'
    const missing = equipment && asset.lastSeen < missingBefore
    const outside =
      equipment &&
      asset.homeUnitId !== null &&
      asset.zoneId !== null &&
      !isWithin(asset.zoneId, asset.homeUnitId, index)
    const low = asset.battery !== null && asset.battery < thresholds.batteryLowPct

    add(trust, equipment, asset, missing, outside, low)
    add(counterFor(sites, asset.siteId, emptyCounts), equipment, asset, missing, outside, low)
    const wardId = asset.zoneId === null ? undefined : index?.wardOfUnit.get(asset.zoneId)
    if (wardId !== undefined)
      add(counterFor(wards, wardId, emptyCounts), equipment, asset, missing, outside, low)

    // PAR counts available, present equipment: a missing pump is not on the shelf.
    if (equipment && asset.state === 'available' && !missing && asset.zoneId !== null) {
      let unit: string | null = asset.zoneId
      for (let hops = 0; unit !== null && hops < 16; hops += 1) {
        if (parUnits.has(unit)) {
          const byType = counterFor(parCounts, unit, () => new Map<AssetType, number>())
          byType.set(asset.type, (byType.get(asset.type) ?? 0) + 1)
        }
        unit = index?.units.get(unit)?.parentUnitId ?? null
      }
    }
  }

  const parTrust = emptyPar()
  const parSites = new Map<string, ParCompliance>()
  const parWards = new Map<string, ParCompliance>()
  const results: ParResult[] = []
  for (const level of par) {
    const count = parCounts.get(level.unitId)?.get(level.assetType) ?? 0
    const status: ParStatus =
      count < level.critical ? 'below-critical' : count < level.min ? 'below-min' : 'ok'
    const unit = index?.units.get(level.unitId)
    const siteId = unit?.siteId ?? null
    results.push({ ...level, siteId, count, status })
    const targets = [parTrust]
    if (siteId !== null) targets.push(counterFor(parSites, siteId, emptyPar))
    const wardId = index?.wardOfUnit.get(level.unitId)
    if (wardId !== undefined) targets.push(counterFor(parWards, wardId, emptyPar))
    for (const t of targets) {
      t.total += 1
      if (status === 'ok') t.met += 1
      if (status === 'below-critical') t.belowCritical += 1
    }
  }

  return {
    rollup: { trust, sites, wards },
    par: results,
    parRollup: { trust: parTrust, sites: parSites, wards: parWards },
    computedAt: now,
  }
}

/** PAR compliance in percent, or null when no PAR level applies to the scope. */
export function parCompliancePct(c: ParCompliance): number | null {
  return c.total === 0 ? null : (100 * c.met) / c.total
}
