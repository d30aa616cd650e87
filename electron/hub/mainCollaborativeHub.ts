/**
 * A collaborative app instance's hub in Electron main (docs/collaborative.md): one FeedHub per
 * trust's gateway, composed by `CollaborativeHub`, flushing on main's ~16 ms timer, with the same
 * shape as the single gateway's `MainHub` so the fan-out, the alarm engine and the notifier are
 * hosted on it unchanged. Floor plans are fetched from the gateway of the level's trust.
 */
import { io } from 'socket.io-client'
import type { CollaborativeGateways } from '../../shared/contracts/collaborative.ts'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import { createCollaborativeHub, type CollaborativeHub } from '../../shared/hub/createCollaborativeHub.ts'
import type { FlushScheduler, HubFetch } from '../../shared/hub/FeedSocketPort.ts'
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import type { Clock } from '../core/ports.ts'
import { DOCUMENT_TIMEOUT_MS, type FetchLike, type GatewayDocuments } from '../services/gatewayDocuments.ts'
import type { Logger } from '../services/logger.ts'
import type { HubSource } from './hubFanout.ts'
import { FRAME_MS, hubSource, toHubClock, type MainHub } from './mainHub.ts'

export type MainCollaborativeHub = Omit<MainHub, 'hub'> & {
  readonly hub: CollaborativeHub
  readonly source: HubSource
  /** Floor plans from the gateway of each level's trust, scoped. */
  readonly documents: GatewayDocuments
}

export type MainCollaborativeHubOptions = {
  readonly gateways: CollaborativeGateways
  readonly clock: Clock
  readonly log: Logger
  readonly fetch: FetchLike
  readonly name?: string
}

export function createMainCollaborativeHub(options: MainCollaborativeHubOptions): MainCollaborativeHub {
  const { gateways, clock, log } = options
  const hubClock = toHubClock(clock)
  const schedule: FlushScheduler = (flush) => hubClock.after(FRAME_MS, flush)
  const fetchPort: HubFetch = (url, init) => fetch(url, { headers: { ...init.headers } })
  const hub = createCollaborativeHub({
    gateways,
    connect: (gateway) =>
      socketIoPort(
        io(`${gateway.url}${FEED_NAMESPACE}`, {
          auth: { token: gateway.token },
          transports: ['websocket'],
          autoConnect: false,
          reconnectionDelay: 500,
          reconnectionDelayMax: 5000,
        }),
      ),
    fetch: fetchPort,
    clock: hubClock,
    schedule,
    ...(options.name === undefined ? {} : { name: options.name }),
  })
  hub.start()
  log.info('collaborative hub started', { gateways: gateways.length })

  const documents: GatewayDocuments = {
    // Each trust's gateway takes its own snapshot; a collaborative has no one trust to ask.
    sitrep: async () => ({
      ok: false,
      error: 'unavailable',
      message: "the 08:00 SitRep snapshot is per trust: export it from that trust's own board",
    }),
    // A tile's trust scope spans several trusts here, whose gateways each know only their own
    // past: the sparklines fill from this app's own passes (docs/kpis.md).
    kpiSeries: async () => ({
      ok: false,
      error: 'unavailable',
      message: "a collaborative's KPI history is not kept: its sparklines fill from this app",
    }),
    async floorPlan(levelId): Promise<IpcResult<unknown>> {
      const source = hub.floorPlanSource(levelId)
      if (source === null)
        return { ok: false, error: 'failed', message: 'that level belongs to no trust here' }
      try {
        const response = await options.fetch(source.url, {
          headers: { authorization: `Bearer ${source.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
        })
        if (!response.ok) {
          log.warn('floor plan request failed', { levelId, status: response.status })
          return { ok: false, error: 'failed', message: `the gateway answered ${response.status}` }
        }
        return { ok: true, value: source.scope(await response.json()) }
      } catch (error) {
        log.warn('floor plan request failed', {
          levelId,
          error: error instanceof Error ? error.name : 'unknown',
        })
        return { ok: false, error: 'failed', message: 'the gateway could not be reached' }
      }
    },
  }

  return {
    hub,
    source: hubSource(hub),
    documents,
    actions: {
      alertAck: (request) => hub.acknowledgeAlert(request),
      alarmAction: (request) => hub.alarmAction(request),
      alertRespond: (request) => hub.respondToAlert(request),
      nhsAlertRecord: (request) => hub.recordNhsAlert(request),
    },
    onAlarms: (listener) =>
      hub.attach((message) => {
        if (message.type === 'snapshot') listener(message.state.alarms)
        else if (message.changes.alarms !== undefined) listener(message.changes.alarms)
      }),
    stop: () => hub.stop(),
  }
}
