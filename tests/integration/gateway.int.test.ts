/**
 * The feed protocol end to end: a real gateway on 127.0.0.1 (in this process, with a source the
 * test drives) and real socket.io clients.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Asset, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import { FeedEvent, type Batch, type Snapshot } from '../../shared/contracts/feed.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import type { SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import {
  batchesOf,
  connectClient,
  connectError,
  connected,
  createTestAdapter,
  makeAlert,
  makeAsset,
  makeBed,
  makeDevice,
  testSiteModel,
  waitFor,
  type RecordingClient,
  type TestAdapter,
} from '../support/gatewayTestKit.ts'

const TOKENS = {
  admin: 'admin-token-0001',
  operator: 'operator-token-01',
  viewer: 'viewer-token-001',
  it: 'it-token-0000001',
}

const running: { gateway: RunningGateway; clients: RecordingClient[] }[] = []

afterEach(async () => {
  for (const entry of running.splice(0)) {
    for (const client of entry.clients) client.close()
    await entry.gateway.close()
  }
})

const upsert = (topic: SourceOp['topic'], entity: unknown): SourceOp => ({ topic, op: 'upsert', entity })

/** 4 beds, 6 assets over two sites, 2 devices, 2 alerts. */
const initialOps = (): SourceOp[] => [
  ...testSiteModel.beds.map((bed) => upsert('beds', makeBed({ id: bed.id }))),
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    upsert('assets', makeAsset({ id: `tag-${n}`, label: `IP-${n}`, siteId: n <= 4 ? 'site-a' : 'site-b' })),
  ),
  upsert('network', makeDevice({ id: 'sw-a', siteId: 'site-a', address: '10.1.0.1' })),
  upsert('network', makeDevice({ id: 'sw-b', siteId: 'site-b', address: '10.2.0.1' })),
  upsert('cyber', makeAlert({ id: 'alert-a', siteId: 'site-a', host: 'WPC-A1' })),
  upsert('cyber', makeAlert({ id: 'alert-trust', siteId: null, host: 'MAIL-01' })),
]

async function start(options: { server?: Record<string, unknown>; initial?: SourceOp[] } = {}): Promise<{
  gateway: RunningGateway
  adapter: TestAdapter
  connect(role: keyof typeof TOKENS): Promise<RecordingClient>
}> {
  const parsed = parseConfig(
    {
      server: { tickMs: 10, ...options.server },
      tokens: [
        { token: TOKENS.admin, name: 'Admin', role: 'admin' },
        { token: TOKENS.operator, name: 'Ops Desk', role: 'operator' },
        { token: TOKENS.viewer, name: 'Wall 1', role: 'viewer' },
        { token: TOKENS.it, name: 'On-call IT', role: 'it' },
      ],
    },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const adapter = createTestAdapter('test', options.initial ?? initialOps())
  const floorPlans = new Map<string, unknown>([['site-a-l0', { type: 'FeatureCollection', features: [] }]])
  const gateway = await startGateway({
    config: parsed.config,
    adapters: [adapter],
    siteModel: testSiteModel,
    floorPlans,
    dataDir: ':memory:',
  })
  const entry = { gateway, clients: [] as RecordingClient[] }
  running.push(entry)
  return {
    gateway,
    adapter,
    connect: async (role) => {
      const client = connectClient(gateway.url, TOKENS[role])
      entry.clients.push(client)
      await connected(client)
      return client
    },
  }
}

const snapshotOf = <T extends Snapshot['topic']>(
  snapshots: Snapshot[],
  topic: T,
): Extract<Snapshot, { topic: T }> => {
  const found = snapshots.find((snapshot) => snapshot.topic === topic)
  if (found === undefined) throw new Error(`no ${topic} snapshot`)
  return found as Extract<Snapshot, { topic: T }>
}

async function subscribeOk(client: RecordingClient, request: unknown): Promise<Snapshot[]> {
  const ack = await client.subscribe(request)
  if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`)
  return ack.snapshots
}

/** Applies snapshot + batches the way a hub does, checking seq; returns the replica or 'gap'. */
function replay(snapshot: Snapshot, batches: readonly Batch[]): Map<string, unknown> | 'gap' {
  const replica = new Map<string, unknown>(snapshot.entities.map((entity) => [entity.id, entity]))
  let seq = snapshot.seq
  for (const batch of batches) {
    if (batch.seq <= seq) continue
    if (batch.seq !== seq + 1) return 'gap'
    seq = batch.seq
    for (const entity of batch.upserts) replica.set(entity.id, entity)
    for (const id of batch.removes) replica.delete(id)
  }
  return replica
}

describe('gateway feed', () => {
  it('says hello with the trust, the role and the token name', async () => {
    const { connect } = await start()
    const client = await connect('operator')
    await waitFor(() => client.hellos.length === 1, 'hello')
    expect(client.hellos[0]).toMatchObject({
      protocol: 1,
      trust: { id: 'trust-test', name: 'Test Trust' },
      sites: [
        { id: 'site-a', shortName: 'ALP' },
        { id: 'site-b', shortName: 'BET' },
      ],
      topics: ['beds', 'assets', 'network', 'cyber', 'waiting'],
      role: 'operator',
      user: 'Ops Desk',
    })
    await waitFor(() => client.sources.length > 0, 'sources')
    expect(client.sources[0]?.sources).toEqual([
      expect.objectContaining({ id: 'test', status: 'up', rejectedCount: 0, errorCount: 0 }),
    ])
  })

  it('answers subscribe with one snapshot per topic whose counts match the source', async () => {
    const { connect } = await start()
    const client = await connect('admin')
    const snapshots = await subscribeOk(client, { topics: ['beds', 'assets', 'network', 'cyber'] })
    expect(snapshots.map((s) => [s.topic, s.entities.length])).toEqual([
      ['beds', 4],
      ['assets', 6],
      ['network', 2],
      ['cyber', 2],
    ])
  })

  it('limits snapshots and batches to the requested sites, yet sends every seq', async () => {
    const { connect, adapter } = await start()
    const client = await connect('admin')
    const snapshots = await subscribeOk(client, { topics: ['beds', 'assets', 'cyber'], sites: ['site-b'] })
    expect(snapshotOf(snapshots, 'beds').entities.map((b) => b.id)).toEqual(['site-b-bed-1', 'site-b-bed-2'])
    expect(snapshotOf(snapshots, 'assets').entities.map((a) => a.id)).toEqual(['tag-5', 'tag-6'])
    // An alert with no site concerns every site.
    expect(snapshotOf(snapshots, 'cyber').entities.map((a) => a.id)).toEqual(['alert-trust'])
    const base = snapshotOf(snapshots, 'assets').seq

    adapter.emit([upsert('assets', makeAsset({ id: 'tag-1', x: 99 }))]) // site A: not for this client
    await waitFor(() => batchesOf(client, 'assets').length === 1, 'first batch')
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-5', siteId: 'site-b', x: 5 }))])
    await waitFor(() => batchesOf(client, 'assets').length === 2, 'second batch')
    // An asset moving from site B to site A leaves this client's view.
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-6', siteId: 'site-a' }))])
    await waitFor(() => batchesOf(client, 'assets').length === 3, 'third batch')

    const [first, second, third] = batchesOf(client, 'assets')
    expect([first?.seq, second?.seq, third?.seq]).toEqual([base + 1, base + 2, base + 3])
    expect(first?.upserts).toEqual([])
    expect(second?.upserts.map((a) => a.id)).toEqual(['tag-5'])
    expect(third).toMatchObject({ upserts: [], removes: ['tag-6'] })
  })

  it('sends batches whose seq rises by one per topic, and a replica built from them matches the source', async () => {
    const { connect, adapter } = await start()
    const client = await connect('admin')
    const snapshots = await subscribeOk(client, { topics: ['assets'] })
    const expected = new Map<string, Asset>()
    for (const entity of snapshotOf(snapshots, 'assets').entities) expected.set(entity.id, entity)
    for (let round = 0; round < 20; round++) {
      const asset = makeAsset({ id: `tag-${(round % 6) + 1}`, x: round, lastSeen: 1_800_000_000_000 + round })
      expected.set(asset.id, asset)
      adapter.emit([upsert('assets', asset)])
      if (round === 10) {
        adapter.emit([{ topic: 'assets', op: 'remove', id: 'tag-6' }])
        expected.delete('tag-6')
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    adapter.emit([{ topic: 'assets', op: 'patch', id: 'tag-1', changes: { battery: 5 } }])
    expected.set('tag-1', { ...(expected.get('tag-1') as Asset), battery: 5 })
    await waitFor(
      () => batchesOf(client, 'assets').some((b) => b.upserts.some((a) => a.battery === 5)),
      'patch batch',
    )

    const batches = batchesOf(client, 'assets')
    const seqs = batches.map((b) => b.seq)
    expect(seqs).toEqual(seqs.map((_, i) => snapshotOf(snapshots, 'assets').seq + 1 + i))
    const replica = replay(snapshotOf(snapshots, 'assets'), batches)
    expect(replica).not.toBe('gap')
    expect(Object.fromEntries(replica as Map<string, unknown>)).toEqual(Object.fromEntries(expected))
  })

  it('refuses an unknown token at the handshake with a connect_error and nothing else', async () => {
    const { gateway } = await start()
    const client = connectClient(gateway.url, 'not-a-token-at-all')
    const message = await connectError(client)
    expect(message).toBe('unauthorized: unknown token')
    expect(client.hellos).toEqual([])
    expect(client.socket.connected).toBe(false)
    client.close()
  })

  it('refuses a browser Origin that is not allowed, and accepts the gateway’s own', async () => {
    const { gateway } = await start()
    const foreign = connectClient(gateway.url, TOKENS.admin, { origin: 'https://evil.example' })
    await expect(connectError(foreign)).resolves.toBeTruthy()
    foreign.close()
    const own = connectClient(gateway.url, TOKENS.admin, { origin: `http://127.0.0.1:${gateway.port}` })
    await connected(own)
    own.close()
  })

  it('answers a malformed subscribe with { ok: false, error } and the connection stays usable', async () => {
    const { connect } = await start()
    const client = await connect('admin')
    const bad = await client.subscribe({ topics: ['beds', 'weather'] })
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('topics[1]') })
    expect(await client.subscribe('beds')).toMatchObject({ ok: false })
    expect(await client.subscribe({ topics: ['beds', 'beds'] })).toMatchObject({ ok: false })
    expect(client.socket.connected).toBe(true)
    const snapshots = await subscribeOk(client, { topics: ['beds'] })
    expect(snapshotOf(snapshots, 'beds').entities).toHaveLength(4)
  })

  it('keeps one snapshot in flight per client and disconnects a client that floods subscribe', async () => {
    const { connect, gateway } = await start()
    const viewer = await connect('viewer')
    // A burst the client never waits for: the first is answered, the newest replaces the others
    // still waiting, and past the limit the client is disconnected rather than queue snapshots.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => viewer.subscribe({ topics: ['beds', 'assets'] }).catch(() => null)),
    )
    const superseded = answers.filter((a) => a !== null && !a.ok && a.error.startsWith('superseded'))
    const snapshots = answers.filter((a) => a !== null && a.ok)
    expect(snapshots.length).toBeGreaterThanOrEqual(1)
    expect(snapshots.length).toBeLessThanOrEqual(2)
    expect(superseded.length).toBeGreaterThan(0)
    await waitFor(() => !viewer.socket.connected, 'the flooding client to be disconnected')
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toMatch(/watchfloor_abusive_clients_total\{reason="subscribe-rate"\} 1/)
    // Another client is served as usual.
    const other = await connect('viewer')
    expect(snapshotOf(await subscribeOk(other, { topics: ['beds'] }), 'beds').entities).toHaveLength(4)
  })

  it('lets a client that missed a batch resync by resubscribing, ending consistent with the source', async () => {
    const { connect, adapter } = await start()
    const client = await connect('admin')
    const first = snapshotOf(await subscribeOk(client, { topics: ['assets'] }), 'assets')
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-1', x: 1 }))])
    await waitFor(() => batchesOf(client, 'assets').length === 1, 'batch 1')
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-2', x: 2 }))])
    await waitFor(() => batchesOf(client, 'assets').length === 2, 'batch 2')
    adapter.emit([{ topic: 'assets', op: 'remove', id: 'tag-3' }])
    await waitFor(() => batchesOf(client, 'assets').length === 3, 'batch 3')

    // The network "lost" batch 2: the hub sees seq jump from first+1 to first+3.
    const [b1, , b3] = batchesOf(client, 'assets')
    expect(replay(first, [b1 as Batch, b3 as Batch])).toBe('gap')

    const resynced = snapshotOf(await subscribeOk(client, { topics: ['assets'] }), 'assets')
    expect(resynced.seq).toBe(first.seq + 3)
    const byId = new Map(resynced.entities.map((a) => [a.id, a]))
    expect(byId.get('tag-1')?.x).toBe(1)
    expect(byId.get('tag-2')?.x).toBe(2)
    expect(byId.has('tag-3')).toBe(false)
    // And the next batch continues from the snapshot's seq.
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-4', x: 4 }))])
    await waitFor(() => batchesOf(client, 'assets').length === 4, 'batch 4')
    expect(batchesOf(client, 'assets')[3]?.seq).toBe(resynced.seq + 1)
  })

  it('recovers a briefly dropped connection with its subscription and the batches it missed', async () => {
    const { gateway, adapter } = await start()
    const client = connectClient(gateway.url, TOKENS.admin, { reconnection: true })
    running[running.length - 1]?.clients.push(client)
    await connected(client)
    const snapshot = snapshotOf(await subscribeOk(client, { topics: ['assets'] }), 'assets')
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-1', x: 1 }))])
    await waitFor(() => batchesOf(client, 'assets').length === 1, 'first batch')

    let reconnected = false
    client.socket.io.once('reconnect', () => (reconnected = true))
    // Drop the transport as a network blip would; socket.io reconnects by itself.
    client.socket.io.engine.close()
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-2', x: 2 }))])
    await waitFor(() => reconnected && client.socket.connected, 'reconnect')
    expect(client.socket.recovered).toBe(true)
    adapter.emit([upsert('assets', makeAsset({ id: 'tag-3', x: 3 }))])
    await waitFor(
      () => batchesOf(client, 'assets').some((b) => b.upserts.some((a) => a.id === 'tag-3')),
      'batch after',
    )
    // No resubscribe: the missed batch was replayed and the seq has no gap.
    const replica = replay(snapshot, batchesOf(client, 'assets'))
    expect(replica).not.toBe('gap')
    expect((replica as Map<string, Asset>).get('tag-2')?.x).toBe(2)
  })

  it('rejects one malformed adapter message, counts it for its source, and applies the rest of the batch', async () => {
    const { connect, adapter, gateway } = await start()
    const client = await connect('admin')
    await subscribeOk(client, { topics: ['beds', 'assets'] })
    const result = adapter.emit([
      upsert('assets', makeAsset({ id: 'tag-1', x: 101 })),
      upsert('assets', { ...makeAsset({ id: 'tag-2' }), battery: 250 }), // battery is a percentage
      { topic: 'beds', op: 'patch', id: 'site-a-bed-1', changes: { status: 'teleported' } },
      { topic: 'beds', op: 'patch', id: 'no-such-bed', changes: { status: 'occupied' } },
      upsert('assets', makeAsset({ id: 'tag-3', x: 103 })),
      { topic: 'beds', op: 'patch', id: 'site-a-bed-2', changes: { status: 'occupied' } },
    ])
    expect(result).toEqual({ accepted: 3, rejected: 3 })
    await waitFor(
      () => batchesOf(client, 'assets').length >= 1 && batchesOf(client, 'beds').length >= 1,
      'batches',
    )
    const assetIds = batchesOf(client, 'assets').flatMap((b) => b.upserts.map((a) => [a.id, a.x]))
    expect(assetIds).toEqual([
      ['tag-1', 101],
      ['tag-3', 103],
    ])
    expect(batchesOf(client, 'beds').flatMap((b) => b.upserts.map((bed) => [bed.id, bed.status]))).toEqual([
      ['site-a-bed-2', 'occupied'],
    ])
    // The source's health says so, and so does /metrics.
    await waitFor(
      () => client.sources.some((s) => s.sources[0]?.rejectedCount === 3),
      'sources with rejects',
      6_000,
    )
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toContain('watchfloor_source_rejected_total{source="test"} 3')
  })

  it('nulls cyber alert hosts and device addresses for roles other than it and admin', async () => {
    const { connect, adapter } = await start()
    const viewer = await connect('viewer')
    const it = await connect('it')
    const viewerSnaps = await subscribeOk(viewer, { topics: ['network', 'cyber'] })
    const itSnaps = await subscribeOk(it, { topics: ['network', 'cyber'] })
    expect(snapshotOf(viewerSnaps, 'cyber').entities.map((a) => a.host)).toEqual([null, null])
    expect(snapshotOf(viewerSnaps, 'network').entities.map((d) => d.address)).toEqual([null, null])
    expect(snapshotOf(itSnaps, 'cyber').entities.map((a) => a.host)).toEqual(['WPC-A1', 'MAIL-01'])
    expect(snapshotOf(itSnaps, 'network').entities.map((d) => d.address)).toEqual(['10.1.0.1', '10.2.0.1'])

    adapter.emit([
      upsert('cyber', makeAlert({ id: 'alert-new', host: 'WPC-77' })),
      upsert('network', makeDevice({ id: 'sw-c', address: '10.3.0.1' })),
    ])
    const arrived = (client: RecordingClient): boolean =>
      batchesOf(client, 'cyber').length > 0 && batchesOf(client, 'network').length > 0
    await waitFor(() => arrived(viewer) && arrived(it), 'batches')
    expect((batchesOf(viewer, 'cyber')[0]?.upserts[0] as CyberAlert).host).toBeNull()
    expect((batchesOf(viewer, 'network')[0]?.upserts[0] as NetworkDevice).address).toBeNull()
    expect((batchesOf(it, 'cyber')[0]?.upserts[0] as CyberAlert).host).toBe('WPC-77')
    expect((batchesOf(it, 'network')[0]?.upserts[0] as NetworkDevice).address).toBe('10.3.0.1')
  })

  it('records a cyber alert acknowledgement with who and when and broadcasts it to every client', async () => {
    const { connect, adapter } = await start()
    const desk = await connect('operator')
    const wall = await connect('viewer')
    await subscribeOk(desk, { topics: ['cyber'] })
    await subscribeOk(wall, { topics: ['cyber'] })

    const refused = await wall.socket
      .timeout(5000)
      .emitWithAck(FeedEvent.alertAck, { alertId: 'alert-a', note: 'seen' })
    expect(refused).toEqual({ ok: false, error: 'role viewer may not acknowledge alerts' })
    const noNote = await desk.socket
      .timeout(5000)
      .emitWithAck(FeedEvent.alertAck, { alertId: 'alert-a', note: ' ' })
    expect(noNote).toMatchObject({ ok: false })
    const unknown = await desk.socket
      .timeout(5000)
      .emitWithAck(FeedEvent.alertAck, { alertId: 'nope', note: 'x' })
    expect(unknown).toEqual({ ok: false, error: 'no such alert' })

    const response = await desk.socket
      .timeout(5000)
      .emitWithAck(FeedEvent.alertAck, { alertId: 'alert-a', note: 'Isolating the PC' })
    expect(response).toMatchObject({ ok: true, ack: { by: 'Ops Desk', note: 'Isolating the PC' } })
    await waitFor(() => batchesOf(wall, 'cyber').length > 0, 'cyber batch on the wall')
    const seen = batchesOf(wall, 'cyber')[0]?.upserts[0] as CyberAlert
    expect(seen).toMatchObject({
      id: 'alert-a',
      status: 'acknowledged',
      ack: { by: 'Ops Desk', note: 'Isolating the PC' },
    })

    // The source repeating the alert (count up) does not undo the acknowledgement.
    adapter.emit([upsert('cyber', makeAlert({ id: 'alert-a', siteId: 'site-a', host: 'WPC-A1', count: 2 }))])
    await waitFor(() => batchesOf(wall, 'cyber').length > 1, 'second cyber batch')
    expect(batchesOf(wall, 'cyber')[1]?.upserts[0]).toMatchObject({
      count: 2,
      status: 'acknowledged',
      ack: { by: 'Ops Desk' },
    })
  })

  it('relays alarm actions to every client and replays the latest to a client that connects later', async () => {
    const { connect, adapter } = await start()
    const desk = await connect('operator')
    const wall = await connect('viewer')
    await waitFor(
      () => wall.alarmActions.length === 1 && desk.alarmActions.length === 1,
      'initial alarm:actions',
    )
    expect(wall.alarmActions[0]).toEqual({ records: [] })
    // A real alarm in the gateway's own engine: sw-a down for 5 min (the default pack waits 60 s).
    adapter.emit([
      upsert(
        'network',
        makeDevice({ id: 'sw-a', siteId: 'site-a', status: 'down', statusSince: Date.now() - 300_000 }),
      ),
    ])
    const fingerprint = 'network-device-down@sw-a'

    const refused = await wall.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'acknowledge',
      fingerprint,
      note: '',
    })
    expect(refused).toMatchObject({ ok: false, error: 'role viewer may not act on alarms' })
    const bad = await desk.socket
      .timeout(5000)
      .emitWithAck(FeedEvent.alarmAction, { action: 'shelve', fingerprint: 'x', note: '' })
    expect(bad).toMatchObject({ ok: false })
    // Issue 13: no shelve of an alarm that does not exist, and none past one shift (12 h by default).
    const unknown = await desk.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'shelve',
      fingerprint: 'network-device-down@sw-nowhere',
      note: 'planned maintenance',
      until: Date.now() + 3_600_000,
    })
    expect(unknown).toEqual({ ok: false, error: 'no such alarm: network-device-down@sw-nowhere' })
    const tooLong = await desk.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'shelve',
      fingerprint,
      note: 'planned maintenance',
      until: 32_503_680_000_000,
    })
    expect(tooLong).toMatchObject({
      ok: false,
      error: expect.stringContaining('a shelve lasts at most 12 h'),
    })

    const response = await desk.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'shelve',
      fingerprint,
      note: 'planned maintenance',
      until: Date.now() + 3_600_000,
    })
    expect(response).toMatchObject({
      ok: true,
      record: { by: 'Ops Desk', fingerprint, action: 'shelve', members: [fingerprint] },
    })
    await waitFor(() => wall.alarmActions.length === 2, 'broadcast to the wall')
    expect(wall.alarmActions[1]?.records).toEqual([expect.objectContaining({ fingerprint, by: 'Ops Desk' })])

    const late = await connect('viewer')
    await waitFor(() => late.alarmActions.length === 1, 'alarm:actions on connect')
    expect(late.alarmActions[0]?.records.map((r) => r.fingerprint)).toEqual([fingerprint])
  })

  it('rate-limits alarm actions per display: a burst of junk reaches no client and never displaces a real shelve', async () => {
    const { connect, adapter, gateway } = await start()
    const desk = await connect('operator')
    const wall = await connect('viewer')
    await waitFor(() => wall.alarmActions.length === 1, 'initial alarm:actions')
    adapter.emit([
      upsert(
        'network',
        makeDevice({ id: 'sw-a', siteId: 'site-a', status: 'down', statusSince: Date.now() - 300_000 }),
      ),
    ])
    const shelved = await desk.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'shelve',
      fingerprint: 'network-device-down@sw-a',
      note: 'switch replacement',
      until: Date.now() + 3_600_000,
    })
    expect(shelved).toMatchObject({ ok: true })
    await waitFor(() => wall.alarmActions.length === 2, 'the real shelve on the wall')

    // The red team's run: 600 actions on made-up alarms as fast as the socket takes them.
    const answers = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        desk.socket.timeout(10_000).emitWithAck(FeedEvent.alarmAction, {
          action: 'acknowledge',
          fingerprint: `network-device-down@junk-${i}`,
          note: '',
        }),
      ),
    )
    expect(answers.every((a) => !a.ok)).toBe(true)
    const limited = answers.filter((a) => !a.ok && a.error.startsWith('too many alarm actions')).length
    expect(limited).toBeGreaterThanOrEqual(600 - 20)
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toContain(`watchfloor_alarm_actions_total{outcome="rate_limited"} ${limited}`)

    const late = await connect('viewer')
    await waitFor(() => late.alarmActions.length === 1, 'alarm:actions on connect')
    expect(late.alarmActions[0]?.records.map((r) => [r.fingerprint, r.action])).toEqual([
      ['network-device-down@sw-a', 'shelve'],
    ])
    // Nothing of the junk reached the wall.
    expect(wall.alarmActions).toHaveLength(2)
  })

  it('drops a slow consumer from the fan-out, tells it to resync, and keeps other clients gap-free', async () => {
    const { connect, adapter, gateway } = await start({ server: { maxBufferedPackets: 4 } })
    const slow = await connect('admin')
    const fast = await connect('admin')
    const fastSnapshot = snapshotOf(await subscribeOk(fast, { topics: ['assets'] }), 'assets')
    await subscribeOk(slow, { topics: ['assets'] })

    // Stop reading the slow client's TCP socket, as a hung wall would.
    const transport: unknown = Reflect.get(slow.socket.io.engine, 'transport')
    const ws: unknown = transport === undefined ? undefined : Reflect.get(transport as object, 'ws')
    const pause: unknown = ws === undefined ? undefined : Reflect.get(ws as object, 'pause')
    const resume: unknown = ws === undefined ? undefined : Reflect.get(ws as object, 'resume')
    if (typeof pause !== 'function' || typeof resume !== 'function')
      throw new Error('no ws.pause on the client')
    pause.call(ws)

    // Large batches until the gateway gives up on the slow client (it says so in /metrics).
    const label = 'X'.repeat(60)
    let round = 0
    let dropped = false
    while (!dropped) {
      if (round >= 500) throw new Error('the gateway never dropped the paused client')
      const ops: SourceOp[] = []
      for (let i = 0; i < 2000; i++)
        ops.push(upsert('assets', makeAsset({ id: `bulk-${i}`, label, x: round })))
      adapter.emit(ops)
      round += 1
      await new Promise((resolve) => setTimeout(resolve, 10))
      if (round % 5 === 0) {
        const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
        dropped = metrics.includes('watchfloor_slow_consumer_resyncs_total 1')
      }
    }
    resume.call(ws)
    await waitFor(() => slow.resyncs.length === 1, 'resync on the slow client', 20_000)
    expect(slow.resyncs[0]).toMatchObject({ reason: 'slow-consumer', topics: ['assets'] })
    // What it received is bounded by what was queued when it was dropped, not everything since.
    const lastSeqSeenBySlow = batchesOf(slow, 'assets').at(-1)?.seq ?? 0

    // It resubscribes and is consistent again; the fast client never saw a gap.
    const after = snapshotOf(await subscribeOk(slow, { topics: ['assets'] }), 'assets')
    expect(after.entities.find((a) => a.id === 'bulk-0')?.x).toBe(round - 1)
    expect(lastSeqSeenBySlow).toBeLessThan(after.seq)
    await waitFor(
      () => (batchesOf(fast, 'assets').at(-1)?.seq ?? 0) >= after.seq,
      'fast client has every batch',
      20_000,
    )
    expect(replay(fastSnapshot, batchesOf(fast, 'assets'))).not.toBe('gap')
  })
})

describe('gateway HTTP', () => {
  it('serves the site model and floor plans to a bearer token, with ETags and 304', async () => {
    const { gateway } = await start()
    const auth = { authorization: `Bearer ${TOKENS.viewer}` }
    expect((await fetch(`${gateway.url}/v1/site-model`)).status).toBe(401)
    expect((await fetch(`${gateway.url}/v1/site-model?token=${TOKENS.viewer}`)).status).toBe(401)
    expect(
      (await fetch(`${gateway.url}/v1/site-model`, { headers: { authorization: 'Bearer wrong-token' } }))
        .status,
    ).toBe(401)

    const first = await fetch(`${gateway.url}/v1/site-model`, { headers: auth })
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(((await first.json()) as { trust: { id: string } }).trust.id).toBe('trust-test')
    const again = await fetch(`${gateway.url}/v1/site-model`, {
      headers: { ...auth, 'if-none-match': etag ?? '' },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')

    const index = await fetch(`${gateway.url}/v1/floorplans`, { headers: auth })
    expect(await index.json()).toEqual({
      levels: [{ levelId: 'site-a-l0', href: '/v1/floorplans/site-a-l0' }],
    })
    const plan = await fetch(`${gateway.url}/v1/floorplans/site-a-l0`, { headers: auth })
    expect(plan.status).toBe(200)
    expect(plan.headers.get('content-type')).toContain('application/geo+json')
    const planTag = plan.headers.get('etag') ?? ''
    expect(
      (
        await fetch(`${gateway.url}/v1/floorplans/site-a-l0`, {
          headers: { ...auth, 'if-none-match': planTag },
        })
      ).status,
    ).toBe(304)
    expect((await fetch(`${gateway.url}/v1/floorplans/nowhere`, { headers: auth })).status).toBe(404)
  })

  it('answers /healthz with the sources and /metrics in Prometheus text, and refuses foreign origins', async () => {
    const { gateway } = await start()
    const health = await fetch(`${gateway.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      entities: { beds: 4, assets: 6, network: 2, cyber: 2 },
      sources: [expect.objectContaining({ id: 'test', status: 'up' })],
    })
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toContain('watchfloor_entities{topic="assets"} 6')
    expect(metrics).toContain('watchfloor_ingest_ops_total{source="test",topic="assets",result="accepted"} 6')
    const foreign = await fetch(`${gateway.url}/v1/site-model`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}`, origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
  })
})
