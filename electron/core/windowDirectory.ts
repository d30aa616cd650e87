/**
 * What the IPC handlers, the hub and the notifier need from whichever window manager runs (wall
 * or desktop): find a window by its sender, change what it shows, and reach the windows.
 */
import type { BoardId, BoardsAvailable, WindowContext } from '../../shared/contracts/ipc.ts'
import type { AppWindow } from './ports.ts'

export type WindowDirectory = {
  /** The context of the window whose web contents has this id, or null if it is not ours. */
  contextFor(webContentsId: number): WindowContext | null
  setBoard(webContentsId: number, boardId: BoardId): WindowContext | null
  /** The boards the renderer knows (used by the desktop menu; ignored on walls). */
  reportBoards(webContentsId: number, boards: BoardsAvailable['boards']): void
  /** Shows every window's display number for a few seconds. */
  identify(): void
  /** Re-sends every window its context (e.g. after mute changed). */
  broadcastContext(): void
  windows(): readonly AppWindow[]
  /** The one window that plays alarm sound for the app instance, if any is open. */
  soundWindow(): AppWindow | null
}
