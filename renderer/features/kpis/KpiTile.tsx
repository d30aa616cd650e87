import { useMemo, type ReactElement } from 'react'
import { DRILL_DOWN_EVENT, type DrillDownRequest } from '../../../shared/domain/kpis/drillDownRequest.ts'
import {
  computeEscalationLevel,
  escalationInputsOf,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import { formatKpiValue, RAG_LABEL, readKpi } from '../../../shared/domain/kpis/evaluateRag.ts'
import { pickScope, type KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { whyNoValue } from '../../../shared/domain/kpis/whyNoValue.ts'
import type { KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { useTopicFreshness } from '../../state/useTopicFreshness.ts'
import { formatAge } from '../../ui/formatAge.ts'
import { useKpiSeries } from './kpiEngine.ts'
import { RAG_MARK, toneColour } from './ragMark.ts'
import { Sparkline } from './Sparkline.tsx'

/** The inputs that drove the escalation level, in words ("NCTR 37.5 % → OPEL 4"). */
function escalationDrivers(stats: KpiStats, scope: KpiScope): string | null {
  if (stats.beds === null) return null
  const counts = pickScope(stats.beds.rollup, scope)
  if (counts === undefined) return null
  const result = computeEscalationLevel(escalationInputsOf(counts), stats.config.escalation)
  if (result.drivers.length === 0) return 'No trigger reached'
  return result.parameters
    .filter((p) => result.drivers.includes(p.input))
    .map(
      (p) =>
        `${p.label} ${p.value === null ? '—' : Math.round(p.value * 10) / 10}${p.unit === 'beds' ? '' : p.unit.startsWith('%') ? '%' : ` ${p.unit}`}`,
    )
    .join(' · ')
}

/**
 * One KPI: value, RAG in colour + shape + word, a sparkline of the last hours, the age of its
 * feed, and on the desktop a button to the table behind it.
 */
export function KpiTile({
  def,
  stats,
  scope,
  scopeLabel,
  version,
  desktop,
}: {
  readonly def: KpiDefinition
  readonly stats: KpiStats
  readonly scope: KpiScope
  readonly scopeLabel: string
  readonly version: number
  readonly desktop: boolean
}): ReactElement {
  const reading = readKpi(def, stats, scope)
  const mark = RAG_MARK[reading.rag]
  const series = useKpiSeries(def.id, scope)
  const freshness = useTopicFreshness(def.topic)
  const colour = useMemo(() => toneColour(mark.tone), [mark.tone])
  const drivers = def.id === 'beds.opel' ? escalationDrivers(stats, scope) : null
  const stale = freshness.freshness !== 'live'

  const drillDown = (): void => {
    if (!def.drillDown) return
    const detail: DrillDownRequest = {
      title: `${def.label} — ${scopeLabel}`,
      entity: def.drillDown.entity,
      facets: Object.fromEntries(Object.entries(def.drillDown.facets ?? {}).map(([k, v]) => [k, [...v]])),
      sort: def.drillDown.sort ? { ...def.drillDown.sort } : null,
      columns: def.drillDown.columns ? [...def.drillDown.columns] : null,
      siteId: scope.siteId ?? null,
      wardId: scope.wardId ?? null,
    }
    window.dispatchEvent(new CustomEvent(DRILL_DOWN_EVENT, { detail }))
  }

  return (
    <div
      className={`kpi-tile tone-${mark.tone}${stale ? ' kpi-stale' : ''}`}
      data-kpi={def.id}
      data-rag={reading.rag}
      title={`${def.label} (${scopeLabel}): ${formatKpiValue(reading.value, def.unit)} — ${RAG_LABEL[reading.rag]}`}
    >
      <div className="kpi-head">
        <span className="kpi-label">{def.label}</span>
        {reading.rag === 'none' ? null : (
          <span
            className="kpi-rag"
            data-testid="kpi-rag"
            role="img"
            aria-label={`Status: ${RAG_LABEL[reading.rag]}`}
          >
            <span aria-hidden="true">{mark.glyph}</span>{' '}
            <span className="kpi-rag-word">{RAG_LABEL[reading.rag]}</span>
          </span>
        )}
      </div>
      <div className="kpi-value-row">
        <div className="kpi-value" data-testid="kpi-value">
          {formatKpiValue(reading.value, def.unit)}
        </div>
        {/* A tile without a value says why, beside the dash: never a bare "—". */}
        {reading.value === null ? (
          <div className="kpi-why" data-testid="kpi-why">
            {whyNoValue(def, stats, scope)}
          </div>
        ) : null}
      </div>
      {drivers === null ? null : <div className="kpi-drivers">{drivers}</div>}
      <Sparkline series={series} version={version} colour={colour} label={def.label} />
      <div className="kpi-foot">
        <span className="kpi-scope">{scopeLabel}</span>
        <span className={`kpi-age freshness-${freshness.freshness}`}>
          {freshness.freshness === 'stale' ? 'STALE ' : ''}
          {freshness.ageMs === null ? 'no data' : `${formatAge(freshness.ageMs)} ago`}
        </span>
        {desktop && def.drillDown ? (
          <button
            type="button"
            className="kpi-drill"
            onClick={drillDown}
            aria-label={`Show the table behind ${def.label}`}
          >
            Details ›
          </button>
        ) : null}
      </div>
    </div>
  )
}
