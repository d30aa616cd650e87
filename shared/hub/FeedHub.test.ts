import { beforeEach, describe, expect, it } from 'vitest'
import type { HubToWindowMessage, ReplicaChanges } from '../contracts/hub.ts'
import { FeedHub } from './FeedHub.ts'
import type { HubFetch } from './FeedSocketPort.ts'
import {
  FakeFeedSocket,
  ManualClock,
  ManualScheduler,
  makeBed,
  makeDevice,
} from '../../tests/support/fakeFeedSocket.ts'

const noSiteModel: HubFetch = async () => ({
  ok: false,
  status: 404,
  headers: { get: () => null },
  json: async () => null,
})

const emptySnapshots = (seq = 0) =>
  (['beds', 'assets', 'network', 'cyber'] as const).map((topic) => ({
    topic,
    seq,
    entities: [],
    serverTime: 1,
  }))

function setup() {
  const socket = new FakeFeedSocket()
  const clock = new ManualClock()
  const scheduler = new ManualScheduler()
  const hub = new FeedHub({
    socket,
    gatewayUrl: 'http://127.0.0.1:1234',
    token: 't',
    fetch: noSiteModel,
    clock,
    schedule: scheduler.schedule,
  })
  const messages: HubToWindowMessage[] = []
  hub.start()
  hub.attach((message) => messages.push(message))
  const changes = (): ReplicaChanges[] => messages.flatMap((m) => (m.type === 'changes' ? [m.changes] : []))
  /** Connects and answers the subscribe with these snapshots. */
  const connectWith = async (snapshots: unknown[], recovered = false) => {
    socket.connect(recovered)
    socket.takeRequest('subscribe').resolve({ ok: true, snapshots })
    await Promise.resolve()
    await Promise.resolve()
  }
  return { socket, clock, scheduler, hub, messages, changes, connectWith }
}

describe('FeedHub', () => {
  let t: ReturnType<typeof setup>
  beforeEach(() => {
    t = setup()
  })

  it('sends a full snapshot to a window when it attaches', () => {
    expect(t.messages).toHaveLength(1)
    expect(t.messages[0]?.type).toBe('snapshot')
    expect(t.socket.opened).toBe(1)
  })

  it('subscribes to every topic on connect and applies the snapshots', async () => {
    t.socket.connect()
    const request = t.socket.takeRequest('subscribe')
    expect(request.payload).toEqual({ topics: ['beds', 'assets', 'network', 'cyber', 'waiting'] })
    request.resolve({
      ok: true,
      snapshots: [
        { topic: 'beds', seq: 7, entities: [makeBed({ id: 'b1' }), makeBed({ id: 'b2' })], serverTime: 1 },
        ...emptySnapshots().slice(1),
      ],
    })
    await Promise.resolve()
    t.scheduler.frame()
    const state = t.hub.snapshot()
    expect(state.entities.beds.map((b) => b.id)).toEqual(['b1', 'b2'])
    expect(state.topics.beds.seq).toBe(7)
    expect(state.topics.beds.confirmedAt).toBe(t.clock.now())
    expect(state.connection.status).toBe('connected')
    const last = t.changes().at(-1)
    expect(last?.entities?.beds?.reset).toBe(true)
    expect(last?.entities?.beds?.upserts.map((b) => b.id)).toEqual(['b1', 'b2'])
  })

  it('applies batches in sequence: upserts and removes', async () => {
    await t.connectWith([
      { topic: 'beds', seq: 1, entities: [makeBed({ id: 'b1' }), makeBed({ id: 'b2' })], serverTime: 1 },
    ])
    t.scheduler.frame()
    t.socket.serverEmit('batch', {
      topic: 'beds',
      seq: 2,
      upserts: [makeBed({ id: 'b1', status: 'housekeeping' })],
      removes: ['b2'],
      serverTime: 2,
    })
    t.scheduler.frame()
    const state = t.hub.snapshot()
    expect(state.entities.beds).toEqual([makeBed({ id: 'b1', status: 'housekeeping' })])
    expect(state.topics.beds.seq).toBe(2)
    const last = t.changes().at(-1)
    expect(last?.entities?.beds).toEqual({
      reset: false,
      upserts: [makeBed({ id: 'b1', status: 'housekeeping' })],
      removes: ['b2'],
    })
  })

  it('coalesces many batches into one change message per frame', async () => {
    await t.connectWith([{ topic: 'beds', seq: 0, entities: [], serverTime: 1 }])
    t.scheduler.frame()
    const before = t.changes().length
    for (let seq = 1; seq <= 100; seq += 1) {
      t.socket.serverEmit('batch', {
        topic: 'beds',
        seq,
        upserts: [makeBed({ id: `b${seq % 10}`, updatedAt: seq })],
        removes: [],
        serverTime: seq,
      })
    }
    expect(t.scheduler.pending).toBe(1)
    t.scheduler.frame()
    const after = t.changes().slice(before)
    expect(after).toHaveLength(1)
    // One upsert per distinct bed, carrying its latest version.
    expect(after[0]?.entities?.beds?.upserts).toHaveLength(10)
    expect(after[0]?.entities?.beds?.upserts.find((b) => b.id === 'b0')?.updatedAt).toBe(100)
    expect(after[0]?.topics?.beds?.seq).toBe(100)
  })

  it('resyncs a topic when it sees a sequence gap', async () => {
    await t.connectWith([{ topic: 'beds', seq: 5, entities: [makeBed({ id: 'b1' })], serverTime: 1 }])
    t.socket.serverEmit('batch', {
      topic: 'beds',
      seq: 7,
      upserts: [makeBed({ id: 'bX' })],
      removes: [],
      serverTime: 2,
    })
    // The batch after the gap is not applied: the hub cannot know what seq 6 changed.
    expect(t.hub.snapshot().entities.beds.map((b) => b.id)).toEqual(['b1'])
    const resubscribe = t.socket.takeRequest('subscribe')
    // A batch arriving while the resync is in flight is kept and applied after the snapshot.
    t.socket.serverEmit('batch', {
      topic: 'beds',
      seq: 9,
      upserts: [makeBed({ id: 'b9' })],
      removes: [],
      serverTime: 3,
    })
    resubscribe.resolve({
      ok: true,
      snapshots: [
        { topic: 'beds', seq: 8, entities: [makeBed({ id: 'b2' }), makeBed({ id: 'bX' })], serverTime: 3 },
      ],
    })
    await Promise.resolve()
    t.scheduler.frame()
    const state = t.hub.snapshot()
    expect(state.entities.beds.map((b) => b.id).sort()).toEqual(['b2', 'b9', 'bX'])
    expect(state.topics.beds.seq).toBe(9)
    expect(state.topics.beds.resyncs).toBe(1)
    expect(t.hub.getStats().gaps).toBe(1)
    // The window is told to replace the map, so b1 disappears there too.
    const last = t.changes().at(-1)
    expect(last?.entities?.beds?.reset).toBe(true)
    expect(last?.entities?.beds?.upserts.map((b) => b.id).sort()).toEqual(['b2', 'b9', 'bX'])
  })

  it('resubscribes when the gateway asks for a resync (slow consumer)', async () => {
    await t.connectWith([{ topic: 'beds', seq: 3, entities: [makeBed({ id: 'b1' })], serverTime: 1 }])
    t.socket.serverEmit('resync', { reason: 'slow-consumer', topics: ['beds'], serverTime: 2 })
    t.socket.takeRequest('subscribe').resolve({
      ok: true,
      snapshots: [{ topic: 'beds', seq: 40, entities: [makeBed({ id: 'b2' })], serverTime: 3 }],
    })
    await Promise.resolve()
    expect(t.hub.snapshot().entities.beds.map((b) => b.id)).toEqual(['b2'])
    expect(t.hub.snapshot().topics.beds).toMatchObject({ seq: 40, resyncs: 1 })
  })

  it('ignores a duplicate batch', async () => {
    await t.connectWith([{ topic: 'beds', seq: 3, entities: [makeBed({ id: 'b1' })], serverTime: 1 }])
    t.socket.serverEmit('batch', {
      topic: 'beds',
      seq: 3,
      upserts: [makeBed({ id: 'old' })],
      removes: [],
      serverTime: 2,
    })
    expect(t.hub.snapshot().entities.beds.map((b) => b.id)).toEqual(['b1'])
    expect(t.hub.getStats().duplicateBatches).toBe(1)
    expect(t.socket.requests).toHaveLength(0)
  })

  it('resyncs after a reconnect that did not recover the session', async () => {
    await t.connectWith([
      { topic: 'network', seq: 10, entities: [makeDevice({ id: 'sw-1' })], serverTime: 1 },
    ])
    t.socket.disconnect()
    await t.connectWith(
      [{ topic: 'network', seq: 2, entities: [makeDevice({ id: 'sw-2' })], serverTime: 2 }],
      false,
    )
    t.scheduler.frame()
    const state = t.hub.snapshot()
    // A restarted gateway starts its sequence again: the snapshot replaces the map and the seq.
    expect(state.entities.network.map((d) => d.id)).toEqual(['sw-2'])
    expect(state.topics.network.seq).toBe(2)
    expect(state.topics.network.resyncs).toBe(1)
  })

  it('does not resubscribe after a recovered reconnect', async () => {
    await t.connectWith([
      { topic: 'network', seq: 10, entities: [makeDevice({ id: 'sw-1' })], serverTime: 1 },
    ])
    t.socket.disconnect()
    t.socket.connect(true)
    expect(t.socket.requests).toHaveLength(0)
    t.socket.serverEmit('batch', {
      topic: 'network',
      seq: 11,
      upserts: [makeDevice({ id: 'sw-1', status: 'down' })],
      removes: [],
      serverTime: 2,
    })
    expect(t.hub.snapshot().entities.network[0]?.status).toBe('down')
  })

  it('marks the connection disconnected, with a reason, and connected again', async () => {
    await t.connectWith(emptySnapshots())
    t.scheduler.frame()
    t.clock.advance(1000)
    t.socket.disconnect('transport close')
    t.scheduler.frame()
    const disconnected = t.changes().at(-1)?.connection
    expect(disconnected?.status).toBe('disconnected')
    expect(disconnected?.since).toBe(t.clock.now())
    expect(disconnected?.detail).toMatch(/reconnecting/)
    // A failed attempt while down keeps the status and its start time.
    t.clock.advance(1000)
    t.socket.connectError('xhr poll error')
    expect(t.hub.snapshot().connection.status).toBe('disconnected')
    expect(t.hub.snapshot().connection.since).toBe(t.clock.now() - 1000)
    await t.connectWith(emptySnapshots())
    expect(t.hub.snapshot().connection.status).toBe('connected')
  })

  it('says the gateway refused the token instead of connecting forever', () => {
    t.socket.connectError('unauthorized', false)
    const connection = t.hub.snapshot().connection
    expect(connection.status).toBe('disconnected')
    expect(connection.detail).toMatch(/refused.*token/)
  })

  it('rejects a malformed entity and applies the rest of its batch', async () => {
    await t.connectWith([{ topic: 'beds', seq: 0, entities: [], serverTime: 1 }])
    t.socket.serverEmit('batch', {
      topic: 'beds',
      seq: 1,
      upserts: [makeBed({ id: 'good' }), { id: 'bad', status: 'on-fire' }],
      removes: [],
      serverTime: 2,
    })
    const state = t.hub.snapshot()
    expect(state.entities.beds.map((b) => b.id)).toEqual(['good'])
    expect(state.topics.beds.seq).toBe(1)
    expect(t.hub.getStats().rejectedEntities).toBe(1)
  })

  it("leaves entities without a usable id out of the windows' changes: counted, logged, the rest of the batch applied", async () => {
    // The windows' stores trust the hub's changes (renderer/state/applyHubMessage.ts): this is
    // the one place an entity's id is checked.
    const warnings: Array<{ message: string; fields: unknown }> = []
    const socket = new FakeFeedSocket()
    const scheduler = new ManualScheduler()
    const hub = new FeedHub({
      socket,
      gatewayUrl: 'http://127.0.0.1:1234',
      token: 't',
      fetch: noSiteModel,
      clock: new ManualClock(),
      schedule: scheduler.schedule,
      logger: {
        info: () => undefined,
        warn: (message, fields) => warnings.push({ message, fields }),
        error: () => undefined,
      },
    })
    const messages: HubToWindowMessage[] = []
    hub.start()
    hub.attach((message) => messages.push(message))
    socket.connect()
    socket.takeRequest('subscribe').resolve({ ok: true, snapshots: emptySnapshots() })
    await Promise.resolve()
    await Promise.resolve()
    scheduler.frame()
    messages.length = 0
    const { id: _id, ...withoutId } = makeBed({ id: 'x' })
    socket.serverEmit('batch', {
      topic: 'beds',
      seq: 1,
      upserts: [
        makeBed({ id: 'first' }),
        withoutId,
        { ...makeBed({ id: 'x' }), id: '' },
        { ...makeBed({ id: 'x' }), id: 42 },
        null,
        makeBed({ id: 'last' }),
      ],
      removes: [],
      serverTime: 2,
    })
    scheduler.frame()
    const sent = messages.flatMap((m) => (m.type === 'changes' ? [m.changes] : []))
    expect(sent.flatMap((c) => c.entities?.beds?.upserts ?? []).map((b) => b.id)).toEqual(['first', 'last'])
    expect(hub.snapshot().topics.beds.seq).toBe(1)
    expect(hub.getStats().rejectedEntities).toBe(4)
    const rejected = warnings.filter((w) => w.message === 'entity rejected')
    expect(rejected).toHaveLength(4)
    expect(rejected[0]?.fields).toMatchObject({ topic: 'beds', id: null })
  })

  it('confirms a topic live when its source reports healthy', async () => {
    await t.connectWith(emptySnapshots())
    t.clock.advance(20_000)
    t.socket.serverEmit('sources', {
      serverTime: 2,
      sources: [
        {
          id: 'demo-adt',
          kind: 'demo',
          topics: ['beds'],
          status: 'up',
          detail: null,
          lastMessageAt: null,
          ratePerSec: 0,
          rejectedCount: 0,
          errorCount: 0,
        },
        {
          id: 'demo-snmp',
          kind: 'snmp',
          topics: ['network'],
          status: 'down',
          detail: 'no answer',
          lastMessageAt: null,
          ratePerSec: 0,
          rejectedCount: 0,
          errorCount: 3,
        },
      ],
    })
    const state = t.hub.snapshot()
    expect(state.topics.beds.confirmedAt).toBe(t.clock.now())
    expect(state.topics.network.confirmedAt).toBe(t.clock.now() - 20_000)
    expect(state.sources).toHaveLength(2)
  })

  it('lets a replica listener set alarms that travel in the same flush', async () => {
    t.hub.onReplicaChange((changes, replica) => {
      if (changes.entities?.beds) t.hub.setAlarms(replica.entities.beds.size > 0 ? [] : [])
    })
    await t.connectWith([{ topic: 'beds', seq: 0, entities: [makeBed()], serverTime: 1 }])
    t.scheduler.frame()
    const last = t.changes().at(-1)
    expect(last?.entities?.beds?.reset).toBe(true)
    expect(last?.alarms).toEqual([])
    expect(t.scheduler.pending).toBe(0)
  })

  it('loads the site model over HTTP with the bearer token', async () => {
    const seen: Array<{ url: string; headers: Readonly<Record<string, string>> }> = []
    const socket = new FakeFeedSocket()
    const scheduler = new ManualScheduler()
    const model = {
      trust: { id: 'tr', name: 'Demo Trust', odsCode: null },
      sites: [],
      buildings: [],
      levels: [],
      units: [],
      beds: [],
    }
    const hub = new FeedHub({
      socket,
      gatewayUrl: 'http://127.0.0.1:9',
      token: 'secret',
      clock: new ManualClock(),
      schedule: scheduler.schedule,
      fetch: async (url, init) => {
        seen.push({ url, headers: init.headers })
        return { ok: true, status: 200, headers: { get: () => '"v1"' }, json: async () => model }
      },
    })
    hub.start()
    socket.connect()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(seen[0]?.url).toBe('http://127.0.0.1:9/v1/site-model')
    expect(seen[0]?.headers['authorization']).toBe('Bearer secret')
    expect(hub.snapshot().siteModel?.trust.name).toBe('Demo Trust')
  })
})
