/**
 * Which columns a table shows: the panel's choice, else the wall's few wide ones on a wall, the
 * compact set in a narrow desktop panel, else the table's defaults — until the user picks columns,
 * which then stick. Watches the table's width for "narrow".
 */
import { useEffect, useMemo, useState, type RefObject } from 'react'
import type { VisibilityState } from '@tanstack/react-table'
import type { EntityTableSpec } from './entityTables.ts'

/** Below this width a desktop table starts with its compact columns. */
const NARROW_PX = 900

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
      setNarrow(width > 0 && width < NARROW_PX)
    })
    observer.observe(el)
    return () => observer.disconnect()
    // The root element is there from the first render and stays.
  }, [rootRef])
  const [chosenVisibility, setColumnVisibility] = useState<VisibilityState | null>(null)
  const columnVisibility = useMemo<VisibilityState>(() => {
    if (chosenVisibility) return chosenVisibility
    const chosen = columns ?? (!desktop ? spec.wallColumns : narrow ? spec.compactColumns : null)
    return Object.fromEntries(
      spec.columns.map((c) => [c.id, c.internal ? false : chosen ? chosen.includes(c.id) : c.visible]),
    )
  }, [chosenVisibility, columns, desktop, narrow, spec])

  return [columnVisibility, setColumnVisibility] as const
}
