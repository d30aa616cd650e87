/**
 * The table's columns as TanStack sees them, built from the spec's data: how a column sorts
 * (numbers, natural names, or a status column's `sortRank`), groups and filters by chips.
 */
import type { ColumnDef, FilterFn, SortingFn } from '@tanstack/react-table'
import { naturalCompare } from '../../../shared/domain/kpis/naturalCompare.ts'
import type { CellValue, EntityTableSpec, TableRow } from './entityTables.ts'

/** How an empty cell or group reads. */
export const NONE = '—'

/** A cell or group value as a filter/facet key. */
export function keyOf(value: CellValue | undefined): string {
  if (value === null || value === undefined || value === '') return NONE
  return String(value)
}

export const inSet: FilterFn<TableRow> = (row, columnId, values: readonly string[]) => {
  const value = row.original.cells[columnId]
  if (Array.isArray(value)) return value.some((v: string) => values.includes(v))
  return values.includes(keyOf(value as CellValue))
}
inSet.autoRemove = (values: unknown) => !Array.isArray(values) || values.length === 0

// The text filter reads one prepared lower-case string per row: one call per row, not per cell.
export const textFilter: FilterFn<TableRow> = (row, _columnId, text: string) =>
  row.original.search.includes(text)

export function compareCells(
  a: CellValue | undefined,
  b: CellValue | undefined,
  rank: Readonly<Record<string, number>> | undefined,
): number {
  // Missing values sort after present ones.
  const aMissing = a === null || a === undefined
  const bMissing = b === null || b === undefined
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (rank && typeof a === 'string' && typeof b === 'string') return (rank[a] ?? 99) - (rank[b] ?? 99)
  // Names sort as people read them: Ward 2 before Ward 10, B3 before B12.
  const x = Array.isArray(a) ? a.join(',') : String(a)
  const y = Array.isArray(b) ? b.join(',') : String(b)
  return naturalCompare(x, y)
}

/** One TanStack column per spec column. */
export function columnDefsOf(spec: EntityTableSpec): ColumnDef<TableRow>[] {
  return spec.columns.map((c) => {
    const rank = c.sortRank
    const sortingFn: SortingFn<TableRow> = (a, b, id) =>
      compareCells(a.original.cells[id], b.original.cells[id], rank)
    return {
      id: c.id,
      header: c.header,
      accessorFn: (r: TableRow) => r.cells[c.id],
      getGroupingValue: (r: TableRow) => keyOf(r.cells[c.id]),
      sortingFn,
      filterFn: inSet,
      sortUndefined: 'last',
      // Every column sorts ascending first, numbers too: a predictable header for a bed meeting.
      sortDescFirst: false,
    } satisfies ColumnDef<TableRow>
  })
}
