import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../contracts/alarms.ts'
import type { HubToWindowMessage } from '../contracts/hub.ts'
import { FeedHub } from './FeedHub.ts'
import {
  FakeFeedSocket,
  ManualClock,
  ManualScheduler,
  makeDevice,
} from '../../tests/support/fakeFeedSocket.ts'
import { hostAlarmEngine } from './hostAlarmEngine.ts'
import { makeAsset, makePack } from '../../tests/support/alarmBuilders.ts'

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
      id: 'asset-outside-home',
      kind: 'asset-outside-home',
      title: 'Equipment outside its home ward',
      priority: 'low',
      for: '30m',
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

const snapshots = (network: unknown[], assets: unknown[] = []) =>
  (['beds', 'assets', 'network', 'cyber'] as const).map((topic) => ({
    topic,
    seq: 1,
    entities: topic === 'network' ? network : topic === 'assets' ? assets : [],
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

  it('starts a condition without a time of its own where the gateway says it began, so a fresh instance raises and ages it at once', async () => {
    const t = setup()
    t.socket.connect()
    const awaySince = t.clock.now() - 40 * 60_000
    // The gateway states its conditions on connect, before the snapshot answers the subscribe.
    t.socket.serverEmit('alarm:conditions', {
      conditions: [{ fingerprint: 'asset-outside-home@defib-1', since: awaySince }],
      serverTime: t.clock.now(),
    })
    t.socket.takeRequest('subscribe').resolve({
      ok: true,
      snapshots: snapshots(
        [],
        [makeAsset({ id: 'defib-1', type: 'defibrillator', homeUnitId: 'ward-a', zoneId: 'ward-b' })],
      ),
    })
    await Promise.resolve()
    t.scheduler.frame()
    expect(t.lastAlarms()).toMatchObject([
      {
        fingerprint: 'asset-outside-home@defib-1',
        state: 'unacknowledged',
        raisedAt: awaySince + 30 * 60_000,
      },
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
