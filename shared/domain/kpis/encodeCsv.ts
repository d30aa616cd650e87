/**
 * CSV as RFC 4180 has it — fields quoted when they hold a comma, quote, CR or LF; quotes doubled;
 * CRLF between records — plus the OWASP CSV-injection guard: a text cell starting with `=`, `+`,
 * `-`, `@`, tab or CR is prefixed with `'` so a spreadsheet shows it as text instead of running it
 * as a formula. Numbers are written as numbers (a negative number is data, not a formula).
 */

export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** Encodes one cell. */
export function encodeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  if (typeof cell === 'boolean') return cell ? 'true' : 'false'
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Encodes rows (the first is usually the header) as CSV text with CRLF line ends, ending in CRLF. */
export function encodeCsv(rows: readonly (readonly CsvCell[])[]): string {
  let out = ''
  for (const row of rows) out += `${row.map(encodeCsvCell).join(',')}\r\n`
  return out
}
