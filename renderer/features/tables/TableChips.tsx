/**
 * A table's facet chips: per chip column its values with their counts (click to filter by them),
 * and any other column filter as a chip that clears it.
 */
import type { ColumnFiltersState, Table } from '@tanstack/react-table'
import type { ReactElement } from 'react'
import type { ColumnSpec, EntityTableSpec, TableRow } from './entityTables.ts'
import type { FacetCounts } from './useFacetCounts.ts'

export function TableChips({
  spec,
  table,
  chipColumns,
  facets,
  columnFilters,
}: {
  readonly spec: EntityTableSpec
  readonly table: Table<TableRow>
  readonly chipColumns: readonly ColumnSpec[]
  readonly facets: FacetCounts
  readonly columnFilters: ColumnFiltersState
}): ReactElement {
  const filterValues = (id: string): string[] =>
    (columnFilters.find((f) => f.id === id)?.value as string[] | undefined) ?? []
  const toggleChip = (id: string, value: string): void => {
    const current = filterValues(id)
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value]
    table.getColumn(id)?.setFilterValue(next.length === 0 ? undefined : next)
  }
  const otherFilters = columnFilters.filter((f) => !chipColumns.some((c) => c.id === f.id))
  return (
    <div className="dt-chips">
      {chipColumns.map((c) => {
        const counts = facets.get(c.id)
        if (!counts || counts.size <= 1) return null
        const active = filterValues(c.id)
        return (
          <div className="dt-chip-row" key={c.id} data-facet={c.id}>
            <span className="dt-chip-label">{c.header}</span>
            {[...counts.entries()]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 12)
              .map(([value, count]) => {
                const mark = c.marks?.[value]
                const on = active.includes(value)
                return (
                  <button
                    key={value}
                    type="button"
                    className={`dt-chip${on ? ' dt-chip-on' : ''}${mark ? ` tone-${mark.tone}` : ''}`}
                    aria-pressed={on}
                    data-value={value}
                    onClick={() => toggleChip(c.id, value)}
                  >
                    {mark ? <span aria-hidden="true">{mark.glyph} </span> : null}
                    {c.labels?.[value] ?? value}{' '}
                    <span className="dt-chip-count">{count.toLocaleString('en-GB')}</span>
                  </button>
                )
              })}
          </div>
        )
      })}
      {otherFilters.length > 0 ? (
        <div className="dt-chip-row">
          <span className="dt-chip-label">Filtered</span>
          {otherFilters.map((f) => (
            <button
              key={f.id}
              type="button"
              className="dt-chip dt-chip-on"
              onClick={() => table.getColumn(f.id)?.setFilterValue(undefined)}
            >
              {spec.columns.find((c) => c.id === f.id)?.header ?? f.id}: {(f.value as string[]).join(', ')} ✕
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
