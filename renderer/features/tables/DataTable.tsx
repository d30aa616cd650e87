import {
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type ExpandedState,
  type FilterFn,
  type GroupingState,
  type Row,
  type SortingFn,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  memo,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactElement,
} from 'react'
import { naturalCompare } from '../../../shared/domain/kpis/naturalCompare.ts'
import { displayOf } from './formatCell.ts'
import { tableCsv } from './tableCsv.ts'
import {
  SORT_RANK,
  type CellValue,
  type ColumnSpec,
  type EntityTableSpec,
  type TableRow,
} from './entityTables.ts'
import { downloadText } from '../../ui/downloadText.ts'
import {
  getLeanFilteredRowModel,
  getLeanGroupedRowModel,
  getLeanSortedRowModel,
  getLiveExpandedRowModel,
} from './getLeanRowModels.ts'
import { getStableCoreRowModel } from './getStableCoreRowModel.ts'

/** Initial view of a table: from the panel's settings or a KPI drill-down. */
export type TableView = {
  readonly columns?: readonly string[] | undefined
  readonly groupBy?: string | null | undefined
  readonly text?: string | undefined
  readonly facets?: Readonly<Record<string, readonly string[]>> | undefined
  readonly sort?: { readonly id: string; readonly desc: boolean } | undefined
}

const NONE = '—'
const NOT_EXPANDED: ExpandedState = {}
/** Below this width a desktop table starts with its compact columns. */
const NARROW_PX = 900

const stableCoreRowModel = getStableCoreRowModel<TableRow>()
const leanFilteredRowModel = getLeanFilteredRowModel<TableRow>()
const leanSortedRowModel = getLeanSortedRowModel<TableRow>()
const leanGroupedRowModel = getLeanGroupedRowModel<TableRow>()
const liveExpandedRowModel = getLiveExpandedRowModel<TableRow>()

/** A cell or group value as a filter/facet key. */
function keyOf(value: CellValue | undefined): string {
  if (value === null || value === undefined || value === '') return NONE
  return String(value)
}

const inSet: FilterFn<TableRow> = (row, columnId, values: readonly string[]) => {
  const value = row.original.cells[columnId]
  if (Array.isArray(value)) return value.some((v: string) => values.includes(v))
  return values.includes(keyOf(value as CellValue))
}
inSet.autoRemove = (values: unknown) => !Array.isArray(values) || values.length === 0

// The text filter reads one prepared lower-case string per row: one call per row, not per cell.
const textFilter: FilterFn<TableRow> = (row, _columnId, text: string) => row.original.search.includes(text)

function compareCells(
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
    <span className={`dt-cell dt-${spec.type}`} role="cell">
      {displayOf(spec, value, now)}
    </span>
  )
}

/** Enter or Space on a focused row: what a click does. */
function isActivation(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' || event.key === ' '
}

const RowView = memo(function RowView({
  row,
  columns,
  now,
  selected,
  top,
  rowIndex,
  height,
  onSelect,
}: {
  row: TableRow
  columns: readonly ColumnSpec[]
  now: number
  selected: boolean
  top: number
  /** 1-based position among all rows (the header is 1): only the rows in view are in the DOM. */
  rowIndex: number
  height: number
  onSelect: (id: string) => void
}): ReactElement {
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
})

function GroupRowView({
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

/** Counts per value for the chip columns, one pass over the rows. */
function countFacets(
  rows: readonly TableRow[],
  columns: readonly ColumnSpec[],
): Map<string, Map<string, number>> {
  const facets = new Map<string, Map<string, number>>(columns.map((c) => [c.id, new Map<string, number>()]))
  for (const row of rows) {
    for (const c of columns) {
      const counts = facets.get(c.id) as Map<string, number>
      const value = row.cells[c.id]
      if (Array.isArray(value)) for (const v of value as string[]) counts.set(v, (counts.get(v) ?? 0) + 1)
      else {
        const k = keyOf(value as CellValue)
        counts.set(k, (counts.get(k) ?? 0) + 1)
      }
    }
  }
  return facets
}

function initialFilters(view: TableView): ColumnFiltersState {
  return Object.entries(view.facets ?? {})
    .filter(([, values]) => values.length > 0)
    .map(([id, values]) => ({ id, value: [...values] }))
}

/**
 * A virtualised table over flat rows: sort, text filter, facet chips, group by, column chooser,
 * sticky header, CSV export (desktop), and row selection. Only the rows in view are in the DOM.
 */
export function DataTable({
  spec,
  rows,
  now,
  view,
  selectedId,
  onSelect,
  desktop,
  rowHeight,
  onScrollActivity,
}: {
  readonly spec: EntityTableSpec
  readonly rows: TableRow[]
  readonly now: number
  readonly view: TableView
  readonly selectedId: string | null
  readonly onSelect: (id: string) => void
  readonly desktop: boolean
  readonly rowHeight: number
  /** Called on every scroll event (the caller holds back data updates while scrolling). */
  readonly onScrollActivity?: () => void
}): ReactElement {
  const [sorting, setSorting] = useState<SortingState>(() => [{ ...(view.sort ?? spec.defaultSort) }])
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>(() => initialFilters(view))
  const [text, setText] = useState(view.text ?? '')
  const globalFilter = useDeferredValue(text.trim().toLowerCase())
  const [grouping, setGrouping] = useState<GroupingState>(view.groupBy ? [view.groupBy] : [])
  const [expanded, setExpanded] = useState<ExpandedState>(true)
  // Columns: the panel's choice, else the wall's few wide ones on a wall, the compact set in a
  // narrow panel, else the table's defaults — until the user picks columns, which then stick.
  const rootRef = useRef<HTMLDivElement>(null)
  const [narrow, setNarrow] = useState(false)
  useEffect(() => {
    const el = rootRef.current
    if (!el) return
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0
      setNarrow(width > 0 && width < NARROW_PX)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  const [chosenVisibility, setColumnVisibility] = useState<VisibilityState | null>(null)
  const columnVisibility = useMemo<VisibilityState>(() => {
    if (chosenVisibility) return chosenVisibility
    const chosen = view.columns ?? (!desktop ? spec.wallColumns : narrow ? spec.compactColumns : null)
    return Object.fromEntries(
      spec.columns.map((c) => [c.id, c.internal ? false : chosen ? chosen.includes(c.id) : c.visible]),
    )
  }, [chosenVisibility, view.columns, desktop, narrow, spec])

  const columns = useMemo<ColumnDef<TableRow>[]>(
    () =>
      spec.columns.map((c) => {
        const rank = SORT_RANK[c.id]
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
      }),
    [spec],
  )

  const table = useReactTable<TableRow>({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    // Expansion matters only when grouped; "all expanded" on a flat table would make TanStack walk
    // every row on every update for nothing.
    state: {
      sorting,
      columnFilters,
      globalFilter,
      grouping,
      expanded: grouping.length > 0 ? expanded : NOT_EXPANDED,
      columnVisibility,
    },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGroupingChange: setGrouping,
    onExpandedChange: setExpanded,
    onColumnVisibilityChange: (updater) =>
      setColumnVisibility(typeof updater === 'function' ? updater(columnVisibility) : updater),
    globalFilterFn: textFilter,
    // Any column id will do: the filter reads the row's prepared search text once per row.
    getColumnCanGlobalFilter: (column) => column.id === spec.columns[0]?.id,
    getCoreRowModel: stableCoreRowModel,
    getFilteredRowModel: leanFilteredRowModel,
    getSortedRowModel: leanSortedRowModel,
    getGroupedRowModel: leanGroupedRowModel,
    getExpandedRowModel: liveExpandedRowModel,
    autoResetExpanded: false,
    groupedColumnMode: false,
    enableSortingRemoval: false,
  })

  const modelRows = table.getRowModel().rows
  const leafCount = grouping.length > 0 ? table.getFilteredRowModel().rows.length : modelRows.length
  const visibleColumns = useMemo(
    () => spec.columns.filter((c) => !c.internal && columnVisibility[c.id] !== false),
    [spec, columnVisibility],
  )
  const template = visibleColumns.map((c) => `minmax(${c.width * 0.6}rem, ${c.width}fr)`).join(' ')
  // A wall keeps only the status chips (a summary read from afar); the rows need the height.
  const chipColumns = useMemo(
    () => spec.columns.filter((c) => c.chips && (desktop || c.marks !== undefined)),
    [spec, desktop],
  )
  // Facet counts are a full pass over the rows: at most every few seconds on a big table (the chips
  // are labels, not the data), at once when the table's size or columns change.
  const facetCache = useRef<{
    at: number
    size: number
    chips: readonly ColumnSpec[]
    facets: Map<string, Map<string, number>>
  } | null>(null)
  const facetEvery = rows.length > 10_000 ? 5_000 : 0
  const cached = facetCache.current
  const facets =
    cached !== null &&
    cached.size === rows.length &&
    cached.chips === chipColumns &&
    now - cached.at < facetEvery
      ? cached.facets
      : (facetCache.current = {
          at: now,
          size: rows.length,
          chips: chipColumns,
          facets: countFacets(rows, chipColumns),
        }).facets

  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: modelRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  })

  // A selection made elsewhere (the map) scrolls its row into view, if it is in this table.
  useEffect(() => {
    if (selectedId === null) return
    const at = table.getRowModel().rows.findIndex((r) => !r.getIsGrouped() && r.id === selectedId)
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' })
    // Only when the selection changes, not on every data refresh (the deps say so on purpose).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- table and virtualizer change on every refresh
  }, [selectedId])

  const filterValues = (id: string): string[] =>
    (columnFilters.find((f) => f.id === id)?.value as string[] | undefined) ?? []
  const toggleChip = (id: string, value: string): void => {
    const current = filterValues(id)
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value]
    table.getColumn(id)?.setFilterValue(next.length === 0 ? undefined : next)
  }
  const otherFilters = columnFilters.filter((f) => !chipColumns.some((c) => c.id === f.id))

  const exportCsv = (): void => {
    const leaves = table.getSortedRowModel().flatRows.filter((r) => !r.getIsGrouped())
    downloadText(
      `${spec.entity}-${new Date(now).toISOString().slice(0, 16).replace(':', '')}.csv`,
      tableCsv(
        spec,
        visibleColumns,
        leaves.map((r) => r.original),
        now,
      ),
    )
  }

  const headerStyle: CSSProperties = { gridTemplateColumns: template }
  const groupSpec = grouping[0] === undefined ? undefined : spec.columns.find((c) => c.id === grouping[0])
  // A loop, not a `.map` callback: no closure made in this render may capture the row model.
  // TanStack keeps this render's option closures (`getRowId`, `onColumnVisibilityChange`…) in
  // `table.options`, and V8 gives all closures of one call a shared context, so a callback
  // reading `modelRows` would make the options — and anything keeping them — pin every row.
  const body: ReactElement[] = []
  for (const item of virtualizer.getVirtualItems()) {
    const row = modelRows[item.index]
    if (!row) continue
    body.push(
      row.getIsGrouped() ? (
        <GroupRowView
          key={`g:${row.id}`}
          row={row}
          spec={groupSpec}
          top={item.start}
          rowIndex={item.index + 2}
          height={rowHeight}
        />
      ) : (
        <RowView
          key={row.id}
          row={row.original}
          columns={visibleColumns}
          now={now}
          selected={row.id === selectedId}
          top={item.start}
          rowIndex={item.index + 2}
          height={rowHeight}
          onSelect={onSelect}
        />
      ),
    )
  }

  return (
    <div
      className="dt"
      ref={rootRef}
      data-entity={spec.entity}
      style={{ ['--dt-template' as string]: template, ['--dt-row' as string]: `${rowHeight}px` }}
    >
      <div className="dt-toolbar">
        {desktop ? (
          <input
            className="dt-search"
            type="search"
            placeholder={`Filter ${spec.title.toLowerCase()}…`}
            aria-label={`Filter ${spec.title.toLowerCase()}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        ) : null}
        {desktop ? (
          <label className="dt-groupby">
            Group by{' '}
            <select
              aria-label="Group by"
              value={grouping[0] ?? ''}
              onChange={(e) => {
                setExpanded(true)
                setGrouping(e.target.value === '' ? [] : [e.target.value])
              }}
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
        <span className="dt-count" data-testid="dt-count" data-count={leafCount} data-total={rows.length}>
          {leafCount.toLocaleString('en-GB')} of {rows.length.toLocaleString('en-GB')}
        </span>
        {desktop ? (
          <button type="button" className="dt-export" onClick={exportCsv}>
            Export CSV
          </button>
        ) : null}
      </div>
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
                {spec.columns.find((c) => c.id === f.id)?.header ?? f.id}: {(f.value as string[]).join(', ')}{' '}
                ✕
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div
        className="dt-scroll"
        ref={scrollRef}
        onScroll={onScrollActivity}
        role="table"
        aria-label={spec.title}
        aria-rowcount={modelRows.length + 1}
      >
        <div className="dt-header" role="row" aria-rowindex={1} style={headerStyle}>
          {visibleColumns.map((c) => {
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
        <div className="dt-body" style={{ height: virtualizer.getTotalSize() }}>
          {body}
        </div>
      </div>
    </div>
  )
}
