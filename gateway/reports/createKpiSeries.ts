/**
 * A KPI's recent trend from the change log, so a freshly opened window's sparkline shows the last
 * hours at once instead of `trend: collecting`: the KPI computed by the shared definitions
 * (`kpiDefinitions.ts`) over the topic's state at `POINTS` past instants, `STEP_MS` apart and
 * aligned to the step, so every window and every request shares them.
 *
 * The cost is bounded: at most `POINTS` states per topic are rebuilt per `STEP_MS` (the stats of
 * each instant are cached and reused by every KPI and scope of that topic; instants that fall out
 * of the window are dropped). KPIs that need transitions (bed turnaround) have no past value here.
 *
 * A young log (fewer than two of those instants reach it — a fresh demo, a new install) answers the
 * last 15 min at the window's own 30-s bucket instead (`FINE_STEP_MS`), so a sparkline draws what
 * exists rather than waiting up to half an hour for two 15-min instants. Bounded the same way: at
 * most `FINE_POINTS` more states per topic, asked only while the log is young.
 */
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import type { EntityMaps } from '../../shared/contracts/hub.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import {
  computeKpiStats,
  DEFAULT_KPI_CONFIG,
  type KpiStats,
} from '../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../shared/domain/kpis/defaultParLevels.ts'
import { kpiDefinition } from '../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiScope } from '../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import type { ChangeLog } from '../store/changeLog.ts'

/** 24 points 15 min apart: the last 6 h, the span of the window's own sparkline ring. */
export const POINTS = 24
export const STEP_MS = 15 * 60_000
/** A young log's points: 30 instants 30 s apart (the renderer's sparkline bucket), the last 15 min. */
export const FINE_POINTS = 30
export const FINE_STEP_MS = 30_000

export type KpiSeriesPoint = { readonly at: number; readonly value: number | null }
export type KpiSeriesAnswer =
  | { readonly kpiId: string; readonly stepMs: number; readonly points: readonly KpiSeriesPoint[] }
  | { readonly error: string; readonly status: number }

export type KpiSeries = {
  series(kpiId: string, scope: KpiScope): Promise<KpiSeriesAnswer>
}

export function createKpiSeries(deps: {
  readonly changeLog: Pick<ChangeLog, 'stateAt'>
  readonly siteModel: SiteModel
  readonly now: () => number
}): KpiSeries {
  const index = buildSiteIndex(deps.siteModel)
  const config = { ...DEFAULT_KPI_CONFIG, par: defaultParLevels(deps.siteModel) }
  /** Per topic, the stats at each instant (null: the log did not reach back). */
  const cache = new Map<Topic, Map<number, Promise<KpiStats | null>>>()
  const empty = (): EntityMaps => ({
    beds: new Map(),
    assets: new Map(),
    network: new Map(),
    cyber: new Map(),
    waiting: new Map(),
  })

  const statsAt = (topic: Topic, at: number): Promise<KpiStats | null> => {
    let byAt = cache.get(topic)
    if (byAt === undefined) {
      byAt = new Map()
      cache.set(topic, byAt)
    }
    const cached = byAt.get(at)
    if (cached !== undefined) return cached
    const computed = deps.changeLog.stateAt(topic, at).then((state) => {
      // Before the log's first batch of the topic there was no data: no point, not a zero.
      if (state === null || state.seq === 0) return null
      const map = new Map<string, AnyEntity>(state.entities.map((entity) => [entity.id, entity]))
      return computeKpiStats({ entities: { ...empty(), [topic]: map }, index, now: at, config })
    })
    byAt.set(at, computed)
    return computed
  }

  return {
    series: async (kpiId, scope) => {
      const def = kpiDefinition(kpiId)
      if (def === undefined) return { status: 400, error: `kpi: no KPI "${kpiId}"` }
      const last = Math.floor(deps.now() / STEP_MS) * STEP_MS
      const instants = Array.from({ length: POINTS }, (_, i) => last - (POINTS - 1 - i) * STEP_MS)
      // Instants that left the window are dropped, so the cache never holds more than POINTS each.
      const byAt = cache.get(def.topic)
      if (byAt !== undefined) for (const at of byAt.keys()) if (at < instants[0]!) byAt.delete(at)
      const points: KpiSeriesPoint[] = []
      for (const at of instants) {
        const stats = await statsAt(def.topic, at).catch(() => null)
        if (stats !== null) points.push({ at, value: def.compute(stats, scope) })
      }
      if (points.length >= 2) return { kpiId, stepMs: STEP_MS, points }
      // Young log: the last 15 min at 30 s (a 15-min instant in it is one of them), after any
      // 15-min point older than that.
      const fineLast = Math.floor(deps.now() / FINE_STEP_MS) * FINE_STEP_MS
      const fine = Array.from(
        { length: FINE_POINTS },
        (_, i) => fineLast - (FINE_POINTS - 1 - i) * FINE_STEP_MS,
      )
      // Fine instants that left the 15 min are dropped too (the 15-min ones stay for the window).
      const kept = cache.get(def.topic)
      if (kept !== undefined)
        for (const at of kept.keys()) if (at % STEP_MS !== 0 && at < fine[0]!) kept.delete(at)
      const young = points.filter((p) => p.at < fine[0]!)
      for (const at of fine) {
        const stats = await statsAt(def.topic, at).catch(() => null)
        if (stats !== null) young.push({ at, value: def.compute(stats, scope) })
      }
      return { kpiId, stepMs: FINE_STEP_MS, points: young }
    },
  }
}

/** `GET /v1/history/kpi-series?kpi=ID[&siteId=S][&wardId=W]`: counts only, the same for every role. */
export function kpiSeriesRoute(
  series: KpiSeries,
): (query: URLSearchParams) => Promise<{ readonly status: number; readonly body: unknown }> {
  return async (query) => {
    const kpiId = query.get('kpi')
    if (kpiId === null || kpiId === '') return { status: 400, body: { error: 'kpi: expected a KPI id' } }
    const siteId = query.get('siteId')
    const wardId = query.get('wardId')
    const scope: KpiScope = {
      ...(siteId === null || siteId === '' ? {} : { siteId }),
      ...(wardId === null || wardId === '' ? {} : { wardId }),
    }
    const answer = await series.series(kpiId, scope)
    if ('error' in answer) return { status: answer.status, body: { error: answer.error } }
    return { status: 200, body: answer }
  }
}
