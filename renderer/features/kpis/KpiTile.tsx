import { memo, useMemo, useState, type ReactElement } from 'react'
import {
  computeEscalationLevel,
  escalationInputsOf,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import { RAG_LABEL } from '../../../shared/domain/kpis/evaluateRag.ts'
import { pickScope, scopeKey, type KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { TopicsAge } from '../../state/TopicsAge.tsx'
import { useFreshnessWords } from '../../state/useTopicFreshness.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import type { Topic } from '../../../shared/contracts/entities.ts'
import { EscalationDetails } from './EscalationDetails.tsx'
import { driversText } from './escalationText.ts'
import { useKpiStats } from './kpiEngine.ts'
import { KpiDialog } from './KpiDialog.tsx'
import { openDrillDown } from './openDrillDown.ts'
import { ParDetails } from './ParDetails.tsx'
import { RAG_MARK, toneColour } from './ragMark.ts'
import { Sparkline } from './Sparkline.tsx'
import { tileText } from './tileText.ts'
import { useSeededSeries } from './useSeededSeries.ts'

/** The inputs that drove the escalation level, in words, with and without their values. */
function escalationDrivers(stats: KpiStats, scope: KpiScope): { full: string; names: string } | null {
  if (stats.beds === null) return null
  const counts = pickScope(stats.beds.rollup, scope)
  if (counts === undefined) return null
  const result = computeEscalationLevel(escalationInputsOf(counts), stats.config.escalation)
  return { full: driversText(result), names: driversText(result, false) }
}

type Drivers = { readonly full: string; readonly names: string }

/**
 * What a tile says under its value, by the kind of details its definition has (kpiDefinitions.ts):
 * a tile whose details are the escalation parameters names the ones driving its level.
 */
const TILE_DRIVERS: Partial<
  Record<
    NonNullable<KpiDefinition['drillDown']>['kind'],
    (stats: KpiStats, scope: KpiScope) => Drivers | null
  >
> = { escalation: escalationDrivers }

/**
 * The age of a tile's feed: its own leaf. It re-renders when the feed's word changes (STALE) or it
 * is first confirmed; a batch confirming the feed changes only the age's text (`TopicsAge`).
 */
function KpiAge({ topic }: { readonly topic: Topic }): ReactElement {
  const freshness = useFreshnessWords([topic])
  const confirmed = useWatchfloor((s) => s.topics[topic].confirmedAt !== null)
  return (
    <span className={`kpi-age freshness-${freshness}`}>
      {freshness === 'stale' ? 'STALE ' : ''}
      {confirmed ? (
        <>
          <TopicsAge topics={[topic]} />
          <span className="kpi-age-word"> ago</span>
        </>
      ) : (
        'no data'
      )}
    </span>
  )
}

type KpiTileProps = {
  readonly def: KpiDefinition
  readonly stats: KpiStats
  readonly scope: KpiScope
  readonly scopeLabel: string
  readonly desktop: boolean
  /** The sparkline ring's version when the panel rendered (the ring itself is mutable). */
  readonly seriesVersion: number
}

/**
 * Everything a tile shows that comes from the engine's pass, in one string: its value and RAG, the
 * drivers and why it has no value. Two passes with the same signature (and the same sparkline
 * version) draw the same tile.
 */
export function tileSignature(def: KpiDefinition, stats: KpiStats, scope: KpiScope): string {
  const { reading, value, why } = tileText(def, stats, scope)
  const drivers = def.drillDown ? (TILE_DRIVERS[def.drillDown.kind]?.(stats, scope) ?? null) : null
  return [reading.rag, value, drivers?.full ?? '', why ?? ''].join('\u0000')
}

/**
 * A tile re-renders when what it shows changes, not on every engine pass (each pass is a new
 * `stats`): the pass is compared by its signature. Its age and STALE mark have subscriptions of
 * their own; an open details dialog reads the live stats itself.
 */
export function sameTile(a: KpiTileProps, b: KpiTileProps): boolean {
  return (
    a.def === b.def &&
    scopeKey(a.scope) === scopeKey(b.scope) &&
    a.scopeLabel === b.scopeLabel &&
    a.desktop === b.desktop &&
    a.seriesVersion === b.seriesVersion &&
    (a.stats === b.stats || tileSignature(a.def, a.stats, a.scope) === tileSignature(b.def, b.stats, b.scope))
  )
}

/** A details dialog's body on the live stats (the tile under it may skip passes that change nothing it shows). */
function LiveDetails({
  kind,
  stats: shown,
  scope,
}: {
  readonly kind: 'escalation' | 'par'
  readonly stats: KpiStats
  readonly scope: KpiScope
}): ReactElement {
  const stats = useKpiStats() ?? shown
  return kind === 'escalation' ? (
    <EscalationDetails stats={stats} scope={scope} />
  ) : (
    <ParDetails stats={stats} scope={scope} />
  )
}

/**
 * One KPI: value, RAG in colour + shape + word, a sparkline of the last hours, the age of its
 * feed, which beds it covers, and on the desktop a button to exactly what it counts.
 */
export const KpiTile = memo(function KpiTile({
  def,
  stats,
  scope,
  scopeLabel,
  desktop,
}: KpiTileProps): ReactElement {
  const { reading, value, why } = tileText(def, stats, scope)
  const mark = RAG_MARK[reading.rag]
  // Seeded from the gateway's history on mount, then live points from the engine's passes.
  const series = useSeededSeries(def.id, scope)
  // The tile greys on its feed's word; the age re-renders in its own leaf (KpiAge), per batch.
  // Replayed values are the log's at the replayed moment, not stale ones (the band says REPLAY).
  const word = useFreshnessWords([def.topic])
  const stale = word !== 'live' && word !== 'replay'
  const colour = useMemo(() => toneColour(mark.tone), [mark.tone])
  const drivers = def.drillDown ? (TILE_DRIVERS[def.drillDown.kind]?.(stats, scope) ?? null) : null
  const [dialog, setDialog] = useState(false)
  const title = `${def.label} — ${scopeLabel}${def.population ? `, ${def.population}` : ''}`

  const drillDown = (): void => {
    const d = def.drillDown
    if (d === null) return
    if (d.kind !== 'rows') {
      setDialog(true)
      return
    }
    openDrillDown({
      title: `${title}: ${value}`,
      rowSet: d.rows.id,
      scope,
      config: stats.config,
      sort: d.sort,
      columns: d.columns,
    })
  }

  return (
    <div
      className={`kpi-tile tone-${mark.tone}${stale ? ' kpi-stale' : ''}`}
      data-kpi={def.id}
      data-rag={reading.rag}
      data-value={why === null ? (reading.value ?? '') : ''}
      title={`${title}: ${value} — ${RAG_LABEL[reading.rag]}${drivers ? `\n${drivers.full}` : ''}${def.method === undefined ? '' : `\n${def.method}`}`}
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
          {value}
        </div>
        {/* A tile without a value says why, beside the dash: never a bare "—". */}
        {why === null ? null : (
          <div className="kpi-why" data-testid="kpi-why">
            {why}
          </div>
        )}
      </div>
      {drivers === null ? null : (
        <div className="kpi-drivers" data-testid="kpi-drivers">
          {/* A short tile shows the names only (CSS picks by the tile's height): never cut off. */}
          <span className="kpi-drivers-full">{drivers.full}</span>
          <span className="kpi-drivers-names">{drivers.names}</span>
        </div>
      )}
      <Sparkline series={series} colour={colour} label={def.label} />
      <div className="kpi-foot">
        <span className="kpi-scope" data-testid="kpi-scope">
          {scopeLabel}
          {def.population ? ` · ${def.population}` : ''}
        </span>
        <KpiAge topic={def.topic} />
        {desktop && def.drillDown ? (
          // The name starts with the visible word, so "click Details" works by voice (WCAG 2.5.3).
          <button
            type="button"
            className="kpi-drill"
            onClick={drillDown}
            aria-label={`Details: what ${def.label} counts`}
          >
            Details <span aria-hidden="true">›</span>
          </button>
        ) : null}
      </div>
      {dialog && def.drillDown !== null && def.drillDown.kind !== 'rows' ? (
        <KpiDialog title={title} onClose={() => setDialog(false)}>
          <LiveDetails
            kind={def.drillDown.kind === 'escalation' ? 'escalation' : 'par'}
            stats={stats}
            scope={scope}
          />
        </KpiDialog>
      ) : null}
    </div>
  )
}, sameTile)
