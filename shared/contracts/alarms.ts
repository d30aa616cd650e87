/**
 * Local alarms as the hub presents them to every window. The engine that produces them lives in
 * `shared/domain/alarms/`; this is the contract between the hub and the renderer.
 *
 * Priorities follow IEC 60601-1-8 conventions; states follow ISA-18.2 / IEC 62682.
 */
import { z } from 'zod'
import { cyberSeveritySchema } from './entities.ts'

export const ALARM_PRIORITIES = ['high', 'medium', 'low'] as const
export const alarmPrioritySchema = z.enum(ALARM_PRIORITIES)
export type AlarmPriority = z.infer<typeof alarmPrioritySchema>

/** ISA-18.2 states of an alarm that is not in the normal state. */
export const ALARM_STATES = [
  'unacknowledged',
  'acknowledged',
  'rtn-unacknowledged',
  'shelved',
  'out-of-service',
] as const
export const alarmStateSchema = z.enum(ALARM_STATES)
export type AlarmState = z.infer<typeof alarmStateSchema>

export const ALARM_SUBJECT_KINDS = [
  'bed',
  'asset',
  'device',
  'cyber-alert',
  'kpi',
  'feed',
  'gateway',
] as const

export const alarmSubjectSchema = z.object({
  kind: z.enum(ALARM_SUBJECT_KINDS),
  /** Entity id, KPI id, topic or gateway id. */
  id: z.string(),
  siteId: z.string().nullable(),
  levelId: z.string().nullable(),
  unitId: z.string().nullable(),
})
export type AlarmSubject = z.infer<typeof alarmSubjectSchema>

export const activeAlarmSchema = z.object({
  /** Rule id + subject: identical on every app instance for the same condition. */
  fingerprint: z.string(),
  ruleId: z.string(),
  title: z.string(),
  detail: z.string(),
  priority: alarmPrioritySchema,
  state: alarmStateSchema,
  /** Whether the condition is still present (false in `rtn-unacknowledged`). */
  active: z.boolean(),
  /**
   * When the alarm was raised, from the data (the condition's own start — a device's statusSince,
   * a cyber alert's firstSeen, or the start the gateway states — plus the rule's `for`), so every
   * client shows the same age however late it started.
   */
  raisedAt: z.number(),
  changedAt: z.number(),
  subject: alarmSubjectSchema,
  /**
   * A cyber alert's own severity (its source's vocabulary), shown in a labelled chip beside the
   * alarm's priority — two vocabularies never run together in one line of text.
   */
  alertSeverity: cyberSeveritySchema.optional(),
  /** A flood grouped into one line: how many alarms it stands for (1 when not grouped). */
  groupCount: z.number().int().positive(),
  /** Fingerprints of the grouped alarms. */
  members: z.array(z.string()),
  ack: z.object({ by: z.string(), at: z.number(), note: z.string() }).nullable(),
  shelvedUntil: z.number().nullable(),
  /** Raised a level because it stayed unacknowledged past the rule's escalation time. */
  escalated: z.boolean(),
})
export type ActiveAlarm = z.infer<typeof activeAlarmSchema>

/** An alarm's ISA-18.2 state including `normal` (no alarm), as journal transitions record it. */
export const ALARM_LIFECYCLE_STATES = ['normal', ...ALARM_STATES] as const
export const alarmLifecycleStateSchema = z.enum(ALARM_LIFECYCLE_STATES)
export type AlarmLifecycleState = z.infer<typeof alarmLifecycleStateSchema>

/**
 * One lifecycle transition, as appended to the alarm journal and shown in the history view.
 * `from === to` records an event within a state (escalation, a shelve extended).
 */
export const alarmTransitionSchema = z.object({
  at: z.number(),
  fingerprint: z.string(),
  ruleId: z.string(),
  title: z.string(),
  detail: z.string(),
  priority: alarmPrioritySchema,
  from: alarmLifecycleStateSchema,
  to: alarmLifecycleStateSchema,
  /** Who acted (acknowledge, shelve); absent for transitions the engine made itself. */
  by: z.string().optional(),
  note: z.string().optional(),
})
export type AlarmTransition = z.infer<typeof alarmTransitionSchema>
