import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../contracts/alarms.ts'
import type { HubToWindowMessage } from '../../contracts/hub.ts'
import { FeedHub } from '../../hub/FeedHub.ts'
import { FakeFeedSocket, ManualClock, ManualScheduler, makeDevice } from '../../hub/testing/FakeFeedSocket.ts'
import { hostAlarmEngine } from './hostAlarmEngine.ts'
import { makePack } from './testing/alarmBuilders.ts'

function setup() {
  const socket = new FakeFeedSocket()
  const clock = new ManualClock()
  const scheduler = new ManualScheduler()
  const hub = new FeedHub({
    socket,
    gatewayUrl: 'http://127.0.0.1:1',
    token: 't',
    fetch: async () => ({ ok: false, status: 404, headers: { get: () => null }, json: async () => null }),
    clock,
    schedule: scheduler.schedule,
  })
  const pack = makePack([
    {
      id: 'network-device-down',
      kind: 'device-down',
      title: 'Network device down',
      priority: 'high',
      for: '60s',
      groupBy: 'uplink',
    },
    {
      id: 'gateway-disconnected',
      kind: 'gateway-disconnected',
      title: 'Gateway disconnected',
      priority: 'high',
      for: '10s',
    },
  ])
  const hosted = hostAlarmEngine(hub, { pack, clock })
  const windowAlarms: (readonly ActiveAlarm[])[] = []
  hub.start()
  hub.attach((m: HubToWindowMessage) => {
    const alarms = m.type === 'snapshot' ? m.state.alarms : m.changes.alarms
    if (alarms !== undefined) windowAlarms.push(alarms)
  })
  const lastAlarms = (): readonly ActiveAlarm[] => windowAlarms.at(-1) ?? []
  return { socket, clock, scheduler, hub, hosted, lastAlarms }
}

const snapshots = (network: unknown[]) =>
  (['beds', 'assets', 'network', 'cyber'] as const).map((topic) => ({
    topic,
    seq: 1,
    entities: topic === 'network' ? network : [],
    serverTime: 1,
  }))

describe('hostAlarmEngine', () => {
  it('raises alarms from the hub’s data and sends them to windows in the hub’s own messages', async () => {
    const t = setup()
    t.socket.connect()
    const downSince = t.clock.now() - 120_000
    t.socket.takeRequest('subscribe').resolve({
      ok: true,
      snapshots: snapshots([
        makeDevice({ id: 'sw-1', kind: 'access-switch', status: 'down', statusSince: downSince }),
        makeDevice({
          id: 'ap-1',
          kind: 'access-point',
          uplinkId: 'sw-1',
          status: 'down',
          statusSince: downSince,
        }),
      ]),
    })
    await Promise.resolve()
    t.scheduler.frame()
    expect(t.lastAlarms()).toMatchObject([
      { groupCount: 2, priority: 'high', state: 'unacknowledged', subject: { id: 'sw-1' } },
    ])
  })

  it('applies alarm actions relayed by the gateway, so this instance agrees with the one that acknowledged', async () => {
    const t = setup()
    t.socket.connect()
    t.socket.takeRequest('subscribe').resolve({
      ok: true,
      snapshots: snapshots([makeDevice({ id: 'sw-1', kind: 'core-switch', status: 'down', statusSince: 1 })]),
    })
    await Promise.resolve()
    t.scheduler.frame()
    const fingerprint = t.lastAlarms()[0]?.fingerprint ?? ''
    t.socket.serverEmit('alarm:actions', {
      records: [
        { id: 'r1', action: 'acknowledge', fingerprint, note: 'on it', by: 'Desk 2', at: t.clock.now() },
      ],
    })
    t.scheduler.frame()
    expect(t.lastAlarms()).toMatchObject([
      { fingerprint, state: 'acknowledged', ack: { by: 'Desk 2', note: 'on it' } },
    ])
  })

  it('ticks on the hub clock: the gateway alarm rises 10 s after the connection drops', async () => {
    const t = setup()
    t.socket.connect()
    t.socket.takeRequest('subscribe').resolve({ ok: true, snapshots: snapshots([]) })
    await Promise.resolve()
    t.scheduler.frame()
    t.socket.disconnect()
    t.scheduler.frame()
    t.clock.advance(9_000)
    t.scheduler.frame()
    expect(t.lastAlarms()).toEqual([])
    t.clock.advance(1_000)
    t.scheduler.frame()
    expect(t.lastAlarms()).toMatchObject([{ ruleId: 'gateway-disconnected', priority: 'high' }])
    t.hosted.stop()
  })
})
