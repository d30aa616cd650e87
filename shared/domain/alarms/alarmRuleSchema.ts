/**
 * Alarm rules are data: a rule pack (YAML or JSON) validated here, so a trust can tune thresholds
 * without a release and a bad edit is refused with an error naming the rule (see `parseRulePack`).
 *
 * Every rule has an id (part of each alarm's fingerprint), a title, a priority (IEC 60601-1-8) and a
 * `for` duration: how long the condition must hold before the alarm is raised. Where the entity
 * carries its own timestamp (a device's `statusSince`, a bed's housekeeping request, an asset's
 * `lastSeen`) the duration is measured from it, so a restarted app raises at the same moment as one
 * that has been running; otherwise from when this engine first saw the condition.
 */
import { z } from 'zod'
import { ALARM_KPI_IDS } from './alarmKpis.ts'
import { alarmPrioritySchema } from '../../contracts/alarms.ts'
import {
  assetTypeSchema,
  cyberSeveritySchema,
  cyberStatusSchema,
  deviceKindSchema,
  deviceStatusSchema,
  topicSchema,
} from '../../contracts/entities.ts'
import { DURATION_HINT, parseDuration } from './parseDuration.ts'

/** A duration string parsed to milliseconds, with the error message pack authors expect. */
export const durationSchema = z.string({ error: DURATION_HINT }).transform((text, ctx) => {
  const ms = parseDuration(text)
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: DURATION_HINT })
    return z.NEVER
  }
  return ms
})

const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a lower-case id of letters, digits and dashes')

/** How alarms of one rule are folded into one line when many share a cause (flood grouping). */
/**
 * `uplink`: devices under the highest failed device up their uplink chain; `unit` / `site`: the
 * subject's ward or site; `rule`: every alarm of the rule on one line (e.g. 27 tags unseen for 24 h).
 */
export const GROUP_BYS = ['none', 'uplink', 'unit', 'site', 'rule'] as const
export const groupBySchema = z.enum(GROUP_BYS)
export type GroupBy = z.infer<typeof groupBySchema>

const common = {
  id: ruleIdSchema,
  title: z.string().min(1).max(120),
  priority: alarmPrioritySchema,
  /** How long the condition must hold before the alarm is raised. */
  for: durationSchema.default(0),
  /** Unacknowledged for longer than this: the alarm is marked escalated and its priority raised a level. */
  escalateAfter: durationSchema.optional(),
  enabled: z.boolean().default(true),
  /** ISA-18.2 out of service: the rule's alarms are held in `out-of-service` and never annunciated. */
  outOfService: z.boolean().default(false),
  /** Fold alarms sharing a cause into one line once at least `groupMin` share it. */
  groupBy: groupBySchema.default('none'),
  groupMin: z.number().int().min(2).default(2),
}

export const kpiThresholdRuleSchema = z
  .object({
    ...common,
    kind: z.literal('kpi-threshold'),
    /** KPI id; `occupancy` is bed occupancy in percent. */
    kpi: z.enum(ALARM_KPI_IDS),
    scope: z.enum(['trust', 'site', 'ward']),
    /** `above`: raise when value ≥ raise, clear when value < clear (and the reverse for `below`). */
    direction: z.enum(['above', 'below']).default('above'),
    raise: z.number(),
    clear: z.number(),
  })
  .refine((r) => (r.direction === 'above' ? r.clear <= r.raise : r.clear >= r.raise), {
    message: 'clear must lie on the normal side of raise (hysteresis)',
    path: ['clear'],
  })

export const deviceDownRuleSchema = z.object({
  ...common,
  kind: z.literal('device-down'),
  /** Device kinds the rule watches; absent means all. */
  deviceKinds: z.array(deviceKindSchema).min(1).optional(),
  statuses: z.array(deviceStatusSchema).min(1).default(['down']),
  /** Priority per device kind, overriding `priority` (an AP alone matters less than a core switch). */
  priorityByKind: z.partialRecord(deviceKindSchema, alarmPrioritySchema).optional(),
})

export const assetOutsideHomeRuleSchema = z.object({
  ...common,
  kind: z.literal('asset-outside-home'),
  assetTypes: z.array(assetTypeSchema).min(1).optional(),
})

export const assetUnseenRuleSchema = z.object({
  ...common,
  kind: z.literal('asset-unseen'),
  assetTypes: z.array(assetTypeSchema).min(1).optional(),
})

export const bedHousekeepingRuleSchema = z.object({
  ...common,
  kind: z.literal('bed-housekeeping'),
})

export const parBelowRuleSchema = z.object({
  ...common,
  kind: z.literal('par-below'),
  assetType: assetTypeSchema,
  /**
   * Critical PAR: fewer available assets of the type than this in a ward raises the alarm. Applies
   * to wards that are home to at least one asset of the type (a ward owning none has no PAR).
   */
  critical: z.number().int().positive(),
  /** Per-ward overrides of `critical`, by unit id. */
  units: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Unit kinds the default applies to, where the site model says what a unit is. */
  unitKinds: z.array(z.enum(['ward', 'department'])).default(['ward']),
})

export const feedStaleRuleSchema = z.object({
  ...common,
  kind: z.literal('feed-stale'),
  topics: z.array(topicSchema).min(1).optional(),
  /** Per-topic stale thresholds; absent topics use DEFAULT_STALE_AFTER_MS. */
  staleAfter: z.partialRecord(topicSchema, durationSchema).optional(),
})

export const gatewayDisconnectedRuleSchema = z.object({
  ...common,
  kind: z.literal('gateway-disconnected'),
})

export const cyberAlertRuleSchema = z.object({
  ...common,
  kind: z.literal('cyber-alert'),
  severities: z.array(cyberSeveritySchema).min(1).default(['critical', 'high']),
  statuses: z.array(cyberStatusSchema).min(1).default(['new']),
  priorityBySeverity: z.partialRecord(cyberSeveritySchema, alarmPrioritySchema).optional(),
})

/**
 * NHS England cyber alert deadlines (shared/domain/cyber/nhsDeadlines.ts): the acknowledgement
 * due 48 h after issue, then an update every 3 days. `due` raises `warnBefore` ahead of the
 * deadline (give it `escalateAfter` equal to `warnBefore` to escalate at the deadline when nobody
 * acknowledged the alarm); `overdue` raises once the deadline has passed, acknowledged or not.
 */
export const nhsCyberDeadlineRuleSchema = z.object({
  ...common,
  kind: z.literal('nhs-cyber-deadline'),
  phase: z.enum(['due', 'overdue']),
  warnBefore: durationSchema.default(12 * 3_600_000),
})

export const alarmRuleSchemas = {
  'kpi-threshold': kpiThresholdRuleSchema,
  'device-down': deviceDownRuleSchema,
  'asset-outside-home': assetOutsideHomeRuleSchema,
  'asset-unseen': assetUnseenRuleSchema,
  'bed-housekeeping': bedHousekeepingRuleSchema,
  'par-below': parBelowRuleSchema,
  'feed-stale': feedStaleRuleSchema,
  'gateway-disconnected': gatewayDisconnectedRuleSchema,
  'cyber-alert': cyberAlertRuleSchema,
  'nhs-cyber-deadline': nhsCyberDeadlineRuleSchema,
} as const

export type AlarmRuleKind = keyof typeof alarmRuleSchemas
export const ALARM_RULE_KINDS = Object.keys(alarmRuleSchemas) as AlarmRuleKind[]

export type KpiThresholdRule = z.infer<typeof kpiThresholdRuleSchema>
export type DeviceDownRule = z.infer<typeof deviceDownRuleSchema>
export type AssetOutsideHomeRule = z.infer<typeof assetOutsideHomeRuleSchema>
export type AssetUnseenRule = z.infer<typeof assetUnseenRuleSchema>
export type BedHousekeepingRule = z.infer<typeof bedHousekeepingRuleSchema>
export type ParBelowRule = z.infer<typeof parBelowRuleSchema>
export type FeedStaleRule = z.infer<typeof feedStaleRuleSchema>
export type GatewayDisconnectedRule = z.infer<typeof gatewayDisconnectedRuleSchema>
export type CyberAlertRule = z.infer<typeof cyberAlertRuleSchema>
export type NhsCyberDeadlineRule = z.infer<typeof nhsCyberDeadlineRuleSchema>

/** One validated rule; durations are milliseconds. */
export type AlarmRule =
  | KpiThresholdRule
  | DeviceDownRule
  | AssetOutsideHomeRule
  | AssetUnseenRule
  | BedHousekeepingRule
  | ParBelowRule
  | FeedStaleRule
  | GatewayDisconnectedRule
  | CyberAlertRule
  | NhsCyberDeadlineRule

/** A validated rule pack. */
export type RulePack = {
  readonly version: 1
  readonly name: string
  readonly rules: readonly AlarmRule[]
}

/** The shape of a pack before its rules are checked one by one (so errors can name the rule). */
export const rulePackEnvelopeSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(120),
  rules: z.array(z.unknown()),
})
