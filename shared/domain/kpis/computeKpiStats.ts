/**
 * All KPI counters in one go: one pass per topic, each KPI then a lookup. The caller (hub or
 * renderer) may also call the per-topic functions itself and recompute only the topics whose
 * entity map changed — `computeKpiStats` accepts previous per-topic results for that.
 */
import type { RealtimeTopic } from '../../contracts/entities.ts'
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
import { countRows, type RowConfig, type RowContext, type RowCounts } from './kpiRows.ts'
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
  /** The places the counters were rolled up by (null until the site model is known). */
  readonly index: SiteIndex | null
  /** Null until the site model is known: bed KPIs need places (site, ward, G&A, escalation). */
  readonly beds: BedStats | null
  readonly turnaround: Rollup<TurnaroundSummary> | null
  readonly assets: AssetStats
  readonly network: NetworkStats
  readonly cyber: CyberStats
  /**
   * Every row set counted per scope (kpiRows.ts): what count KPIs read, so a tile and its
   * drill-down count the same rows. Beds are null until the site model is known.
   */
  readonly rows: { readonly [T in RealtimeTopic]: RowCounts | null }
}

export type KpiStatsInput = {
  /** The real-time topics' entities (KPIs say nothing of the waiting list). */
  readonly entities: { readonly [T in RealtimeTopic]: EntityMaps[T] }
  readonly index: SiteIndex | null
  readonly now: number
  readonly config?: KpiConfig
  readonly turnarounds?: TurnaroundTracker | null
  /** Per-topic results to reuse (the caller knows their topic's entities did not change). */
  readonly reuse?: Partial<{ [T in RealtimeTopic]: KpiStats[T] }>
  /** Per-topic row counts to reuse, under the same rule. */
  readonly reuseRows?: Partial<Record<RealtimeTopic, RowCounts>>
}

/** The configuration that decides which rows a row set holds. */
export function rowConfigOf(config: KpiConfig): RowConfig {
  return {
    housekeepingTargets: config.housekeepingTargets,
    assetThresholds: config.assetThresholds,
    cyberWindows: config.cyberWindows,
  }
}

/** Computes every KPI counter. Pure apart from reading the tracker's history. */
export function computeKpiStats(input: KpiStatsInput): KpiStats {
  const { entities, index, now } = input
  const config = input.config ?? DEFAULT_KPI_CONFIG
  const reuse = input.reuse ?? {}
  const reuseRows = input.reuseRows ?? {}
  const ctx: RowContext = { index, now, config: rowConfigOf(config) }
  return {
    computedAt: now,
    config,
    index,
    beds:
      reuse.beds ??
      (index === null ? null : computeBedStats(entities.beds, index, now, config.housekeepingTargets)),
    turnaround:
      input.turnarounds?.summarise(now - config.turnaroundWindowMs, config.housekeepingTargets) ?? null,
    assets:
      reuse.assets ?? computeAssetStats(entities.assets, index, config.par, now, config.assetThresholds),
    network: reuse.network ?? computeNetworkStats(entities.network, index, now),
    cyber: reuse.cyber ?? computeCyberStats(entities.cyber, index, now, config.cyberWindows),
    rows: {
      beds: reuseRows.beds ?? (index === null ? null : countRows('beds', entities.beds, ctx)),
      assets: reuseRows.assets ?? countRows('assets', entities.assets, ctx),
      network: reuseRows.network ?? countRows('network', entities.network, ctx),
      cyber: reuseRows.cyber ?? countRows('cyber', entities.cyber, ctx),
    },
  }
}
