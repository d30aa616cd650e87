/**
 * The window's KPI engine: computes every KPI counter from the store at most once a second (not
 * per message), keeps a sparkline history per watched KPI and scope in bounded rings, and watches
 * bed transitions for cleaning turnaround. Components read it with `useKpiStats` /
 * `useKpiSeries`; nothing here renders.
 *
 * Per-topic results are reused while a topic's entity map is unchanged, but recomputed at least
 * every `maxReuseMs`: some counters depend on the clock (cleans overdue, assets unseen 24 h,
 * alerts new in the last hour) and must move even when no data arrives.
 */
import { useSyncExternalStore } from 'react'
import type { RealtimeTopic } from '../../../shared/contracts/entities.ts'
import type { EntityMaps } from '../../../shared/contracts/hub.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import {
  computeKpiStats,
  DEFAULT_KPI_CONFIG,
  type KpiConfig,
  type KpiStats,
} from '../../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../../shared/domain/kpis/defaultParLevels.ts'
import { kpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { RowCounts } from '../../../shared/domain/kpis/kpiRows.ts'
import { scopeKey, type KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex, type SiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { TurnaroundTracker } from '../../../shared/domain/kpis/turnaroundTracker.ts'
import { SampleRing } from '../../../shared/util/ringBuffer.ts'
import { watchfloorStore, type WatchfloorStore } from '../../state/watchfloorStore.ts'

export type KpiEngineOptions = {
  readonly intervalMs?: number
  /** Sparkline bucket: one sample per bucket. */
  readonly bucketMs?: number
  /** Samples kept per series: 720 × 30 s = the last 6 h. */
  readonly seriesCapacity?: number
  /** At most this many series are kept; the least recently watched is dropped beyond it. */
  readonly maxSeries?: number
  readonly maxReuseMs?: number
  /** Asset KPIs are recomputed at most this often while tags keep moving. */
  readonly assetsEveryMs?: number
  readonly config?: KpiConfig
  readonly clock?: () => number
}

type TopicCache = {
  [T in RealtimeTopic]?: { map: EntityMaps[T]; at: number; stats: KpiStats[T]; rows: RowCounts | null }
}

const TOPIC_KEYS = ['beds', 'assets', 'network', 'cyber'] as const satisfies readonly RealtimeTopic[]

export class KpiEngine {
  readonly #store: WatchfloorStore
  readonly #intervalMs: number
  readonly #bucketMs: number
  readonly #seriesCapacity: number
  readonly #maxSeries: number
  readonly #maxReuseMs: number
  readonly #assetsEveryMs: number
  readonly #config: KpiConfig
  readonly #clock: () => number
  readonly #listeners = new Set<() => void>()
  readonly #series = new Map<string, { ring: SampleRing; kpiId: string; scope: KpiScope }>()
  readonly #tracker = new TurnaroundTracker()
  #stats: KpiStats | null = null
  #version = 0
  #timer: ReturnType<typeof setInterval> | null = null
  #unsubscribeStore: (() => void) | null = null
  #indexModel: SiteModel | null = null
  #index: SiteIndex | null = null
  #prevBeds: EntityMaps['beds'] | null = null
  #cache: TopicCache = {}
  #parModel: SiteModel | null = null
  #parConfig: KpiConfig | null = null
  /** Milliseconds the last pass took (for the bench and the debug overlay). */
  lastComputeMs = 0

  constructor(store: WatchfloorStore, options: KpiEngineOptions = {}) {
    this.#store = store
    this.#intervalMs = options.intervalMs ?? 1000
    this.#bucketMs = options.bucketMs ?? 30_000
    this.#seriesCapacity = options.seriesCapacity ?? 720
    this.#maxSeries = options.maxSeries ?? 256
    this.#maxReuseMs = options.maxReuseMs ?? 5_000
    this.#assetsEveryMs = options.assetsEveryMs ?? 5_000
    this.#config = options.config ?? DEFAULT_KPI_CONFIG
    this.#clock = options.clock ?? Date.now
  }

  /** Starts watching the store (idempotent). Runs for the life of the window once started. */
  start(): void {
    if (this.#unsubscribeStore !== null) return
    this.#prevBeds = this.#store.getState().entities.beds
    this.#tracker.observeAll(this.#prevBeds, this.#siteIndex(this.#store.getState().siteModel))
    this.#unsubscribeStore = this.#store.subscribe((state) => {
      // Cleaning turnarounds exist only as transitions: diff the beds whenever their map changes.
      const beds = state.entities.beds
      if (beds !== this.#prevBeds) {
        this.#tracker.observeAll(beds, this.#siteIndex(state.siteModel))
        this.#prevBeds = beds
      }
    })
    this.#timer = setInterval(() => this.tick(), this.#intervalMs)
    this.tick()
  }

  stop(): void {
    this.#unsubscribeStore?.()
    this.#unsubscribeStore = null
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  #siteIndex(model: SiteModel | null): SiteIndex | null {
    if (model !== this.#indexModel) {
      this.#indexModel = model
      this.#index = model === null ? null : buildSiteIndex(model)
      // Per-topic results were computed against the old places: none may be reused.
      this.#cache = {}
    }
    return this.#index
  }

  /** The configuration, with default PAR levels for the site model when the trust has none. */
  #configFor(model: SiteModel | null): KpiConfig {
    if (this.#config.par.length > 0 || model === null) return this.#config
    if (this.#parModel !== model) {
      this.#parModel = model
      this.#parConfig = { ...this.#config, par: defaultParLevels(model) }
    }
    return this.#parConfig ?? this.#config
  }

  /** One pass: compute, sample the watched series, notify. Public for tests and benches. */
  tick(): void {
    const state = this.#store.getState()
    if (!state.received) return
    const started = performance.now()
    const now = this.#clock()
    const index = this.#siteIndex(state.siteModel)
    const reuse: Partial<{ [T in RealtimeTopic]: KpiStats[T] }> = {}
    const reuseRows: Partial<Record<RealtimeTopic, RowCounts>> = {}
    const cache = this.#cache
    const fresh = (at: number): boolean => now - at < this.#maxReuseMs
    // Tags report every few seconds, so the assets map changes on every pass; its KPIs (missing,
    // battery, PAR) move slowly, and a pass over 40,000 tags is the engine's biggest cost.
    const assetsFresh = (at: number): boolean => now - at < this.#assetsEveryMs
    // A topic's stats and its row counts are reused together, so the tiles reading either agree.
    if (cache.beds && cache.beds.map === state.entities.beds && fresh(cache.beds.at)) {
      reuse.beds = cache.beds.stats
      if (cache.beds.rows) reuseRows.beds = cache.beds.rows
    }
    if (
      cache.assets &&
      (cache.assets.map === state.entities.assets ? fresh(cache.assets.at) : assetsFresh(cache.assets.at))
    ) {
      reuse.assets = cache.assets.stats
      if (cache.assets.rows) reuseRows.assets = cache.assets.rows
    }
    if (cache.network && cache.network.map === state.entities.network && fresh(cache.network.at)) {
      reuse.network = cache.network.stats
      if (cache.network.rows) reuseRows.network = cache.network.rows
    }
    if (cache.cyber && cache.cyber.map === state.entities.cyber && fresh(cache.cyber.at)) {
      reuse.cyber = cache.cyber.stats
      if (cache.cyber.rows) reuseRows.cyber = cache.cyber.rows
    }
    // Nothing changed and nothing clock-dependent is due: no pass, no notification — the tiles and
    // their sparklines do no work on a quiet feed.
    if (this.#stats !== null && TOPIC_KEYS.every((t) => reuse[t] !== undefined)) return
    const config = this.#configFor(state.siteModel)
    const stats = computeKpiStats({
      entities: state.entities,
      index,
      now,
      config,
      turnarounds: this.#tracker,
      reuse,
      reuseRows,
    })
    if (!reuse.beds)
      cache.beds = { map: state.entities.beds, at: now, stats: stats.beds, rows: stats.rows.beds }
    if (!reuse.assets)
      cache.assets = { map: state.entities.assets, at: now, stats: stats.assets, rows: stats.rows.assets }
    if (!reuse.network)
      cache.network = { map: state.entities.network, at: now, stats: stats.network, rows: stats.rows.network }
    if (!reuse.cyber)
      cache.cyber = { map: state.entities.cyber, at: now, stats: stats.cyber, rows: stats.rows.cyber }
    this.#stats = stats

    for (const s of this.#series.values()) {
      const def = kpiDefinition(s.kpiId)
      if (def) s.ring.record(now, def.compute(stats, s.scope))
    }
    this.lastComputeMs = performance.now() - started
    this.#version += 1
    for (const listener of this.#listeners) listener()
  }

  /** The site index of the current site model. */
  siteIndex(): SiteIndex | null {
    return this.#siteIndex(this.#store.getState().siteModel)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    this.start()
    return () => this.#listeners.delete(listener)
  }

  getStats = (): KpiStats | null => this.#stats
  getVersion = (): number => this.#version

  /** Starts (or keeps) recording a sparkline for a KPI and scope; returns its ring. */
  watch(kpiId: string, scope: KpiScope): SampleRing {
    const key = `${kpiId}@${scopeKey(scope)}`
    const existing = this.#series.get(key)
    if (existing) {
      // Re-insert: Map order is the LRU order for eviction.
      this.#series.delete(key)
      this.#series.set(key, existing)
      return existing.ring
    }
    const entry = { ring: new SampleRing(this.#seriesCapacity, this.#bucketMs), kpiId, scope: { ...scope } }
    this.#series.set(key, entry)
    while (this.#series.size > this.#maxSeries) {
      const oldest = this.#series.keys().next().value
      if (oldest === undefined) break
      this.#series.delete(oldest)
    }
    const def = kpiDefinition(kpiId)
    if (def && this.#stats) entry.ring.record(this.#clock(), def.compute(this.#stats, scope))
    return entry.ring
  }
}

/** The window's engine over the window's store. */
export const kpiEngine = new KpiEngine(watchfloorStore)

/** The latest KPI stats (re-renders once per engine pass), or null before the first snapshot. */
export function useKpiStats(): KpiStats | null {
  useSyncExternalStore(kpiEngine.subscribe, kpiEngine.getVersion)
  return kpiEngine.getStats()
}

/** The sparkline ring of a KPI and scope (recording starts on first use and outlives the tile). */
export function useKpiSeries(kpiId: string, scope: KpiScope): SampleRing {
  // Idempotent, so calling it while rendering is safe; it also marks the series recently used.
  return kpiEngine.watch(kpiId, scope)
}
