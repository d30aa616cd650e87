/**
 * Electron main's replay wiring under test (electron/hub/replayPorts.ts, electron/ipc/replayHandlers.ts):
 * a live replica of one switch, a gateway whose history holds another switch down at every
 * moment, a window port that records what it is sent, and fake time.
 */
import type { HubToWindowMessage, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import type { HubFetch } from '../../shared/hub/FeedSocketPort.ts'
import { createReplayPorts } from '../../electron/hub/replayPorts.ts'
import type { PortLike } from '../../electron/hub/portLike.ts'
import { ManualClock, ManualScheduler, makeDevice } from './fakeFeedSocket.ts'

export const T0 = 1_700_000_000_000

/** The live replica: one switch, `live-sw`, every topic confirmed at T0. */
export const snapshot = (): ReplicaSnapshot => ({
  hello: null,
  siteModel: null,
  connection: { status: 'connected', since: T0, detail: null, gatewayUrl: 'http://127.0.0.1:1' },
  topics: {
    beds: { seq: 1, confirmedAt: T0, resyncs: 0, restored: null },
    assets: { seq: 1, confirmedAt: T0, resyncs: 0, restored: null },
    network: { seq: 1, confirmedAt: T0, resyncs: 0, restored: null },
    cyber: { seq: 1, confirmedAt: T0, resyncs: 0, restored: null },
    waiting: { seq: 1, confirmedAt: T0, resyncs: 0, restored: null },
  },
  entities: { beds: [], assets: [], network: [makeDevice({ id: 'live-sw' })], cyber: [], waiting: [] },
  sources: [],
  alarms: [],
  alarmActions: [],
})

/** A gateway whose history holds one switch, down, at every moment. */
const history: HubFetch = async (url) => {
  const path = new URL(url).pathname
  const body =
    path === '/v1/history/state'
      ? { topic: 'network', seq: 1, asOf: T0, entities: [makeDevice({ id: 'past-sw', status: 'down' })] }
      : path === '/v1/history/changes'
        ? { batches: [], truncated: false }
        : {
            from: 0,
            to: 1,
            alarms: [],
            actions: [],
            sources: [],
            sourcesAtStart: [],
            incidents: [],
            eventsKept: true,
            truncated: false,
          }
  return { ok: true, status: 200, headers: { get: () => null }, json: async () => body }
}

export function fakePort(): PortLike & { posted: HubToWindowMessage[] } {
  const posted: HubToWindowMessage[] = []
  return {
    posted,
    postMessage: (message) => posted.push(message as HubToWindowMessage),
    onMessage: () => undefined,
    onClose: () => undefined,
    start: () => undefined,
    close: () => undefined,
  }
}

/** Replay ports over a live snapshot and a gateway history of one down switch, on fake time. */
export function setupReplayPorts() {
  const clock = new ManualClock(T0 + 3_600_000)
  const scheduler = new ManualScheduler()
  const ports = createReplayPorts({
    source: { getSnapshot: snapshot },
    createSession: () =>
      new ReplaySession({
        gatewayUrl: 'http://127.0.0.1:1',
        token: 't',
        fetch: history,
        clock,
        schedule: scheduler.schedule,
        pack: { version: 1, name: 'none', rules: [] },
        live: snapshot,
      }),
  })
  return { ports, scheduler }
}
