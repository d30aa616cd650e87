import { useEffect } from 'react'
import { useWatchfloor, watchfloorStore } from '../state/watchfloorStore.ts'
import { boardForMapFocus, type BoardWithPanels } from './mapFocusBoard.ts'

/** On each new map request, shows a board with a map (the map itself then goes to the place). */
export function useMapFocusBoard(boards: readonly BoardWithPanels[]): void {
  const seq = useWatchfloor((s) => s.mapFocus?.seq ?? 0)
  useEffect(() => {
    if (seq === 0) return
    const state = watchfloorStore.getState()
    state.setBoard(boardForMapFocus(boards, state.boardId))
  }, [seq, boards])
}
