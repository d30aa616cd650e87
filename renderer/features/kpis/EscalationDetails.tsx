import type { ReactElement } from 'react'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import {
  computeEscalationLevel,
  escalationInputsOf,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import { pickScope, type KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { formatParameterValue, formatThreshold } from './escalationText.ts'

/**
 * The OPEL tile's Details: every parameter with its value now, the values at which it reaches
 * OPEL 2, 3 and 4, the level it is at, and which parameters set the overall level — so a duty
 * manager can say at the bed meeting why the trust is where it is.
 */
export function EscalationDetails({
  stats,
  scope,
}: {
  readonly stats: KpiStats
  readonly scope: KpiScope
}): ReactElement {
  const counts = stats.beds === null ? undefined : pickScope(stats.beds.rollup, scope)
  if (counts === undefined) return <PanelMessage>No beds counted in this scope yet.</PanelMessage>
  const config = stats.config.escalation
  const result = computeEscalationLevel(escalationInputsOf(counts), config)
  const weighted = config.method === 'weighted'
  return (
    <div className="kpi-escalation" data-testid="escalation-details" data-level={result.level}>
      <p className="kpi-escalation-summary">
        <strong>OPEL {result.level}</strong>{' '}
        {weighted
          ? '— the weighted mean of the parameter levels, rounded half up.'
          : '— the highest level any parameter reaches.'}
      </p>
      <table className="kpi-detail-table">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Value</th>
            <th scope="col">OPEL 2 at</th>
            <th scope="col">OPEL 3 at</th>
            <th scope="col">OPEL 4 at</th>
            {weighted ? <th scope="col">Weight</th> : null}
            <th scope="col">Level</th>
          </tr>
        </thead>
        <tbody>
          {result.parameters.map((p) => {
            const drives = result.drivers.includes(p.input)
            return (
              <tr key={p.input} data-parameter={p.input} className={drives ? 'kpi-driver' : undefined}>
                <th scope="row">{p.label}</th>
                <td>{formatParameterValue(p.value, p.unit)}</td>
                <td>{formatThreshold(p, 2)}</td>
                <td>{formatThreshold(p, 3)}</td>
                <td>{formatThreshold(p, 4)}</td>
                {weighted ? <td>{p.weight}</td> : null}
                <td data-testid="parameter-level">
                  {p.level === null ? 'no value' : `OPEL ${p.level}`}
                  {drives ? ' ▲ sets the level' : ''}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="kpi-detail-note">
        Parameters and thresholds are the trust’s configuration (the defaults until it sets its own agreed
        triggers; see docs/kpis.md).
      </p>
    </div>
  )
}
