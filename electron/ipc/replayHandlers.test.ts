import { describe, expect, it } from 'vitest'
import type { HubToWindowMessage, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import { ManualClock, ManualScheduler, makeDevice } from '../../tests/support/fakeFeedSocket.ts'
import type { HubFetch } from '../../shared/hub/FeedSocketPort.ts'
import { createReplayPorts } from '../hub/replayPorts.ts'
import type { PortLike } from '../hub/portLike.ts'

const T0 = 1_700_000_000_000

const snapshot = (): ReplicaSnapshot => ({
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

function fakePort(): PortLike & { posted: HubToWindowMessage[] } {
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

function setup() {
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

import { replayHandlers } from './replayHandlers.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import { createLogger } from '../services/logger.ts'

describe('replay IPC (electron/ipc/replayHandlers.ts)', () => {
  it('answers an IPC replay command only for our windows, for the sending window', async () => {
    const { ports } = setup()
    ports.wrap(7, fakePort())
    const handlers = replayHandlers({
      replay: () => ports,
      history: () => null,
      exportReport: async () => ({ ok: true, value: '' }),
      isOurWindow: (id) => id === 7,
      log: createLogger('test', () => undefined),
    })
    const replay = handlers.find((h) => h.channel === IpcChannel.replay)
    const event = (id: number) => ({
      sender: { id },
      senderFrame: { url: 'app://watchfloor/index.html', parent: null },
    })
    expect(await replay?.invoke(event(8) as never, { type: 'seek', at: T0 })).toMatchObject({
      ok: false,
      error: 'forbidden-sender',
    })
    expect(await replay?.invoke(event(7) as never, { type: 'seek', at: T0 })).toEqual({
      ok: true,
      value: null,
    })
    expect(await replay?.invoke(event(7) as never, { type: 'warp' })).toMatchObject({
      ok: false,
      error: 'invalid-arguments',
    })
  })
})
