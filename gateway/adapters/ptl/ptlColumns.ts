/**
 * The columns of a PTL extract (docs/ptl.md): which header names the gateway reads, and which it
 * drops. Only the seven known columns are ever read; every other column is dropped at the header,
 * its values never parsed, kept or logged. Columns that identify a patient (NHS number, names, date
 * of birth, address, local patient numbers) are named in the extract's report so the trust can
 * stop sending them; their names are safe to log, their values are never touched.
 */

/** The columns the gateway reads, by their canonical name. */
export const PTL_COLUMNS = [
  'pathway_id',
  'treatment_function_code',
  'priority',
  'clock_start_date',
  'stage',
  'tci_date',
  'provider_site_code',
] as const
export type PtlColumn = (typeof PTL_COLUMNS)[number]

/** Columns an extract must have; the others may be absent (then empty for every row). */
export const REQUIRED_PTL_COLUMNS: readonly PtlColumn[] = [
  'pathway_id',
  'treatment_function_code',
  'clock_start_date',
  'stage',
]

/** Header names (normalised: lower case, runs of other characters as one `_`) → column. */
const ALIASES: Readonly<Record<string, PtlColumn>> = {
  pathway_id: 'pathway_id',
  pathway: 'pathway_id',
  ppi: 'pathway_id',
  patient_pathway_identifier: 'pathway_id',
  pathway_identifier: 'pathway_id',
  treatment_function_code: 'treatment_function_code',
  treatment_function: 'treatment_function_code',
  tfc: 'treatment_function_code',
  priority: 'priority',
  clinical_priority: 'priority',
  surgical_priority: 'priority',
  clock_start_date: 'clock_start_date',
  clock_start: 'clock_start_date',
  rtt_clock_start: 'clock_start_date',
  rtt_clock_start_date: 'clock_start_date',
  stage: 'stage',
  pathway_stage: 'stage',
  waiting_stage: 'stage',
  tci_date: 'tci_date',
  tci: 'tci_date',
  planned_date: 'tci_date',
  planned_tci_date: 'tci_date',
  to_come_in_date: 'tci_date',
  provider_site_code: 'provider_site_code',
  provider_site: 'provider_site_code',
  site_code: 'provider_site_code',
  site: 'provider_site_code',
}

/**
 * Header words that mark a column as identifying a patient. Matched against the normalised
 * header's `_`-separated words and their joins, so `Patient NHS No`, `DOB`, `Address Line 1`,
 * `Post Code` and `Forename` are all caught.
 */
const IDENTIFYING_WORDS = new Set([
  'nhs',
  'nhsno',
  'nhsnumber',
  'name',
  'names',
  'forename',
  'forenames',
  'firstname',
  'surname',
  'lastname',
  'givenname',
  'familyname',
  'initials',
  'dob',
  'birth',
  'birthdate',
  'address',
  'postcode',
  'mrn',
  'hospitalnumber',
  'casenote',
  'casenotes',
  'phone',
  'telephone',
  'mobile',
  'email',
  'gp',
])

/** Lower case, every run of non-alphanumerics as one `_`, no `_` at the ends. */
export function normaliseHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/** Whether a header names something that identifies a patient. */
export function isIdentifyingHeader(name: string): boolean {
  const words = normaliseHeader(name)
    .split('_')
    .filter((w) => w.length > 0)
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string
    if (IDENTIFYING_WORDS.has(word)) return true
    const next = words[i + 1]
    if (next !== undefined && IDENTIFYING_WORDS.has(word + next)) return true
  }
  // A local patient number: "patient id", "patient number", "PAS number".
  const joined = words.join('_')
  return /(^|_)(patient|pas|local_patient|hospital)_(id|no|num|number|identifier)($|_)/.test(joined)
}

export type PtlHeader = {
  /** Field index of each column present. */
  readonly index: Readonly<Partial<Record<PtlColumn, number>>>
  /** How many fields a row must have (the header's count). */
  readonly width: number
  /** Header names dropped because they identify a patient (as written in the file, trimmed). */
  readonly identifying: readonly string[]
  /** Other header names dropped because the gateway does not read them. */
  readonly other: readonly string[]
}

export type HeaderResult =
  { readonly ok: true; readonly header: PtlHeader } | { readonly ok: false; readonly reason: string }

/** Reads the header row: the columns present, and which ones are dropped. */
export function readPtlHeader(fields: readonly string[]): HeaderResult {
  const index: Partial<Record<PtlColumn, number>> = {}
  const identifying: string[] = []
  const other: string[] = []
  fields.forEach((raw, i) => {
    const name = raw.trim().slice(0, 64)
    const column = ALIASES[normaliseHeader(name)]
    if (column !== undefined && index[column] === undefined) index[column] = i
    else if (isIdentifyingHeader(name)) identifying.push(name)
    else other.push(name === '' ? `(column ${i + 1})` : name)
  })
  const missing = REQUIRED_PTL_COLUMNS.filter((column) => index[column] === undefined)
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `the header has no ${missing.join(', ')} column (see docs/ptl.md for the names read)`,
    }
  }
  return { ok: true, header: { index, width: fields.length, identifying, other } }
}
