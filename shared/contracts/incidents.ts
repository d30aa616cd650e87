/**
 * The incident record (docs/replay.md): an incident marked from the desktop — start, end, title,
 * note — kept by the gateway in its change log, and the history a report and replay's timeline
 * are built from. Everything here comes from redacted history: no patient data, by construction
 * (beds carry none; free text is the operator's own, scrubbed at the gateway like alarm notes).
 */
import { z } from 'zod'
import { alarmPrioritySchema, alarmSubjectSchema } from './alarms.ts'
import { sourceStatusSchema } from './entities.ts'
import { alarmActionRecordSchema } from './feed.ts'

/** HTTP routes (docs/feed-protocol.md#incidents). */
export const IncidentRoute = {
  /** GET → {@link IncidentList}; POST {@link IncidentSaveRequest} → {@link IncidentSaveResponse}. */
  incidents: '/v1/incidents',
  /** GET ?from=&to= → {@link Timeline}. */
  timeline: '/v1/history/timeline',
} as const

const INCIDENT_TITLE_MAX = 120
const INCIDENT_NOTE_MAX = 2_000

export const incidentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an incident id is 1–64 letters, digits, _ or -')

export const incidentSaveRequestSchema = z
  .object({
    /** Absent to mark a new incident; an existing id to change it (its end, its note). */
    id: incidentIdSchema.optional(),
    title: z.string().trim().min(1, 'an incident needs a title').max(INCIDENT_TITLE_MAX),
    note: z.string().max(INCIDENT_NOTE_MAX).default(''),
    start: z.number().int().positive(),
    /** Null while the incident is still going on. */
    end: z.number().int().positive().nullable(),
  })
  .refine((request) => request.end === null || request.end >= request.start, {
    message: 'an incident cannot end before it starts',
    path: ['end'],
  })
export type IncidentSaveRequest = z.input<typeof incidentSaveRequestSchema>

export const incidentSchema = z.object({
  id: incidentIdSchema,
  title: z.string(),
  note: z.string(),
  start: z.number(),
  end: z.number().nullable(),
  /** Who marked it (the token's name) and when; who last changed it and when. */
  createdBy: z.string(),
  createdAt: z.number(),
  updatedBy: z.string(),
  updatedAt: z.number(),
})
export type Incident = z.infer<typeof incidentSchema>

export const incidentListSchema = z.object({ incidents: z.array(incidentSchema) })
export type IncidentList = z.infer<typeof incidentListSchema>

export const incidentSaveResponseSchema = z.union([
  z.object({ ok: z.literal(true), incident: incidentSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type IncidentSaveResponse = z.infer<typeof incidentSaveResponseSchema>

/** An alarm raised or cleared by the gateway's alarm engine, as the log recorded it. */
export const alarmMarkSchema = z.object({
  at: z.number(),
  kind: z.enum(['raised', 'cleared']),
  fingerprint: z.string(),
  ruleId: z.string(),
  title: z.string(),
  /** Empty for roles that do not see network detail (it may name hosts and addresses). */
  detail: z.string(),
  priority: alarmPrioritySchema,
  /** When the condition began, from the data (raised marks). */
  raisedAt: z.number().nullable(),
  subject: alarmSubjectSchema.nullable(),
})
export type AlarmMark = z.infer<typeof alarmMarkSchema>

/** A source's health changing (up, degraded, down), as the log recorded it. */
export const sourceMarkSchema = z.object({
  at: z.number(),
  source: z.string(),
  status: sourceStatusSchema,
  detail: z.string().nullable(),
})
export type SourceMark = z.infer<typeof sourceMarkSchema>

/** What happened in [from, to]: the base of replay's timeline strip and of the incident report. */
export const timelineSchema = z.object({
  from: z.number(),
  to: z.number(),
  alarms: z.array(alarmMarkSchema),
  actions: z.array(alarmActionRecordSchema),
  sources: z.array(sourceMarkSchema),
  /** The last known health of each source at `from` (so a report knows how the period began). */
  sourcesAtStart: z.array(sourceMarkSchema),
  incidents: z.array(incidentSchema),
  /** Whether the log keeps events (raises, health); false: acknowledgements only. */
  eventsKept: z.boolean(),
  truncated: z.boolean(),
})
export type Timeline = z.infer<typeof timelineSchema>
