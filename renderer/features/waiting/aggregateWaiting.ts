/**
 * The waiting-list panels' numbers, across every trust present (one today; the collaborative's
 * four once their hub merges gateways): pure functions of the `waiting` entities and today's date,
 * recomputed when the table changes (once per extract) or the day does — never per frame.
 *
 * "Which partner has the shorter wait" compares, per treatment function, each trust's median
 * weeks waited (the RTT statistics' headline measure of a list's wait) among trusts with at least
 * `minPathways` on that list, so a partner with a handful of pathways in a specialty is not
 * offered as the place to move patients to.
 */
import {
  WAIT_BANDS,
  type CalendarDate,
  type RttPriority,
  type RttStage,
  type WaitBand,
  type WaitingDay,
  type WaitingEntity,
} from '../../../shared/contracts/waiting.ts'
import {
  bandTotal,
  emptyBands,
  isP2PastDate,
  over52Of,
  waitBandOf,
  weeksWaited,
  within18ShareOf,
} from '../../../shared/domain/waiting/rttWaits.ts'

/** Weeks are histogrammed up to this; a longer wait counts in the last bucket (for medians only). */
const MAX_WEEKS = 260

export type ListTotals = {
  readonly total: number
  readonly bands: Readonly<Record<WaitBand, number>>
  /** Share within 18 weeks (0–1); null for an empty list. */
  readonly within18: number | null
  readonly over52: number
  readonly p2PastDate: number
  /** Median weeks waited; null for an empty list. */
  readonly medianWeeks: number | null
}

export type TrustWaiting = ListTotals & { readonly trustId: string }

export type SpecialtyWaiting = ListTotals & {
  readonly treatmentFunction: string
  /** Per trust present on this specialty's list. */
  readonly byTrust: ReadonlyMap<string, ListTotals>
}

export type LongWait = {
  readonly id: string
  /** A short reference of the pseudonymised id, to tell rows apart (not a patient identifier). */
  readonly ref: string
  readonly trustId: string
  readonly treatmentFunction: string
  readonly stage: RttStage
  readonly priority: RttPriority | null
  readonly weeks: number
  readonly tciDate: CalendarDate | null
}

/** A specialty whose wait differs between partners: candidates to move to the shorter one. */
export type ShorterWait = {
  readonly treatmentFunction: string
  readonly shorter: { readonly trustId: string; readonly medianWeeks: number; readonly total: number }
  readonly longer: {
    readonly trustId: string
    readonly medianWeeks: number
    readonly total: number
    readonly over52: number
  }
  /** Median weeks saved by moving from the longer to the shorter wait. */
  readonly gapWeeks: number
}

export type WaitingAggregate = {
  readonly today: CalendarDate
  /** Trusts present, in id order. */
  readonly trusts: readonly TrustWaiting[]
  /** Every trust together. */
  readonly system: ListTotals
  /** Specialties, largest list first. */
  readonly specialties: readonly SpecialtyWaiting[]
  /** The longest waits, longest first (at most `longestCount`). */
  readonly longest: readonly LongWait[]
  /** P2 pathways past their date, longest wait first (at most `p2Count`); the total is in `system`. */
  readonly p2PastDate: readonly LongWait[]
  /** Specialties where a partner's median wait is at least `minGapWeeks` shorter, biggest gap first. */
  readonly shorterWaits: readonly ShorterWait[]
}

export type AggregateOptions = {
  readonly longestCount?: number
  readonly p2Count?: number
  readonly minPathways?: number
  readonly minGapWeeks?: number
}

/** A list being counted: bands, P2s past date, and a weeks histogram for the median. */
class Tally {
  total = 0
  readonly bands = emptyBands()
  over52 = 0
  p2PastDate = 0
  readonly weeks = new Uint32Array(MAX_WEEKS + 1)

  add(weeks: number, p2Past: boolean): void {
    this.total += 1
    const band = waitBandOf(weeks)
    this.bands[band] += 1
    if (weeks >= 52) this.over52 += 1
    if (p2Past) this.p2PastDate += 1
    this.weeks[Math.min(weeks, MAX_WEEKS)] = (this.weeks[Math.min(weeks, MAX_WEEKS)] ?? 0) + 1
  }

  totals(): ListTotals {
    return {
      total: this.total,
      bands: { ...this.bands },
      within18: within18ShareOf(this.bands),
      over52: this.over52,
      p2PastDate: this.p2PastDate,
      medianWeeks: medianOf(this.weeks, this.total),
    }
  }
}

function medianOf(histogram: Uint32Array, total: number): number | null {
  if (total === 0) return null
  const half = total / 2
  let seen = 0
  for (let week = 0; week < histogram.length; week += 1) {
    seen += histogram[week] ?? 0
    if (seen >= half) return week
  }
  return MAX_WEEKS
}

/** Keeps the `limit` longest of what it is offered. */
function keepLongest(list: LongWait[], item: LongWait, limit: number): void {
  if (list.length >= limit && (list.at(-1)?.weeks ?? 0) >= item.weeks) return
  let i = list.length
  while (i > 0 && (list[i - 1]?.weeks ?? 0) < item.weeks) i -= 1
  list.splice(i, 0, item)
  if (list.length > limit) list.pop()
}

export function aggregateWaiting(
  entities: Iterable<WaitingEntity>,
  today: CalendarDate,
  options: AggregateOptions = {},
): WaitingAggregate {
  const longestCount = options.longestCount ?? 25
  const p2Count = options.p2Count ?? 40
  const minPathways = options.minPathways ?? 20
  const minGapWeeks = options.minGapWeeks ?? 4
  const system = new Tally()
  const byTrust = new Map<string, Tally>()
  const bySpecialty = new Map<string, { all: Tally; byTrust: Map<string, Tally> }>()
  const longest: LongWait[] = []
  const p2: LongWait[] = []
  for (const entity of entities) {
    if (entity.kind !== 'pathway') continue
    const weeks = weeksWaited(entity.clockStart, today)
    const p2Past = isP2PastDate(entity, today)
    system.add(weeks, p2Past)
    let trust = byTrust.get(entity.trustId)
    if (trust === undefined) byTrust.set(entity.trustId, (trust = new Tally()))
    trust.add(weeks, p2Past)
    let specialty = bySpecialty.get(entity.treatmentFunction)
    if (specialty === undefined)
      bySpecialty.set(entity.treatmentFunction, (specialty = { all: new Tally(), byTrust: new Map() }))
    specialty.all.add(weeks, p2Past)
    let specialtyTrust = specialty.byTrust.get(entity.trustId)
    if (specialtyTrust === undefined) specialty.byTrust.set(entity.trustId, (specialtyTrust = new Tally()))
    specialtyTrust.add(weeks, p2Past)
    const row: LongWait = {
      id: entity.id,
      ref: entity.id.slice(3, 11),
      trustId: entity.trustId,
      treatmentFunction: entity.treatmentFunction,
      stage: entity.stage,
      priority: entity.priority,
      weeks,
      tciDate: entity.tciDate,
    }
    keepLongest(longest, row, longestCount)
    if (p2Past) keepLongest(p2, row, p2Count)
  }
  const specialties: SpecialtyWaiting[] = [...bySpecialty]
    .map(([treatmentFunction, s]) => ({
      treatmentFunction,
      ...s.all.totals(),
      byTrust: new Map(
        [...s.byTrust].sort(([a], [b]) => a.localeCompare(b)).map(([id, t]) => [id, t.totals()]),
      ),
    }))
    .sort((a, b) => b.total - a.total || a.treatmentFunction.localeCompare(b.treatmentFunction))
  const shorterWaits: ShorterWait[] = []
  for (const specialty of specialties) {
    const candidates = [...specialty.byTrust].filter(
      ([, t]) => t.total >= minPathways && t.medianWeeks !== null,
    )
    if (candidates.length < 2) continue
    candidates.sort(([, a], [, b]) => (a.medianWeeks ?? 0) - (b.medianWeeks ?? 0))
    const [shortId, short] = candidates[0] as [string, ListTotals]
    const [longId, long] = candidates.at(-1) as [string, ListTotals]
    const gapWeeks = (long.medianWeeks ?? 0) - (short.medianWeeks ?? 0)
    if (gapWeeks < minGapWeeks) continue
    shorterWaits.push({
      treatmentFunction: specialty.treatmentFunction,
      shorter: { trustId: shortId, medianWeeks: short.medianWeeks ?? 0, total: short.total },
      longer: { trustId: longId, medianWeeks: long.medianWeeks ?? 0, total: long.total, over52: long.over52 },
      gapWeeks,
    })
  }
  shorterWaits.sort((a, b) => b.gapWeeks - a.gapWeeks || b.longer.over52 - a.longer.over52)
  return {
    today,
    trusts: [...byTrust]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([trustId, t]) => ({ trustId, ...t.totals() })),
    system: system.totals(),
    specialties,
    longest,
    p2PastDate: p2,
    shorterWaits,
  }
}

export type TrendPoint = {
  readonly date: CalendarDate
  readonly total: number
  readonly within18: number | null
  readonly over52: number
  readonly p2PastDate: number
}

/** Each trust's daily summaries as a series, oldest first (the last `days` days up to `today`). */
export function waitingTrends(
  entities: Iterable<WaitingEntity>,
  today: CalendarDate,
  days: number,
): ReadonlyMap<string, readonly TrendPoint[]> {
  const byTrust = new Map<string, WaitingDay[]>()
  for (const entity of entities) {
    if (entity.kind !== 'day' || entity.date > today) continue
    let list = byTrust.get(entity.trustId)
    if (list === undefined) byTrust.set(entity.trustId, (list = []))
    list.push(entity)
  }
  const out = new Map<string, TrendPoint[]>()
  for (const [trustId, list] of [...byTrust].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.date.localeCompare(b.date))
    out.set(
      trustId,
      list.slice(-days).map((day) => ({
        date: day.date,
        total: bandTotal(day.bands),
        within18: within18ShareOf(day.bands),
        over52: over52Of(day.bands),
        p2PastDate: day.p2Overdue,
      })),
    )
  }
  return out
}

/** The bands in display order, for the panels' column heads. */
export const BANDS: readonly WaitBand[] = WAIT_BANDS
