/**
 * Tracked-equipment counters: PAR compliance, missing, outside home zone, low battery — one pass
 * over the assets, rolled up trust → site → ward (the ward the tag is in now).
 *
 * Staff badges are RTLS tags but not equipment: they count for battery only (a flat badge is a
 * flat badge), never for PAR, missing or outside-home (staff go home; that is not a lost asset).
 */
import type { Asset, AssetType } from '../../contracts/entities.ts'
import { counterFor, type KpiScope, type Rollup } from './kpiScope.ts'
import { naturalCompare } from './naturalCompare.ts'
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

/** Tracked equipment: every tag but staff badges (people, not equipment). */
export function isEquipment(a: Asset): boolean {
  return a.type !== 'staff-badge'
}

/**
 * Whether `unitId` is `ancestorId` or sits inside it (bay in ward). `unitWard`, when the caller
 * has looked it up already, is `unitId`'s ward (saves a lookup per tag at bench scale).
 */
export function isWithinUnit(
  unitId: string,
  ancestorId: string,
  index: SiteIndex | null,
  unitWard?: string | null,
): boolean {
  if (unitId === ancestorId) return true
  // The common case, a tag's home being a whole ward, answered from the ward lookup: inside it
  // exactly when the zone's ward is that ward (40,000 tags per pass at bench scale).
  if (index !== null && index.wardOfUnit.get(ancestorId) === ancestorId)
    return (unitWard === undefined ? index.wardOfUnit.get(unitId) : unitWard) === ancestorId
  // Otherwise a bounded walk up the model.
  let current: string | null = unitId
  for (let hops = 0; current !== null && hops < 16; hops += 1) {
    if (current === ancestorId) return true
    current = index?.units.get(current)?.parentUnitId ?? null
  }
  return false
}

/** Equipment unseen for longer than the threshold (docs/alarms.md: 24 h). */
export function isAssetMissing(a: Asset, now: number, thresholds: AssetThresholds): boolean {
  return isEquipment(a) && a.lastSeen < now - thresholds.missingAfterMs
}

/** Equipment in a zone that is neither its home unit nor inside it (`zoneWard`: see isWithinUnit). */
export function isOutsideHome(a: Asset, index: SiteIndex | null, zoneWard?: string | null): boolean {
  return (
    isEquipment(a) &&
    a.homeUnitId !== null &&
    a.zoneId !== null &&
    !isWithinUnit(a.zoneId, a.homeUnitId, index, zoneWard)
  )
}

/** Any tag, badges included, whose battery is below the threshold. */
export function isBatteryLow(a: Asset, thresholds: AssetThresholds): boolean {
  return a.battery !== null && a.battery < thresholds.batteryLowPct
}

/**
 * Adds one tag to `c` (`d` = 1) or takes it back out (`d` = -1, with the flags it was added with):
 * every counter is a count, so taking out undoes adding exactly (kpiIncremental.ts).
 */
export function addAsset(
  c: AssetCounts,
  equipment: boolean,
  asset: Asset,
  missing: boolean,
  outside: boolean,
  low: boolean,
  d: 1 | -1 = 1,
): void {
  if (low) c.batteryLow += d
  if (!equipment) return
  c.equipment += d
  if (asset.state === 'available') c.available += d
  else if (asset.state === 'in-use') c.inUse += d
  if (missing) c.missing += d
  if (outside) c.outsideHome += d
}

/** Fresh zeroed asset counters. */
export const emptyAssetCounts = (): AssetCounts => emptyCounts()

/**
 * The PAR units a tag counts in — its zone and the zone's ancestors that have a PAR level — when it
 * counts for PAR at all: available, present equipment (a missing pump is not on the shelf).
 */
export function parUnitsOf(
  asset: Asset,
  equipment: boolean,
  missing: boolean,
  parUnits: ReadonlySet<string>,
  index: SiteIndex | null,
): string[] | null {
  if (!equipment || asset.state !== 'available' || missing || asset.zoneId === null) return null
  let found: string[] | null = null
  let unit: string | null = asset.zoneId
  for (let hops = 0; unit !== null && hops < 16; hops += 1) {
    if (parUnits.has(unit)) (found ??= []).push(unit)
    unit = index?.units.get(unit)?.parentUnitId ?? null
  }
  return found
}

/** Every PAR level against the available counts (unit → type → count), rolled up per scope. */
export function evaluatePar(
  par: readonly ParLevel[],
  parCounts: ReadonlyMap<string, ReadonlyMap<AssetType, number>>,
  index: SiteIndex | null,
): { readonly par: ParResult[]; readonly parRollup: Rollup<ParCompliance> } {
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
  return { par: results, parRollup: { trust: parTrust, sites: parSites, wards: parWards } }
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

  for (const asset of assets.values()) {
    // The same tests as the rows of the missing / outside-home / battery-low KPIs (kpiRows.ts).
    const equipment = isEquipment(asset)
    const missing = isAssetMissing(asset, now, thresholds)
    const outside = isOutsideHome(asset, index)
    const low = isBatteryLow(asset, thresholds)

    addAsset(trust, equipment, asset, missing, outside, low)
    addAsset(counterFor(sites, asset.siteId, emptyCounts), equipment, asset, missing, outside, low)
    const wardId = asset.zoneId === null ? undefined : index?.wardOfUnit.get(asset.zoneId)
    if (wardId !== undefined)
      addAsset(counterFor(wards, wardId, emptyCounts), equipment, asset, missing, outside, low)

    // PAR counts available, present equipment: a missing pump is not on the shelf.
    const units = parUnitsOf(asset, equipment, missing, parUnits, index)
    if (units !== null) {
      for (const unit of units) {
        const byType = counterFor(parCounts, unit, () => new Map<AssetType, number>())
        byType.set(asset.type, (byType.get(asset.type) ?? 0) + 1)
      }
    }
  }

  const evaluated = evaluatePar(par, parCounts, index)
  return {
    rollup: { trust, sites, wards },
    par: evaluated.par,
    parRollup: evaluated.parRollup,
    computedAt: now,
  }
}

/**
 * The PAR levels a PAR tile counts in a scope — the same rule as `parRollup`: a site by the
 * unit's site, a ward by the unit's ward — worst first (below critical, below min, ok), then by
 * unit and type.
 */
export function parResultsIn(
  par: readonly ParResult[],
  scope: KpiScope,
  index: SiteIndex | null,
): ParResult[] {
  const rank: Readonly<Record<ParStatus, number>> = { 'below-critical': 0, 'below-min': 1, ok: 2 }
  return par
    .filter((r) =>
      scope.wardId !== undefined
        ? index?.wardOfUnit.get(r.unitId) === scope.wardId
        : scope.siteId !== undefined
          ? r.siteId === scope.siteId
          : true,
    )
    .sort(
      (a, b) =>
        rank[a.status] - rank[b.status] ||
        naturalCompare(
          index?.siteNames.get(a.unitId) ?? a.unitId,
          index?.siteNames.get(b.unitId) ?? b.unitId,
        ) ||
        naturalCompare(a.assetType, b.assetType),
    )
}

/** PAR compliance in percent, or null when no PAR level applies to the scope. */
export function parCompliancePct(c: ParCompliance): number | null {
  return c.total === 0 ? null : (100 * c.met) / c.total
}
