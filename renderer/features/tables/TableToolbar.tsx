/** A table's toolbar: text filter, group by, column chooser, row count and CSV export (desktop). */
import type { GroupingState, Table, VisibilityState } from '@tanstack/react-table'
import type { ReactElement } from 'react'
import type { EntityTableSpec, TableRow } from './entityTables.ts'

export function TableToolbar({
  spec,
  table,
  desktop,
  text,
  onText,
  grouping,
  onGroupBy,
  columnVisibility,
  shown,
  total,
  onExport,
}: {
  readonly spec: EntityTableSpec
  readonly table: Table<TableRow>
  readonly desktop: boolean
  readonly text: string
  readonly onText: (text: string) => void
  readonly grouping: GroupingState
  readonly onGroupBy: (columnId: string | null) => void
  readonly columnVisibility: VisibilityState
  /** Rows shown after filtering, and all rows. */
  readonly shown: number
  readonly total: number
  readonly onExport: () => void
}): ReactElement {
  return (
    <div className="dt-toolbar">
      {desktop ? (
        <input
          className="dt-search"
          type="search"
          placeholder={`Filter ${spec.title.toLowerCase()}…`}
          aria-label={`Filter ${spec.title.toLowerCase()}`}
          value={text}
          onChange={(e) => onText(e.target.value)}
        />
      ) : null}
      {desktop ? (
        <label className="dt-groupby">
          Group by{' '}
          <select
            aria-label="Group by"
            value={grouping[0] ?? ''}
            onChange={(e) => onGroupBy(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">none</option>
            {spec.columns
              .filter((c) => c.groupable)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.header}
                </option>
              ))}
          </select>
        </label>
      ) : null}
      {desktop ? (
        <details className="dt-columns">
          <summary>Columns</summary>
          <div className="dt-columns-menu">
            {spec.columns
              .filter((c) => !c.internal)
              .map((c) => (
                <label key={c.id}>
                  <input
                    type="checkbox"
                    checked={columnVisibility[c.id] !== false}
                    onChange={(e) => table.getColumn(c.id)?.toggleVisibility(e.target.checked)}
                  />
                  {c.header}
                </label>
              ))}
          </div>
        </details>
      ) : null}
      <span className="dt-count" data-testid="dt-count" data-count={shown} data-total={total}>
        {shown.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')}
      </span>
      {desktop ? (
        <button type="button" className="dt-export" onClick={onExport}>
          Export CSV
        </button>
      ) : null}
    </div>
  )
}
