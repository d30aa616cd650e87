/**
 * The collaborative board's numbers: each trust's bed picture and escalation level computed on its
 * own beds and places alone (its own site index, its own PAR levels), the system's aggregate
 * level over them, and the mutual-aid tables — free beds by specialty and equipment against PAR,
 * by trust. Pure: the panels memoise it on the store's tables and refresh it once a second.
 */
import type { Asset, AssetType, Bed } from '../../../shared/contracts/entities.ts'
import type { TrustReplicaState } from '../../../shared/contracts/hub.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { DEFAULT_STALE_AFTER_MS, type Freshness } from '../../../shared/domain/freshness.ts'
import { computeAssetStats } from '../../../shared/domain/kpis/computeAssetStats.ts'
import {
  computeBedStats,
  gaOccupancyPct,
  nctrPct,
  type BedCounts,
} from '../../../shared/domain/kpis/computeBedStats.ts'
import {
  computeEscalationLevel,
  escalationInputsOf,
  type EscalationResult,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import {
  computeSystemEscalation,
  type SystemEscalationMethod,
  type SystemEscalationResult,
} from '../../../shared/domain/kpis/computeSystemEscalation.ts'
import { defaultParLevels } from '../../../shared/domain/kpis/defaultParLevels.ts'
import { buildSiteIndex, type SiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { trustOfId } from '../../../shared/domain/trustScope.ts'
import { topicFreshness } from '../../state/selectors.ts'

/** One ward of a trust, for the drill from a trust to its wards. */
export type WardSummary = {
  readonly id: string
  readonly name: string
  readonly siteName: string
  readonly specialty: string | null
  readonly generalAndAcute: boolean
  readonly open: number
  readonly occupied: number
  readonly free: number
  readonly nctr: number
  readonly longStay21: number
}

/** Equipment of one type at one trust, against its PAR levels. */
export type EquipmentBalance = {
  /** Available units above PAR minimums, summed over the PAR units that have more than they need. */
  readonly surplus: number
  /** Units missing to reach the PAR minimums, summed over the units short of them. */
  readonly shortfall: number
  /** PAR units below their critical level. */
  readonly belowCritical: number
}

export type TrustBoardSummary = {
  readonly key: string
  readonly name: string
  /** The beds feed's freshness at this trust: what its column is judged by. */
  readonly freshness: Freshness
  /** The equipment feed's freshness at this trust. */
  readonly assetsFreshness: Freshness
  readonly ageMs: number | null
  /** When the trust's beds feed was last confirmed (its age ticks in the badge's AgeText). */
  readonly confirmedAt: number | null
  readonly restored: TrustReplicaState['topics']['beds']['restored']
  /** Null until the trust's site model is known. */
  readonly counts: BedCounts | null
  readonly gaOccupancyPct: number | null
  readonly gaOpenBeds: number
  readonly gaFree: number
  readonly nctrPct: number | null
  readonly escalation: EscalationResult | null
  /** Free beds by specialty, most first. */
  readonly freeBySpecialty: readonly (readonly [string, number])[]
  readonly wards: readonly WardSummary[]
  readonly equipment: ReadonlyMap<AssetType, EquipmentBalance>
  readonly connection: TrustReplicaState['connection']
}

export type CollaborativeSummary = {
  readonly trusts: readonly TrustBoardSummary[]
  readonly system: SystemEscalationResult
  /** Specialties with a free bed anywhere, most free beds in total first. */
  readonly specialties: readonly string[]
  /** Equipment types with a PAR level anywhere. */
  readonly equipmentTypes: readonly AssetType[]
}

export type SummariseInput = {
  readonly trusts: readonly TrustReplicaState[]
  readonly siteModel: SiteModel | null
  readonly beds: ReadonlyMap<string, Bed>
  readonly assets: ReadonlyMap<string, Asset>
  readonly now: number
  readonly method?: SystemEscalationMethod
}

/** A trust's part of the merged site model (its scoped places). */
export function trustSiteModel(model: SiteModel, trust: string): SiteModel {
  const mine = <T extends { readonly id: string }>(places: readonly T[]): T[] =>
    places.filter((place) => trustOfId(place.id) === trust)
  return {
    trust: model.trust,
    sites: mine(model.sites),
    buildings: mine(model.buildings),
    levels: mine(model.levels),
    units: mine(model.units),
    beds: mine(model.beds),
  }
}

/** Splits a merged table by trust (one pass). */
function byTrust<T extends { readonly id: string }>(
  table: ReadonlyMap<string, T>,
): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>()
  for (const entity of table.values()) {
    const trust = trustOfId(entity.id)
    if (trust === null) continue
    let map = out.get(trust)
    if (map === undefined) {
      map = new Map()
      out.set(trust, map)
    }
    map.set(entity.id, entity)
  }
  return out
}

const indexCache = new WeakMap<
  SiteModel,
  Map<string, { index: SiteIndex; par: ReturnType<typeof defaultParLevels> }>
>()

/** Per trust: its site index and default PAR levels, built once per merged model. */
function trustIndex(
  model: SiteModel,
  trust: string,
): { index: SiteIndex; par: ReturnType<typeof defaultParLevels> } {
  let byKey = indexCache.get(model)
  if (byKey === undefined) {
    byKey = new Map()
    indexCache.set(model, byKey)
  }
  let entry = byKey.get(trust)
  if (entry === undefined) {
    const own = trustSiteModel(model, trust)
    entry = { index: buildSiteIndex(own), par: defaultParLevels(own) }
    byKey.set(trust, entry)
  }
  return entry
}

function wardsOf(index: SiteIndex, counts: ReadonlyMap<string, BedCounts>): WardSummary[] {
  const wards: WardSummary[] = []
  for (const [wardId, c] of counts) {
    const unit = index.units.get(wardId)
    if (unit === undefined) continue
    wards.push({
      id: wardId,
      name: unit.name,
      siteName: index.siteNames.get(unit.siteId) ?? unit.siteId,
      specialty: unit.specialty,
      generalAndAcute: unit.generalAndAcute,
      open: c.capacity - c.closed,
      occupied: c.occupied,
      free: c.free,
      nctr: c.nctr,
      longStay21: c.longStay21,
    })
  }
  return wards.sort(
    (a, b) =>
      a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name, 'en-GB', { numeric: true }),
  )
}

/** Computes the board. Pure. */
export function summariseCollaborative(input: SummariseInput): CollaborativeSummary {
  const { siteModel, now } = input
  const beds = byTrust(input.beds)
  const assets = byTrust(input.assets)
  const trusts: TrustBoardSummary[] = input.trusts.map((trust) => {
    const bedState = trust.topics.beds
    const freshness = topicFreshness(bedState, trust.connection, now, DEFAULT_STALE_AFTER_MS.beds)
    const assetsFreshness = topicFreshness(
      trust.topics.assets,
      trust.connection,
      now,
      DEFAULT_STALE_AFTER_MS.assets,
    )
    const base = {
      key: trust.key,
      name: trust.name,
      freshness,
      assetsFreshness,
      ageMs: bedState.confirmedAt === null ? null : Math.max(0, now - bedState.confirmedAt),
      confirmedAt: bedState.confirmedAt,
      restored: bedState.restored,
      connection: trust.connection,
    }
    if (siteModel === null || trust.siteIds.length === 0) {
      return {
        ...base,
        counts: null,
        gaOccupancyPct: null,
        gaOpenBeds: 0,
        gaFree: 0,
        nctrPct: null,
        escalation: null,
        freeBySpecialty: [],
        wards: [],
        equipment: new Map(),
      }
    }
    const { index, par } = trustIndex(siteModel, trust.key)
    const stats = computeBedStats(beds.get(trust.key) ?? new Map(), index, now)
    const counts = stats.rollup.trust
    const assetStats = computeAssetStats(assets.get(trust.key) ?? new Map(), index, par, now)
    const equipment = new Map<AssetType, { surplus: number; shortfall: number; belowCritical: number }>()
    for (const result of assetStats.par) {
      const balance = equipment.get(result.assetType) ?? { surplus: 0, shortfall: 0, belowCritical: 0 }
      balance.surplus += Math.max(0, result.count - result.min)
      balance.shortfall += Math.max(0, result.min - result.count)
      if (result.status === 'below-critical') balance.belowCritical += 1
      equipment.set(result.assetType, balance)
    }
    return {
      ...base,
      counts,
      gaOccupancyPct: gaOccupancyPct(counts),
      gaOpenBeds: counts.gaCore.open + counts.gaEscalation.open,
      gaFree: counts.gaCore.free + counts.gaEscalation.free,
      nctrPct: nctrPct(counts),
      escalation: computeEscalationLevel(escalationInputsOf(counts)),
      freeBySpecialty: [...counts.freeBySpecialty.entries()]
        .filter(([, free]) => free > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      wards: wardsOf(index, stats.rollup.wards),
      equipment,
    }
  })

  const system = computeSystemEscalation(
    trusts.map((t) => ({
      trust: t.key,
      level: t.escalation?.level ?? null,
      gaOpenBeds: t.gaOpenBeds,
      // Restored data is the last known, not live: it does not vote either.
      live: t.freshness === 'live',
    })),
    input.method,
  )

  const specialtyTotals = new Map<string, number>()
  for (const t of trusts)
    for (const [specialty, free] of t.freeBySpecialty)
      specialtyTotals.set(specialty, (specialtyTotals.get(specialty) ?? 0) + free)
  const specialties = [...specialtyTotals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([specialty]) => specialty)
  const equipmentTypes = [...new Set(trusts.flatMap((t) => [...t.equipment.keys()]))].sort()
  return { trusts, system, specialties, equipmentTypes }
}
