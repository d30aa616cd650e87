import { describe, expect, it } from 'vitest'
import type { HubToWindowMessage, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import { ManualClock, ManualScheduler, makeDevice } from '../../tests/support/fakeFeedSocket.ts'
import type { HubFetch } from '../../shared/hub/FeedSocketPort.ts'
import { createReplayPorts } from './replayPorts.ts'
import type { PortLike } from './portLike.ts'

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

const ids = (message: HubToWindowMessage | undefined): string[] =>
  message?.type === 'snapshot' ? message.state.entities.network.map((d) => d.id) : []

describe('replay in Electron main (per window, between the fan-out and the port)', () => {
  it('replays one window while another stays live, and brings it back to live', async () => {
    const { ports, scheduler } = setup()
    const one = fakePort()
    const two = fakePort()
    const wrappedOne = ports.wrap(1, one)
    const wrappedTwo = ports.wrap(2, two)
    // The fan-out's snapshot on attach reaches both windows as it is.
    wrappedOne.postMessage({ type: 'snapshot', state: snapshot() })
    wrappedTwo.postMessage({ type: 'snapshot', state: snapshot() })
    expect(ids(one.posted.at(-1))).toEqual(['live-sw'])

    expect(await ports.command(1, { type: 'seek', at: T0 })).toEqual({ ok: true })
    scheduler.frame()
    const replayed = one.posted.find((m) => m.type === 'snapshot' && m.state.replay)
    expect(ids(replayed)).toEqual(['past-sw'])
    expect(ports.replaying()).toEqual([1])

    // Live changes: window two gets them; window one (replaying) only what stays live.
    const change: HubToWindowMessage = {
      type: 'changes',
      changes: {
        entities: { network: { reset: false, upserts: [makeDevice({ id: 'new-sw' })], removes: [] } },
      },
    }
    const before = one.posted.length
    wrappedOne.postMessage(change)
    wrappedTwo.postMessage(change)
    expect(two.posted.at(-1)).toEqual(change)
    expect(one.posted.length).toBe(before)

    expect(await ports.command(1, { type: 'live' })).toEqual({ ok: true })
    const back = one.posted.at(-1)
    expect(back?.type === 'snapshot' && back.state.replay).toBeNull()
    expect(ids(back)).toEqual(['live-sw'])
    expect(ports.replaying()).toEqual([])
  })
})
