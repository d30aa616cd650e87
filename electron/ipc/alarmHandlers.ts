/** IPC channels that act on alerts and alarms: they go through the hub to the gateway. */
import { alarmActionRequestSchema, alertAckRequestSchema } from '../../shared/contracts/feed.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import { alertRespondRequestSchema, nhsAlertInputSchema } from '../../shared/contracts/cyberResponse.ts'
import type { AlertAck, CyberAlert } from '../../shared/contracts/entities.ts'
import { IpcChannel, alarmHistoryRequestSchema, muteRequestSchema } from '../../shared/contracts/ipc.ts'
import type { IpcResult, MuteState } from '../../shared/contracts/ipc.ts'
import type { Logger } from '../services/logger.ts'
import { defineHandler, ok, refused } from './defineHandler.ts'
import type { IpcHandler } from './defineHandler.ts'
import type { HubActions } from '../core/hubActions.ts'

export type MuteControl = {
  /** Mutes alarm sound until `until` (null unmutes); returns the resulting state. */
  setMute(until: number | null): MuteState
}

/** The alarm journal's records, oldest first (null while there is no journal). */
export type AlarmHistorySource = () => readonly AlarmTransition[] | null

export type AlarmHandlerDeps = {
  readonly hub: () => HubActions | null
  readonly mute: MuteControl
  readonly history: AlarmHistorySource
  readonly isOurWindow: (webContentsId: number) => boolean
  readonly log: Logger
}

export function alarmHandlers({ hub, mute, history, isOurWindow, log }: AlarmHandlerDeps): IpcHandler[] {
  const notOurs = <T>(): IpcResult<T> => refused('forbidden-sender', 'not a Watchfloor window')
  const noHub = <T>(): IpcResult<T> => refused('unavailable', 'not connected to the gateway')
  return [
    defineHandler(
      IpcChannel.alertAck,
      alertAckRequestSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<AlertAck>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const h = hub()
        if (h === null) return noHub()
        const response = await h.alertAck(request)
        return response.ok ? ok(response.ack) : refused('failed', response.error)
      },
    ),
    defineHandler(
      IpcChannel.alarmAction,
      alarmActionRequestSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<AlarmActionRecord>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const h = hub()
        if (h === null) return noHub()
        const response = await h.alarmAction(request)
        return response.ok ? ok(response.record) : refused('failed', response.error)
      },
    ),
    defineHandler(
      IpcChannel.alertRespond,
      alertRespondRequestSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<CyberAlert>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const h = hub()
        if (h === null) return noHub()
        const response = await h.alertRespond(request)
        return response.ok ? ok(response.alert) : refused('failed', response.error)
      },
    ),
    defineHandler(
      IpcChannel.nhsAlertRecord,
      nhsAlertInputSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<CyberAlert>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const h = hub()
        if (h === null) return noHub()
        // Checked here, sent on as the gateway parses it (the schema is the same on both sides).
        const response = await h.nhsAlertRecord(request)
        return response.ok ? ok(response.alert) : refused('failed', response.error)
      },
    ),
    defineHandler(
      IpcChannel.mute,
      muteRequestSchema,
      log,
      ({ until }, { webContentsId }): IpcResult<MuteState> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        return ok(mute.setMute(until))
      },
    ),
    defineHandler(
      IpcChannel.alarmHistory,
      alarmHistoryRequestSchema,
      log,
      ({ limit }, { webContentsId }): IpcResult<readonly AlarmTransition[]> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const records = history()
        return records === null ? refused('unavailable', 'no alarm journal') : ok(records.slice(-limit))
      },
    ),
  ]
}
