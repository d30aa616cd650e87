import type { Board, Rotation } from '../board/boardSchema.ts'
import type { HostContext } from '../host/Host.ts'
import { COLLABORATIVE_BOARD_IDS } from './boards/presets.ts'

/**
 * The board a window opens on: the one remembered for it, else the start of its rotation, else on
 * a wall the preset matching its display number (so a fresh wall shows every preset once), else
 * the first preset.
 */
export function chooseInitialBoard(context: HostContext, boards: readonly Board[]): string {
  const known = (id: string | null | undefined): id is string =>
    Boolean(id && boards.some((b) => b.id === id))
  if (known(context.boardId)) return context.boardId
  const rotationStart = context.rotation?.boardIds.find(known)
  if (rotationStart) return rotationStart
  // A collaborative's board needs several gateways: a fresh wall's displays take the others.
  const fresh = boards.filter((b) => !COLLABORATIVE_BOARD_IDS.includes(b.id))
  if (context.displayNumber !== null && fresh.length > 0) {
    const board = fresh[(context.displayNumber - 1) % fresh.length]
    if (board) return board.id
  }
  return boards[0]?.id ?? ''
}

/** The board after `current` in a rotation (wrapping); the rotation's first if `current` is not in it. */
export function nextInRotation(rotation: Rotation, current: string): string {
  const index = rotation.boardIds.indexOf(current)
  const next = rotation.boardIds[(index + 1) % rotation.boardIds.length]
  return next ?? current
}
