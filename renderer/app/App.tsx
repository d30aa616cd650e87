import { useCallback, useEffect, useLayoutEffect, useState, type ReactElement } from 'react'
import { AlarmBanner } from '../features/alarms/AlarmBanner.tsx'
import { alarmAwareNext } from '../features/alarms/alarmRotation.ts'
import { useAlarmHold } from '../features/alarms/useAlarmHold.ts'
import { StatusStrip } from '../features/status/StatusStrip.tsx'
import { IncidentsButton } from '../features/replay/IncidentDialog.tsx'
import { ReplayBand, ReplayLauncher } from '../features/replay/ReplayBand.tsx'
import { useReplayShortcut } from '../features/replay/useReplayShortcut.ts'
import type { HostContext } from '../host/Host.ts'
import { probeHubMessages } from '../host/flushProbe.ts'
import { useHost, useHostCapabilities } from '../host/HostProvider.tsx'
import { DrillDownHost } from '../features/tables/DrillDownHost.tsx'
import { selectBoardId, selectLiveAlarms, selectReplay, selectTheme } from '../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../state/watchfloorStore.ts'
import { BoardTabs, ColorSchemeSwitch, IdentifyDisplaysButton } from './BoardTabs.tsx'
import { BoardView } from './BoardView.tsx'
import { IdentifyOverlay } from './IdentifyOverlay.tsx'
import { layoutFor, type Board } from '../board/boardSchema.ts'
import { DEFAULT_ROTATION, PRESET_BOARDS, boardById } from './boards/presets.ts'
import { chooseInitialBoard } from './chooseBoard.ts'
import { useBoardShortcuts } from './useBoardShortcuts.ts'
import { useColorScheme } from './useColorScheme.ts'
import { useMapFocusBoard } from './useMapFocusBoard.ts'

const WALL_BOARDS: readonly Board[] = PRESET_BOARDS.map((b) => layoutFor(b, 'wall'))

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
export function App(): ReactElement {
  const host = useHost()
  const capabilities = useHostCapabilities()
  const [context, setContext] = useState<HostContext>(host.context)
  const boardId = useWatchfloor(selectBoardId)
  const theme = useWatchfloor(selectTheme)
  const replaying = useWatchfloor(selectReplay) !== null
  const wall = context.mode === 'wall'
  // A wall display has no bar to start replay from: Ctrl+Shift+R.
  useReplayShortcut(host)

  // The host feeds the store: one set() per hub message.
  // (`probeHubMessages` is the apply itself unless bench:idle enabled its probe: flushProbe.ts.)
  useEffect(() => host.connect(probeHubMessages(watchfloorStore.getState().applyHubMessage)), [host])
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
  useColorScheme()
  // The boards as this display lays them out: a wall's own layouts where a board has one.
  const boards = wall ? WALL_BOARDS : PRESET_BOARDS
  // "Show" on an alarm, or a floor picked on the overview, on a board without a map: go to one.
  useMapFocusBoard(boards)

  const selectBoard = useCallback(
    (id: string) => {
      watchfloorStore.getState().setBoard(id)
      host.rememberBoard(id)
    },
    [host],
  )
  useBoardShortcuts(!wall, PRESET_BOARDS, boardId, selectBoard)

  // A wall rotates through its boards; main keeps the rotation per display. A browser wall opened
  // on a named board (`?mode=wall&board=digital-ops`: a screen that shows one board) stays on it.
  const fixedBoard = capabilities.namedBoardIsFixed && context.boardId !== null
  const rotation = wall && !fixedBoard ? (context.rotation ?? DEFAULT_ROTATION) : null
  useEffect(() => {
    if (!rotation) return
    const timer = setInterval(() => {
      const state = watchfloorStore.getState()
      // Holds on the board showing an unacknowledged high alarm until it is acknowledged.
      state.setBoard(alarmAwareNext(rotation, WALL_BOARDS, state.boardId, selectLiveAlarms(state)))
    }, rotation.intervalSeconds * 1000)
    return () => clearInterval(timer)
  }, [rotation])
  useAlarmHold(rotation, WALL_BOARDS)

  const board = layoutFor(boardById(boardId), context.mode)
  return (
    <div
      className={`app mode-${context.mode}${replaying ? ' app-replaying' : ''}`}
      data-replaying={replaying}
    >
      <StatusStrip boardLabel={wall ? wallBoardLabel(board.name, board.id, rotation) : undefined} />
      <AlarmBanner />
      <ReplayBand host={host} />
      {wall ? null : (
        <section className="board-bar" aria-label="Boards and display">
          <BoardTabs boards={PRESET_BOARDS} current={board.id} onSelect={selectBoard} />
          <ReplayLauncher host={host} />
          <IncidentsButton host={host} />
          <ColorSchemeSwitch />
          {host.identifyDisplays ? <IdentifyDisplaysButton identify={host.identifyDisplays} /> : null}
        </section>
      )}
      {boardChosen ? <BoardView board={board} theme={theme} /> : null}
      <IdentifyOverlay />
      <DrillDownHost />
    </div>
  )
}
