import { afterEach, describe, expect, it } from 'vitest'
import type { NetworkDevice } from '../../shared/contracts/entities.ts'
import { makeDevice, makePack } from '../../tests/support/alarmBuilders.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import { createMetrics } from '../metrics/createMetrics.ts'
import { createMemoryEntityStore } from '../store/createMemoryEntityStore.ts'
import { alarmsConfigSchema } from './alarmsConfigSchema.ts'
import { createGatewayAlarms, type GatewayAlarms } from './createGatewayAlarms.ts'

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0)
const pack = makePack([
  { id: 'down', kind: 'device-down', title: 'Device down', priority: 'high', for: '60s', groupBy: 'uplink' },
  { id: 'cyber', kind: 'cyber-alert', title: 'New cyber alert', priority: 'medium' },
  { id: 'gateway-disconnected', kind: 'gateway-disconnected', title: 'Gateway down', priority: 'high' },
])
const open: GatewayAlarms[] = []
afterEach(() => {
  for (const alarms of open.splice(0)) alarms.close()
})

function setup(devices: NetworkDevice[]) {
  const store = createMemoryEntityStore()
  const alarms = createGatewayAlarms({
    config: alarmsConfigSchema.parse({ maxShelve: '8h', actionRate: { burst: 5, perMinute: 60 } }),
    pack,
    store,
    siteModel: {
      trust: { id: 't', name: 'Test', odsCode: null },
      sites: [],
      buildings: [],
      levels: [],
      units: [],
      beds: [],
    },
    health: () => [],
    metrics: createMetrics(() => 0, []),
    log: createSilentLogger(),
    now: () => NOW,
  })
  open.push(alarms)
  for (const device of devices) {
    store.put('network', device)
    alarms.onChange('network', device.id, undefined, device)
  }
  return alarms
}

const operator = { socketId: 's1', role: 'operator' as const, user: 'Ops Desk' }
const down = (id: string, uplinkId: string | null = 'sw-1'): NetworkDevice =>
  makeDevice({ id, uplinkId, status: 'down', statusSince: NOW - 5 * 60_000 })

describe('createGatewayAlarms', () => {
  it('records a line action with the members the operator saw that its engine knows — never another rule’s', () => {
    const alarms = setup([down('sw-1', null), down('ap-1'), down('ap-2')])
    const response = alarms.act(
      {
        action: 'acknowledge',
        fingerprint: 'down@group:sw-1',
        note: 'engineer sent',
        members: ['down@sw-1', 'down@ap-1', 'down@ap-99', 'cyber@alert-1'],
      },
      operator,
    )
    expect(response).toMatchObject({
      ok: true,
      record: { members: ['down@sw-1', 'down@ap-1'], by: 'Ops Desk' },
    })
    // Its own engine applied it: ap-2 was not in what the operator saw, so the line stays unacknowledged.
    expect(alarms.engine.alarms()).toMatchObject([
      { fingerprint: 'down@group:sw-1', state: 'unacknowledged' },
    ])
    expect(alarms.replay().records).toHaveLength(1)
  })

  it('resolves a line to its members itself when the client names none', () => {
    const alarms = setup([down('sw-1', null), down('ap-1')])
    const response = alarms.act({ action: 'acknowledge', fingerprint: 'down@group:sw-1', note: '' }, operator)
    expect(response).toMatchObject({ ok: true, record: { members: ['down@ap-1', 'down@sw-1'] } })
    expect(alarms.engine.alarms()).toMatchObject([{ state: 'acknowledged' }])
  })

  it('accepts an acknowledgement of a client’s own gateway alarm, which the gateway never holds', () => {
    const alarms = setup([])
    expect(
      alarms.act({ action: 'acknowledge', fingerprint: 'gateway-disconnected@gateway', note: '' }, operator),
    ).toMatchObject({ ok: true })
  })

  it('refuses shelves in the past, past alarms.maxShelve, and of lines it does not hold — with what to do in the error', () => {
    const alarms = setup([down('sw-1', null), down('ap-1')])
    const shelve = (fingerprint: string, until: number) =>
      alarms.act(
        { action: 'shelve', fingerprint, note: 'works', until },
        { ...operator, socketId: `s-${until}` },
      )
    expect(shelve('down@group:sw-1', NOW - 1)).toEqual({
      ok: false,
      error: 'a shelve must end in the future',
    })
    expect(shelve('down@group:sw-1', NOW + 9 * 3_600_000)).toEqual({
      ok: false,
      error: 'a shelve lasts at most 8 h (alarms.maxShelve in the gateway config)',
    })
    expect(shelve('down@group:sw-2', NOW + 3_600_000)).toEqual({
      ok: false,
      error: 'no such alarm: down@group:sw-2',
    })
    expect(shelve('down@group:sw-1', NOW + 8 * 3_600_000)).toMatchObject({ ok: true })
    expect(alarms.replay().records).toHaveLength(1)
  })

  it('states when conditions without a time of their own began, for clients that connect later', () => {
    const alarms = setup([])
    expect(alarms.conditions()).toEqual({ conditions: [], serverTime: NOW })
  })
})
