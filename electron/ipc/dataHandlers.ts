/** IPC channels that fetch gateway documents for the renderer (it has no network access itself). */
import { IpcChannel, floorPlanRequestSchema, sitrepRequestSchema } from '../../shared/contracts/ipc.ts'
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import { kpiSeriesRequestSchema } from '../../shared/contracts/kpiSeries.ts'
import type { GatewayDocuments } from '../services/gatewayDocuments.ts'
import type { Logger } from '../services/logger.ts'
import { defineHandler, refused } from './defineHandler.ts'
import type { IpcHandler } from './defineHandler.ts'

export type DataHandlerDeps = {
  readonly documents: GatewayDocuments
  readonly isOurWindow: (webContentsId: number) => boolean
  readonly log: Logger
}

export function dataHandlers({ documents, isOurWindow, log }: DataHandlerDeps): IpcHandler[] {
  return [
    defineHandler(
      IpcChannel.floorPlan,
      floorPlanRequestSchema,
      log,
      async ({ levelId }, { webContentsId }): Promise<IpcResult<unknown>> => {
        if (!isOurWindow(webContentsId)) return refused('forbidden-sender', 'not a Watchfloor window')
        return documents.floorPlan(levelId)
      },
    ),
    defineHandler(
      IpcChannel.sitrep,
      sitrepRequestSchema,
      log,
      async ({ day }, { webContentsId }): Promise<IpcResult<unknown>> => {
        if (!isOurWindow(webContentsId)) return refused('forbidden-sender', 'not a Watchfloor window')
        return documents.sitrep(day)
      },
    ),
    defineHandler(
      IpcChannel.kpiSeries,
      kpiSeriesRequestSchema,
      log,
      async (request, { webContentsId }): Promise<IpcResult<unknown>> => {
        if (!isOurWindow(webContentsId)) return refused('forbidden-sender', 'not a Watchfloor window')
        return documents.kpiSeries(request)
      },
    ),
  ]
}
