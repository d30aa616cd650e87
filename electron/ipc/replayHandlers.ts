/**
 * IPC channels of replay and the incident record (docs/replay.md). Replay commands go to the
 * sending window's own replay switch; incidents go to the gateway through main (the renderer's
 * CSP allows it no network). The report is built in main from the gateway's redacted history.
 */
import { incidentSaveRequestSchema, type Incident } from '../../shared/contracts/incidents.ts'
import {
  IpcChannel,
  incidentReportRequestSchema,
  noArgsSchema,
  type IpcResult,
} from '../../shared/contracts/ipc.ts'
import { replayCommandSchema } from '../../shared/contracts/replay.ts'
import type { HistoryClient } from '../../shared/hub/historyClient.ts'
import type { ReplayPorts } from '../hub/replayPorts.ts'
import type { Logger } from '../services/logger.ts'
import { defineHandler, ok, refused, type IpcHandler } from './defineHandler.ts'

/** Builds and saves an incident's report; resolves to where it was saved. */
export type ReportExporter = (incident: Incident, webContentsId: number) => Promise<IpcResult<string>>

export type ReplayHandlerDeps = {
  readonly replay: () => ReplayPorts | null
  readonly history: () => HistoryClient | null
  readonly exportReport: ReportExporter
  readonly isOurWindow: (webContentsId: number) => boolean
  readonly log: Logger
}

export function replayHandlers({
  replay,
  history,
  exportReport,
  isOurWindow,
  log,
}: ReplayHandlerDeps): IpcHandler[] {
  const notOurs = <T>(): IpcResult<T> => refused('forbidden-sender', 'not a Watchfloor window')
  const noGateway = <T>(): IpcResult<T> => refused('unavailable', 'not connected to the gateway')
  return [
    defineHandler(
      IpcChannel.replay,
      replayCommandSchema,
      log,
      async (command, { webContentsId }): Promise<IpcResult<null>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const ports = replay()
        if (ports === null) return noGateway()
        const result = await ports.command(webContentsId, command)
        return result.ok ? ok(null) : refused('failed', result.error)
      },
    ),
    defineHandler(
      IpcChannel.incidentList,
      noArgsSchema,
      log,
      async (_none, { webContentsId }): Promise<IpcResult<readonly Incident[]>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const client = history()
        if (client === null) return noGateway()
        const result = await client.listIncidents()
        return result.ok ? ok(result.value) : refused('failed', result.error)
      },
    ),
    defineHandler(
      IpcChannel.incidentSave,
      incidentSaveRequestSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<Incident>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const client = history()
        if (client === null) return noGateway()
        const result = await client.saveIncident(request)
        return result.ok ? ok(result.incident) : refused('failed', result.error)
      },
    ),
    defineHandler(
      IpcChannel.incidentReport,
      incidentReportRequestSchema,
      log,
      async ({ incidentId }, { webContentsId }): Promise<IpcResult<string>> => {
        if (!isOurWindow(webContentsId)) return notOurs()
        const client = history()
        if (client === null) return noGateway()
        const list = await client.listIncidents()
        if (!list.ok) return refused('failed', list.error)
        const incident = list.value.find((i) => i.id === incidentId)
        if (incident === undefined) return refused('failed', `no incident ${incidentId}`)
        return exportReport(incident, webContentsId)
      },
    ),
  ]
}
