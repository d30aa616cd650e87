/**
 * A KPI tile asks for the table behind it. The KPI and table features never import each other
 * (docs/architecture.md), so the request travels as a DOM event on the window with this name and payload; the
 * tables feature parses it with the schema at that edge.
 */
import { z } from 'zod'
import { topicSchema } from '../../contracts/entities.ts'

/** The window event a KPI tile dispatches (desktop only) to open its drill-down table. */
export const DRILL_DOWN_EVENT = 'watchfloor:drill-down'

export const drillDownRequestSchema = z.object({
  /** Shown as the drill-down's title. */
  title: z.string().min(1).max(120),
  entity: topicSchema,
  /** Facet key → accepted values (e.g. `status: ['housekeeping']`). */
  facets: z.record(z.string(), z.array(z.string())).default({}),
  sort: z.object({ id: z.string(), desc: z.boolean() }).nullable().default(null),
  columns: z.array(z.string()).nullable().default(null),
  siteId: z.string().nullable().default(null),
  wardId: z.string().nullable().default(null),
})
export type DrillDownRequest = z.infer<typeof drillDownRequestSchema>
