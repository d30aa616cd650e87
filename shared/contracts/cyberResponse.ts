/**
 * The cyber alert response over the feed (protocol 1.2, docs/cyber.md): an IT user acknowledges,
 * investigates, updates or resolves an alert with a note (`alert:respond`), and records an NHS
 * England cyber alert by hand (`nhs-alert:record`). The same NHS alert body is what the webhook
 * source accepts (docs/cyber.md#webhook), so a hand entry and a delivered one are one thing.
 */
import { z } from 'zod'
import {
  alertResponseActionSchema,
  cyberAlertSchema,
  cyberSeveritySchema,
  mitreTacticSchema,
} from './entities.ts'
/** The same shape as the feed's `{ ok: false, error }` (kept here so feed.ts can name these types). */
const feedErrorSchema = z.object({ ok: z.literal(false), error: z.string() })

const noteSchema = z.string().trim().min(1, 'a note is required').max(500)

export const alertRespondRequestSchema = z.object({
  alertId: z.string().min(1).max(128),
  action: alertResponseActionSchema,
  note: noteSchema,
  /** NHS cyber alerts only: who owns the response (a display name). */
  owner: z.string().trim().min(1).max(64).optional(),
  /** NHS cyber alerts only: whether the alert applies to the trust. */
  applicability: z.enum(['applicable', 'not-applicable']).optional(),
})
export type AlertRespondRequest = z.infer<typeof alertRespondRequestSchema>

/** The alert as the gateway recorded the step (already in the change log). */
export const alertRespondResponseSchema = z.union([
  z.object({ ok: z.literal(true), alert: cyberAlertSchema }),
  feedErrorSchema,
])
export type AlertRespondResponse = z.infer<typeof alertRespondResponseSchema>

/** Accepts an ISO 8601 time or epoch milliseconds. */
const instantSchema = z.union([
  z.number().int().positive(),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
])

/** An NHS England cyber alert as a trust receives it (hand entry or webhook body). */
export const nhsAlertInputSchema = z.object({
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^CC-\d{1,6}$/, 'expected an NHS cyber alert reference such as CC-4512'),
  title: z.string().trim().min(1).max(200),
  severity: cyberSeveritySchema.default('high'),
  /** When NHS England issued it; the 48-hour clock runs from here. Absent: when it arrives. */
  issuedAt: instantSchema.optional(),
  url: z
    .url({ protocol: /^https$/ })
    .max(300)
    .optional(),
  tactic: mitreTacticSchema.optional(),
  /** Host names or addresses the alert affects here; placed on the map through the network devices. */
  affectedHosts: z.array(z.string().trim().min(1).max(128)).max(100).default([]),
  owner: z.string().trim().min(1).max(64).optional(),
})
export type NhsAlertInput = z.infer<typeof nhsAlertInputSchema>
/** What a client sends to record one (times may be ISO 8601 text). */
export type NhsAlertRecordRequest = z.input<typeof nhsAlertInputSchema>

export const nhsAlertRecordResponseSchema = z.union([
  z.object({ ok: z.literal(true), alert: cyberAlertSchema }),
  feedErrorSchema,
])
export type NhsAlertRecordResponse = z.infer<typeof nhsAlertRecordResponseSchema>
