/**
 * ADT event → bed operations. Pure: it reads current beds through a callback and returns the
 * operations to emit, or the acknowledgement error to send. Nothing is applied when it errors.
 *
 * Semantics (a trust's interface spec may differ — see docs/sources-hl7v2.md):
 * - A01 admit, A04 register with PV1-2 = I: PV1-3 becomes occupied.
 * - A02 transfer: PV1-6 (prior) goes to housekeeping, PV1-3 becomes occupied.
 * - A03 discharge: PV1-3 goes to housekeeping (the bed needs cleaning before the next patient).
 * - A11 cancel admit: PV1-3 becomes unoccupied (nobody used it, no clean needed).
 * - A12 cancel transfer: PV1-3 (where the patient is again) occupied; PV1-6 (the erroneous
 *   destination) unoccupied.
 * - A13 cancel discharge: PV1-3 occupied again.
 * - A17 swap: two PV1 groups, each PV1-3 is that patient's new bed; both stay occupied and take
 *   the flags of the patient now in them.
 * - A20 bed status update: NPU-1 takes the HL7 table 0116 status in NPU-2.
 * - A21 leave of absence: the bed is held for the patient and stays occupied (sitreps count a
 *   bed held for a patient on leave as occupied); A22 return: occupied.
 * - A08 update: the flags of the bed at PV1-3 (NCTR, expected discharge today, length of stay);
 *   the status of a bed the gateway has no state for stays `unknown` (an update says nothing of it).
 */
import type { Bed, BedStatus } from '../../../shared/contracts/entities.ts'
import { HL7_BED_STATUS } from '../../../shared/domain/bedStatus.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type { AdtMessage, AdtVisit, Hl7Location } from './parseHl7Message.ts'
import { parseHl7DateTime } from './parseHl7Message.ts'

export const SUPPORTED_EVENTS = [
  'A01',
  'A02',
  'A03',
  'A04',
  'A08',
  'A11',
  'A12',
  'A13',
  'A17',
  'A20',
  'A21',
  'A22',
] as const
export type SupportedEvent = (typeof SUPPORTED_EVENTS)[number]

/** Error codes from HL7 table 0357 that we send in ERR-3. */
export type Hl7ErrorCode = '101' | '103' | '200' | '201' | '207'

export type AckError = {
  readonly ack: 'AE' | 'AR'
  readonly code: Hl7ErrorCode
  /** Operator-readable, free of payload values other than the location we could not map. */
  readonly text: string
  /** ERR-2, e.g. "PV1^1^3". */
  readonly location: string
}

export type BedPlan =
  { readonly ok: true; readonly ops: readonly SourceOp[] } | ({ readonly ok: false } & AckError)

export type PlanContext = {
  /** PV1-3 / NPU-1 → our bed id, or null when the location is not on the board. */
  readonly resolveBed: (location: Hl7Location) => string | null
  readonly currentBed: (bedId: string) => Bed | undefined
  readonly now: number
  /** Flags a trust sends in a Z-segment (or PV2), from the adapter config. */
  readonly nctrOf: (message: AdtMessage) => boolean | null
  /** IANA time zone that defines "today" for expected discharge, e.g. Europe/London. */
  readonly timeZone: string
  /**
   * `reject`: a location not on the board (or missing) is a content error (AE), nothing applied.
   * `ignore`: such a location is outside the board — that part of the event changes nothing (AA),
   * the rest applies (a transfer from a board bed to a ward not on the board still frees the bed).
   */
  readonly unknownLocations: 'reject' | 'ignore'
}

export function isSupportedEvent(event: string): event is SupportedEvent {
  return (SUPPORTED_EVENTS as readonly string[]).includes(event)
}

/** Plans the bed operations for one parsed ADT message. */
export function planBedChanges(message: AdtMessage, ctx: PlanContext): BedPlan {
  const { messageType, triggerEvent } = message.header
  if (messageType !== 'ADT') {
    return fail('AR', '200', `unsupported message type ${clip(messageType)}`, 'MSH^1^9')
  }
  if (!isSupportedEvent(triggerEvent)) {
    return fail('AR', '201', `unsupported event ${clip(triggerEvent)}`, 'MSH^1^9^1^2')
  }

  if (triggerEvent === 'A20') return planBedStatusUpdate(message, ctx)

  const first = message.visits[0]
  if (first === undefined) return fail('AE', '101', 'PV1 segment missing', 'PV1')
  // A04 registers outpatients and ED attenders too; only an inpatient registration takes a bed.
  if (triggerEvent === 'A04' && first.patientClass !== 'I') return done([])
  const target = requireBed(first.assignedLocation, ctx, 'PV1^1^3')
  if (!target.ok) return target
  const bed = target.bedId
  const flags = flagsOf(first, message, ctx)
  const ops: SourceOp[] = []

  switch (triggerEvent) {
    case 'A01':
    case 'A04':
    case 'A13':
    case 'A21':
    case 'A22':
      if (bed !== null) ops.push(occupy(bed, flags, ctx))
      return done(ops)
    case 'A02': {
      const prior = optionalBed(first.priorLocation, ctx)
      if (prior !== null && prior !== bed) ops.push(vacate(prior, 'housekeeping', ctx))
      if (bed !== null) ops.push(occupy(bed, flags, ctx))
      return done(ops)
    }
    case 'A03':
      if (bed !== null) ops.push(vacate(bed, 'housekeeping', ctx))
      return done(ops)
    case 'A11':
      if (bed !== null) ops.push(vacate(bed, 'unoccupied', ctx))
      return done(ops)
    case 'A12': {
      const erroneous = optionalBed(first.priorLocation, ctx)
      if (erroneous !== null && erroneous !== bed) ops.push(vacate(erroneous, 'unoccupied', ctx))
      if (bed !== null) ops.push(occupy(bed, flags, ctx))
      return done(ops)
    }
    case 'A17': {
      const second = message.visits[1]
      if (second === undefined) return fail('AE', '101', 'A17 needs two PV1 segments', 'PV1^2')
      const other = requireBed(second.assignedLocation, ctx, 'PV1^2^3')
      if (!other.ok) return other
      if (bed !== null) ops.push(occupy(bed, flags, ctx))
      if (other.bedId !== null) ops.push(occupy(other.bedId, flagsOf(second, message, ctx), ctx))
      return done(ops)
    }
    case 'A08':
      if (bed !== null) ops.push(patch(bed, { ...flags, updatedAt: ctx.now }, ctx))
      return done(ops)
    default:
      // A20 returned above; the compiler checks nothing else is left.
      return assertNever(triggerEvent, 'ADT event')
  }
}

function planBedStatusUpdate(message: AdtMessage, ctx: PlanContext): BedPlan {
  const npu = message.bedStatusUpdate
  if (npu === null) return fail('AE', '101', 'NPU segment missing', 'NPU')
  const target = requireBed(npu.location, ctx, 'NPU^1^1')
  if (!target.ok) return target
  const status = HL7_BED_STATUS[npu.status]
  if (status === undefined) return fail('AE', '103', 'NPU-2 is not an HL7 table 0116 bed status', 'NPU^1^2')
  const bed = target.bedId
  if (bed === null) return done([])
  switch (status) {
    case 'occupied':
      return done([occupy(bed, flagsOf(undefined, message, ctx), ctx)])
    case 'housekeeping':
    case 'unoccupied':
      return done([vacate(bed, status, ctx)])
    default:
      return done([
        setStatus(bed, status, ctx, {
          closedReason: status === 'closed' ? 'other' : null,
          housekeeping: null,
          nctr: false,
          expectedDischargeToday: false,
          lengthOfStayDays: null,
        }),
      ])
  }
}

type Flags = Pick<Bed, 'nctr' | 'expectedDischargeToday' | 'lengthOfStayDays'>

function flagsOf(visit: AdtVisit | undefined, message: AdtMessage, ctx: PlanContext): Flags {
  const admitted = visit === undefined ? null : parseHl7DateTime(visit.admitDateTime)
  const expected = visit === undefined ? null : parseHl7DateTime(visit.expectedDischargeDateTime)
  return {
    nctr: ctx.nctrOf(message) ?? false,
    expectedDischargeToday:
      expected !== null && dayOf(expected, ctx.timeZone) === dayOf(ctx.now, ctx.timeZone),
    lengthOfStayDays:
      admitted === null || admitted > ctx.now ? null : Math.floor((ctx.now - admitted) / 86_400_000),
  }
}

function dayOf(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(epochMs)
}

function occupy(bedId: string, flags: Flags, ctx: PlanContext): SourceOp {
  return setStatus(bedId, 'occupied', ctx, { closedReason: null, housekeeping: null, ...flags })
}

function vacate(bedId: string, status: 'housekeeping' | 'unoccupied', ctx: PlanContext): SourceOp {
  const current = ctx.currentBed(bedId)
  // Keep the original cleaning request time when the bed was already waiting for housekeeping.
  const housekeeping =
    status === 'housekeeping'
      ? current?.status === 'housekeeping' && current.housekeeping !== null
        ? current.housekeeping
        : { requestedAt: ctx.now, startedAt: null }
      : null
  return setStatus(bedId, status, ctx, {
    closedReason: null,
    housekeeping,
    nctr: false,
    expectedDischargeToday: false,
    lengthOfStayDays: null,
  })
}

function setStatus(
  bedId: string,
  status: BedStatus,
  ctx: PlanContext,
  rest: Pick<Bed, 'closedReason' | 'housekeeping' | 'nctr' | 'expectedDischargeToday' | 'lengthOfStayDays'>,
): SourceOp {
  const current = ctx.currentBed(bedId)
  const statusSince = current !== undefined && current.status === status ? current.statusSince : ctx.now
  return patch(bedId, { status, statusSince, ...rest, updatedAt: ctx.now }, ctx)
}

/**
 * A patch when the gateway already holds the bed; a whole entity otherwise (the store may start
 * empty, and a patch needs an existing entity). A message that does not say the bed's status (an
 * A08 update) for a bed the gateway has no state for leaves it `unknown`: it never invents one.
 */
function patch(bedId: string, changes: Partial<Bed>, ctx: PlanContext): SourceOp {
  const current = ctx.currentBed(bedId)
  if (current !== undefined) return { topic: 'beds', op: 'patch', id: bedId, changes }
  const entity: Bed = {
    id: bedId,
    status: 'unknown',
    statusSince: ctx.now,
    closedReason: null,
    housekeeping: null,
    escalationOpen: false,
    nctr: false,
    expectedDischargeToday: false,
    lengthOfStayDays: null,
    updatedAt: ctx.now,
    ...changes,
  }
  return { topic: 'beds', op: 'upsert', entity }
}

/** The bed at a location; null (with `unknownLocations: ignore`) when it is not on the board. */
function requireBed(
  location: Hl7Location | null,
  ctx: PlanContext,
  where: string,
): { ok: true; bedId: string | null } | ({ ok: false } & AckError) {
  const lenient = ctx.unknownLocations === 'ignore'
  if (location === null || location.bed === '') {
    return lenient
      ? { ok: true, bedId: null }
      : fail('AE', '101', `${where} assigned bed location missing`, where)
  }
  const bedId = ctx.resolveBed(location)
  if (bedId === null) {
    if (lenient) return { ok: true, bedId: null }
    // Locations are ward/bay/bed codes, not patient data: naming them lets the integrator fix the table.
    return fail('AE', '103', `unknown bed location ${clip(describe(location))}`, where)
  }
  return { ok: true, bedId }
}

function optionalBed(location: Hl7Location | null, ctx: PlanContext): string | null {
  return location === null || location.bed === '' ? null : ctx.resolveBed(location)
}

function describe(location: Hl7Location): string {
  return `${location.pointOfCare}^${location.room}^${location.bed}`
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value
}

function done(ops: readonly SourceOp[]): BedPlan {
  return { ok: true, ops }
}

function fail(
  ack: 'AE' | 'AR',
  code: Hl7ErrorCode,
  text: string,
  location: string,
): { ok: false } & AckError {
  return { ok: false, ack, code, text, location }
}
