/**
 * One PTL extract row → the fields of a waiting pathway, or the class of what is wrong with it.
 * Errors name the column and the class of error, never the value: a value in the wrong column of
 * a patient list may be anything (a date of birth in the clock-start column, an NHS number in the
 * pathway id).
 */
import type { CalendarDate, RttPriority, RttStage } from '../../../shared/contracts/waiting.ts'
import { daysBetween, dayNumberOf } from '../../../shared/domain/waiting/rttWaits.ts'
import type { PtlColumn, PtlHeader } from './ptlColumns.ts'

/** The classes of row error, as counted and reported (docs/ptl.md). */
export const PTL_ROW_ERRORS = [
  'columns',
  'pathway-id',
  'duplicate',
  'treatment-function',
  'priority',
  'clock-start',
  'stage',
  'tci-date',
  'site',
  'malformed',
  'too-long',
] as const
export type PtlRowError = (typeof PTL_ROW_ERRORS)[number]

/** A row's fields, the raw pathway id still in it (hashed by the caller, then dropped). */
export type PtlRow = {
  readonly pathwayId: string
  readonly treatmentFunction: string
  readonly priority: RttPriority | null
  readonly clockStart: CalendarDate
  readonly stage: RttStage
  readonly tciDate: CalendarDate | null
  readonly siteCode: string | null
}

export type PtlRowResult =
  { readonly ok: true; readonly row: PtlRow } | { readonly ok: false; readonly error: PtlRowError }

/** A clock start further back than this is a wrong column (a date of birth), not a long wait. */
export const MAX_CLOCK_START_AGE_DAYS = 10 * 366
/** A planned date more than this far either side of today is not a plan. */
export const MAX_TCI_DISTANCE_DAYS = 5 * 366

const STAGES: Readonly<Record<string, RttStage>> = {
  outpatient: 'outpatient',
  op: 'outpatient',
  'non-admitted': 'outpatient',
  nonadmitted: 'outpatient',
  diagnostic: 'diagnostic',
  diagnostics: 'diagnostic',
  admitted: 'admitted',
  inpatient: 'admitted',
  ip: 'admitted',
  daycase: 'admitted',
  'day case': 'admitted',
  dc: 'admitted',
}

/** `YYYY-MM-DD` or `DD/MM/YYYY` (UK PAS exports) → a calendar date; null when neither or not a day. */
export function parseExtractDate(raw: string): CalendarDate | null {
  const text = raw.trim()
  let iso: string | null = null
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (isoMatch !== null) iso = text
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  if (uk !== null)
    iso = `${uk[3]}-${(uk[2] as string).padStart(2, '0')}-${(uk[1] as string).padStart(2, '0')}`
  if (iso === null || Number.isNaN(dayNumberOf(iso))) return null
  return iso
}

function parsePriority(raw: string): RttPriority | null | undefined {
  const text = raw.trim().toUpperCase()
  if (text === '') return null
  // P1a (within 24 h) and P1b (within 72 h) are both P1.
  const match = /^P?([1-4])[AB]?$/.exec(text)
  return match === null ? undefined : (`P${match[1]}` as RttPriority)
}

/** Validates one row of `header`'s shape on `today`. */
export function parsePtlRow(fields: readonly string[], header: PtlHeader, today: CalendarDate): PtlRowResult {
  if (fields.length !== header.width) return { ok: false, error: 'columns' }
  const get = (column: PtlColumn): string => {
    const i = header.index[column]
    return i === undefined ? '' : (fields[i] ?? '').trim()
  }
  const pathwayId = get('pathway_id')
  if (pathwayId === '' || pathwayId.length > 64) return { ok: false, error: 'pathway-id' }

  const treatmentFunction = get('treatment_function_code')
  if (!/^\d{3}$/.test(treatmentFunction)) return { ok: false, error: 'treatment-function' }

  const priority = parsePriority(get('priority'))
  if (priority === undefined) return { ok: false, error: 'priority' }

  const clockStart = parseExtractDate(get('clock_start_date'))
  if (clockStart === null) return { ok: false, error: 'clock-start' }
  const waitedDays = daysBetween(clockStart, today)
  if (waitedDays < 0 || waitedDays > MAX_CLOCK_START_AGE_DAYS) return { ok: false, error: 'clock-start' }

  const stage = STAGES[get('stage').toLowerCase()]
  if (stage === undefined) return { ok: false, error: 'stage' }

  const tciRaw = get('tci_date')
  let tciDate: CalendarDate | null = null
  if (tciRaw !== '') {
    tciDate = parseExtractDate(tciRaw)
    if (tciDate === null || Math.abs(daysBetween(today, tciDate)) > MAX_TCI_DISTANCE_DAYS)
      return { ok: false, error: 'tci-date' }
  }

  const siteRaw = get('provider_site_code').toUpperCase()
  if (siteRaw !== '' && !/^[A-Z0-9]{3,12}$/.test(siteRaw)) return { ok: false, error: 'site' }

  return {
    ok: true,
    row: {
      pathwayId,
      treatmentFunction,
      priority,
      clockStart,
      stage,
      tciDate,
      siteCode: siteRaw === '' ? null : siteRaw,
    },
  }
}
