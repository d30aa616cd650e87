/** The table's sticky header: one sort button per visible column, its sort state for assistive tech. */
import type { Table } from '@tanstack/react-table'
import type { CSSProperties, ReactElement } from 'react'
import type { ColumnSpec, TableRow } from './entityTables.ts'

export function TableHeader({
  table,
  columns,
  style,
}: {
  readonly table: Table<TableRow>
  readonly columns: readonly ColumnSpec[]
  readonly style: CSSProperties
}): ReactElement {
  return (
    <div className="dt-header" role="row" aria-rowindex={1} style={style}>
      {columns.map((c) => {
        const column = table.getColumn(c.id)
        const sorted = column?.getIsSorted()
        return (
          // The header cell carries the role and the sort state; the button inside sorts
          // (a <button> may not itself be a columnheader).
          <div
            key={c.id}
            role="columnheader"
            className="dt-th-cell"
            data-column={c.id}
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
          >
            <button type="button" className="dt-th" onClick={column?.getToggleSortingHandler()}>
              {c.header}
              <span className="dt-sort" aria-hidden="true">
                {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
              </span>
            </button>
          </div>
        )
      })}
    </div>
  )
}
