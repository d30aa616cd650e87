import { useMemo, useState, type ReactElement } from 'react'
import { z } from 'zod'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { evaluateRag, formatKpiValue, RAG_LABEL, readKpi } from '../../../shared/domain/kpis/evaluateRag.ts'
import { kpiDefinition, type KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { RowCounts } from '../../../shared/domain/kpis/kpiRows.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { SiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import {
  buildWardCensus,
  CENSUS_COUNTS,
  censusCsv,
  censusTotal,
  sortCensus,
  type CensusRow,
  type CensusSort,
  type CensusSortKey,
} from '../../../shared/domain/kpis/wardCensus.ts'
import type { PanelConfig } from '../../board/boardSchema.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { downloadText } from '../../ui/downloadText.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { useKpiStats } from './kpiEngine.ts'
import { openDrillDown } from './openDrillDown.ts'
import { RAG_MARK } from './ragMark.ts'
import './census.css'

/**
 * Settings of a `census` panel: the per-ward bed census with a comparison tile per site beside
 * the trust's. `siteKpiIds` are the figures on each comparison tile; `siteId` starts the table on
 * one site's wards.
 */
export const censusPanelSettingsSchema = z.object({
  siteKpiIds: z
    .array(z.string())
    .min(1)
    .max(6)
    .default(['beds.ga-occupancy', 'beds.free', 'beds.expected-discharges', 'beds.nctr']),
  siteId: z.string().optional(),
})
export type CensusPanelSettings = z.infer<typeof censusPanelSettingsSchema>

/** The census draws the beds feed (for the frame's age badge and STALE veil). */
export function censusPanelTopics(_panel: PanelConfig): readonly ['beds'] {
  return ['beds']
}

const OCCUPANCY = kpiDefinition('beds.ga-occupancy')

type Column = { readonly key: CensusSortKey; readonly header: string; readonly title: string }
// Short headers so eleven columns fit half a 1366-px screen; the full words are the tooltip, the
// accessible name and the CSV's header.
const COLUMNS: readonly Column[] = [
  { key: 'site', header: 'Site', title: 'Site (sorted in the trust’s order)' },
  { key: 'ward', header: 'Ward', title: 'Ward (sorted by number)' },
  ...CENSUS_COUNTS.map((c) => ({ key: c.id, header: c.short, title: `${c.header}: ${c.rows.label}` })),
  { key: 'occupancyPct', header: 'Occ. %', title: 'Occupancy: occupied ÷ open beds (core + escalation)' },
]

function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace(':', '')
}

/** A site's (or the trust's) comparison tile: its key figures with RAG in glyph and word. */
function SiteTile({
  stats,
  scope,
  name,
  title,
  defs,
  active,
  onPick,
}: {
  readonly stats: KpiStats
  readonly scope: KpiScope
  readonly name: string
  readonly title: string
  readonly defs: readonly KpiDefinition[]
  readonly active: boolean
  readonly onPick: (() => void) | null
}): ReactElement {
  const body = (
    <>
      <span className="census-site-name">{name}</span>
      {defs.map((def) => {
        const r = readKpi(def, stats, scope)
        const mark = RAG_MARK[r.rag]
        return (
          <span
            key={def.id}
            className={`census-site-kpi tone-${mark.tone}`}
            data-kpi={def.id}
            title={`${def.label}${def.population ? ` (${def.population})` : ''}`}
          >
            <span className="census-site-label">{def.shortLabel ?? def.label}</span>
            <span className="census-site-value" data-testid="site-kpi-value">
              {formatKpiValue(r.value, def.unit)}
            </span>
            <span className="census-site-rag" aria-label={`Status: ${RAG_LABEL[r.rag]}`}>
              {r.rag === 'none' ? '' : mark.glyph}
            </span>
          </span>
        )
      })}
    </>
  )
  const common = {
    className: `census-site${active ? ' census-site-active' : ''}`,
    'data-scope': scope.siteId ?? 'trust',
    title,
  }
  return onPick ? (
    <button type="button" {...common} aria-pressed={active} onClick={onPick}>
      {body}
    </button>
  ) : (
    <div {...common}>{body}</div>
  )
}

function CensusTable({
  stats,
  counts,
  index,
  desktop,
  siteId,
}: {
  readonly stats: KpiStats
  readonly counts: RowCounts
  readonly index: SiteIndex
  readonly desktop: boolean
  readonly siteId: string | null
}): ReactElement {
  const [sort, setSort] = useState<CensusSort>({ key: 'site', desc: false })
  const rows = useMemo(
    () => sortCensus(buildWardCensus(counts, index, siteId ?? undefined), sort),
    [counts, index, siteId, sort],
  )
  const total = useMemo(() => censusTotal(counts, index, siteId ?? undefined), [counts, index, siteId])
  const short = useMemo(() => new Map(index.model.sites.map((s) => [s.id, s.shortName])), [index])
  const toggle = (key: CensusSortKey): void =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: false }))

  const drill = (row: CensusRow, column: (typeof CENSUS_COUNTS)[number]): void =>
    openDrillDown({
      title: `${row.wardName}${row.wardId === null ? '' : ` (${row.siteName})`}: ${row.counts[column.id]} ${column.rows.label}`,
      rowSet: column.rows.id,
      scope: row.wardId !== null ? { wardId: row.wardId } : row.siteId !== null ? { siteId: row.siteId } : {},
      config: stats.config,
    })

  const line = (row: CensusRow, isTotal: boolean): ReactElement => {
    const occ = evaluateRag(row.occupancyPct, OCCUPANCY?.thresholds ?? null)
    const occMark = RAG_MARK[occ]
    return (
      <tr
        key={row.wardId ?? 'total'}
        className={isTotal ? 'census-total' : undefined}
        data-ward-id={row.wardId ?? ''}
        data-testid={isTotal ? 'census-total' : 'census-row'}
      >
        <td className="census-site-cell" title={row.siteName}>
          {isTotal ? '' : (short.get(row.siteId ?? '') ?? row.siteName)}
        </td>
        <th
          scope="row"
          className="census-ward"
          title={row.specialty === null ? row.wardName : `${row.wardName} (${row.specialty})`}
        >
          {row.wardName}
        </th>
        {CENSUS_COUNTS.map((c) => (
          <td key={c.id} className="census-num" data-col={c.id}>
            {desktop ? (
              <button
                type="button"
                className="census-cell"
                onClick={() => drill(row, c)}
                aria-label={`${row.wardName}: ${row.counts[c.id]} ${c.rows.label} — show them`}
              >
                {row.counts[c.id]}
              </button>
            ) : (
              row.counts[c.id]
            )}
          </td>
        ))}
        <td className={`census-num census-occ tone-${occMark.tone}`} data-col="occupancyPct">
          {row.occupancyPct === null ? '—' : `${row.occupancyPct.toFixed(1)}%`}
          {occ === 'none' ? null : (
            <span className="census-occ-rag" aria-label={`Status: ${RAG_LABEL[occ]}`}>
              {' '}
              {occMark.glyph}
            </span>
          )}
        </td>
      </tr>
    )
  }

  const exportCsv = (): void =>
    downloadText(`bed-census-${stamp(stats.computedAt)}.csv`, censusCsv(rows, [total], stats.computedAt))

  return (
    <>
      <div className="census-toolbar">
        <span className="census-count" data-testid="census-count" data-count={rows.length}>
          {rows.length} wards{siteId === null ? '' : ` at ${index.siteNames.get(siteId) ?? siteId}`} · all
          beds in capacity (core + open escalation)
        </span>
        {desktop ? (
          <button type="button" className="census-export" onClick={exportCsv}>
            Export CSV
          </button>
        ) : null}
      </div>
      <div className="census-scroll">
        <table className="census-table" aria-label="Bed census by ward">
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const sorted = sort.key === c.key
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.key === 'site' || c.key === 'ward' ? undefined : 'census-num'}
                    aria-sort={sorted ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                    title={c.title}
                  >
                    <button
                      type="button"
                      className="census-th"
                      data-column={c.key}
                      aria-label={`${c.header}: sort by ${c.title}`}
                      onClick={() => toggle(c.key)}
                    >
                      {c.header}
                      <span aria-hidden="true">{sorted ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody>{rows.map((r) => line(r, false))}</tbody>
          <tfoot>{line(total, true)}</tfoot>
        </table>
      </div>
    </>
  )
}

/**
 * The bed meeting's census: a comparison tile for the trust and each site (click one to show its
 * wards), then one row per ward — sortable, wards by number, every count a link to its beds.
 */
export function CensusPanel({ panel, theme }: PanelProps): ReactElement {
  const stats = useKpiStats()
  const parsed = censusPanelSettingsSchema.safeParse(panel.settings ?? {})
  const [siteId, setSiteId] = useState<string | null>(parsed.success ? (parsed.data.siteId ?? null) : null)
  if (!parsed.success)
    return <PanelMessage tone="critical">This census panel’s settings are not valid.</PanelMessage>
  const defs = parsed.data.siteKpiIds.map((id) => ({ id, def: kpiDefinition(id) }))
  const unknown = defs.filter((d) => d.def === undefined).map((d) => d.id)
  if (unknown.length > 0)
    return <PanelMessage tone="critical">Unknown KPI: {unknown.join(', ')}</PanelMessage>
  const counts = stats?.rows.beds ?? null
  const index = stats?.index ?? null
  if (stats === null || counts === null || index === null)
    return <PanelMessage>Waiting for data…</PanelMessage>
  const desktop = theme === 'desktop'
  const known = defs.map((d) => d.def as KpiDefinition)
  return (
    <div className="census" data-testid="census">
      <div
        className="census-sites"
        style={{ gridTemplateColumns: `repeat(${index.model.sites.length + 1}, minmax(0, 1fr))` }}
      >
        <SiteTile
          stats={stats}
          scope={{}}
          name="Trust"
          title={index.model.trust.name}
          defs={known}
          active={siteId === null}
          onPick={desktop ? () => setSiteId(null) : null}
        />
        {index.model.sites.map((s) => (
          <SiteTile
            key={s.id}
            stats={stats}
            scope={{ siteId: s.id }}
            name={s.shortName}
            title={s.name}
            defs={known}
            active={siteId === s.id}
            onPick={desktop ? () => setSiteId((current) => (current === s.id ? null : s.id)) : null}
          />
        ))}
      </div>
      <CensusTable stats={stats} counts={counts} index={index} desktop={desktop} siteId={siteId} />
    </div>
  )
}
