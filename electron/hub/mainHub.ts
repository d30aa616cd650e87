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
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import type { HubActions } from '../core/hubActions.ts'
import type { Clock } from '../core/ports.ts'
import type { Logger } from '../services/logger.ts'
import { FRAME_MS } from './hubFanout.ts'
import type { HubSource } from './hubFanout.ts'

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

export function createMainHub({ gatewayUrl, token, clock, log }: MainHubOptions): MainHub {
  const socket = io(`${gatewayUrl}${FEED_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  })
  const hubClock = toHubClock(clock)
  // One flush per ~frame: the windows then get at most one message per frame.
  const schedule: FlushScheduler = (flush) => hubClock.after(FRAME_MS, flush)
  const fetchPort: HubFetch = (url, init) => fetch(url, { headers: { ...init.headers } })
  const hub = new FeedHub({
    socket: socketIoPort(socket),
    gatewayUrl,
    token,
    fetch: fetchPort,
    clock: hubClock,
    schedule,
    logger: log.child('feed'),
  })

  const source: HubSource = {
    getSnapshot: (): ReplicaSnapshot => hub.snapshot(),
    subscribe: (listener: (changes: ReplicaChanges) => void) =>
      hub.attach((message) => {
        if (message.type === 'changes') listener(message.changes)
      }),
  }

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
