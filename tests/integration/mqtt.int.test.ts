/**
 * The MQTT RTLS adapter against a real Mosquitto on 127.0.0.1, fed by mosquitto_pub: positions
 * land as valid assets, duplicates and late fixes are dropped by timestamp, malformed payloads are
 * rejected without losing the rest, and the adapter rides out the broker going away and coming
 * back on the same port.
 */
import { spawn } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMqttAdapter, type MqttAdapter } from '../../gateway/adapters/mqtt/createMqttAdapter.ts'
import {
  mqttSourceConfigSchema,
  type MqttSourceConfigInput,
} from '../../gateway/adapters/mqtt/mqttSourceConfig.ts'
import { makeSiteModel } from '../support/builders.ts'
import { startMosquitto, waitFor, type Daemon } from '../support/daemons.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

/** Publishes each message, in order, with QoS 1 (one mosquitto_pub process reading lines). */
function publish(port: number, topic: string, messages: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const pub = spawn(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, '-l'],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    pub.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    pub.once('error', reject)
    pub.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${stderr}`)),
    )
    pub.stdin.end(messages.map((m) => m + '\n').join(''))
  })
}

const BASE = Date.UTC(2026, 10, 21, 9, 0, 0)
const iso = (offsetS: number): string => new Date(BASE + offsetS * 1000).toISOString()

function configFor(port: number, overrides: Partial<MqttSourceConfigInput> = {}): MqttSourceConfigInput {
  return {
    kind: 'mqtt',
    id: 'rtls-test',
    url: `mqtt://127.0.0.1:${port}`,
    clientId: `wf-test-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    topic: 'rtls/+/position',
    reconnectPeriodMs: 100,
    maxReconnectPeriodMs: 800,
    connectTimeoutMs: 2_000,
    downAfterFailures: 3,
    mapping: {
      tagId: 'tag',
      x: 'pos.x',
      y: 'pos.y',
      zone: 'zone',
      level: 'floor',
      battery: 'bat',
      time: 'ts',
      timeFormat: 'iso',
    },
    levels: { L1: 'lvl-a1', L2: 'lvl-a2' },
    zones: { 'rdr-side-1': { levelId: 'lvl-a1', x: 12, y: 2, zoneId: 'side-a1' } },
    tags: {
      'T-PUMP-1': { type: 'infusion-pump', label: 'IP-00001', homeUnitId: 'ward-a1' },
      'T-WC-2': { type: 'wheelchair', label: 'WC-00002' },
      'T-DEF-3': { type: 'defibrillator', label: 'DF-00003', homeUnitId: 'ward-a2' },
    },
    ...overrides,
  }
}

describe('MQTT RTLS adapter against Mosquitto', () => {
  let broker: Daemon
  let adapter: MqttAdapter | null = null

  beforeAll(async () => {
    broker = await startMosquitto()
  })
  afterEach(async () => {
    await adapter?.stop()
    adapter = null
    if (!broker.running) await broker.start()
  })
  afterAll(async () => {
    await broker?.dispose()
  })

  async function startAdapter(overrides: Partial<MqttSourceConfigInput> = {}): Promise<RecordingContext> {
    const recording = createRecordingContext({ siteModel: makeSiteModel(), now: () => BASE + 60_000 })
    adapter = createMqttAdapter(mqttSourceConfigSchema.parse(configFor(broker.port, overrides)))
    await adapter.start(recording.context)
    await waitFor('the adapter to subscribe', () => recording.lastStatus()?.status === 'up')
    return recording
  }

  it('maps positions, keeps the newest per tag and rejects malformed payloads without losing the rest', async () => {
    const recording = await startAdapter()
    expect(recording.statuses[0]).toEqual({
      status: 'degraded',
      detail: `connecting to mqtt://127.0.0.1:${broker.port}`,
    })

    await publish(broker.port, 'rtls/gw-1/position', [
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L1', pos: { x: 3.5, y: 4 }, bat: 81, ts: iso(10) }),
      JSON.stringify({ tag: 'T-WC-2', zone: 'rdr-side-1', ts: iso(11) }),
      // A duplicate (same time) and a late fix (older): both dropped, neither is an error.
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L1', pos: { x: 3.5, y: 4 }, bat: 81, ts: iso(10) }),
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L1', pos: { x: 30, y: 15 }, bat: 82, ts: iso(5) }),
      '{"tag": "T-PUMP-1", "pos": {"x": 1,', // malformed JSON
      JSON.stringify({ tag: 'T-UNKNOWN-9', floor: 'L1', pos: { x: 1, y: 1 }, ts: iso(12) }), // not registered
      JSON.stringify({ tag: 'T-WC-2', zone: 'rdr-nowhere', ts: iso(13) }), // unknown reader
      JSON.stringify({ tag: 'T-DEF-3', floor: 'L2', pos: { x: 5, y: 5 }, ts: 'yesterday' }), // bad time
      // The newest fix for the pump: it moved to Ward 70 on level 2.
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L2', pos: { x: 20, y: 10 }, bat: 80, ts: iso(20) }),
      // Marker: the last message, so the test knows everything before it was processed.
      JSON.stringify({ tag: 'T-DEF-3', floor: 'L2', pos: { x: 5, y: 5 }, ts: iso(21) }),
    ])

    await waitFor('the marker position', () => recording.entities.assets.get('T-DEF-3'))
    expect(recording.invalid).toEqual([])

    expect(recording.entities.assets.get('T-PUMP-1')).toEqual({
      id: 'T-PUMP-1',
      type: 'infusion-pump',
      label: 'IP-00001',
      siteId: 'site-a',
      levelId: 'lvl-a2',
      x: 20,
      y: 10,
      zoneId: 'ward-a2', // located from the site model's outlines
      homeUnitId: 'ward-a1',
      lastSeen: BASE + 20_000,
      battery: 80,
      state: 'available',
    })
    // A reader-only fix is drawn at the reader's zone centre.
    expect(recording.entities.assets.get('T-WC-2')).toMatchObject({
      levelId: 'lvl-a1',
      x: 12,
      y: 2,
      zoneId: 'side-a1',
      lastSeen: BASE + 11_000,
      battery: null,
    })
    // The pump's history never went backwards and never held the 5 s fix. (Fixes arriving in the
    // same tick are coalesced, so the 10 s one may or may not have been emitted before the 20 s one.)
    const pumpTimes = recording.history('assets', 'T-PUMP-1').map((a) => a.lastSeen)
    expect(pumpTimes.at(-1)).toBe(BASE + 20_000)
    expect(pumpTimes).toEqual([...pumpTimes].sort((a, b) => a - b))
    expect(new Set(pumpTimes).size).toBe(pumpTimes.length)
    expect(pumpTimes).not.toContain(BASE + 5_000)

    const stats = adapter!.stats()
    expect(stats.staleDropped).toBe(2)
    expect(stats.rejected).toBe(4)
    expect(recording.rejects).toHaveLength(4)
    expect(recording.rejects[0]).toMatch(/not JSON/)
    expect(recording.rejects.slice(1)).toEqual([
      'unknown tag T-UNKNOWN-9',
      'unknown zone rdr-nowhere (tag T-WC-2)',
      'time missing or not iso (tag T-DEF-3)',
    ])
    // Reject reasons never carry the payload.
    expect(recording.rejects.join(' ')).not.toContain('"pos"')
    expect(recording.errors).toEqual([])
    expect(recording.lastStatus()).toEqual({ status: 'up', detail: null })
  })

  it('accepts unregistered tags with the configured type when told to', async () => {
    const recording = await startAdapter({
      unknownTags: { action: 'accept', type: 'wheelchair' },
      mapping: { tagId: { topicLevel: 1 }, x: 'x', y: 'y', level: 'lvl', time: 't', timeFormat: 'epoch-s' },
    })
    await publish(broker.port, 'rtls/T-NEW-1/position', [
      JSON.stringify({ x: 2, y: 2, lvl: 'lvl-a1', t: BASE / 1000 + 30 }),
    ])
    const asset = await waitFor('the unregistered tag', () => recording.entities.assets.get('T-NEW-1'))
    expect(asset).toMatchObject({
      type: 'wheelchair',
      label: 'T-NEW-1',
      zoneId: 'bay-a1',
      lastSeen: BASE + 30_000,
    })
  })

  it('reports degraded then down while the broker is gone, and resumes when it returns on the same port', async () => {
    const recording = await startAdapter()
    await publish(broker.port, 'rtls/gw-1/position', [
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L1', pos: { x: 1, y: 1 }, ts: iso(1) }),
    ])
    await waitFor('the first position', () => recording.entities.assets.get('T-PUMP-1'))

    const before = recording.statuses.length
    await broker.stop()
    await waitFor('down after repeated failures', () => recording.lastStatus()?.status === 'down')
    const outage = recording.statuses.slice(before)
    // Degraded first (reconnecting), then down — never straight from up to down, never up meanwhile.
    expect(outage[0]).toEqual({
      status: 'degraded',
      detail: `connection to mqtt://127.0.0.1:${broker.port} lost; reconnecting`,
    })
    expect(outage.some((s) => s.status === 'up')).toBe(false)
    expect(recording.lastStatus()?.detail).toMatch(/unreachable: \d+ failed attempts/)
    expect(recording.errors.length).toBeGreaterThan(0)

    await broker.start()
    await waitFor('up again after the broker returns', () => recording.lastStatus()?.status === 'up', {
      timeoutMs: 20_000,
    })

    await publish(broker.port, 'rtls/gw-1/position', [
      JSON.stringify({ tag: 'T-PUMP-1', floor: 'L1', pos: { x: 6, y: 6 }, ts: iso(2) }),
    ])
    await waitFor('positions flowing again', () => recording.entities.assets.get('T-PUMP-1')?.x === 6)
    expect(recording.invalid).toEqual([])
  })

  it('starts while the broker is down: degraded, then down, then up once it appears', async () => {
    await broker.stop()
    const recording = createRecordingContext({ siteModel: makeSiteModel(), now: () => BASE + 60_000 })
    adapter = createMqttAdapter(mqttSourceConfigSchema.parse(configFor(broker.port)))
    await adapter.start(recording.context) // a dead peer is a status, not a failed start
    await waitFor('down', () => recording.lastStatus()?.status === 'down')
    expect(recording.statuses[0]?.status).toBe('degraded')
    await broker.start()
    await waitFor('up', () => recording.lastStatus()?.status === 'up', { timeoutMs: 20_000 })
  })
})
