import { describe, expect, it } from 'vitest'
import type { Bed } from '../../../shared/contracts/entities.ts'
import { bedSchema } from '../../../shared/contracts/entities.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import { parseHl7Message } from './parseHl7Message.ts'
import type { BedPlan } from './planBedChanges.ts'
import { planBedChanges } from './planBedChanges.ts'
import * as base from '../../../tests/support/builders.ts'

const NOW = Date.UTC(2026, 10, 21, 10, 0)
const TABLE: Record<string, string> = { 'W07^BAY1^B01': 'b1', 'W07^BAY1^B02': 'b2', 'W08^BAY2^B01': 'b3' }

function makeBed(overrides: Partial<Bed> = {}): Bed {
  return base.makeBed({ id: 'b1', statusSince: NOW - 3_600_000, updatedAt: NOW - 3_600_000, ...overrides })
}

/** Plans a message against beds, applies the ops like the gateway would, returns the new beds. */
function run(
  segments: string[],
  beds: Record<string, Bed> = {},
  unknownLocations: 'reject' | 'ignore' = 'reject',
): { plan: BedPlan; beds: Record<string, Bed> } {
  const parsed = parseHl7Message(segments.join('\r'), { extraFields: [{ segment: 'ZBD', field: 2 }] })
  if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.reason}`)
  const plan = planBedChanges(parsed.message, {
    resolveBed: (l) => TABLE[`${l.pointOfCare}^${l.room}^${l.bed}`] ?? null,
    currentBed: (id) => beds[id],
    now: NOW,
    nctrOf: (m) => (m.extra['ZBD-2'] === undefined ? null : m.extra['ZBD-2'] === 'Y'),
    timeZone: 'Europe/London',
    unknownLocations,
  })
  const next = { ...beds }
  if (plan.ok) for (const op of plan.ops) apply(next, op)
  return { plan, beds: next }
}

function apply(beds: Record<string, Bed>, op: SourceOp): void {
  if (op.op === 'upsert') {
    const bed = bedSchema.parse(op.entity)
    beds[bed.id] = bed
  } else if (op.op === 'patch') {
    beds[op.id] = bedSchema.parse({ ...beds[op.id], ...(op.changes as object) })
  }
}

const msh = (event: string): string =>
  `MSH|^~\\&|PAS|RWH|WF|RWH|20261121100000||ADT^${event}|C-${event}|P|2.5`

describe('planBedChanges', () => {
  it('A01 occupies the bed, with length of stay and expected discharge today', () => {
    const pv1 = `PV1|1|I|W07^BAY1^B01${'|'.repeat(41)}20261118090000`
    const { beds } = run([msh('A01'), pv1, 'PV2|||||||||20261121'])
    expect(beds['b1']).toMatchObject({
      status: 'occupied',
      lengthOfStayDays: 3,
      expectedDischargeToday: true,
      statusSince: NOW,
    })
  })

  it('A02 sends the prior bed to housekeeping and occupies the new one', () => {
    const { beds } = run([msh('A02'), 'PV1|1|I|W08^BAY2^B01|||W07^BAY1^B01'], {
      b1: makeBed({ status: 'occupied' }),
    })
    expect(beds['b1']).toMatchObject({
      status: 'housekeeping',
      housekeeping: { requestedAt: NOW, startedAt: null },
    })
    expect(beds['b3']?.status).toBe('occupied')
  })

  it('A03 → housekeeping, A13 → occupied again, A11 → unoccupied', () => {
    const occupied = { b1: makeBed({ status: 'occupied' }) }
    expect(run([msh('A03'), 'PV1|1|I|W07^BAY1^B01'], occupied).beds['b1']?.status).toBe('housekeeping')
    expect(
      run([msh('A13'), 'PV1|1|I|W07^BAY1^B01'], { b1: makeBed({ status: 'housekeeping' }) }).beds['b1']
        ?.status,
    ).toBe('occupied')
    expect(run([msh('A11'), 'PV1|1|I|W07^BAY1^B01'], occupied).beds['b1']?.status).toBe('unoccupied')
  })

  it('A12 puts the patient back and frees the erroneous bed', () => {
    const before = { b1: makeBed({ status: 'housekeeping' }), b3: makeBed({ id: 'b3', status: 'occupied' }) }
    const { beds } = run([msh('A12'), 'PV1|1|I|W07^BAY1^B01|||W08^BAY2^B01'], before)
    expect(beds['b1']?.status).toBe('occupied')
    expect(beds['b3']?.status).toBe('unoccupied')
  })

  it('A17 swaps the flags of two occupied beds and keeps both occupied', () => {
    const before = {
      b1: makeBed({ status: 'occupied', nctr: true }),
      b2: makeBed({ id: 'b2', status: 'occupied', nctr: false }),
    }
    const { beds } = run(
      [msh('A17'), 'PID|1', 'PV1|1|I|W07^BAY1^B02', 'PID|2', 'PV1|1|I|W07^BAY1^B01'],
      before,
    )
    expect(beds['b1']).toMatchObject({ status: 'occupied', statusSince: NOW - 3_600_000 })
    expect(beds['b2']?.status).toBe('occupied')
  })

  it('A20 sets the HL7 table 0116 status and rejects an unknown code with AE', () => {
    expect(run([msh('A20'), 'NPU|W07^BAY1^B01|C']).beds['b1']).toMatchObject({
      status: 'closed',
      closedReason: 'other',
    })
    expect(run([msh('A20'), 'NPU|W07^BAY1^B01|I']).beds['b1']?.status).toBe('isolated')
    expect(run([msh('A20'), 'NPU|W07^BAY1^B01|Q']).plan).toMatchObject({ ok: false, ack: 'AE', code: '103' })
  })

  it('A21 leave of absence keeps the bed occupied; A08 updates flags only', () => {
    expect(
      run([msh('A21'), 'PV1|1|I|W07^BAY1^B01'], { b1: makeBed({ status: 'occupied' }) }).beds['b1']?.status,
    ).toBe('occupied')
    const { beds } = run([msh('A08'), 'PV1|1|I|W07^BAY1^B01', 'ZBD|1|Y'], {
      b1: makeBed({ status: 'occupied' }),
    })
    expect(beds['b1']).toMatchObject({ status: 'occupied', nctr: true })
  })

  it('A04 takes a bed only for an inpatient', () => {
    expect(run([msh('A04'), 'PV1|1|E|W07^BAY1^B01']).plan).toEqual({ ok: true, ops: [] })
    expect(run([msh('A04'), 'PV1|1|I|W07^BAY1^B01']).beds['b1']?.status).toBe('occupied')
  })

  it('answers AE for a missing or unknown location and AR for unsupported messages', () => {
    expect(run([msh('A01'), 'PV1|1|I']).plan).toMatchObject({
      ok: false,
      ack: 'AE',
      code: '101',
      location: 'PV1^1^3',
    })
    expect(run([msh('A01')]).plan).toMatchObject({ ok: false, ack: 'AE', code: '101' })
    expect(run([msh('A01'), 'PV1|1|I|W99^X^B9']).plan).toMatchObject({ ok: false, ack: 'AE', code: '103' })
    expect(run([msh('A05'), 'PV1|1|I|W07^BAY1^B01']).plan).toMatchObject({
      ok: false,
      ack: 'AR',
      code: '201',
    })
    expect(run(['MSH|^~\\&|P|F|W|F|1||ORU^R01|C1|P|2.5']).plan).toMatchObject({
      ok: false,
      ack: 'AR',
      code: '200',
    })
  })

  it('with unknownLocations: ignore, applies what is on the board and answers AA for the rest', () => {
    const outOfBoard = run(
      [msh('A02'), 'PV1|1|I|ICU^X^B9|||W07^BAY1^B01'],
      { b1: makeBed({ status: 'occupied' }) },
      'ignore',
    )
    expect(outOfBoard.plan.ok).toBe(true)
    expect(outOfBoard.beds['b1']?.status).toBe('housekeeping')
    expect(run([msh('A01'), 'PV1|1|I|W99^X^B9'], {}, 'ignore').plan).toEqual({ ok: true, ops: [] })
    expect(run([msh('A08'), 'PV1|1|O'], {}, 'ignore').plan).toEqual({ ok: true, ops: [] })
    expect(run([msh('A20'), 'NPU|W99^X^B9|C'], {}, 'ignore').plan).toEqual({ ok: true, ops: [] })
  })
})
