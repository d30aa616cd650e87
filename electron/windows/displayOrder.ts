/**
 * Display numbering and the display → board memory. Numbers run left to right, then top to
 * bottom, so "display 2" means the same screen to the operator and to the settings file.
 */
import type { BoardId, Rotation } from '../../shared/contracts/ipc.ts'
import type { DisplayAssignment } from '../services/settings.ts'
import type { DisplayInfo } from '../core/ports.ts'

/** Displays in wall order: by x, then y, then id (stable for identical positions). */
export function orderDisplays(displays: readonly DisplayInfo[]): DisplayInfo[] {
  return [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id)
}

/**
 * Finds the remembered assignment for a display: by id, then by label (when non-empty and unique
 * among the saved entries), then by position. Returns its index in `saved`, or -1.
 */
export function findAssignment(
  saved: readonly DisplayAssignment[],
  display: DisplayInfo,
  position: number,
  claimed: ReadonlySet<number> = new Set(),
): number {
  const free = (i: number): boolean => !claimed.has(i)
  const byId = saved.findIndex((a, i) => free(i) && a.displayId === display.id)
  if (byId >= 0) return byId
  if (display.label !== '') {
    const byLabel = saved.flatMap((a, i) => (free(i) && a.label === display.label ? [i] : []))
    if (byLabel.length === 1 && byLabel[0] !== undefined) return byLabel[0]
  }
  return saved.findIndex((a, i) => free(i) && a.position === position)
}

export type ResolvedAssignment = { readonly boardId: BoardId | null; readonly rotation: Rotation | null }

/**
 * Matches every current display to its saved assignment and refreshes the saved id, label and
 * position, keeping entries of displays that are unplugged (so replugging restores their board).
 */
export function resolveAssignments(
  saved: readonly DisplayAssignment[],
  ordered: readonly DisplayInfo[],
): { readonly byDisplayId: ReadonlyMap<number, ResolvedAssignment>; readonly saved: DisplayAssignment[] } {
  const next = [...saved]
  const claimed = new Set<number>()
  const byDisplayId = new Map<number, ResolvedAssignment>()
  // First pass by id only, so a display keeping its id is never stolen by another's label/position.
  const pending: { display: DisplayInfo; position: number }[] = []
  ordered.forEach((display, position) => {
    const i = next.findIndex((a, j) => !claimed.has(j) && a.displayId === display.id)
    if (i >= 0) claimed.add(i)
    else pending.push({ display, position })
    if (i >= 0) refresh(i, display, position)
  })
  for (const { display, position } of pending) {
    const i = findAssignment(next, display, position, claimed)
    if (i >= 0) {
      claimed.add(i)
      refresh(i, display, position)
    } else {
      next.push({ displayId: display.id, label: display.label, position, boardId: null, rotation: null })
      claimed.add(next.length - 1)
      byDisplayId.set(display.id, { boardId: null, rotation: null })
    }
  }
  return { byDisplayId, saved: next }

  function refresh(i: number, display: DisplayInfo, position: number): void {
    const a = next[i]
    if (a === undefined) return
    next[i] = { ...a, displayId: display.id, label: display.label, position }
    byDisplayId.set(display.id, { boardId: a.boardId, rotation: a.rotation })
  }
}

/** Whether two rectangles are the same. */
export function sameRect(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height
}
