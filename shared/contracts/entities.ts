/**
 * Live entities of the four feed topics. Times are epoch milliseconds (UTC) — cheaper than ISO
 * strings at thousands of events a second, and unambiguous across the gateway and every client.
 *
 * Nothing here identifies a patient: a bed carries its state, never who is in it.
 */
import { z } from 'zod'
import { waitingEntitySchema, type WaitingEntity } from './waiting.ts'

const idSchema = z.string().min(1).max(128)
const epochMsSchema = z.number().int().nonnegative()
const percentSchema = z.number().min(0).max(100)

/**
 * The feed topics. Each has its own sequence numbers, snapshot and staleness threshold.
 * `waiting` (RTT pathways from the PTL extract, protocol 1.2) is in `./waiting.ts`.
 */
export const TOPICS = ['beds', 'assets', 'network', 'cyber', 'waiting'] as const
export const topicSchema = z.enum(TOPICS)
/**
 * The real-time topics, whose silence is an outage (the default of a feed-stale alarm rule). The
 * `waiting` list arrives as a daily extract; its lateness is its source's status, and a gateway
 * without a PTL source must not raise "the waiting feed has sent nothing".
 */
export const REALTIME_TOPICS = ['beds', 'assets', 'network', 'cyber'] as const satisfies readonly Topic[]
/** One of the real-time topics (the ones KPIs and feed-stale alarms are about). */
export type RealtimeTopic = (typeof REALTIME_TOPICS)[number]
export type Topic = z.infer<typeof topicSchema>

// ---------------------------------------------------------------------------------------------
// Beds

/**
 * Bed status: HL7 v2 table 0116 (C, H, I, K, O, U) plus `reserved`, which trusts use for a bed
 * held for an incoming patient, and `unknown`: no message has said what the bed is (a bed on the
 * board the feed has not mentioned since the gateway's log began, or an A08 update for a bed whose
 * state the gateway never had). Unknown is never counted as free or occupied. The HL7 code
 * mapping lives in `shared/domain/bedStatus.ts`.
 */
export const BED_STATUSES = [
  'occupied',
  'unoccupied',
  'housekeeping',
  'closed',
  'isolated',
  'contaminated',
  'reserved',
  'unknown',
] as const
export const bedStatusSchema = z.enum(BED_STATUSES)
export type BedStatus = z.infer<typeof bedStatusSchema>

/** Why a bed is closed; the UEC sitrep reports D&V/norovirus closures apart. */
export const BED_CLOSED_REASONS = ['infection-dv', 'infection-other', 'staffing', 'estates', 'other'] as const
export const bedClosedReasonSchema = z.enum(BED_CLOSED_REASONS)
export type BedClosedReason = z.infer<typeof bedClosedReasonSchema>

/** Housekeeping turnaround stages (EVS): requested → cleaning started → clean. */
export const housekeepingSchema = z.object({
  requestedAt: epochMsSchema,
  startedAt: epochMsSchema.nullable(),
})
export type Housekeeping = z.infer<typeof housekeepingSchema>

export const bedSchema = z.object({
  id: idSchema,
  status: bedStatusSchema,
  /** When the bed entered its current status. */
  statusSince: epochMsSchema,
  /** Set when status is `closed`. */
  closedReason: bedClosedReasonSchema.nullable(),
  /** Set while status is `housekeeping`. */
  housekeeping: housekeepingSchema.nullable(),
  /** Escalation bed currently open (escalation beds are closed when not in use). */
  escalationOpen: z.boolean(),
  /** The occupant has No Criteria To Reside. */
  nctr: z.boolean(),
  /** The occupant is expected to be discharged today. */
  expectedDischargeToday: z.boolean(),
  /** Whole days the current occupant has stayed, where the feed gives it; null when unknown or empty. */
  lengthOfStayDays: z.number().int().nonnegative().nullable(),
  /** Last change from the source. */
  updatedAt: epochMsSchema,
})
export type Bed = z.infer<typeof bedSchema>

// ---------------------------------------------------------------------------------------------
// Assets (RTLS tags)

export const ASSET_TYPES = [
  'infusion-pump',
  'syringe-driver',
  'patient-monitor',
  'ventilator',
  'defibrillator',
  'wheelchair',
  'bed',
  'hoist',
  'bladder-scanner',
  'ultrasound',
  'ecg',
  'suction',
  'staff-badge',
] as const
export const assetTypeSchema = z.enum(ASSET_TYPES)
export type AssetType = z.infer<typeof assetTypeSchema>

export const ASSET_STATES = ['available', 'in-use', 'cleaning', 'maintenance'] as const
export const assetStateSchema = z.enum(ASSET_STATES)
export type AssetState = z.infer<typeof assetStateSchema>

export const assetSchema = z.object({
  /** The RTLS tag id. */
  id: idSchema,
  type: assetTypeSchema,
  /** Asset register label, e.g. "IP-00412". Never a person's name: staff badges carry a role only. */
  label: z.string().min(1).max(64),
  siteId: idSchema,
  levelId: idSchema,
  /** Position in local metres on the level. */
  x: z.number(),
  y: z.number(),
  /** The unit (room, bay, ward) the tag was last located in; null when between zones. */
  zoneId: idSchema.nullable(),
  /** The unit the asset belongs to, for PAR levels and "outside home zone". */
  homeUnitId: idSchema.nullable(),
  lastSeen: epochMsSchema,
  /** Tag battery, percent; null when the tag does not report it. */
  battery: percentSchema.nullable(),
  state: assetStateSchema,
})
export type Asset = z.infer<typeof assetSchema>

// ---------------------------------------------------------------------------------------------
// Network devices

export const DEVICE_KINDS = [
  'core-switch',
  'distribution-switch',
  'access-switch',
  'access-point',
  'firewall',
  'router',
  'server',
] as const
export const deviceKindSchema = z.enum(DEVICE_KINDS)
export type DeviceKind = z.infer<typeof deviceKindSchema>

/** `unknown` means the gateway has no recent answer — never shown as up. */
export const DEVICE_STATUSES = ['up', 'degraded', 'down', 'unknown'] as const
export const deviceStatusSchema = z.enum(DEVICE_STATUSES)
export type DeviceStatus = z.infer<typeof deviceStatusSchema>

export const deviceLinkSchema = z.object({
  /** The device at the other end. */
  peerId: idSchema,
  /** Interface name on this device, e.g. "Gi1/0/48". */
  ifName: z.string().min(1).max(64),
  status: z.enum(['up', 'down', 'unknown']),
  utilisationPct: percentSchema.nullable(),
})
export type DeviceLink = z.infer<typeof deviceLinkSchema>

export const networkDeviceSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(128),
  kind: deviceKindSchema,
  siteId: idSchema,
  levelId: idSchema.nullable(),
  /** Position in local metres on `levelId`; null for devices not placed on a plan. */
  x: z.number().nullable(),
  y: z.number().nullable(),
  status: deviceStatusSchema,
  statusSince: epochMsSchema,
  latencyMs: z.number().nonnegative().nullable(),
  lossPct: percentSchema.nullable(),
  utilisationPct: percentSchema.nullable(),
  /** The device this one hangs off (access switch → distribution, AP → access switch). */
  uplinkId: idSchema.nullable(),
  links: z.array(deviceLinkSchema),
  /** Units (wards, bays, rooms) this device serves: the clinical footprint of an outage. */
  servesUnitIds: z.array(idSchema),
  /** Management address. Sent only to the `it` and `admin` roles. */
  address: z.string().max(64).nullable(),
  lastPolledAt: epochMsSchema.nullable(),
})
export type NetworkDevice = z.infer<typeof networkDeviceSchema>

// ---------------------------------------------------------------------------------------------
// Cyber alerts

export const CYBER_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export const cyberSeveritySchema = z.enum(CYBER_SEVERITIES)
export type CyberSeverity = z.infer<typeof cyberSeveritySchema>

export const CYBER_STATUSES = ['new', 'acknowledged', 'investigating', 'resolved'] as const
export const cyberStatusSchema = z.enum(CYBER_STATUSES)
export type CyberStatus = z.infer<typeof cyberStatusSchema>

/** MITRE ATT&CK Enterprise tactic ids (TA00xx). */
export const mitreTacticSchema = z.string().regex(/^TA\d{4}$/)

export const alertAckSchema = z.object({
  /** The display name of the token that acknowledged (from the gateway config), never a free-text identity. */
  by: z.string().min(1).max(64),
  at: epochMsSchema,
  note: z.string().max(500),
})
export type AlertAck = z.infer<typeof alertAckSchema>

/** What an IT user did to a cyber alert (see shared/domain/cyber/respondToAlert.ts for the rules). */
export const ALERT_RESPONSE_ACTIONS = ['acknowledge', 'investigate', 'resolve', 'update'] as const
export const alertResponseActionSchema = z.enum(ALERT_RESPONSE_ACTIONS)
export type AlertResponseAction = z.infer<typeof alertResponseActionSchema>

/** One step of the gateway's response to an alert: who, when, why, and the status it left. */
export const alertUpdateSchema = z.object({
  action: alertResponseActionSchema,
  /** The alert's status after this step. */
  status: cyberStatusSchema,
  by: z.string().min(1).max(64),
  at: epochMsSchema,
  note: z.string().max(500),
})
export type AlertUpdate = z.infer<typeof alertUpdateSchema>

/** The most response steps an alert carries (the oldest drop off; the change log keeps them all). */
export const MAX_ALERT_UPDATES = 20

/** Whether the trust has decided an NHS cyber alert applies to it. */
export const NHS_APPLICABILITIES = ['unassessed', 'applicable', 'not-applicable'] as const
export const nhsApplicabilitySchema = z.enum(NHS_APPLICABILITIES)
export type NhsApplicability = z.infer<typeof nhsApplicabilitySchema>

/** A host an NHS cyber alert affects, placed on the map through the device or unit it belongs to. */
export const nhsAffectedHostSchema = z.object({
  /** Host name or address. Redacted (null) for roles other than `it` and `admin`. */
  host: z.string().min(1).max(128).nullable(),
  deviceId: idSchema.nullable(),
  siteId: idSchema.nullable(),
  unitId: idSchema.nullable(),
})
export type NhsAffectedHost = z.infer<typeof nhsAffectedHostSchema>

/**
 * The NHS England "Respond to an NHS cyber alert" part of an alert: the national reference, when
 * it was issued, and the trust's response — owner, applicability and the two deadlines (acknowledge
 * within 48 h of issue; then an update every 3 days until closed). docs/cyber.md has the timings.
 */
export const nhsCyberAlertSchema = z.object({
  /** The national reference, e.g. "CC-4512". */
  reference: z.string().regex(/^CC-\d{1,6}$/, 'expected an NHS cyber alert reference such as CC-4512'),
  issuedAt: epochMsSchema,
  /** The alert's page on digital.nhs.uk, when known. */
  url: z
    .url({ protocol: /^https$/ })
    .max(300)
    .nullable(),
  /** Who in the trust owns the response (a display name). */
  owner: z.string().min(1).max(64).nullable(),
  applicability: nhsApplicabilitySchema,
  /** When the acknowledgement is due; null for alerts below high severity (no national deadline). */
  ackDueAt: epochMsSchema.nullable(),
  /** When the next update is due once acknowledged; null before, and once closed. */
  nextUpdateDueAt: epochMsSchema.nullable(),
  affected: z.array(nhsAffectedHostSchema).max(100),
})
export type NhsCyberAlert = z.infer<typeof nhsCyberAlertSchema>

export const cyberAlertSchema = z.object({
  id: idSchema,
  /** The source adapter that raised it, e.g. "siem-cef". */
  source: z.string().min(1).max(64),
  severity: cyberSeveritySchema,
  category: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  tactic: mitreTacticSchema.nullable(),
  technique: z.string().max(32).nullable(),
  /** Affected host name or address. Redacted (null) for roles other than `it` and `admin`. */
  host: z.string().max(128).nullable(),
  deviceId: idSchema.nullable(),
  siteId: idSchema.nullable(),
  unitId: idSchema.nullable(),
  firstSeen: epochMsSchema,
  lastSeen: epochMsSchema,
  count: z.number().int().positive(),
  status: cyberStatusSchema,
  /** The first acknowledgement (the mean time to acknowledge is measured to it). */
  ack: alertAckSchema.nullable(),
  /** The gateway's response steps, oldest first (absent: none yet). */
  updates: z.array(alertUpdateSchema).max(MAX_ALERT_UPDATES).optional(),
  /** Present on an NHS England cyber alert (its own kind: entered by hand or by webhook). */
  nhs: nhsCyberAlertSchema.optional(),
})
export type CyberAlert = z.infer<typeof cyberAlertSchema>

// ---------------------------------------------------------------------------------------------
// Source health

export const SOURCE_KINDS = ['demo', 'hl7-mllp', 'mqtt', 'snmp', 'syslog', 'webhook', 'ptl'] as const
export const sourceKindSchema = z.enum(SOURCE_KINDS)
export type SourceKind = z.infer<typeof sourceKindSchema>

export const SOURCE_STATUSES = ['up', 'degraded', 'down'] as const
export const sourceStatusSchema = z.enum(SOURCE_STATUSES)
export type SourceStatus = z.infer<typeof sourceStatusSchema>

export const sourceHealthSchema = z.object({
  id: idSchema,
  kind: sourceKindSchema,
  topics: z.array(topicSchema),
  status: sourceStatusSchema,
  /** Why it is degraded or down, in words an operator can act on. */
  detail: z.string().max(300).nullable(),
  lastMessageAt: epochMsSchema.nullable(),
  /** Accepted messages per second over the last reporting window. */
  ratePerSec: z.number().nonnegative(),
  /** Messages rejected by validation or parsing since the gateway started. */
  rejectedCount: z.number().int().nonnegative(),
  /** Transport or peer errors since the gateway started. */
  errorCount: z.number().int().nonnegative(),
})
export type SourceHealth = z.infer<typeof sourceHealthSchema>

// ---------------------------------------------------------------------------------------------
// Topic → entity

/** The entity schema of each topic. */
export const entitySchemas = {
  beds: bedSchema,
  assets: assetSchema,
  network: networkDeviceSchema,
  cyber: cyberAlertSchema,
  waiting: waitingEntitySchema,
} as const

/** The entity type of each topic. */
export type EntityOf = {
  beds: Bed
  assets: Asset
  network: NetworkDevice
  cyber: CyberAlert
  waiting: WaitingEntity
}
export type AnyEntity = EntityOf[Topic]
