/**
 * A table as CSV: what the screen shows — ages as the durations on screen, statuses in words —
 * plus, in columns of their own, each age's ISO time and the row's full place (site, ward, bay,
 * bed) even where those columns are hidden, so a file sent to a ward reads without the screen.
 */
import { encodeCsv, type CsvCell } from '../../../shared/domain/kpis/encodeCsv.ts'
import type { CellValue, ColumnSpec, EntityTableSpec, TableRow } from './entityTables.ts'
import { displayOf } from './formatCell.ts'

/**
 * The export's columns: what the screen shows, plus the table's place columns wherever they are
 * hidden (a CSV must say where each row is), in the table's order; an age column is followed by
 * its ISO time.
 */
export function tableCsvColumns(
  spec: EntityTableSpec,
  visible: readonly ColumnSpec[],
): readonly { readonly header: string; readonly cell: (row: TableRow, now: number) => CsvCell }[] {
  const shown = new Set(visible.map((c) => c.id))
  const out: { header: string; cell: (row: TableRow, now: number) => CsvCell }[] = []
  for (const c of spec.columns) {
    if (c.internal || !(shown.has(c.id) || spec.placeColumns.includes(c.id))) continue
    out.push({ header: c.header, cell: (row, now) => csvOf(c, row.cells[c.id], now) })
    if (c.type === 'age')
      out.push({
        header: c.isoHeader ?? `${c.header} (UTC)`,
        cell: (row) => {
          const v = row.cells[c.id]
          return typeof v === 'number' ? new Date(v).toISOString() : null
        },
      })
  }
  return out
}

/** A cell as exported: the words the screen shows (an age as "3 h 5 min"), numbers as numbers. */
function csvOf(spec: ColumnSpec, value: CellValue | undefined, now: number): CsvCell {
  if (value === null || value === undefined) return null
  if (spec.type === 'age') return displayOf(spec, value, now)
  if (spec.type === 'status') return displayOf(spec, value, now)
  if (Array.isArray(value)) return value.join(' ')
  return value as string | number
}

/** The rows (in the order shown) as CSV text, CRLF, quoted and formula-guarded. */
export function tableCsv(
  spec: EntityTableSpec,
  visible: readonly ColumnSpec[],
  rows: readonly TableRow[],
  now: number,
): string {
  const columns = tableCsvColumns(spec, visible)
  const out: CsvCell[][] = [columns.map((c) => c.header)]
  for (const row of rows) out.push(columns.map((c) => c.cell(row, now)))
  return encodeCsv(out)
}
