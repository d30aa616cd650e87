/**
 * The rows of a virtualised table: an entity's row (selectable by click or keyboard) and a group's
 * row (expand and collapse, with its count). Positioned by the virtualiser; only rows in view exist.
 */
import { memo, type KeyboardEvent, type ReactElement } from 'react'
import type { Row } from '@tanstack/react-table'
import { displayOf } from './formatCell.ts'
import type { CellValue, ColumnSpec, TableRow } from './entityTables.ts'
import { keyOf, NONE } from './tableColumns.ts'

const Cell = ({
  spec,
  value,
  now,
}: {
  spec: ColumnSpec
  value: CellValue | undefined
  now: number
}): ReactElement => {
  if (spec.type === 'status' && value !== null && value !== undefined) {
    const mark = spec.marks?.[String(value)]
    return (
      <span className={`dt-cell dt-status tone-${mark?.tone ?? 'neutral'}`} role="cell">
        <span className="dt-glyph" aria-hidden="true">
          {mark?.glyph ?? ''}
        </span>
        {displayOf(spec, value, now)}
      </span>
    )
  }
  return (
    <span className={`dt-cell dt-${spec.type}${spec.wallWrap === true ? ' dt-wall-wrap' : ''}`} role="cell">
      {displayOf(spec, value, now)}
    </span>
  )
}

/** Enter or Space on a focused row: what a click does. */
function isActivation(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' || event.key === ' '
}

type RowViewProps = {
  row: TableRow
  columns: readonly ColumnSpec[]
  now: number
  selected: boolean
  top: number
  /** 1-based position among all rows (the header is 1): only the rows in view are in the DOM. */
  rowIndex: number
  height: number
  onSelect: (id: string) => void
}

/**
 * A row re-renders when what it shows changes: its row, columns, place or selection — and for a
 * new `now` only when one of its ages reads differently (a table's clock moves with every data
 * refresh; the rows that did not change and whose ages still say the same do no work).
 */
export function sameRowView(a: RowViewProps, b: RowViewProps): boolean {
  if (
    a.row !== b.row ||
    a.columns !== b.columns ||
    a.selected !== b.selected ||
    a.top !== b.top ||
    a.rowIndex !== b.rowIndex ||
    a.height !== b.height ||
    a.onSelect !== b.onSelect
  )
    return false
  if (a.now === b.now) return true
  for (const c of b.columns) {
    if (c.type !== 'age') continue
    const value = b.row.cells[c.id]
    if (displayOf(c, value, a.now) !== displayOf(c, value, b.now)) return false
  }
  return true
}

export const RowView = memo(function RowView({
  row,
  columns,
  now,
  selected,
  top,
  rowIndex,
  height,
  onSelect,
}: RowViewProps): ReactElement {
  return (
    <div
      className={`dt-row${selected ? ' dt-selected' : ''}`}
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      data-row-id={row.id}
      style={{ transform: `translateY(${top}px)`, height }}
      // Selecting a row (it is then shown on the map) works from the keyboard too.
      tabIndex={0}
      onClick={() => onSelect(row.id)}
      onKeyDown={(e) => {
        if (!isActivation(e)) return
        e.preventDefault()
        onSelect(row.id)
      }}
    >
      {columns.map((c) => (
        <Cell key={c.id} spec={c} value={row.cells[c.id]} now={now} />
      ))}
    </div>
  )
}, sameRowView)

export function GroupRowView({
  row,
  spec,
  top,
  rowIndex,
  height,
}: {
  row: Row<TableRow>
  spec: ColumnSpec | undefined
  top: number
  rowIndex: number
  height: number
}): ReactElement {
  const value = row.groupingValue as CellValue
  const mark = spec?.marks?.[String(value)]
  return (
    <div
      className="dt-row dt-group"
      role="row"
      aria-rowindex={rowIndex}
      data-group={keyOf(value)}
      style={{ transform: `translateY(${top}px)`, height, paddingLeft: `${0.4 + row.depth}rem` }}
      tabIndex={0}
      onClick={row.getToggleExpandedHandler()}
      onKeyDown={(e) => {
        if (!isActivation(e)) return
        e.preventDefault()
        row.toggleExpanded()
      }}
    >
      <span className="dt-expander" aria-hidden="true">
        {row.getIsExpanded() ? '▾' : '▸'}
      </span>
      {mark ? (
        <span className={`dt-glyph tone-${mark.tone}`} aria-hidden="true">
          {mark.glyph}
        </span>
      ) : null}
      <span className="dt-group-value" role="cell">
        {spec ? displayOf(spec, value, 0) || NONE : keyOf(value)}
        {/* aria-expanded belongs to treegrid rows, not table rows: the state in words instead. */}
        <span className="visually-hidden">{row.getIsExpanded() ? ' (expanded)' : ' (collapsed)'}</span>
      </span>
      <span className="dt-group-count" role="cell">
        {row.subRows.length.toLocaleString('en-GB')}
      </span>
    </div>
  )
}
