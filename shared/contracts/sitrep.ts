/**
 * The 08:00 SitRep bed snapshot as the gateway records it in its change log and serves it over
 * `GET /v1/history/sitrep?day=YYYY-MM-DD` (docs/feed-protocol.md#sitrep). The rows are
 * `shared/domain/kpis/bedSitrep.ts`'s, computed by the same code the tiles use.
 */
import { z } from 'zod'
import { bedClosedReasonSchema } from './entities.ts'

const count = z.number().int().nonnegative()

export const bedSitrepRowSchema = z.object({
  siteId: z.string().nullable(),
  siteName: z.string(),
  gaCoreOpen: count,
  gaEscalationOpen: count,
  gaCoreOccupied: count,
  gaEscalationOccupied: count,
  gaOccupancyPct: z.number().nullable(),
  gaClosedByReason: z.record(bedClosedReasonSchema, count),
  gaLongStay7: count,
  gaLongStay14: count,
  gaLongStay21: count,
  gaNctr: count,
})

export const bedSitrepSchema = z.object({
  snapshotAt: z.number().int(),
  trustName: z.string(),
  rows: z.array(bedSitrepRowSchema).readonly(),
})

/**
 * How the gateway has the day's snapshot: `recorded` at 08:00 (the record in the log), or
 * `computed` afterwards from the log's state at 08:00 (the gateway was not running then, or the
 * day is older than the record kind).
 */
export const SITREP_SOURCES = ['recorded', 'computed'] as const

export const sitrepAnswerSchema = z.object({
  /** The trust-local day, `YYYY-MM-DD`. */
  day: z.string(),
  timeZone: z.string(),
  source: z.enum(SITREP_SOURCES),
  /** When the gateway took it (for `recorded`, a moment at or just after 08:00). */
  takenAt: z.number().int(),
  sitrep: bedSitrepSchema,
})
export type SitrepAnswer = z.infer<typeof sitrepAnswerSchema>
