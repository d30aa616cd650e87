/**
 * All KPI counters in one go: one pass per topic, each KPI then a lookup. The caller (hub or
 * renderer) may also call the per-topic functions itself and recompute only the topics whose
 * entity map changed — `computeKpiStats` accepts previous per-topic results for that.
 */
import type { Topic } from '../../contracts/entities.ts'
import type { EntityMaps } from '../../contracts/hub.ts'
import {
  computeAssetStats,
  DEFAULT_ASSET_THRESHOLDS,
  type AssetStats,
  type AssetThresholds,
  type ParLevel,
} from './computeAssetStats.ts'
import {
  computeBedStats,
  DEFAULT_HOUSEKEEPING_TARGETS,
  type BedStats,
  type HousekeepingTargets,
} from './computeBedStats.ts'
import {
  computeCyberStats,
  DEFAULT_CYBER_WINDOWS,
  type CyberStats,
  type CyberWindows,
} from './computeCyberStats.ts'
import { DEFAULT_ESCALATION_CONFIG, type EscalationConfig } from './computeEscalationLevel.ts'
import { computeNetworkStats, type NetworkStats } from './computeNetworkStats.ts'
import type { Rollup } from './kpiScope.ts'
import type { SiteIndex } from './siteIndex.ts'
import type { TurnaroundSummary, TurnaroundTracker } from './turnaroundTracker.ts'

/** Everything a trust configures about its KPIs (thresholds for RAG live with the definitions). */
export type KpiConfig = {
  readonly housekeepingTargets: HousekeepingTargets
  readonly assetThresholds: AssetThresholds
  readonly par: readonly ParLevel[]
  readonly escalation: EscalationConfig
  readonly cyberWindows: CyberWindows
  /** Turnarounds completed within this window count (default 24 h). */
  readonly turnaroundWindowMs: number
}

export const DEFAULT_KPI_CONFIG: KpiConfig = {
  housekeepingTargets: DEFAULT_HOUSEKEEPING_TARGETS,
  assetThresholds: DEFAULT_ASSET_THRESHOLDS,
  par: [],
  escalation: DEFAULT_ESCALATION_CONFIG,
  cyberWindows: DEFAULT_CYBER_WINDOWS,
  turnaroundWindowMs: 24 * 3_600_000,
}

export type KpiStats = {
  readonly computedAt: number
  readonly config: KpiConfig
  /** Null until the site model is known: bed KPIs need places (site, ward, G&A, escalation). */
  readonly beds: BedStats | null
  readonly turnaround: Rollup<TurnaroundSummary> | null
  readonly assets: AssetStats
  readonly network: NetworkStats
  readonly cyber: CyberStats
}

export type KpiStatsInput = {
  readonly entities: EntityMaps
  readonly index: SiteIndex | null
  readonly now: number
  readonly config?: KpiConfig
  readonly turnarounds?: TurnaroundTracker | null
  /** Per-topic results to reuse (the caller knows their topic's entities did not change). */
  readonly reuse?: Partial<{ [T in Topic]: KpiStats[T] }>
}

/** Computes every KPI counter. Pure apart from reading the tracker's history. */
export function computeKpiStats(input: KpiStatsInput): KpiStats {
  const { entities, index, now } = input
  const config = input.config ?? DEFAULT_KPI_CONFIG
  const reuse = input.reuse ?? {}
  return {
    computedAt: now,
    config,
    beds:
      reuse.beds ??
      (index === null ? null : computeBedStats(entities.beds, index, now, config.housekeepingTargets)),
    turnaround:
      input.turnarounds?.summarise(now - config.turnaroundWindowMs, config.housekeepingTargets) ?? null,
    assets:
      reuse.assets ?? computeAssetStats(entities.assets, index, config.par, now, config.assetThresholds),
    network: reuse.network ?? computeNetworkStats(entities.network, index, now),
    cyber: reuse.cyber ?? computeCyberStats(entities.cyber, index, now, config.cyberWindows),
  }
}
