import { useCallback, useEffect, useLayoutEffect, useState, type ReactElement } from 'react'
import { AlarmBanner } from '../features/alarms/AlarmBanner.tsx'
import { alarmAwareNext } from '../features/alarms/alarmRotation.ts'
import { useAlarmHold } from '../features/alarms/useAlarmHold.ts'
import { StatusStrip } from '../features/status/StatusStrip.tsx'
import type { Host, HostContext } from '../host/Host.ts'
import { selectBoardId, selectTheme } from '../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../state/watchfloorStore.ts'
import { BoardTabs } from './BoardTabs.tsx'
import { BoardView } from './BoardView.tsx'
import { IdentifyOverlay } from './IdentifyOverlay.tsx'
import { DEFAULT_ROTATION, PRESET_BOARDS, boardById } from './boards/presets.ts'
import { chooseInitialBoard } from './chooseBoard.ts'
import { useBoardShortcuts } from './useBoardShortcuts.ts'

/** The board's name on a wall, with its place in the rotation ("Capacity 1/3"). */
function wallBoardLabel(
  name: string,
  id: string,
  rotation: { readonly boardIds: readonly string[] } | null,
): string {
  const index = rotation ? rotation.boardIds.indexOf(id) : -1
  return index < 0 || !rotation ? name : `${name} ${index + 1}/${rotation.boardIds.length}`
}

/** The window: status strip, board tabs on a desktop, the board; a rotation on a wall. */
export function App({ host }: { readonly host: Host }): ReactElement {
  const [context, setContext] = useState<HostContext>(host.context)
  const boardId = useWatchfloor(selectBoardId)
  const theme = useWatchfloor(selectTheme)
  const wall = context.mode === 'wall'

  // The host feeds the store: one set() per hub message.
  useEffect(() => host.connect(watchfloorStore.getState().applyHubMessage), [host])
  useEffect(() => host.onContextChanged(setContext), [host])
  useEffect(() => {
    host.reportBoards(PRESET_BOARDS.map((b) => ({ id: b.id, title: b.name })))
  }, [host])

  // The first render draws no board: the store's default board is not this window's, and drawing
  // it would start loading what it needs (the floor map's chunk) for a board never shown.
  const [boardChosen, setBoardChosen] = useState(false)
  useLayoutEffect(() => {
    const state = watchfloorStore.getState()
    state.setTheme(context.mode === 'wall' ? 'wall' : 'desktop')
    state.setBoard(chooseInitialBoard(context, PRESET_BOARDS))
    setBoardChosen(true)
  }, [context])

  useLayoutEffect(() => {
    document.documentElement.dataset['theme'] = theme
  }, [theme])

  const selectBoard = useCallback(
    (id: string) => {
      watchfloorStore.getState().setBoard(id)
      host.rememberBoard(id)
    },
    [host],
  )
  useBoardShortcuts(!wall, PRESET_BOARDS, boardId, selectBoard)

  // A wall rotates through its boards; main keeps the rotation per display.
  const rotation = wall ? (context.rotation ?? DEFAULT_ROTATION) : null
  useEffect(() => {
    if (!rotation) return
    const timer = setInterval(() => {
      const state = watchfloorStore.getState()
      // Holds on the board showing an unacknowledged high alarm until it is acknowledged.
      state.setBoard(alarmAwareNext(rotation, PRESET_BOARDS, state.boardId, state.alarms))
    }, rotation.intervalSeconds * 1000)
    return () => clearInterval(timer)
  }, [rotation])
  useAlarmHold(rotation, PRESET_BOARDS)

  const board = boardById(boardId)
  return (
    <div className={`app mode-${context.mode}`}>
      <StatusStrip boardLabel={wall ? wallBoardLabel(board.name, board.id, rotation) : undefined} />
      <AlarmBanner host={host} />
      {wall ? null : <BoardTabs boards={PRESET_BOARDS} current={board.id} onSelect={selectBoard} />}
      {boardChosen ? <BoardView board={board} theme={theme} /> : null}
      <IdentifyOverlay host={host} />
    </div>
  )
}
