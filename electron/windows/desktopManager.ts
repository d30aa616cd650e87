/**
 * Desktop mode: one normal window that remembers its bounds (reused only when they are on a
 * display that exists), a menu with the boards, identify, mute and reload, and its shortcuts.
 */
import type { BoardsAvailable, WindowContext } from '../../shared/contracts/ipc.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import type { Logger } from '../services/logger.ts'
import type { Settings } from '../services/settings.ts'
import { chooseDesktopBounds } from './desktopBounds.ts'
import { buildDesktopMenu, stepBoard } from './desktopMenu.ts'
import type { MenuCommand, MenuSpec } from './desktopMenu.ts'
import type { AppWindow, ScreenPort, WindowFactory } from '../core/ports.ts'
import type { WindowDirectory } from '../core/windowDirectory.ts'

export type DesktopSettings = Settings['desktop']

export type DesktopManagerDeps = {
  readonly screen: ScreenPort
  readonly windows: WindowFactory
  readonly log: Logger
  readonly loadDesktop: () => DesktopSettings
  readonly saveDesktop: (change: (current: DesktopSettings) => DesktopSettings) => void
  readonly baseContext: () => Pick<WindowContext, 'mute' | 'appVersion'>
  /** Installs the application menu; `onCommand` runs when an item is chosen. */
  readonly setMenu: (menu: MenuSpec, onCommand: (command: MenuCommand) => void) => void
  /** Mute for `minutes` (null unmutes). */
  readonly mute: (minutes: number | null) => void
  readonly quit: () => void
  readonly onWindowCreated?: (window: AppWindow) => void
}

export type DesktopManager = WindowDirectory & {
  start(): void
  stop(): void
  /** Runs a menu command (also used by tests). */
  run(command: MenuCommand): void
  /** Shows the window again (second instance launched). */
  focus(): void
}

export function createDesktopManager(deps: DesktopManagerDeps): DesktopManager {
  const { log } = deps
  let window: AppWindow | null = null
  let boards: BoardsAvailable['boards'] = []
  let stopping = false

  const contextOf = (): WindowContext => {
    const s = deps.loadDesktop()
    return {
      mode: 'desktop',
      displayNumber: null,
      displayCount: deps.screen.getAllDisplays().length,
      boardId: s.boardId,
      rotation: s.rotation,
      soundWindow: true,
      ...deps.baseContext(),
    }
  }

  const refreshMenu = (): void => {
    deps.setMenu(
      buildDesktopMenu({
        boards,
        currentBoardId: deps.loadDesktop().boardId,
        muted: deps.baseContext().mute.mutedUntil !== null,
      }),
      run,
    )
  }

  const isOurs = (id: number): boolean =>
    window !== null && !window.isDestroyed() && window.webContentsId === id

  const sendContext = (): void => {
    if (window !== null && !window.isDestroyed()) window.send(IpcChannel.contextChanged, contextOf())
  }

  const setBoard = (boardId: string): WindowContext => {
    deps.saveDesktop((d) => ({ ...d, boardId }))
    refreshMenu()
    sendContext()
    return contextOf()
  }

  function run(command: MenuCommand): void {
    switch (command.type) {
      case 'board':
        setBoard(command.boardId)
        return
      case 'next-board':
      case 'previous-board': {
        const next = stepBoard(boards, deps.loadDesktop().boardId, command.type === 'next-board' ? 1 : -1)
        if (next !== null) setBoard(next)
        return
      }
      case 'identify':
        directory.identify()
        return
      case 'mute':
        deps.mute(command.minutes)
        return
      case 'unmute':
        deps.mute(null)
        return
      case 'reload':
        window?.reload()
        return
      case 'toggle-fullscreen':
        window?.setFullScreen(!window.isFullScreen())
        return
      case 'quit':
        deps.quit()
        return
      default: {
        const never: never = command
        log.warn('unknown menu command', { command: JSON.stringify(never) })
      }
    }
  }

  const directory: WindowDirectory = {
    contextFor: (id) => (isOurs(id) ? contextOf() : null),
    setBoard: (id, boardId) => (isOurs(id) ? setBoard(boardId) : null),
    reportBoards: (id, reported) => {
      if (!isOurs(id)) return
      boards = reported
      refreshMenu()
    },
    identify: () => {
      if (window === null || window.isDestroyed()) return
      // A desktop has no wall numbering; say which display the window is on.
      window.send(IpcChannel.showIdentify, {
        displayNumber: 1,
        displayCount: 1,
        label: 'This window',
        durationMs: 3000,
      })
    },
    broadcastContext: () => {
      sendContext()
      refreshMenu()
    },
    windows: () => (window === null || window.isDestroyed() ? [] : [window]),
    soundWindow: () => (window === null || window.isDestroyed() ? null : window),
  }

  return {
    ...directory,
    run,
    start() {
      stopping = false
      const displays = deps.screen.getAllDisplays()
      const saved = deps.loadDesktop().bounds
      const bounds = chooseDesktopBounds(saved, displays, deps.screen.getPrimaryDisplay())
      if (saved !== null && bounds !== saved) log.info('saved window bounds are off-screen; using defaults')
      const w = deps.windows.create({ kind: 'desktop', bounds, title: 'Watchfloor' })
      window = w
      w.on('ready-to-show', () => w.show())
      w.on('close', () => {
        // Remember where the user put it — unless fullscreen, whose bounds are the display's.
        if (!w.isFullScreen()) deps.saveDesktop((d) => ({ ...d, bounds: w.getBounds() }))
      })
      w.on('closed', () => {
        if (window === w) window = null
        if (!stopping) deps.quit()
      })
      refreshMenu()
      deps.onWindowCreated?.(w)
    },
    stop() {
      stopping = true
      if (window !== null && !window.isDestroyed()) window.close()
      window = null
    },
    focus() {
      window?.show()
    },
  }
}
