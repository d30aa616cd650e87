import type { ReactElement } from 'react'
import { z } from 'zod'
import { REALTIME_TOPICS, type Topic } from '../../../shared/contracts/entities.ts'
import type { PanelConfig } from '../../board/boardSchema.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { EntityTable } from './EntityTable.tsx'
import './tables.css'

/** Settings of a `table` panel. */
export const tablePanelSettingsSchema = z.object({
  entity: z.enum(REALTIME_TOPICS),
  /** Visible column ids, in the table's order; the table's defaults when absent. */
  columns: z.array(z.string()).optional(),
  groupBy: z.string().optional(),
  filter: z
    .object({
      text: z.string().optional(),
      /** Column id → accepted values, e.g. `{ status: ['down', 'degraded'] }`. */
      facets: z.record(z.string(), z.array(z.string())).optional(),
    })
    .optional(),
})
export type TablePanelSettings = z.infer<typeof tablePanelSettingsSchema>

/** The feed a table panel draws (for the frame's age badge and STALE veil). */
export function tablePanelTopics(panel: PanelConfig): readonly Topic[] {
  const parsed = tablePanelSettingsSchema.safeParse(panel.settings)
  return parsed.success ? [parsed.data.entity] : []
}

/** A live table of beds, equipment, network devices or cyber alerts. */
export function TablePanel({ panel, theme }: PanelProps): ReactElement {
  const parsed = tablePanelSettingsSchema.safeParse(panel.settings)
  if (!parsed.success)
    return <PanelMessage tone="critical">This table panel’s settings are not valid.</PanelMessage>
  const s = parsed.data
  return (
    <EntityTable
      key={panel.id}
      entity={s.entity}
      view={{
        columns: s.columns,
        groupBy: s.groupBy ?? null,
        text: s.filter?.text,
        facets: s.filter?.facets,
      }}
      desktop={theme === 'desktop'}
      wall={theme === 'wall'}
    />
  )
}
