/** IPC channels about the calling window: its context, its board, the hub port, identify. */
import {
  IpcChannel,
  boardsAvailableSchema,
  noArgsSchema,
  setBoardRequestSchema,
} from '../../shared/contracts/ipc.ts'
import type { IpcResult, WindowContext } from '../../shared/contracts/ipc.ts'
import type { WindowDirectory } from '../core/windowDirectory.ts'
import type { Logger } from '../services/logger.ts'
import { defineHandler, ok, refused } from './defineHandler.ts'
import type { IpcHandler } from './defineHandler.ts'

export type WindowHandlerDeps = {
  readonly directory: WindowDirectory
  /** Creates a hub MessagePort pair, attaches one end to the hub and posts the other to the window. */
  readonly connectHub: (webContentsId: number) => boolean
  readonly log: Logger
}

const notOurs = <T>(): IpcResult<T> => refused('forbidden-sender', 'not a Watchfloor window')
const contextResult = (context: WindowContext | null): IpcResult<WindowContext> =>
  context === null ? notOurs() : ok(context)

export function windowHandlers({ directory, connectHub, log }: WindowHandlerDeps): IpcHandler[] {
  return [
    defineHandler(IpcChannel.windowContext, noArgsSchema, log, (_a, { webContentsId }) =>
      contextResult(directory.contextFor(webContentsId)),
    ),
    defineHandler(IpcChannel.connectHub, noArgsSchema, log, (_a, { webContentsId }) => {
      if (directory.contextFor(webContentsId) === null) return notOurs()
      return connectHub(webContentsId) ? ok(null) : refused('unavailable', 'the hub is not running')
    }),
    defineHandler(IpcChannel.setBoard, setBoardRequestSchema, log, ({ boardId }, { webContentsId }) =>
      contextResult(directory.setBoard(webContentsId, boardId)),
    ),
    defineHandler(IpcChannel.boardsAvailable, boardsAvailableSchema, log, ({ boards }, { webContentsId }) => {
      if (directory.contextFor(webContentsId) === null) return notOurs()
      directory.reportBoards(webContentsId, boards)
      return ok(null)
    }),
    defineHandler(IpcChannel.identify, noArgsSchema, log, (_a, { webContentsId }) => {
      if (directory.contextFor(webContentsId) === null) return notOurs()
      directory.identify()
      return ok(null)
    }),
  ]
}
