import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  createTable,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type ColumnDef,
  type FilterFn,
  type TableOptionsResolved,
} from '@tanstack/table-core'
import { getLeanFilteredRowModel, getLeanSortedRowModel } from './getLeanRowModels.ts'
import { getStableCoreRowModel } from './getStableCoreRowModel.ts'

type R = { readonly id: string; readonly a: number; readonly b: string }

const inSet: FilterFn<R> = (row, id, values: string[]) => values.includes(String(row.getValue(id)))
const columns: ColumnDef<R>[] = [
  {
    id: 'a',
    accessorFn: (r) => r.a,
    sortingFn: (x, y, id) => (x.getValue(id) as number) - (y.getValue(id) as number),
    filterFn: inSet,
    sortDescFirst: false,
  },
  { id: 'b', accessorFn: (r) => r.b, sortingFn: 'text', filterFn: inSet, sortDescFirst: false },
]

function tableOf(
  lean: boolean,
  data: R[],
  sorting: { id: string; desc: boolean }[],
  filter: string[] | null,
) {
  const state = {
    sorting,
    columnFilters: filter ? [{ id: 'b', value: filter }] : [],
    globalFilter: '',
    grouping: [],
    expanded: {},
    columnVisibility: {},
    columnPinning: {},
    rowPinning: { top: [], bottom: [] },
    rowSelection: {},
    columnOrder: [],
    columnSizing: {},
    columnSizingInfo: {
      startOffset: null,
      startSize: null,
      deltaOffset: null,
      deltaPercentage: null,
      isResizingColumn: false,
      columnSizingStart: [],
    },
    pagination: { pageIndex: 0, pageSize: 10 },
  }
  const options = {
    data,
    columns,
    state,
    onStateChange: () => undefined,
    renderFallbackValue: null,
    getRowId: (r: R) => r.id,
    getCoreRowModel: lean ? getStableCoreRowModel<R>() : getCoreRowModel<R>(),
    getFilteredRowModel: lean ? getLeanFilteredRowModel<R>() : getFilteredRowModel<R>(),
    getSortedRowModel: lean ? getLeanSortedRowModel<R>() : getSortedRowModel<R>(),
  } as unknown as TableOptionsResolved<R>
  const table = createTable(options)
  return {
    ids: (): string[] => table.getRowModel().rows.map((r) => r.id),
    setData: (next: R[]): void => table.setOptions((o) => ({ ...o, data: next })),
  }
}

const rowArb = fc.record({ a: fc.integer({ min: 0, max: 5 }), b: fc.constantFrom('x', 'y', 'z') })

describe('lean row models', () => {
  it('sort and filter exactly as TanStack does, also after live updates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 0, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), rowArb), { maxLength: 20 }),
        fc.constantFrom('a', 'b'),
        fc.boolean(),
        fc.option(fc.subarray(['x', 'y', 'z'], { minLength: 1 }), { nil: null }),
        (items, updates, sortId, desc, filter) => {
          const data: R[] = items.map((it, i) => ({ id: `r${i}`, ...it }))
          const lean = tableOf(true, data, [{ id: sortId, desc }], filter)
          const stock = tableOf(false, data, [{ id: sortId, desc }], filter)
          expect(lean.ids()).toEqual(stock.ids())
          // A live update: some rows replaced by new objects, the rest the same objects.
          const next = data.slice()
          for (const [at, change] of updates) {
            if (next.length === 0) break
            const i = at % next.length
            next[i] = { id: (next[i] as R).id, ...change }
          }
          lean.setData(next)
          stock.setData(next)
          expect(lean.ids()).toEqual(stock.ids())
        },
      ),
      { numRuns: 200 },
    )
  })

  it('reuses the Row of an unchanged entity across data changes', () => {
    const data: R[] = [
      { id: 'r1', a: 1, b: 'x' },
      { id: 'r2', a: 2, b: 'y' },
    ]
    const options = {
      data,
      columns,
      state: {
        sorting: [],
        columnFilters: [],
        globalFilter: '',
        columnVisibility: {},
        columnPinning: {},
        rowPinning: { top: [], bottom: [] },
      },
      onStateChange: () => undefined,
      renderFallbackValue: null,
      getCoreRowModel: getStableCoreRowModel<R>(),
    } as unknown as TableOptionsResolved<R>
    const table = createTable(options)
    const before = table.getCoreRowModel().rows
    table.setOptions((o) => ({ ...o, data: [data[0] as R, { id: 'r2', a: 3, b: 'y' }] }))
    const after = table.getCoreRowModel().rows
    expect(after[0]).toBe(before[0])
    expect(after[1]).not.toBe(before[1])
    expect(after[1]?.getValue('a')).toBe(3)
  })
})
