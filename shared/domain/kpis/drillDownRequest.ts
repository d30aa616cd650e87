/**
 * A KPI tile (or a census cell) asks for the rows behind it. The KPI and table features never
 * import each other (docs/architecture.md), so the request is UI intent held in the window's store
 * (`drillDown`); the tables feature parses it with this schema at that edge.
 *
 * The request names a row set (kpiRows.ts) and a scope rather than carrying table filters: the
 * table shows the rows matching the same predicate the tile counted with, under the same
 * configuration, so the two cannot disagree.
 */
import { z } from 'zod'
import { DEFAULT_ROW_CONFIG } from './kpiRows.ts'

const minutes = z.number().positive().max(10_000)
const ms = z
  .number()
  .positive()
  .max(366 * 86_400_000)

/** The configuration a row set's membership depends on (kpiRows.ts `RowConfig`). */
export const rowConfigSchema = z.object({
  housekeepingTargets: z.object({ responseMin: minutes, cleanMin: minutes, totalMin: minutes }),
  assetThresholds: z.object({ missingAfterMs: ms, batteryLowPct: z.number().min(0).max(100) }),
  cyberWindows: z.object({ newWithinMs: ms, ackWithinMs: ms }),
})

export const drillDownRequestSchema = z.object({
  /** Shown as the drill-down's title. */
  title: z.string().min(1).max(160),
  /** The row set whose rows the table shows, e.g. `beds.housekeeping-overdue`. */
  rowSet: z.string().min(1).max(80),
  sort: z.object({ id: z.string(), desc: z.boolean() }).nullable().default(null),
  columns: z.array(z.string()).nullable().default(null),
  siteId: z.string().nullable().default(null),
  wardId: z.string().nullable().default(null),
  rowConfig: rowConfigSchema.default(DEFAULT_ROW_CONFIG),
})
export type DrillDownRequest = z.infer<typeof drillDownRequestSchema>
