/**
 * Referral-to-treatment waits, counted as the RTT rules count them: in whole days from the
 * clock-start date to today (Europe/London), whole weeks being completed weeks (a pathway that
 * started 126 days ago has waited 18 weeks and is past the 18-week standard). Pure; shared by the
 * gateway (daily summaries kept in the log) and the renderer (the waiting-list panels).
 */
import {
  WAIT_BANDS,
  type BandCounts,
  type CalendarDate,
  type WaitBand,
  type WaitingPathway,
} from '../../contracts/waiting.ts'

const DAY_MS = 86_400_000

const londonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in Europe/London of an instant (what a ward clock shows). */
export function londonDateOf(epochMs: number): CalendarDate {
  // en-CA formats as YYYY-MM-DD.
  return londonDate.format(epochMs)
}

/** The day number of a calendar date (days since 1970-01-01); NaN when it is not a real date. */
export function dayNumberOf(date: CalendarDate): number {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const day = Number(date.slice(8, 10))
  const t = Date.UTC(year, month - 1, day)
  const back = new Date(t)
  // 2026-02-30 is not a date: Date.UTC would roll it over to March.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return Number.NaN
  }
  return t / DAY_MS
}

/** The calendar date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(dayNumber: number): CalendarDate {
  // Civil-from-days (H. Hinnant): plain arithmetic, as generating a list calls it per pathway.
  const z = dayNumber + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfDayNumber(dayNumberOf(date) + days)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumberOf(to) - dayNumberOf(from)
}

/** Completed weeks waited on `today` by a clock started on `clockStart` (0 for a future start). */
export function weeksWaited(clockStart: CalendarDate, today: CalendarDate): number {
  return Math.max(0, Math.floor(daysBetween(clockStart, today) / 7))
}

/** The weeks-waiting band of the RTT statistics: 0–18 is within the 18-week standard. */
export function waitBandOf(weeks: number): WaitBand {
  if (weeks < 18) return '0-18'
  if (weeks < 52) return '18-52'
  if (weeks < 65) return '52-65'
  if (weeks < 78) return '65-78'
  return '78+'
}

/** A P2 (treat within one month) pathway is past its date after this many days without treatment. */
export const P2_DAYS = 28

/**
 * A P2 pathway past its date: its planned/TCI date has passed while it is still on the list, or
 * it has none and has waited more than the P2 month. The PTL extract carries no decision-to-admit
 * date, so the month is counted from the clock start: it over-counts P2s prioritised late in a long
 * pathway, never misses one whose booked date has gone by (docs/ptl.md).
 */
export function isP2PastDate(
  pathway: Pick<WaitingPathway, 'priority' | 'tciDate' | 'clockStart'>,
  today: CalendarDate,
): boolean {
  if (pathway.priority !== 'P2') return false
  if (pathway.tciDate !== null) return daysBetween(pathway.tciDate, today) > 0
  return daysBetween(pathway.clockStart, today) > P2_DAYS
}

export function emptyBands(): Record<WaitBand, number> {
  return { '0-18': 0, '18-52': 0, '52-65': 0, '65-78': 0, '78+': 0 }
}

/** Pathways in all bands. */
export function bandTotal(bands: BandCounts): number {
  let total = 0
  for (const band of WAIT_BANDS) total += bands[band]
  return total
}

/** Pathways waiting 52 weeks or more. */
export function over52Of(bands: BandCounts): number {
  return bands['52-65'] + bands['65-78'] + bands['78+']
}

/** Share of pathways within 18 weeks (0–1), or null for an empty list (no performance to state). */
export function within18ShareOf(bands: BandCounts): number | null {
  const total = bandTotal(bands)
  return total === 0 ? null : bands['0-18'] / total
}

/** What a trust's `day` summary holds (besides its ids): the list as it stood on `today`. */
export type DaySummaryBody = {
  readonly bands: Record<WaitBand, number>
  readonly p2Overdue: number
  readonly byTreatmentFunction: Record<string, Record<WaitBand, number>>
}

/** Summarises a trust's pathways on one day: counts by band, per treatment function, P2s past date. */
export function summariseDay(
  pathways: Iterable<Pick<WaitingPathway, 'treatmentFunction' | 'priority' | 'tciDate' | 'clockStart'>>,
  today: CalendarDate,
): DaySummaryBody {
  const bands = emptyBands()
  const byTreatmentFunction: Record<string, Record<WaitBand, number>> = {}
  let p2Overdue = 0
  for (const pathway of pathways) {
    const band = waitBandOf(weeksWaited(pathway.clockStart, today))
    bands[band] += 1
    const perTf = (byTreatmentFunction[pathway.treatmentFunction] ??= emptyBands())
    perTf[band] += 1
    if (isP2PastDate(pathway, today)) p2Overdue += 1
  }
  return { bands, p2Overdue, byTreatmentFunction }
}
