import { describe, expect, it } from 'vitest'
import { networkDeviceSchema } from '../../../shared/contracts/entities.ts'
import {
  applyLinkTrap,
  applyMissedPoll,
  applyPoll,
  createDeviceState,
  IF_STATUS,
  toNetworkDevice,
  type InterfaceReading,
} from './deviceState.ts'
import { parseLinkTrap } from './createSnmpAdapter.ts'
import { snmpDeviceConfigSchema, type SnmpDeviceConfig } from './snmpSourceConfig.ts'

const T = Date.UTC(2026, 10, 21, 9, 0, 0)
const { up, down, dormant } = IF_STATUS

function deviceConfig(overrides: Record<string, unknown> = {}): SnmpDeviceConfig {
  return snmpDeviceConfigSchema.parse({
    id: 'acc-1',
    name: 'A1-ACC-01',
    kind: 'access-switch',
    siteId: 'site-a',
    levelId: 'lvl-1',
    x: 1,
    y: 2,
    uplinkId: 'core-1',
    servesUnitIds: ['ward-7'],
    host: '10.0.0.5',
    snmp: { version: '2c', community: 'public' },
    interfaces: [
      { ifIndex: 48, name: 'Gi1/0/48', uplink: true, peerId: 'core-1' },
      { ifIndex: 12, peerId: 'ap-12' },
    ],
    ...overrides,
  })
}

const reading = (
  ifIndex: number,
  admin: number | null,
  oper: number | null,
  extra: Partial<InterfaceReading> = {},
): InterfaceReading => ({
  ifIndex,
  name: null,
  admin,
  oper,
  inOctets: null,
  outOctets: null,
  highSpeedMbps: null,
  ...extra,
})

describe('device state', () => {
  it('starts unknown and becomes up only when a poll shows every watched interface up', () => {
    const device = createDeviceState(deviceConfig(), T)
    expect(toNetworkDevice(device)).toMatchObject({
      status: 'unknown',
      lastPolledAt: null,
      latencyMs: null,
      lossPct: null,
    })
    applyPoll(
      device,
      {
        at: T + 1000,
        latencyMs: 3.2,
        sysUpTimeTicks: 100,
        interfaces: [reading(48, up, up), reading(12, up, dormant, { name: 'Gi1/0/12' })],
      },
      10,
    )
    const entity = toNetworkDevice(device)
    expect(networkDeviceSchema.parse(entity)).toEqual(entity)
    expect(entity).toMatchObject({
      status: 'up',
      statusSince: T + 1000,
      latencyMs: 3.2,
      lossPct: 0,
      lastPolledAt: T + 1000,
      links: [
        { peerId: 'core-1', ifName: 'Gi1/0/48', status: 'up' },
        { peerId: 'ap-12', ifName: 'Gi1/0/12', status: 'up' },
      ],
    })
  })

  it.each([
    ['oper down', up, down, 'uplink Gi1/0/48 down'],
    ['admin down', down, down, 'uplink Gi1/0/48 admin-down'],
    ['missing on the agent', null, null, 'uplink Gi1/0/48 not found'],
  ])('is degraded when a watched interface is %s', (_what, admin, oper, detail) => {
    const device = createDeviceState(deviceConfig(), T)
    applyPoll(
      device,
      { at: T, latencyMs: 1, sysUpTimeTicks: 1, interfaces: [reading(48, admin, oper), reading(12, up, up)] },
      10,
    )
    expect(device.status).toBe('degraded')
    expect(device.detail).toBe(detail)
  })

  it('goes unknown after one missed poll and down after the configured number, keeping statusSince per change', () => {
    const device = createDeviceState(deviceConfig(), T)
    applyPoll(
      device,
      { at: T, latencyMs: 1, sysUpTimeTicks: 1, interfaces: [reading(48, up, up), reading(12, up, up)] },
      4,
    )
    applyMissedPoll(device, T + 30_000, 'no answer (timeout)', 3, 4)
    expect(toNetworkDevice(device)).toMatchObject({
      status: 'unknown',
      statusSince: T + 30_000,
      latencyMs: null,
      lossPct: 50,
    })
    expect(toNetworkDevice(device).links.every((l) => l.status === 'unknown')).toBe(true)
    applyMissedPoll(device, T + 60_000, 'no answer (timeout)', 3, 4)
    expect(device.status).toBe('unknown')
    applyMissedPoll(device, T + 90_000, 'no answer (timeout)', 3, 4)
    expect(toNetworkDevice(device)).toMatchObject({
      status: 'down',
      statusSince: T + 90_000,
      lossPct: 75,
      lastPolledAt: T,
    })
    expect(device.detail).toBe('3 missed polls: no answer (timeout)')
  })

  it('applies a trap at once while the device answers, but a trap never brings a silent device back', () => {
    const device = createDeviceState(deviceConfig(), T)
    applyPoll(
      device,
      { at: T, latencyMs: 1, sysUpTimeTicks: 1, interfaces: [reading(48, up, up), reading(12, up, up)] },
      10,
    )
    expect(applyLinkTrap(device, 12, up, down, T + 5)).toBe(true)
    expect(device.status).toBe('degraded')
    expect(applyLinkTrap(device, 99, up, down, T + 6)).toBe(false) // not watched
    applyMissedPoll(device, T + 10, 'no answer (timeout)', 3, 10)
    applyLinkTrap(device, 12, up, up, T + 20)
    expect(device.status).toBe('unknown')
  })

  it('in walk mode, faults only interfaces that were up and went down while admin-up', () => {
    const device = createDeviceState(deviceConfig({ interfaces: undefined }), T)
    const poll = (at: number, interfaces: InterfaceReading[]): void =>
      applyPoll(device, { at, latencyMs: 1, sysUpTimeTicks: 1, interfaces }, 10)
    poll(T, [reading(1, up, up, { name: 'Gi1/0/1' }), reading(2, up, down), reading(3, down, down)])
    expect(device.status).toBe('up') // port 2 was never up: an unused access port
    poll(T + 1, [reading(1, up, down, { name: 'Gi1/0/1' }), reading(2, up, down), reading(3, down, down)])
    expect(device.status).toBe('degraded')
    expect(device.detail).toBe('Gi1/0/1 down')
    expect(toNetworkDevice(device).links).toEqual([]) // walked interfaces have no configured peer
  })

  it('computes utilisation from HC counter deltas against the line rate, busier direction', () => {
    const device = createDeviceState(deviceConfig(), T)
    const counters = (inOctets: bigint, outOctets: bigint): Partial<InterfaceReading> => ({
      inOctets,
      outOctets,
      highSpeedMbps: 1000,
    })
    applyPoll(
      device,
      {
        at: T,
        latencyMs: 1,
        sysUpTimeTicks: 1,
        interfaces: [reading(48, up, up, counters(0n, 0n)), reading(12, up, up)],
      },
      10,
    )
    expect(toNetworkDevice(device).utilisationPct).toBeNull()
    // 10 s later: 250 MB out = 200 Mb/s on a 1 Gb/s uplink = 20 %.
    applyPoll(
      device,
      {
        at: T + 10_000,
        latencyMs: 1,
        sysUpTimeTicks: 2,
        interfaces: [reading(48, up, up, counters(1_000n, 250_000_000n)), reading(12, up, up)],
      },
      10,
    )
    expect(toNetworkDevice(device).utilisationPct).toBe(20)
    // A counter that went backwards (agent restart) gives no figure rather than a wrong one.
    applyPoll(
      device,
      {
        at: T + 20_000,
        latencyMs: 1,
        sysUpTimeTicks: 1,
        interfaces: [reading(48, up, up, counters(5n, 5n)), reading(12, up, up)],
      },
      10,
    )
    expect(toNetworkDevice(device).utilisationPct).toBeNull()
  })
})

describe('parseLinkTrap', () => {
  const rinfo = { address: '10.0.0.5', port: 40000 }
  const vb = (oid: string, value: unknown): { oid: string; type: number; value: unknown } => ({
    oid,
    type: 2,
    value,
  })

  it('reads ifIndex, admin and oper status of a v2c linkDown', () => {
    const trap = parseLinkTrap({
      rinfo,
      pdu: {
        type: 167,
        varbinds: [
          vb('1.3.6.1.2.1.1.3.0', 1234),
          vb('1.3.6.1.6.3.1.1.4.1.0', '1.3.6.1.6.3.1.1.5.3'),
          vb('1.3.6.1.2.1.2.2.1.1.12', 12),
          vb('1.3.6.1.2.1.2.2.1.7.12', 1),
          vb('1.3.6.1.2.1.2.2.1.8.12', 2),
        ],
      },
    })
    expect(trap).toEqual({ source: '10.0.0.5', ifIndex: 12, admin: 1, oper: 2 })
  })

  it('takes the agent from snmpTrapAddress when relayed, and the state from the trap kind when missing', () => {
    const trap = parseLinkTrap({
      rinfo,
      pdu: {
        type: 167,
        varbinds: [
          vb('1.3.6.1.6.3.1.1.4.1.0', '1.3.6.1.6.3.1.1.5.4'),
          vb('1.3.6.1.6.3.18.1.3.0', '10.9.9.9'),
          vb('1.3.6.1.2.1.2.2.1.1.7', 7),
        ],
      },
    })
    expect(trap).toEqual({ source: '10.9.9.9', ifIndex: 7, admin: null, oper: 1 })
  })

  it('ignores other notifications and link traps without an interface', () => {
    expect(
      parseLinkTrap({
        rinfo,
        pdu: { type: 167, varbinds: [vb('1.3.6.1.6.3.1.1.4.1.0', '1.3.6.1.6.3.1.1.5.1')] },
      }),
    ).toBeNull()
    expect(
      parseLinkTrap({
        rinfo,
        pdu: { type: 167, varbinds: [vb('1.3.6.1.6.3.1.1.4.1.0', '1.3.6.1.6.3.1.1.5.3')] },
      }),
    ).toBeNull()
  })
})
