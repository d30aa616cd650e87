/**
 * Counts per value for a table's chip columns. A full pass over the rows, so at most every few
 * seconds on a big table (the chips are labels, not the data), at once when the table's size or
 * chip columns change.
 */
import { useRef } from 'react'
import type { CellValue, ColumnSpec, TableRow } from './entityTables.ts'
import { keyOf } from './tableColumns.ts'

export type FacetCounts = Map<string, Map<string, number>>

/** Counts per value for the chip columns, one pass over the rows. */
export function countFacets(
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

/** The facet counts for this render, recounted only when they may have changed (see above). */
export function useFacetCounts(
  rows: readonly TableRow[],
  chipColumns: readonly ColumnSpec[],
  now: number,
): FacetCounts {
  const facetCache = useRef<{
    at: number
    size: number
    chips: readonly ColumnSpec[]
    facets: FacetCounts
  } | null>(null)
  const facetEvery = rows.length > 10_000 ? 5_000 : 0
  const cached = facetCache.current
  if (
    cached !== null &&
    cached.size === rows.length &&
    cached.chips === chipColumns &&
    now - cached.at < facetEvery
  )
    return cached.facets
  const next = { at: now, size: rows.length, chips: chipColumns, facets: countFacets(rows, chipColumns) }
  facetCache.current = next
  return next.facets
}
