/**
 * The app instance's ONE feed connection (docs/architecture.md, habit 2), in Electron main: the shared
 * `FeedHub` over socket.io-client, flushing on a ~16 ms timer, with the fan-out to windows and
 * the notifier hooked on its messages. Windows never open sockets; the renderer's CSP forbids it.
 */
import { io } from 'socket.io-client'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import type { ReplicaChanges, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { FeedHub } from '../../shared/hub/FeedHub.ts'
import type { FlushScheduler, HubClock, HubFetch } from '../../shared/hub/FeedSocketPort.ts'
import { failoverSocketPort } from '../../shared/hub/failoverSocketPort.ts'
import type { HubActions } from '../core/hubActions.ts'
import type { Clock } from '../core/ports.ts'
import type { Logger } from '../services/logger.ts'
import type { HubSource } from './hubFanout.ts'

/** Main's flush period: the hub coalesces changes and posts them to windows at most this often. */
export const FRAME_MS = 16

export type MainHub = {
  readonly hub: FeedHub
  /** For the fan-out: the replica and its (already coalesced) change stream. */
  readonly source: HubSource
  readonly actions: HubActions
  /** Calls `listener` with the alarm list now and whenever it changes. */
  onAlarms(listener: (alarms: readonly ActiveAlarm[]) => void): () => void
  stop(): void
}

export type MainHubOptions = {
  readonly gatewayUrl: string
  /** The cluster's other gateways (same state and seqs), tried in turn when one fails. */
  readonly alternateUrls?: readonly string[]
  readonly token: string
  readonly clock: Clock
  readonly log: Logger
}

/** The hub's clock over main's. */
export function toHubClock(clock: Clock): HubClock {
  return {
    now: () => clock.now(),
    after: (ms, callback) => {
      const handle = clock.setTimeout(callback, ms)
      return () => clock.clearTimeout(handle)
    },
  }
}

/** The fan-out's view of a hub: its snapshot, and its change messages (one per flush). */
export function hubSource(hub: Pick<FeedHub, 'snapshot' | 'attach'>): HubSource {
  return {
    getSnapshot: (): ReplicaSnapshot => hub.snapshot(),
    subscribe: (listener: (changes: ReplicaChanges) => void) =>
      hub.attach((message) => {
        if (message.type === 'changes') listener(message.changes)
      }),
  }
}

export function createMainHub({ gatewayUrl, alternateUrls, token, clock, log }: MainHubOptions): MainHub {
  const hubClock = toHubClock(clock)
  // A cluster's gateways, tried in turn when one fails; behind a load balancer one is enough.
  const urls = [...new Set([gatewayUrl, ...(alternateUrls ?? [])])]
  const socket = failoverSocketPort({
    urls,
    createSocket: (url) =>
      io(`${url}${FEED_NAMESPACE}`, {
        auth: { token },
        transports: ['websocket'],
        autoConnect: false,
        reconnection: urls.length === 1,
        reconnectionDelay: 500,
        reconnectionDelayMax: 5000,
      }),
    after: (ms, callback) => hubClock.after(ms, callback),
  })
  // One flush per ~frame: the windows then get at most one message per frame.
  const schedule: FlushScheduler = (flush) => hubClock.after(FRAME_MS, flush)
  const fetchPort: HubFetch = (url, init) => fetch(url, { headers: { ...init.headers } })
  const hub = new FeedHub({
    socket,
    gatewayUrl,
    token,
    fetch: fetchPort,
    clock: hubClock,
    schedule,
    logger: log.child('feed'),
  })

  const source = hubSource(hub)

  hub.start()
  log.info('hub started', { gateway: gatewayUrl })

  return {
    hub,
    source,
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
