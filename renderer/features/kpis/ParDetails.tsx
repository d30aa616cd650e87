import type { ReactElement } from 'react'
import { parResultsIn, type ParStatus } from '../../../shared/domain/kpis/computeAssetStats.ts'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'

const STATUS_WORDS: Readonly<Record<ParStatus, string>> = {
  'below-critical': '✕ below critical',
  'below-min': '▲ below min',
  ok: '● met',
}

/**
 * A PAR tile's Details: the PAR levels it counts (unit × equipment type), each with the available
 * equipment there now against its min and critical — the rows a PAR percentage is made of.
 */
export function ParDetails({
  stats,
  scope,
}: {
  readonly stats: KpiStats
  readonly scope: KpiScope
}): ReactElement {
  const levels = parResultsIn(stats.assets.par, scope, stats.index)
  if (levels.length === 0) return <PanelMessage>No PAR levels apply in this scope.</PanelMessage>
  const name = (id: string): string => stats.index?.siteNames.get(id) ?? id
  return (
    <div data-testid="par-details" data-count={levels.length}>
      <table className="kpi-detail-table">
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col">Equipment</th>
            <th scope="col">Available now</th>
            <th scope="col">Min</th>
            <th scope="col">Critical below</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((p) => (
            <tr key={`${p.unitId}|${p.assetType}`} className={`par-${p.status}`}>
              <th scope="row">{name(p.unitId)}</th>
              <td>{p.assetType}</td>
              <td>{p.count}</td>
              <td>{p.min}</td>
              <td>{p.critical}</td>
              <td>{STATUS_WORDS[p.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="kpi-detail-note">
        Available means available, present equipment located in the unit or inside it (a missing tag is not on
        the shelf).
      </p>
    </div>
  )
}
