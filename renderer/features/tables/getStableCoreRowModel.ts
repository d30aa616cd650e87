import {
  createRow,
  getMemoOptions,
  memo,
  type Row,
  type RowModel,
  type Table,
  type TableOptionsResolved,
} from '@tanstack/react-table'

/**
 * The table as rows should see it: the same table, except that `options` is a live view of the
 * table's current options rather than the options object of the moment. TanStack's `createRow`
 * (and the stock grouped/expanded models) pass `table.options` to `getMemoOptions`, whose closure
 * keeps that object for the life of the row or model. The options object of an update holds that
 * update's `data` array and the closures of the render that made it (which reach that render's
 * row model), so a kept row pinned the rows of the update that created it, and through them the
 * rows of every earlier update: every generation of rows stayed alive under a live feed. Through
 * this view a row keeps only the table, and still reads the current options.
 */
export function liveOptionsTable<T>(table: Table<T>): Table<T> {
  const options = new Proxy({} as TableOptionsResolved<T>, {
    get: (_target, key) => Reflect.get(table.options, key),
    has: (_target, key) => Reflect.has(table.options, key),
  })
  // Every method of a TanStack table is a closure over the table itself, so calls through the
  // view act on the table; only `options` differs.
  const view = Object.create(table) as Table<T>
  Object.defineProperty(view, 'options', { value: options, enumerable: true })
  return view
}

/**
 * TanStack's core row model, but reusing the `Row` of every entity whose data object did not
 * change. The stock model creates a fresh `Row` (with a dozen closures) for every data item on
 * every data change: at 50,000 rows that alone took 1–3 s per update on our (loaded) 2-core
 * machines, and a live feed changes the data every second. Here an update costs one Map lookup
 * per row plus a `createRow` per changed entity; unchanged rows keep their value caches, which
 * stay valid because their `original` is the same object. The cache and `rowsById` are updated
 * in place (no 50k-entry allocations per update), hold one row per entity present, and a
 * replaced row is referenced by nothing here once the model has moved on.
 */
export function getStableCoreRowModel<T extends { readonly id: string }>(): (
  table: Table<T>,
) => () => RowModel<T> {
  return (table) => {
    const cache = new Map<string, Row<T>>()
    const rowsById: Record<string, Row<T>> = {}
    // Rows are created against the live view so that they do not pin the options (and so the
    // data and row model) of the update that created them.
    const rowTable = liveOptionsTable(table)
    // The previous update's data and rows: the row cache (entityTables.ts) keeps every unchanged
    // entity's row object at its position, so most rows are found by one compare at their index,
    // without a Map lookup (50,000 of them per update at bench scale).
    let previousData: readonly T[] = []
    let previousRows: readonly Row<T>[] = []
    return memo(
      () => [table.options.data],
      (data) => {
        const rows: Row<T>[] = new Array<Row<T>>(data.length)
        for (let i = 0; i < data.length; i += 1) {
          const original = data[i] as T
          if (previousData[i] === original) {
            const same = previousRows[i] as Row<T>
            if (same.original === original) {
              rows[i] = same
              continue
            }
          }
          let row = cache.get(original.id)
          if (row === undefined || row.original !== original) {
            row = createRow(rowTable, original.id, original, i, 0, undefined, undefined)
            cache.set(original.id, row)
            rowsById[original.id] = row
          } else if (row.index !== i) {
            // Sorting breaks ties by index: keep it current when entities come and go.
            row.index = i
          }
          rows[i] = row
        }
        // Entities removed since the last update: forget them (only when the sizes disagree).
        if (cache.size > data.length) {
          const present = new Set<string>()
          for (const d of data) present.add(d.id)
          for (const id of cache.keys()) {
            if (!present.has(id)) {
              cache.delete(id)
              delete rowsById[id]
            }
          }
        }
        previousData = data
        previousRows = rows
        return { rows, flatRows: rows, rowsById }
      },
      getMemoOptions(rowTable.options, 'debugTable', 'getRowModel'),
    )
  }
}
