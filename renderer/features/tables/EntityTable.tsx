import { useCallback, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react'
import type { RealtimeTopic, Topic } from '../../../shared/contracts/entities.ts'
import type { EntityOf } from '../../../shared/contracts/entities.ts'
import { isRowOf, type AnyRowSet, type RowConfig } from '../../../shared/domain/kpis/kpiRows.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import { buildSiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { memoByRef, selectSelection, selectSiteModel } from '../../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { useNow } from '../../ui/useNow.ts'
import { DataTable, type TableView } from './DataTable.tsx'
import { createRowCache, ENTITY_TABLES } from './entityTables.ts'
import { tableProbe } from './tableProbe.ts'
import { useThrottledEntities } from './useThrottledEntities.ts'
import { WALL_MIN_TEXT_REM, wallRootPx } from './wallType.ts'

const siteIndexOf = memoByRef(buildSiteIndex)

/** A wall row that may wrap: two lines of the wall's minimum type (1.15 line height), and padding. */
const WALL_TWO_LINES_EM = 2 * 1.15 + 0.5

/** A wall table's row height in px: one line, or two where a column wraps (`ColumnSpec.wallWrap`). */
function wallRowHeight(wraps: boolean): number {
  if (!wraps) return 38
  return Math.ceil(wallRootPx() * WALL_MIN_TEXT_REM * WALL_TWO_LINES_EM)
}

/** How often a table takes new data from the store. */
export const TABLE_REFRESH_MS = 1000

/**
 * The table of one topic, live from the store: rows rebuilt at most once per refresh (unchanged
 * entities keep their row objects), selection shared with the map.
 */
export function EntityTable({
  entity,
  view,
  rows: only,
  desktop,
  wall,
}: {
  readonly entity: RealtimeTopic
  readonly view: TableView
  /**
   * Only the rows of this set in this scope: a KPI's drill-down, filtered by the same predicate the
   * tile counted with (kpiRows.ts), on the table's clock.
   */
  readonly rows?:
    { readonly set: AnyRowSet; readonly scope: KpiScope; readonly config: RowConfig } | undefined
  readonly desktop: boolean
  readonly wall: boolean
}): ReactElement {
  const spec = ENTITY_TABLES[entity]
  // Scrolling holds back new data for a moment: a 50k-row update is a long task, and it must not
  // land in the middle of a scroll gesture.
  const scrollingUntil = useRef(0)
  const hold = useCallback(() => performance.now() < scrollingUntil.current, [])
  const onScrollActivity = useCallback(() => {
    scrollingUntil.current = performance.now() + 400
  }, [])
  const map = useThrottledEntities(entity, TABLE_REFRESH_MS, hold)
  // Time from new data to the table committed in the DOM (read by the bench through tableProbe).
  const updateStarted = useRef<number | null>(null)
  const lastMap = useRef(map)
  if (lastMap.current !== map) {
    lastMap.current = map
    updateStarted.current = performance.now()
  }
  const siteModel = useWatchfloor(selectSiteModel)
  const index = siteModel === null ? null : siteIndexOf(siteModel)
  const rowsOf = useMemo(() => createRowCache(spec), [spec])
  // "now" moves with the data refresh, so ages in the table tick at the same pace. A drill-down's
  // rows can depend on the clock alone (a clean becomes overdue with no message), so its clock
  // also ticks every refresh; a plain table's does not (a 50k-row re-render per second for nothing).
  const tick = useNow(only === undefined ? 3_600_000 : TABLE_REFRESH_MS)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- map and tick are the triggers: the clock reads once per refresh
  const now = useMemo(() => Date.now(), [map, tick])
  const allRows = useMemo(() => rowsOf(map as ReadonlyMap<string, unknown>, index), [rowsOf, map, index])
  const rows = useMemo(() => {
    if (only === undefined) return allRows
    const entities = map as ReadonlyMap<string, EntityOf[Topic]>
    const ctx = { index, now, config: only.config }
    return allRows.filter((row) => {
      const e = entities.get(row.id)
      return e !== undefined && isRowOf(only.set as never, e as never, only.scope, ctx)
    })
  }, [allRows, only, map, index, now])
  useLayoutEffect(() => {
    if (updateStarted.current === null) return
    tableProbe.updates.push({ ms: performance.now() - updateStarted.current, rows: rows.length, entity })
    updateStarted.current = null
  })
  const selection = useWatchfloor(selectSelection)
  const selectedId = selection !== null && selection.kind === spec.selectionKind ? selection.id : null
  const onSelect = useCallback(
    (id: string) => watchfloorStore.getState().select({ kind: spec.selectionKind, id }),
    [spec.selectionKind],
  )
  const wraps = wall && spec.columns.some((c) => c.wallWrap === true)
  // Read once: a wall's size does not change while it shows a board.
  const wallRow = useMemo(() => wallRowHeight(wraps), [wraps])
  const received = useWatchfloor((s) => s.received)
  if (!received) return <PanelMessage>Waiting for data…</PanelMessage>
  return (
    <DataTable
      spec={spec}
      rows={rows}
      now={now}
      view={view}
      selectedId={selectedId}
      onSelect={onSelect}
      desktop={desktop}
      rowHeight={wall ? wallRow : 26}
      onScrollActivity={onScrollActivity}
    />
  )
}
