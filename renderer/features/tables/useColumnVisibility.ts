/**
 * Which columns a table shows: the panel's choice, else the wall's few wide ones on a wall (fewer
 * still in a narrow wall panel), the compact set in a narrow desktop panel, else the table's
 * defaults — until the user picks columns, which then stick. Watches the table's width for "narrow".
 */
import { useEffect, useMemo, useState, type RefObject } from 'react'
import type { VisibilityState } from '@tanstack/react-table'
import type { EntityTableSpec } from './entityTables.ts'
import { wallRootPx } from './wallType.ts'

/** Below this width a desktop table starts with its compact columns. */
const NARROW_PX = 900

/**
 * Below this width, in the wall's root type size, a wall table shows its narrow wall columns: a
 * two-line wall row holds a 70-character alert title from about 36 em of table up (the cyber wall's
 * table is 38 em wide, the digital-operations wall's 32 em, at 1080p and at 768p alike).
 */
export const WALL_NARROW_EM = 36

export function useColumnVisibility(
  rootRef: RefObject<HTMLElement | null>,
  spec: EntityTableSpec,
  columns: readonly string[] | undefined,
  desktop: boolean,
): readonly [VisibilityState, (next: VisibilityState) => void] {
  const [narrow, setNarrow] = useState(false)
  useEffect(() => {
    const el = rootRef.current
    if (!el) return
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0
      const limit = desktop ? NARROW_PX : WALL_NARROW_EM * wallRootPx()
      setNarrow(width > 0 && width < limit)
    })
    observer.observe(el)
    return () => observer.disconnect()
    // The root element is there from the first render and stays.
  }, [rootRef, desktop])
  const [chosenVisibility, setColumnVisibility] = useState<VisibilityState | null>(null)
  const columnVisibility = useMemo<VisibilityState>(() => {
    if (chosenVisibility) return chosenVisibility
    const chosen = columns ?? defaultColumns(spec, desktop, narrow)
    return Object.fromEntries(
      spec.columns.map((c) => [c.id, c.internal ? false : chosen ? chosen.includes(c.id) : c.visible]),
    )
  }, [chosenVisibility, columns, desktop, narrow, spec])

  return [columnVisibility, setColumnVisibility] as const
}

/** The columns a table starts with where its panel chose none (null: each column's own default). */
function defaultColumns(spec: EntityTableSpec, desktop: boolean, narrow: boolean): readonly string[] | null {
  if (desktop) return narrow ? spec.compactColumns : null
  return narrow ? (spec.wallNarrowColumns ?? spec.wallColumns) : spec.wallColumns
}
