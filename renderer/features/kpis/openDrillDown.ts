/**
 * Asks the tables feature for the rows behind a tile or a census cell (the two features never
 * import each other: the request is a window event, parsed by the tables at that edge).
 */
import { rowConfigOf, type KpiConfig } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { DRILL_DOWN_EVENT, type DrillDownRequest } from '../../../shared/domain/kpis/drillDownRequest.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'

export type DrillDownTarget = {
  readonly title: string
  readonly rowSet: string
  readonly scope: KpiScope
  /** The configuration the count was made with: the table picks its rows by the same one. */
  readonly config: KpiConfig
  readonly sort?: { readonly id: string; readonly desc: boolean } | undefined
  readonly columns?: readonly string[] | undefined
}

export function openDrillDown(target: DrillDownTarget): void {
  const detail: DrillDownRequest = {
    title: target.title.slice(0, 160),
    rowSet: target.rowSet,
    sort: target.sort ? { ...target.sort } : null,
    columns: target.columns ? [...target.columns] : null,
    siteId: target.scope.siteId ?? null,
    wardId: target.scope.wardId ?? null,
    rowConfig: rowConfigOf(target.config),
  }
  window.dispatchEvent(new CustomEvent(DRILL_DOWN_EVENT, { detail }))
}
