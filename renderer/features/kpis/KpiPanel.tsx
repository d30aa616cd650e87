import { useSyncExternalStore, type ReactElement } from 'react'
import { z } from 'zod'
import type { Topic } from '../../../shared/contracts/entities.ts'
import { bedSitrepCsv, buildBedSitrep } from '../../../shared/domain/kpis/bedSitrep.ts'
import { kpiDefinition, type KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { PanelConfig } from '../../board/boardSchema.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { downloadText } from '../../ui/downloadText.ts'
import { kpiEngine, useKpiStats } from './kpiEngine.ts'
import { KpiTile } from './KpiTile.tsx'
import './kpis.css'

/**
 * Settings of a `kpi` panel: one KPI (`kpiId`) or a grid of them (`kpiIds`), for the trust, a
 * site or a ward; `sitrep` adds the 08:00 bed snapshot export on the desktop.
 */
export const kpiPanelSettingsSchema = z.object({
  kpiId: z.string().optional(),
  kpiIds: z.array(z.string()).optional(),
  scope: z.object({ siteId: z.string().optional(), wardId: z.string().optional() }).default({}),
  /** Tiles per row in a grid; by default as square as fits. */
  columns: z.number().int().positive().max(12).optional(),
  sitrep: z.boolean().default(false),
})
export type KpiPanelSettings = z.infer<typeof kpiPanelSettingsSchema>

function idsOf(settings: KpiPanelSettings): string[] {
  return [...(settings.kpiId ? [settings.kpiId] : []), ...(settings.kpiIds ?? [])]
}

/** The feeds a KPI panel draws (for the frame's age badge and STALE veil). */
export function kpiPanelTopics(panel: PanelConfig): readonly Topic[] {
  const parsed = kpiPanelSettingsSchema.safeParse(panel.settings)
  if (!parsed.success) return []
  const topics = new Set<Topic>()
  for (const id of idsOf(parsed.data)) {
    const def = kpiDefinition(id)
    if (def) topics.add(def.topic)
  }
  return [...topics]
}

function scopeLabelOf(scope: KpiScope): string {
  const index = kpiEngine.siteIndex()
  const id = scope.wardId ?? scope.siteId
  if (id === undefined) return 'Trust'
  return index?.siteNames.get(id) ?? id
}

function stamp(at: number): string {
  const d = new Date(at)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`
}

function SitrepButtons(): ReactElement {
  useSyncExternalStore(kpiEngine.subscribe, kpiEngine.getVersion)
  const at0800 = kpiEngine.sitrepAt0800()
  const exportNow = (): void => {
    const stats = kpiEngine.getStats()
    const index = kpiEngine.siteIndex()
    if (!stats?.beds || !index) return
    const sitrep = buildBedSitrep(stats.beds, index, stats.computedAt)
    downloadText(`bed-snapshot-${stamp(sitrep.snapshotAt)}.csv`, bedSitrepCsv(sitrep))
  }
  return (
    <div className="kpi-sitrep">
      <span
        className="kpi-sitrep-label"
        title="The UEC daily sitrep counts G&A beds only; tiles say which beds they count"
      >
        UEC sitrep bed snapshot · G&amp;A beds only
      </span>
      <button type="button" onClick={exportNow} data-testid="sitrep-export-now">
        Export now (CSV)
      </button>
      <button
        type="button"
        disabled={at0800 === null}
        title={at0800 === null ? 'This window was not running at 08:00 today' : undefined}
        onClick={() =>
          at0800 && downloadText(`bed-snapshot-${stamp(at0800.snapshotAt)}.csv`, bedSitrepCsv(at0800))
        }
      >
        Export 08:00 snapshot
      </button>
    </div>
  )
}

/** A KPI tile, or a grid of them. */
export function KpiPanel({ panel, theme }: PanelProps): ReactElement {
  const stats = useKpiStats()
  const version = kpiEngine.getVersion()
  const parsed = kpiPanelSettingsSchema.safeParse(panel.settings)
  if (!parsed.success)
    return <PanelMessage tone="critical">This KPI panel’s settings are not valid.</PanelMessage>
  const settings = parsed.data
  const defs = idsOf(settings).map((id) => ({ id, def: kpiDefinition(id) }))
  const unknown = defs.filter((d) => d.def === undefined).map((d) => d.id)
  if (unknown.length > 0)
    return <PanelMessage tone="critical">Unknown KPI: {unknown.join(', ')}</PanelMessage>
  if (stats === null) return <PanelMessage>Waiting for data…</PanelMessage>
  const scope: KpiScope = settings.scope
  const scopeLabel = scopeLabelOf(scope)
  const desktop = theme === 'desktop'
  const n = defs.length
  const columns = settings.columns ?? Math.ceil(Math.sqrt(n * 2))
  return (
    <div className="kpi-panel">
      <div
        className="kpi-grid"
        style={{ gridTemplateColumns: `repeat(${Math.min(columns, n)}, minmax(0, 1fr))` }}
      >
        {defs.map(({ id, def }) => (
          <KpiTile
            key={id}
            def={def as KpiDefinition}
            stats={stats}
            scope={scope}
            scopeLabel={scopeLabel}
            version={version}
            desktop={desktop}
          />
        ))}
      </div>
      {settings.sitrep && desktop ? <SitrepButtons /> : null}
    </div>
  )
}
