import type { ReactElement } from 'react'
import { z } from 'zod'
import type { Topic } from '../../../shared/contracts/entities.ts'
import { kpiDefinition, type KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { PanelConfig } from '../../board/boardSchema.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { kpiEngine, useKpiStats } from './kpiEngine.ts'
import { KpiTile } from './KpiTile.tsx'
import { SitrepExport } from './SitrepExport.tsx'
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

/** A KPI tile, or a grid of them. */
export function KpiPanel({ panel, theme }: PanelProps): ReactElement {
  const stats = useKpiStats()
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
            desktop={desktop}
            seriesVersion={kpiEngine.watch(id, scope).version}
          />
        ))}
      </div>
      {settings.sitrep && desktop ? <SitrepExport /> : null}
    </div>
  )
}
