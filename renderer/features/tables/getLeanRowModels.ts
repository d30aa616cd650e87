import {
  getExpandedRowModel,
  getGroupedRowModel,
  getMemoOptions,
  memo,
  type Row,
  type RowModel,
  type SortingState,
  type Table,
} from '@tanstack/react-table'
import { liveOptionsTable } from './getStableCoreRowModel.ts'

/**
 * Filtered and sorted row models without TanStack's per-row allocations. The stock sorted model
 * copies every row object (`{ ...row }`) on every sort and the stock filtered model gives every
 * row two fresh objects even with no filter: at 50,000 rows under a live feed that was most of
 * the update time and the garbage. These keep TanStack's semantics we use — column filters with
 * the column's `filterFn`, one global filter, multi-column sort with the column's `sortingFn`,
 * ties broken by index, grouped rows sorted within their group — and copy only group rows.
 */
export function getLeanFilteredRowModel<T>(): (table: Table<T>) => () => RowModel<T> {
  return (table) =>
    memo(
      () => [table.getPreFilteredRowModel(), table.getState().columnFilters, table.getState().globalFilter],
      (model, columnFilters, globalFilter: unknown) => {
        const active = columnFilters
          .map((f) => ({ id: f.id, value: f.value, fn: table.getColumn(f.id)?.getFilterFn() }))
          .filter((f) => f.fn !== undefined)
        const text = typeof globalFilter === 'string' && globalFilter !== '' ? globalFilter : null
        const globalFn = text === null ? undefined : table.getGlobalFilterFn()
        const globalColumn = table.getAllLeafColumns().find((c) => c.getCanGlobalFilter())
        if (active.length === 0 && (globalFn === undefined || globalColumn === undefined)) return model
        const rows: Row<T>[] = []
        const noMeta = (): void => undefined
        for (const row of model.rows) {
          let pass = true
          for (const f of active) {
            if (!f.fn?.(row, f.id, f.value, noMeta)) {
              pass = false
              break
            }
          }
          if (pass && globalFn && globalColumn) pass = globalFn(row, globalColumn.id, text, noMeta)
          if (pass) rows.push(row)
        }
        const rowsById: Record<string, Row<T>> = {}
        for (const row of rows) rowsById[row.id] = row
        return { rows, flatRows: rows, rowsById }
      },
      getMemoOptions(liveOptionsTable(table).options, 'debugTable', 'getFilteredRowModel'),
    )
}

export function getLeanSortedRowModel<T extends { readonly id: string }>(): (
  table: Table<T>,
) => () => RowModel<T> {
  return (table) => {
    // The last flat sort, to start the next one from: under a live feed few rows move, and
    // Array.prototype.sort (TimSort) is close to linear on nearly sorted input.
    let previous: { key: string; rows: Row<T>[] } | null = null
    return memo(
      () => [table.getState().sorting, table.getPreSortedRowModel()],
      (sorting: SortingState, model) => {
        const entries = sorting
          .map((s) => ({ id: s.id, desc: s.desc, fn: table.getColumn(s.id)?.getSortingFn() }))
          .filter((s) => s.fn !== undefined)
        if (entries.length === 0 || model.rows.length === 0) return model
        const compare = (a: Row<T>, b: Row<T>): number => {
          for (const s of entries) {
            const result = (s.fn as NonNullable<typeof s.fn>)(a, b, s.id)
            if (result !== 0) return s.desc ? -result : result
          }
          return a.index - b.index
        }
        const grouped = model.rows.some((r) => r.subRows.length > 0)
        if (!grouped) {
          const key = JSON.stringify(sorting)
          let start = model.rows
          if (previous !== null && previous.key === key) {
            // Previous order, with each row replaced by its current object (rows of changed
            // entities are new objects) and rows that are new to the table appended.
            const byId = model.rowsById
            start = []
            const placed = new Set<string>()
            for (const row of previous.rows) {
              const current = byId[row.id]
              if (current !== undefined && !placed.has(row.id)) {
                start.push(current)
                placed.add(row.id)
              }
            }
            if (start.length !== model.rows.length)
              for (const row of model.rows) if (!placed.has(row.id)) start.push(row)
          }
          const rows = start === model.rows ? start.slice().sort(compare) : start.sort(compare)
          previous = { key, rows }
          return { rows, flatRows: rows, rowsById: model.rowsById }
        }
        previous = null
        const flatRows: Row<T>[] = []
        const sortRows = (rows: Row<T>[]): Row<T>[] => {
          const sorted = rows.slice().sort(compare)
          for (let i = 0; i < sorted.length; i += 1) {
            const row = sorted[i] as Row<T>
            flatRows.push(row)
            // Only group rows have sub-rows: copy those (few) so the grouped model stays untouched.
            if (row.subRows.length > 0) sorted[i] = { ...row, subRows: sortRows(row.subRows) }
          }
          return sorted
        }
        const rows = sortRows(model.rows)
        return { rows, flatRows, rowsById: model.rowsById }
      },
      getMemoOptions(liveOptionsTable(table).options, 'debugTable', 'getSortedRowModel'),
    )
  }
}

/**
 * TanStack's grouped model, skipped entirely when nothing is grouped: the stock one still walks
 * every row to reset its depth on every update. Leaf rows' depth is not read when ungrouped.
 * Group rows are made against the live-options view, so they do not pin an update's options.
 */
export function getLeanGroupedRowModel<T>(): (table: Table<T>) => () => RowModel<T> {
  return (table) => {
    const stock = getGroupedRowModel<T>()(liveOptionsTable(table))
    return () => (table.getState().grouping.length === 0 ? table.getPreGroupedRowModel() : stock())
  }
}

/** TanStack's expanded model, holding the live-options view rather than an update's options. */
export function getLiveExpandedRowModel<T>(): (table: Table<T>) => () => RowModel<T> {
  return (table) => getExpandedRowModel<T>()(liveOptionsTable(table))
}
