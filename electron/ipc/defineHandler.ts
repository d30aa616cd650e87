/**
 * One shape for every IPC handler: check the sender, parse the single argument with the channel's
 * schema, run, and always resolve to an `IpcResult` — a refused or failed call is a value, never
 * an exception crossing IPC.
 */
import type { z } from 'zod'
import type { IpcChannelName, IpcResult } from '../../shared/contracts/ipc.ts'
import type { Logger } from '../services/logger.ts'
import { checkSender } from './checkSender.ts'
import type { IpcSenderEvent } from './checkSender.ts'

export type HandlerContext = { readonly webContentsId: number }

export type IpcHandler = {
  readonly channel: IpcChannelName
  /** What `ipcMain.handle(channel, …)` calls. */
  readonly invoke: (event: IpcSenderEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>
}

export function refused<T>(
  error: 'forbidden-sender' | 'invalid-arguments' | 'unavailable' | 'failed',
  message: string,
): IpcResult<T> {
  return { ok: false, error, message }
}

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

export function defineHandler<S extends z.ZodType, T>(
  channel: IpcChannelName,
  schema: S,
  log: Logger,
  run: (args: z.infer<S>, context: HandlerContext) => Promise<IpcResult<T>> | IpcResult<T>,
): IpcHandler {
  return {
    channel,
    invoke: async (event, ...args) => {
      const sender = checkSender(event)
      if (!sender.ok) {
        log.warn('ipc refused: sender', { channel, reason: sender.reason, webContentsId: event.sender.id })
        return refused('forbidden-sender', `refused: ${sender.reason}`)
      }
      if (args.length > 1) {
        log.warn('ipc refused: arguments', { channel, count: args.length })
        return refused('invalid-arguments', 'expected at most one argument')
      }
      const parsed = schema.safeParse(args[0])
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        log.warn('ipc refused: arguments', { channel, issues: parsed.error.issues.length })
        return refused(
          'invalid-arguments',
          issue === undefined ? 'invalid' : `${issue.path.join('.') || 'argument'}: ${issue.message}`,
        )
      }
      try {
        return await run(parsed.data, { webContentsId: sender.webContentsId })
      } catch (error) {
        log.error('ipc handler failed', { channel, error: (error as Error).name })
        return refused('failed', 'the app could not complete this request')
      }
    },
  }
}
