/**
 * The `waiting` topic: referral-to-treatment (RTT) pathways from a trust's patient administration
 * system, as its patient tracking list (PTL) extract carries them, pseudonymised at the gateway
 * (docs/ptl.md). Two kinds of entity share the topic:
 *
 * - `pathway`: one incomplete RTT pathway. Its id is a keyed hash of the PAS pathway id under the
 *   gateway's install secret; no NHS number, name, date of birth or address ever reaches it.
 * - `day`: the trust's list summarised on one calendar day (counts by weeks-waiting band and
 *   treatment function), kept in the change log so trends over days survive restarts and need
 *   no history of every pathway.
 *
 * Every entity carries its trust, so a hub merging several trusts' gateways never mixes them.
 * Dates here are calendar dates (`YYYY-MM-DD`, Europe/London), not instants: an RTT clock starts
 * on a day, and weeks waited are counted in whole days (the RTT rules count from the clock-start
 * date), so an epoch instant would invite off-by-one-day errors around midnight and BST.
 */
import { z } from 'zod'

const idSchema = z.string().min(1).max(128)
const epochMsSchema = z.number().int().nonnegative()
const countSchema = z.number().int().nonnegative()

/** A calendar date, `YYYY-MM-DD`. */
export const calendarDateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
export type CalendarDate = z.infer<typeof calendarDateSchema>

/**
 * Where the pathway is: waiting for a first (or follow-up) outpatient appointment, for a
 * diagnostic test, or for admitted treatment (inpatient or day case).
 */
export const RTT_STAGES = ['outpatient', 'diagnostic', 'admitted'] as const
export const rttStageSchema = z.enum(RTT_STAGES)
export type RttStage = z.infer<typeof rttStageSchema>

/**
 * Clinical priority (Federation of Surgical Specialty Associations): P1 within 72 hours, P2
 * within 1 month, P3 within 3 months, P4 after 3 months. Null where the PAS records none
 * (usually pathways not yet at the admitted stage).
 */
export const RTT_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const
export const rttPrioritySchema = z.enum(RTT_PRIORITIES)
export type RttPriority = z.infer<typeof rttPrioritySchema>

/** A treatment function code (NHS Data Dictionary): three digits, e.g. 110 Trauma and Orthopaedics. */
export const treatmentFunctionCodeSchema = z.string().regex(/^\d{3}$/)

export const waitingPathwaySchema = z.object({
  kind: z.literal('pathway'),
  /** `pw:` + the keyed hash of the PAS pathway id: stable across extracts, meaningless outside. */
  id: idSchema,
  /** The trust whose PAS holds the pathway (the gateway's trust id). */
  trustId: idSchema,
  /** The PTL source that delivered it (a new extract replaces that source's pathways). */
  source: z.string().min(1).max(64),
  treatmentFunction: treatmentFunctionCodeSchema,
  priority: rttPrioritySchema.nullable(),
  clockStart: calendarDateSchema,
  stage: rttStageSchema,
  /** Planned or to-come-in date, when one is booked. */
  tciDate: calendarDateSchema.nullable(),
  /** Provider site (ODS site code, e.g. "RXK02"), when the extract gives one. */
  siteCode: z.string().min(1).max(16).nullable(),
  /** When the gateway last changed this pathway (not part of the extract). */
  updatedAt: epochMsSchema,
})
export type WaitingPathway = z.infer<typeof waitingPathwaySchema>

/**
 * Weeks-waiting bands of the RTT statistics and the elective recovery targets: within 18 weeks
 * (the constitutional standard), 18–52, 52–65, 65–78 and over 78 weeks. Band keys name the lower
 * bound in weeks.
 */
export const WAIT_BANDS = ['0-18', '18-52', '52-65', '65-78', '78+'] as const
export const waitBandSchema = z.enum(WAIT_BANDS)
export type WaitBand = z.infer<typeof waitBandSchema>

export const bandCountsSchema = z.object(
  Object.fromEntries(WAIT_BANDS.map((band) => [band, countSchema])) as Record<WaitBand, typeof countSchema>,
)
export type BandCounts = z.infer<typeof bandCountsSchema>

export const waitingDaySchema = z.object({
  kind: z.literal('day'),
  /** `day:<trust id>:<date>`. */
  id: idSchema,
  trustId: idSchema,
  source: z.string().min(1).max(64),
  date: calendarDateSchema,
  /** Incomplete pathways on the list that day, by weeks-waiting band. */
  bands: bandCountsSchema,
  /** P2 pathways past their date that day (`isP2PastDate` in shared/domain/waiting). */
  p2Overdue: countSchema,
  /** Per treatment function: pathways by band (the trend of one specialty). */
  byTreatmentFunction: z.record(treatmentFunctionCodeSchema, bandCountsSchema),
  updatedAt: epochMsSchema,
})
export type WaitingDay = z.infer<typeof waitingDaySchema>

export const waitingEntitySchema = z.discriminatedUnion('kind', [waitingPathwaySchema, waitingDaySchema])
export type WaitingEntity = z.infer<typeof waitingEntitySchema>
