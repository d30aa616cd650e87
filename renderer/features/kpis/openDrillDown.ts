/**
 * Asks for the rows behind a tile or a census cell. The KPI and table features never import each
 * other: the request is UI intent in the store (`drillDown`), which the tables' drill-down host,
 * mounted by the app shell, parses at that edge and shows.
 */
import { rowConfigOf, type KpiConfig } from '../../../shared/domain/kpis/computeKpiStats.ts'
import type { DrillDownRequest } from '../../../shared/domain/kpis/drillDownRequest.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'

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
  watchfloorStore.getState().openDrillDown(detail)
}
