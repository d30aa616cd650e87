/**
 * A virtualised table over flat rows, composed from its parts: columns from the spec's data
 * (tableColumns.ts), rows (TableRows.tsx), facet chips (TableChips.tsx, counted by
 * useFacetCounts.ts), the header (TableHeader.tsx) and the toolbar (TableToolbar.tsx).
 */
import {
  useReactTable,
  type ColumnFiltersState,
  type ExpandedState,
  type GroupingState,
  type SortingState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactElement,
} from 'react'
import { tableCsv } from './tableCsv.ts'
import type { EntityTableSpec, TableRow } from './entityTables.ts'
import { downloadText } from '../../ui/downloadText.ts'
import {
  getLeanFilteredRowModel,
  getLeanGroupedRowModel,
  getLeanSortedRowModel,
  getLiveExpandedRowModel,
} from './getLeanRowModels.ts'
import { getStableCoreRowModel } from './getStableCoreRowModel.ts'
import { columnDefsOf, textFilter } from './tableColumns.ts'
import { GroupRowView, RowView } from './TableRows.tsx'
import { useFacetCounts } from './useFacetCounts.ts'
import { useColumnVisibility } from './useColumnVisibility.ts'
import { TableChips } from './TableChips.tsx'
import { TableHeader } from './TableHeader.tsx'
import { TableToolbar } from './TableToolbar.tsx'

/** Initial view of a table: from the panel's settings or a KPI drill-down. */
export type TableView = {
  readonly columns?: readonly string[] | undefined
  readonly groupBy?: string | null | undefined
  readonly text?: string | undefined
  readonly facets?: Readonly<Record<string, readonly string[]>> | undefined
  readonly sort?: { readonly id: string; readonly desc: boolean } | undefined
}

const NOT_EXPANDED: ExpandedState = {}

const stableCoreRowModel = getStableCoreRowModel<TableRow>()
const leanFilteredRowModel = getLeanFilteredRowModel<TableRow>()
const leanSortedRowModel = getLeanSortedRowModel<TableRow>()
const leanGroupedRowModel = getLeanGroupedRowModel<TableRow>()
const liveExpandedRowModel = getLiveExpandedRowModel<TableRow>()

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
  const rootRef = useRef<HTMLDivElement>(null)
  const [columnVisibility, setColumnVisibility] = useColumnVisibility(rootRef, spec, view.columns, desktop)

  const columns = useMemo(() => columnDefsOf(spec), [spec])

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
  const facets = useFacetCounts(rows, chipColumns, now)

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
      <TableToolbar
        spec={spec}
        table={table}
        desktop={desktop}
        text={text}
        onText={setText}
        grouping={grouping}
        onGroupBy={(id) => {
          setExpanded(true)
          setGrouping(id === null ? [] : [id])
        }}
        columnVisibility={columnVisibility}
        shown={leafCount}
        total={rows.length}
        onExport={exportCsv}
      />
      <TableChips
        spec={spec}
        table={table}
        chipColumns={chipColumns}
        facets={facets}
        columnFilters={columnFilters}
      />
      <div
        className="dt-scroll"
        ref={scrollRef}
        onScroll={onScrollActivity}
        role="table"
        aria-label={spec.title}
        aria-rowcount={modelRows.length + 1}
      >
        <TableHeader table={table} columns={visibleColumns} style={headerStyle} />
        <div className="dt-body" style={{ height: virtualizer.getTotalSize() }}>
          {body}
        </div>
      </div>
    </div>
  )
}
