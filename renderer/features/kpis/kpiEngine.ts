/**
 * The window's KPI engine: brings every KPI counter up to date with the store at most once a second
 * (not per message), keeps a sparkline history per watched KPI and scope in bounded rings, and
 * watches bed transitions for cleaning turnaround. Components read it with `useKpiStats` /
 * `useKpiSeries`; nothing here renders.
 *
 * A pass is incremental (shared/domain/kpis/kpiIncremental.ts): it re-adds only the entities the
 * tables' change logs list since the last pass, and those whose clock-dependent facts turned since
 * (a clean turning overdue, a tag unseen 24 h, an alert leaving the last hour) — the same figures
 * as a full pass at that instant, in O(changes). A resync, a new site model or configuration is a
 * full pass. A second in which nothing changed and no fact turned makes no pass and notifies no
 * one, except once per sparkline bucket so the series keep a sample per bucket.
 */
import { useSyncExternalStore } from 'react'
import type { EntityMaps } from '../../../shared/contracts/hub.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import {
  DEFAULT_KPI_CONFIG,
  type KpiConfig,
  type KpiStats,
} from '../../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../../shared/domain/kpis/defaultParLevels.ts'
import { IncrementalKpiStats, type KpiUpdateWork } from '../../../shared/domain/kpis/kpiIncremental.ts'
import { kpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import { scopeKey, type KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex, type SiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { TurnaroundTracker } from '../../../shared/domain/kpis/turnaroundTracker.ts'
import { SampleRing } from '../../../shared/util/ringBuffer.ts'
import { watchfloorStore, type WatchfloorStore } from '../../state/watchfloorStore.ts'
import { sharedClock } from '../../ui/sharedClock.ts'

export type KpiEngineOptions = {
  /** A pass every `intervalMs` from the engine's own timer, when no `ticker` drives it. */
  readonly intervalMs?: number
  /**
   * What drives the passes instead of a timer of the engine's own: the window's engine follows the
   * shared clock's second (one timer for the window, and the KPI tiles turn over in the frame that
   * turns the ages, not in one of their own).
   */
  readonly ticker?: { readonly subscribe: (listener: () => void) => () => void }
  /** Sparkline bucket: one sample per bucket. */
  readonly bucketMs?: number
  /** Samples kept per series: 720 × 30 s = the last 6 h. */
  readonly seriesCapacity?: number
  /** At most this many series are kept; the least recently watched is dropped beyond it. */
  readonly maxSeries?: number
  /**
   * @deprecated Ignored: passes are incremental and follow the clock exactly (a fact that turns
   * with time is re-added at the pass after it turns), so nothing is reused for a while any more.
   */
  readonly maxReuseMs?: number
  /** @deprecated Ignored: asset KPIs follow every change at the pass after it (O(changes)). */
  readonly assetsEveryMs?: number
  readonly config?: KpiConfig
  readonly clock?: () => number
}

export class KpiEngine {
  readonly #store: WatchfloorStore
  readonly #intervalMs: number
  readonly #bucketMs: number
  readonly #seriesCapacity: number
  readonly #maxSeries: number
  readonly #config: KpiConfig
  readonly #clock: () => number
  readonly #listeners = new Set<() => void>()
  readonly #series = new Map<string, { ring: SampleRing; kpiId: string; scope: KpiScope }>()
  readonly #tracker = new TurnaroundTracker()
  #stats: KpiStats | null = null
  #version = 0
  readonly #ticker: KpiEngineOptions['ticker']
  #stopTicks: (() => void) | null = null
  #unsubscribeStore: (() => void) | null = null
  #indexModel: SiteModel | null = null
  #index: SiteIndex | null = null
  #prevBeds: EntityMaps['beds'] | null = null
  readonly #counters = new IncrementalKpiStats()
  /** The sparkline bucket last sampled, so a quiet feed still gets one sample per bucket. */
  #sampledBucket = Number.NaN
  #parModel: SiteModel | null = null
  #parConfig: KpiConfig | null = null
  /** Milliseconds the last pass took (for the bench and the debug overlay). */
  lastComputeMs = 0
  /** What the last pass did, in entities: rebuilt topics, changed, turned by the clock. */
  lastWork: KpiUpdateWork | null = null

  constructor(store: WatchfloorStore, options: KpiEngineOptions = {}) {
    this.#store = store
    this.#intervalMs = options.intervalMs ?? 1000
    this.#bucketMs = options.bucketMs ?? 30_000
    this.#seriesCapacity = options.seriesCapacity ?? 720
    this.#maxSeries = options.maxSeries ?? 256
    this.#config = options.config ?? DEFAULT_KPI_CONFIG
    this.#clock = options.clock ?? Date.now
    this.#ticker = options.ticker
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
    if (this.#ticker !== undefined) this.#stopTicks = this.#ticker.subscribe(() => this.tick())
    else {
      const timer = setInterval(() => this.tick(), this.#intervalMs)
      this.#stopTicks = () => clearInterval(timer)
    }
    this.tick()
  }

  stop(): void {
    this.#unsubscribeStore?.()
    this.#unsubscribeStore = null
    this.#stopTicks?.()
    this.#stopTicks = null
  }

  #siteIndex(model: SiteModel | null): SiteIndex | null {
    if (model !== this.#indexModel) {
      this.#indexModel = model
      this.#index = model === null ? null : buildSiteIndex(model)
      // A new index makes the next pass rebuild every topic (the places changed).
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

  /** One pass: bring the counters up to date, sample the watched series, notify. Public for tests and benches. */
  tick(): void {
    const state = this.#store.getState()
    if (!state.received) return
    const started = performance.now()
    const now = this.#clock()
    const index = this.#siteIndex(state.siteModel)
    const previous = this.#stats
    const stats = this.#counters.update({
      entities: state.entities,
      index,
      now,
      config: this.#configFor(state.siteModel),
      turnarounds: this.#tracker,
    })
    this.lastWork = this.#counters.lastWork
    const bucket = Math.floor(now / this.#bucketMs)
    // Nothing changed and no fact turned: no notification — the tiles and their sparklines do no
    // work on a quiet feed — except once per sparkline bucket, so each series keeps its samples.
    if (stats === previous && bucket === this.#sampledBucket) return
    this.#stats = stats
    this.#sampledBucket = bucket
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
export const kpiEngine = new KpiEngine(watchfloorStore, { ticker: sharedClock })

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
