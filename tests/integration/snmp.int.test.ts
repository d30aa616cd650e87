/**
 * The SNMP adapter against net-snmp's snmpd on 127.0.0.1 (v2c and v3 authPriv), with snmptrap for
 * linkDown/linkUp: devices come up only on evidence, a faulty watched interface degrades a device,
 * a trap applies at once and the next poll confirms it, and a device that stops answering becomes
 * unknown then down — and up again when the agent returns on the same port.
 *
 * snmpd's `override` directive pins interface states (ifIndex 1001–1003 do not exist on the
 * host), so the expected statuses do not depend on the machine's real interfaces.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSnmpAdapter, type SnmpAdapter } from '../../gateway/adapters/snmp/createSnmpAdapter.ts'
import {
  snmpSourceConfigSchema,
  type SnmpSourceConfigInput,
} from '../../gateway/adapters/snmp/snmpSourceConfig.ts'
import type { NetworkDevice } from '../../shared/contracts/entities.ts'
import { makeSiteModel } from '../support/builders.ts'
import { freePort, runSnmpTool, startSnmpd, waitFor, type Daemon } from '../support/daemons.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

const V3 = { user: 'wfmonitor', authKey: 'wf-auth-secret', privKey: 'wf-priv-secret' }

const SNMPD_CONF = [
  'rocommunity public 127.0.0.1',
  `createUser ${V3.user} SHA ${V3.authKey} AES ${V3.privKey}`,
  `rouser ${V3.user} priv`,
  // Gi1/0/48: admin up, oper up.
  'override .1.3.6.1.2.1.31.1.1.1.1.1001 octet_str "Gi1/0/48"',
  'override .1.3.6.1.2.1.2.2.1.7.1001 integer 1',
  'override .1.3.6.1.2.1.2.2.1.8.1001 integer 1',
  // Gi1/0/12: admin up, oper down — a fault.
  'override .1.3.6.1.2.1.31.1.1.1.1.1002 octet_str "Gi1/0/12"',
  'override .1.3.6.1.2.1.2.2.1.7.1002 integer 1',
  'override .1.3.6.1.2.1.2.2.1.8.1002 integer 2',
  // The loopback interface, pinned up; its real HC counters give a utilisation figure.
  'override .1.3.6.1.2.1.2.2.1.7.1 integer 1',
  'override .1.3.6.1.2.1.2.2.1.8.1 integer 1',
]

describe('SNMP adapter against snmpd', () => {
  let agent: Daemon
  let adapter: SnmpAdapter | null = null

  beforeAll(async () => {
    agent = await startSnmpd({ confLines: SNMPD_CONF })
  })
  afterEach(async () => {
    await adapter?.stop()
    adapter = null
    if (!agent.running) await agent.start()
  })
  afterAll(async () => {
    await agent?.dispose()
  })

  function configFor(overrides: Partial<SnmpSourceConfigInput> = {}): SnmpSourceConfigInput {
    return {
      kind: 'snmp',
      id: 'snmp-test',
      // Generous for a loaded 2-core machine: a slow answer must not count as a missed poll.
      intervalMs: 1_000,
      timeoutMs: 400,
      retries: 1,
      downAfterMissedPolls: 3,
      devices: [
        {
          id: 'core-1',
          name: 'CORE-SW-01',
          kind: 'core-switch',
          siteId: 'site-a',
          levelId: 'lvl-a1',
          x: 30,
          y: 15,
          host: '127.0.0.1',
          port: agent.port,
          servesUnitIds: ['ward-a1', 'ward-a2'],
          snmp: { version: '2c', community: 'public' },
          interfaces: [
            { ifIndex: 1, name: 'lo', uplink: true, peerId: 'dist-9' },
            { ifIndex: 1001, peerId: 'ap-7' },
          ],
        },
        {
          id: 'access-2',
          name: 'A1-ACC-02',
          kind: 'access-switch',
          siteId: 'site-a',
          levelId: 'lvl-a1',
          x: 5,
          y: 5,
          uplinkId: 'core-1',
          host: '127.0.0.1',
          port: agent.port,
          servesUnitIds: ['bay-a1'],
          snmp: {
            version: '3',
            user: V3.user,
            level: 'authPriv',
            authProtocol: 'sha',
            authKey: V3.authKey,
            privProtocol: 'aes',
            privKey: V3.privKey,
          },
          interfaces: [
            { ifIndex: 1001, uplink: true, peerId: 'core-1' },
            { ifIndex: 1002, peerId: 'ap-12' },
          ],
        },
      ],
      ...overrides,
    }
  }

  async function startAdapter(overrides: Partial<SnmpSourceConfigInput> = {}): Promise<RecordingContext> {
    const recording = createRecordingContext({ siteModel: makeSiteModel() })
    adapter = createSnmpAdapter(snmpSourceConfigSchema.parse(configFor(overrides)))
    await adapter.start(recording.context)
    return recording
  }

  const device = (recording: RecordingContext, id: string): NetworkDevice | undefined =>
    recording.entities.network.get(id)

  it('polls v2c and v3 devices: up on evidence, degraded on a down interface, with latency and utilisation', async () => {
    const recording = await startAdapter()
    // Both appear at once as unknown — on the map, never up before a poll says so.
    expect(recording.history('network', 'core-1')[0]).toMatchObject({ status: 'unknown', lastPolledAt: null })
    expect(recording.history('network', 'access-2')[0]).toMatchObject({
      status: 'unknown',
      lastPolledAt: null,
    })

    await waitFor('two polls of core-1 (utilisation needs a delta)', () =>
      recording.history('network', 'core-1').filter((d) => d.lastPolledAt !== null).length >= 2 ? true : null,
    )
    await waitFor('a poll of access-2 over v3', () => device(recording, 'access-2')?.lastPolledAt)
    expect(recording.invalid).toEqual([])

    const core = device(recording, 'core-1')!
    expect(core).toMatchObject({
      name: 'CORE-SW-01',
      kind: 'core-switch',
      siteId: 'site-a',
      levelId: 'lvl-a1',
      x: 30,
      y: 15,
      status: 'up',
      servesUnitIds: ['ward-a1', 'ward-a2'],
      address: '127.0.0.1',
      lossPct: 0,
      links: [
        { peerId: 'dist-9', ifName: 'lo', status: 'up' },
        { peerId: 'ap-7', ifName: 'Gi1/0/48', status: 'up', utilisationPct: null },
      ],
    })
    expect(core.latencyMs).toBeGreaterThanOrEqual(0)
    // Utilisation of the uplink (lo: real counters, 10 Mb/s): a percentage from two polls.
    expect(core.utilisationPct).toEqual(expect.any(Number))
    expect(core.utilisationPct!).toBeGreaterThanOrEqual(0)
    expect(core.utilisationPct!).toBeLessThanOrEqual(100)

    expect(device(recording, 'access-2')).toMatchObject({
      status: 'degraded',
      uplinkId: 'core-1',
      links: [
        { peerId: 'core-1', ifName: 'Gi1/0/48', status: 'up' },
        { peerId: 'ap-12', ifName: 'Gi1/0/12', status: 'down' },
      ],
    })
    await waitFor('source up', () => recording.lastStatus()?.status === 'up')
    expect(recording.errors).toEqual([])
  })

  it('walks ifTable when no interfaces are configured', async () => {
    const recording = await startAdapter({
      devices: [
        {
          id: 'walked-3',
          name: 'WALKED-03',
          kind: 'server',
          siteId: 'site-b',
          host: '127.0.0.1',
          port: agent.port,
          snmp: { version: '2c', community: 'public' },
        },
      ],
    })
    const walked = await waitFor('a walk of ifTable', () => {
      const d = device(recording, 'walked-3')
      return d?.lastPolledAt !== null && d !== undefined ? d : null
    })
    // Interfaces that were never seen up (unused ports) are not faults: the agent answers, so up.
    expect(walked).toMatchObject({ status: 'up', levelId: null, x: null, links: [] })
    expect(adapter!.stats().missedPolls).toBe(0)
  })

  it('applies a linkDown trap at once, lets the next poll confirm, and refuses unknown communities', async () => {
    const trapPort = await freePort('udp')
    const recording = await startAdapter({
      intervalMs: 2_000,
      traps: { address: '127.0.0.1', port: trapPort, communities: ['public'] },
    })
    await waitFor('core-1 up', () => device(recording, 'core-1')?.status === 'up')
    const mark = recording.history('network', 'core-1').length

    // linkDown for Gi1/0/48 (ifIndex 1001): admin up, oper down.
    await runSnmpTool(
      'snmptrap',
      [
        '-v',
        '2c',
        '-c',
        'public',
        `127.0.0.1:${trapPort}`,
        '',
        '1.3.6.1.6.3.1.1.5.3',
        '1.3.6.1.2.1.2.2.1.1.1001',
        'i',
        '1001',
        '1.3.6.1.2.1.2.2.1.7.1001',
        'i',
        '1',
        '1.3.6.1.2.1.2.2.1.8.1001',
        'i',
        '2',
      ],
      agent.dir,
    )
    // Read from the history, not the current state: the next poll may already have corrected it.
    const degraded = await waitFor('the trap to degrade core-1', () =>
      recording
        .history('network', 'core-1')
        .slice(mark)
        .find((d) => d.status === 'degraded'),
    )
    expect(degraded.links[1]).toMatchObject({ peerId: 'ap-7', status: 'down' })
    // The agent still reports the port up, so the next poll puts it back — the poll is the truth.
    await waitFor('the next poll to confirm (up again)', () => device(recording, 'core-1')?.status === 'up')
    const after = recording
      .history('network', 'core-1')
      .slice(mark)
      .map((d) => d.status)
    expect(after.indexOf('degraded')).toBeLessThan(after.lastIndexOf('up'))
    expect(adapter!.stats().trapsApplied).toBe(1)

    await runSnmpTool(
      'snmptrap',
      [
        '-v',
        '2c',
        '-c',
        'not-ours',
        `127.0.0.1:${trapPort}`,
        '',
        '1.3.6.1.6.3.1.1.5.4',
        '1.3.6.1.2.1.2.2.1.1.1001',
        'i',
        '1001',
      ],
      agent.dir,
    )
    await waitFor('the trap with a foreign community to be refused', () => recording.rejects.length === 1)
    expect(recording.rejects[0]).toMatch(/^trap refused from 127\.0\.0\.1/)
    expect(adapter!.stats().trapsApplied).toBe(1)
    expect(recording.invalid).toEqual([])
  })

  it('marks devices unknown after one missed poll, down after three, and up again when the agent returns', async () => {
    const recording = await startAdapter()
    await waitFor(
      'both devices polled',
      () =>
        device(recording, 'core-1')?.status === 'up' && device(recording, 'access-2')?.status === 'degraded',
    )
    await waitFor('source up', () => recording.lastStatus()?.status === 'up')
    const mark = recording.history('network', 'core-1').length

    await agent.stop()
    await waitFor('core-1 down', () => device(recording, 'core-1')?.status === 'down')
    await waitFor('access-2 down', () => device(recording, 'access-2')?.status === 'down')
    const outage = recording.history('network', 'core-1').slice(mark)
    // up → unknown → down: never straight to down, and never up while the agent was silent.
    const statuses = outage.map((d) => d.status).filter((s, i, all) => i === 0 || all[i - 1] !== s)
    expect(statuses).toEqual(['unknown', 'down'])
    expect(outage.at(-1)).toMatchObject({ latencyMs: null, utilisationPct: null })
    expect(outage.at(-1)!.links.every((l) => l.status === 'unknown')).toBe(true)
    expect(outage.at(-1)!.lossPct).toBeGreaterThan(0)
    await waitFor('source down', () => recording.lastStatus()?.status === 'down')
    expect(recording.statuses.map((s) => s.status)).toContain('degraded')
    expect(recording.errors.some((e) => e.startsWith('device core-1: no answer'))).toBe(true)

    await agent.start()
    await waitFor('core-1 up again', () => device(recording, 'core-1')?.status === 'up', {
      timeoutMs: 20_000,
    })
    // v3 too: a fresh session rediscovers the restarted engine.
    await waitFor('access-2 answering again', () => device(recording, 'access-2')?.status === 'degraded', {
      timeoutMs: 20_000,
    })
    await waitFor('source up again', () => recording.lastStatus()?.status === 'up')
    expect(recording.invalid).toEqual([])
  })

  it('keeps a device that never answers unknown, then down — never up', async () => {
    const silentPort = await freePort('udp')
    const recording = await startAdapter({
      downAfterMissedPolls: 2,
      devices: [
        {
          id: 'ghost-4',
          name: 'GHOST-04',
          kind: 'access-point',
          siteId: 'site-a',
          host: '127.0.0.1',
          port: silentPort,
          snmp: { version: '2c', community: 'public' },
          interfaces: [{ ifIndex: 1 }],
        },
      ],
    })
    await waitFor('ghost-4 down', () => device(recording, 'ghost-4')?.status === 'down')
    const statuses = recording.history('network', 'ghost-4').map((d) => d.status)
    expect(statuses).not.toContain('up')
    expect(statuses[0]).toBe('unknown')
    expect(recording.lastStatus()).toEqual({ status: 'down', detail: 'no device answering (1)' })
  })
})
