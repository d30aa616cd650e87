/**
 * deck.gl's partial updates (`_dataDiff`, deck.gl 9): when a layer gets a new `data` array, deck.gl
 * asks this which rows changed and recomputes only those rows' attributes, instead of every row of
 * every attribute. The map's layer data are arrays of immutable rows, a row replaced only when what
 * it draws changed (a bed's new state, a device's new status), so "changed" is a reference test.
 *
 * deck.gl diffs a layer against the props it last *drew*, not the last ones React set: several
 * flushes folded into one frame are compared as one change, old frame to new — which is why the
 * diff compares the two arrays it is handed rather than tracking what each flush touched.
 */

/** A half-open range of rows, as deck.gl takes it. */
export type RowRange = { readonly startRow: number; readonly endRow: number }

/**
 * The ranges of rows where `next` and `previous` hold different objects; null when the lengths
 * differ (rows added or dropped: deck.gl then re-lays the layer out whole, its well-trodden path).
 */
export function changedRows(next: readonly unknown[], previous: readonly unknown[]): RowRange[] | null {
  if (next.length !== previous.length) return null
  const ranges: RowRange[] = []
  const common = next.length
  let start = -1
  for (let i = 0; i < common; i++) {
    if (next[i] !== previous[i]) {
      if (start < 0) start = i
    } else if (start >= 0) {
      ranges.push({ startRow: start, endRow: i })
      start = -1
    }
  }
  if (start >= 0) ranges.push({ startRow: start, endRow: common })
  return ranges
}

/** `_dataDiff` for a layer whose data is such an array (anything else: deck.gl's full update). */
export function rowDiff(next: unknown, previous: unknown): RowRange[] | undefined {
  if (!Array.isArray(next) || !Array.isArray(previous)) return undefined
  return changedRows(next, previous) ?? undefined
}

/**
 * The `_dataDiff` prop as deck.gl types it (always ranges). At run time deck.gl 9.4 takes a falsy
 * answer as "diff unknown" and updates the layer whole (`_dataDiff(data, oldData) || dataChanged`
 * in @deck.gl/core lifecycle/props.js), which is what undefined means here.
 */
export type DataDiff = (newData: unknown, oldData?: unknown) => { startRow: number; endRow?: number }[]

export const layerRowDiff = rowDiff as DataDiff
