/**
 * A KPI's recent trend as the gateway serves it from its change log:
 * `GET /v1/history/kpi-series?kpi=ID[&siteId=S][&wardId=W]` (docs/feed-protocol.md#http,
 * `gateway/reports/createKpiSeries.ts`). A window seeds a tile's sparkline with it so a fresh
 * window does not read `trend: collecting` while the gateway has history (docs/kpis.md).
 */
import { z } from 'zod'

/** What a window asks for: the KPI (`kpiDefinitions.ts` id) and the tile's scope. */
export const kpiSeriesRequestSchema = z.object({
  kpiId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9.-]*$/, 'a KPI id is lower-case letters, digits, dots and dashes'),
  siteId: z.string().min(1).max(128).optional(),
  wardId: z.string().min(1).max(128).optional(),
})
export type KpiSeriesRequest = z.infer<typeof kpiSeriesRequestSchema>

export const kpiSeriesPointSchema = z.object({
  /** Epoch ms of the instant (aligned to `stepMs`). */
  at: z.number().int(),
  /** The KPI at that instant; null when it had no value then. */
  value: z.number().nullable(),
})

export const kpiSeriesAnswerSchema = z.object({
  kpiId: z.string(),
  /** The spacing of the points: 15 min, or 30 s while the gateway's log is young. */
  stepMs: z.number().int().positive(),
  /** Oldest first; instants before the log's first batch of the topic are left out. */
  points: z.array(kpiSeriesPointSchema).max(1000),
})
export type KpiSeriesAnswer = z.infer<typeof kpiSeriesAnswerSchema>

/** The gateway path for a request (the browser host and Electron main both ask it). */
export function kpiSeriesPath(request: KpiSeriesRequest): string {
  const query = [
    `kpi=${encodeURIComponent(request.kpiId)}`,
    ...(request.siteId === undefined ? [] : [`siteId=${encodeURIComponent(request.siteId)}`]),
    ...(request.wardId === undefined ? [] : [`wardId=${encodeURIComponent(request.wardId)}`]),
  ]
  return `/v1/history/kpi-series?${query.join('&')}`
}
