import { describe, expect, it } from 'vitest'
import type { CollaborativeGateway } from '../contracts/collaborative.ts'
import type { HubToWindowMessage, ReplicaChanges, TopicState } from '../contracts/hub.ts'
import type { SiteModel } from '../contracts/places.ts'
import {
  createCollaborativeHub,
  mergeTopicStates,
  scopeFingerprint,
  NHS_ALERT_NEEDS_ONE_TRUST,
  unscopeFingerprint,
} from './createCollaborativeHub.ts'
import type { HubFetch } from './FeedSocketPort.ts'
import {
  FakeFeedSocket,
  ManualClock,
  ManualScheduler,
  makeBed,
  makeDevice,
} from '../../tests/support/fakeFeedSocket.ts'
import { makeCyberAlert } from '../../tests/support/builders.ts'

const GATEWAYS: CollaborativeGateway[] = [
  { trust: 'rwt', url: 'http://127.0.0.1:7101', token: 'token-rwt' },
  { trust: 'dgft', url: 'http://127.0.0.1:7102', token: 'token-dgft' },
]

/** Both trusts use the same ids on purpose: the merge must keep them apart. */
function siteModelOf(name: string): SiteModel {
  return {
    trust: { id: 'same-trust-id', name, odsCode: null },
    sites: [{ id: 'main', physicalType: 'si', name: `${name} General`, shortName: 'GEN' }],
    buildings: [{ id: 'b1', physicalType: 'bu', siteId: 'main', name: 'Block 1' }],
    levels: [
      {
        id: 'l0',
        physicalType: 'lvl',
        siteId: 'main',
        buildingId: 'b1',
        name: 'Ground',
        shortName: 'G',
        ordinal: 0,
        origin: [-2, 52.5],
      },
    ],
    units: [
      {
        id: 'ward-1',
        physicalType: 'wa',
        kind: 'ward',
        siteId: 'main',
        buildingId: 'b1',
        levelId: 'l0',
        parentUnitId: null,
        name: 'Ward 1',
        specialty: 'General Medicine',
        generalAndAcute: true,
        outline: [
          [0, 0],
          [10, 0],
          [10, 10],
        ],
        labelAt: [5, 5],
      },
    ],
    beds: [
      {
        id: 'bed-1',
        physicalType: 'bd',
        siteId: 'main',
        levelId: 'l0',
        wardId: 'ward-1',
        roomId: 'ward-1',
        label: '1',
        escalation: false,
        sideRoom: false,
        bayLabel: null,
        sexOfBay: 'mixed',
        at: [1, 1],
        rotation: 0,
      },
    ],
  }
}

const siteModels: Record<string, SiteModel> = {
  'http://127.0.0.1:7101/v1/site-model': siteModelOf('Royal Wolverhampton'),
  'http://127.0.0.1:7102/v1/site-model': siteModelOf('Dudley Group'),
}

const fetchSiteModel: HubFetch = async (url) => {
  const model = siteModels[url]
  return {
    ok: model !== undefined,
    status: model === undefined ? 404 : 200,
    headers: { get: () => null },
    json: async () => model,
  }
}

const hello = (name: string) => ({
  protocol: 1,
  gatewayVersion: '1.0.0',
  gatewayId: 'gw',
  trust: { id: 'same-trust-id', name },
  sites: [{ id: 'main', name: `${name} General`, shortName: 'GEN' }],
  topics: ['beds', 'assets', 'network', 'cyber'],
  role: 'viewer',
  user: 'wall',
  serverTime: 1,
})

const snapshots = (beds: unknown[], network: unknown[] = [], seq = 1) => [
  { topic: 'beds', seq, entities: beds, serverTime: 1 },
  { topic: 'assets', seq, entities: [], serverTime: 1 },
  { topic: 'network', seq, entities: network, serverTime: 1 },
  { topic: 'cyber', seq, entities: [], serverTime: 1 },
]

const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 6; i += 1) await Promise.resolve()
}

function setup() {
  const sockets = new Map<string, FakeFeedSocket>()
  const clock = new ManualClock()
  const scheduler = new ManualScheduler()
  const hub = createCollaborativeHub({
    gateways: GATEWAYS,
    connect: (gateway) => {
      const socket = new FakeFeedSocket()
      sockets.set(gateway.trust, socket)
      return socket
    },
    fetch: fetchSiteModel,
    clock,
    schedule: scheduler.schedule,
    name: 'Black Country Provider Collaborative',
  })
  const messages: HubToWindowMessage[] = []
  hub.attach((message) => messages.push(message))
  hub.start()
  const socket = (trust: string): FakeFeedSocket => {
    const found = sockets.get(trust)
    if (!found) throw new Error(`no socket for ${trust}`)
    return found
  }
  /** Connects one trust's gateway and answers its subscribe. */
  const connect = async (trust: string, beds: unknown[], network: unknown[] = []): Promise<void> => {
    const s = socket(trust)
    s.connect()
    s.serverEmit('hello', hello(trust === 'rwt' ? 'Royal Wolverhampton' : 'Dudley Group'))
    s.takeRequest('subscribe').resolve({ ok: true, snapshots: snapshots(beds, network) })
    await flushMicrotasks()
  }
  const changes = (): ReplicaChanges[] => messages.flatMap((m) => (m.type === 'changes' ? [m.changes] : []))
  return { hub, socket, clock, scheduler, connect, changes }
}

describe('createCollaborativeHub', () => {
  it('merges two gateways whose ids collide, every id and place reference scoped by trust', async () => {
    const t = setup()
    const device = makeDevice({
      id: 'sw-1',
      siteId: 'main',
      levelId: 'l0',
      uplinkId: 'core-1',
      servesUnitIds: ['ward-1'],
      links: [{ peerId: 'core-1', ifName: 'Gi1/0/1', status: 'up', utilisationPct: 5 }],
    })
    await t.connect('rwt', [makeBed({ id: 'bed-1', status: 'occupied' })], [device])
    await t.connect('dgft', [makeBed({ id: 'bed-1', status: 'unoccupied' })], [device])
    t.scheduler.frame()

    const state = t.hub.snapshot()
    expect(state.entities.beds.map((b) => [b.id, b.status]).sort()).toEqual([
      ['dgft/bed-1', 'unoccupied'],
      ['rwt/bed-1', 'occupied'],
    ])
    const rwtDevice = state.entities.network.find((d) => d.id === 'rwt/sw-1')
    expect(rwtDevice).toMatchObject({
      siteId: 'rwt/main',
      levelId: 'rwt/l0',
      uplinkId: 'rwt/core-1',
      servesUnitIds: ['rwt/ward-1'],
      links: [{ peerId: 'rwt/core-1', ifName: 'Gi1/0/1' }],
    })
    // Names and other values are not ids: left as the trust sent them.
    expect(rwtDevice?.name).toBe(device.name)

    expect(state.siteModel?.trust.name).toBe('Black Country Provider Collaborative')
    expect(state.siteModel?.sites.map((s) => s.id).sort()).toEqual(['dgft/main', 'rwt/main'])
    expect(state.siteModel?.beds.find((b) => b.id === 'dgft/bed-1')).toMatchObject({
      siteId: 'dgft/main',
      levelId: 'dgft/l0',
      wardId: 'dgft/ward-1',
      roomId: 'dgft/ward-1',
    })
    expect(state.siteModel?.units.map((u) => u.levelId).sort()).toEqual(['dgft/l0', 'rwt/l0'])
    expect(state.hello?.sites.map((s) => s.id).sort()).toEqual(['dgft/main', 'rwt/main'])
    expect(state.trusts?.map((trust) => [trust.key, trust.name, trust.siteIds])).toEqual([
      ['rwt', 'Royal Wolverhampton', ['rwt/main']],
      ['dgft', 'Dudley Group', ['dgft/main']],
    ])
  })

  it('keeps each trust fresh on its own: one gateway down makes only that trust not live', async () => {
    const t = setup()
    await t.connect('rwt', [makeBed({ id: 'bed-1' })])
    await t.connect('dgft', [makeBed({ id: 'bed-1' })])
    t.scheduler.frame()
    expect(t.hub.snapshot().connection.status).toBe('connected')

    t.clock.advance(5_000)
    t.socket('dgft').disconnect('transport close')
    t.scheduler.frame()

    const trusts = t.changes().at(-1)?.trusts
    const rwt = trusts?.find((trust) => trust.key === 'rwt')
    const dgft = trusts?.find((trust) => trust.key === 'dgft')
    expect(rwt?.connection.status).toBe('connected')
    expect(dgft?.connection.status).toBe('disconnected')
    // The trust that is still up keeps its own confirmation time; its data stays where it was.
    expect(rwt?.topics.beds.confirmedAt).not.toBeNull()
    expect(
      t.hub
        .snapshot()
        .entities.beds.map((b) => b.id)
        .sort(),
    ).toEqual(['dgft/bed-1', 'rwt/bed-1'])
    // A panel mixing both trusts is not live: the merged connection says which trust is missing.
    const merged = t.hub.snapshot().connection
    expect(merged.status).toBe('disconnected')
    expect(merged.detail).toMatch(/^Dudley Group: /)

    await t.connect('dgft', [makeBed({ id: 'bed-1' })])
    t.scheduler.frame()
    expect(t.hub.snapshot().connection.status).toBe('connected')
    expect(t.hub.snapshot().trusts?.every((trust) => trust.connection.status === 'connected')).toBe(true)
  })

  it('applies a resync of one trust to that trust only', async () => {
    const t = setup()
    await t.connect('rwt', [makeBed({ id: 'bed-1' }), makeBed({ id: 'bed-2' })])
    await t.connect('dgft', [makeBed({ id: 'bed-1' })])
    t.scheduler.frame()
    // A gap at rwt: its hub resubscribes and gets a snapshot without bed-2.
    t.socket('rwt').serverEmit('batch', { topic: 'beds', seq: 5, upserts: [], removes: [], serverTime: 2 })
    t.socket('rwt')
      .takeRequest('subscribe')
      .resolve({ ok: true, snapshots: snapshots([makeBed({ id: 'bed-1', status: 'closed' })], [], 6) })
    await flushMicrotasks()
    t.scheduler.frame()

    const beds = t.changes().at(-1)?.entities?.beds
    expect(beds?.reset).toBe(false)
    expect(beds?.removes).toEqual(['rwt/bed-2'])
    expect(
      t.hub
        .snapshot()
        .entities.beds.map((b) => b.id)
        .sort(),
    ).toEqual(['dgft/bed-1', 'rwt/bed-1'])
  })

  it('flushes every trust into one message per frame', async () => {
    const t = setup()
    await t.connect('rwt', [])
    await t.connect('dgft', [])
    t.scheduler.frame()
    const before = t.changes().length
    t.socket('rwt').serverEmit('batch', {
      topic: 'beds',
      seq: 2,
      upserts: [makeBed({ id: 'x' })],
      removes: [],
      serverTime: 2,
    })
    t.socket('dgft').serverEmit('batch', {
      topic: 'beds',
      seq: 2,
      upserts: [makeBed({ id: 'x' })],
      removes: [],
      serverTime: 2,
    })
    t.scheduler.frame()
    expect(t.changes().length).toBe(before + 1)
    expect(
      t
        .changes()
        .at(-1)
        ?.entities?.beds?.upserts.map((b) => b.id)
        .sort(),
    ).toEqual(['dgft/x', 'rwt/x'])
  })

  it('sends an acknowledgement to the gateway of the alert’s trust, unscoped', async () => {
    const t = setup()
    await t.connect('rwt', [])
    await t.connect('dgft', [])
    const answer = t.hub.acknowledgeAlert({ alertId: 'dgft/alert-9', note: 'Investigating' })
    const request = t.socket('dgft').takeRequest('alert:ack')
    expect(request.payload).toEqual({ alertId: 'alert-9', note: 'Investigating' })
    expect(t.socket('rwt').requests.filter((r) => r.event === 'alert:ack')).toEqual([])
    request.resolve({ ok: false, error: 'unknown alert' })
    expect(await answer).toEqual({ ok: false, error: 'unknown alert' })
    expect(await t.hub.acknowledgeAlert({ alertId: 'alert-9', note: 'x' })).toMatchObject({ ok: false })
  })

  it('sends a cyber response step to the gateway of the alert’s trust, and answers with the alert scoped', async () => {
    const t = setup()
    await t.connect('rwt', [])
    await t.connect('dgft', [])
    const answer = t.hub.respondToAlert({
      alertId: 'dgft/alert-9',
      action: 'investigate',
      note: 'Isolating host',
    })
    const request = t.socket('dgft').takeRequest('alert:respond')
    expect(request.payload).toEqual({ alertId: 'alert-9', action: 'investigate', note: 'Isolating host' })
    expect(t.socket('rwt').requests.filter((r) => r.event === 'alert:respond')).toEqual([])
    request.resolve({
      ok: true,
      alert: makeCyberAlert({ id: 'alert-9', siteId: 'site-1', unitId: 'ward-7' }),
    })
    const response = await answer
    expect(response.ok && response.alert).toMatchObject({
      id: 'dgft/alert-9',
      siteId: 'dgft/site-1',
      unitId: 'dgft/ward-7',
    })
    expect(
      await t.hub.respondToAlert({ alertId: 'alert-9', action: 'acknowledge', note: 'x' }),
    ).toMatchObject({ ok: false })
  })

  it('refuses a hand-entered NHS cyber alert (it names no trust) and sends it to no gateway', async () => {
    const t = setup()
    await t.connect('rwt', [])
    await t.connect('dgft', [])
    expect(await t.hub.recordNhsAlert({ reference: 'CC-4512', title: 'Exploited VPN appliance' })).toEqual({
      ok: false,
      error: NHS_ALERT_NEEDS_ONE_TRUST,
    })
    for (const trust of ['rwt', 'dgft'])
      expect(t.socket(trust).requests.filter((r) => r.event === 'nhs-alert:record')).toEqual([])
  })

  it('records an alarm action at the trust of its subject, and shows the record scoped', async () => {
    const t = setup()
    await t.connect('rwt', [makeBed({ id: 'bed-1' })])
    await t.connect('dgft', [makeBed({ id: 'bed-1' })])
    t.scheduler.frame()
    const answer = t.hub.alarmAction({
      action: 'acknowledge',
      fingerprint: 'bed-housekeeping-overdue@rwt/bed-1',
      note: 'porter called',
      members: ['bed-housekeeping-overdue@rwt/bed-1'],
    })
    const request = t.socket('rwt').takeRequest('alarm:action')
    expect(request.payload).toMatchObject({
      fingerprint: 'bed-housekeeping-overdue@bed-1',
      members: ['bed-housekeeping-overdue@bed-1'],
    })
    request.resolve({
      ok: true,
      record: {
        action: 'acknowledge',
        fingerprint: 'bed-housekeeping-overdue@bed-1',
        note: 'porter called',
        id: 'act-1',
        by: 'wall',
        at: 5,
      },
    })
    const response = await answer
    expect(response).toMatchObject({
      ok: true,
      record: { id: 'rwt/act-1', fingerprint: 'bed-housekeeping-overdue@rwt/bed-1' },
    })
  })

  it('fetches a level’s floor plan from its trust’s gateway and scopes its place references', () => {
    const t = setup()
    const source = t.hub.floorPlanSource('dgft/l0')
    expect(source?.url).toBe('http://127.0.0.1:7102/v1/floorplans/l0')
    expect(source?.token).toBe('token-dgft')
    const plan = source?.scope({
      type: 'FeatureCollection',
      features: [{ id: 'f1', feature_type: 'unit', properties: { 'nhs:unitId': 'ward-1', name: 'x' } }],
    })
    expect(plan).toMatchObject({ features: [{ properties: { 'nhs:unitId': 'dgft/ward-1', name: 'x' } }] })
    expect(t.hub.floorPlanSource('l0')).toBeNull()
    expect(t.hub.floorPlanSource('nhs/l0')).toBeNull()
  })
})

describe('mergeTopicStates', () => {
  const state = (confirmedAt: number | null, restored: TopicState['restored'] = null): TopicState => ({
    seq: 3,
    confirmedAt,
    resyncs: 0,
    restored,
  })

  it('is as old as the oldest trust, and unconfirmed while any trust is', () => {
    expect(
      mergeTopicStates([
        { key: 'a', state: state(100) },
        { key: 'b', state: state(50) },
      ]).confirmedAt,
    ).toBe(50)
    expect(
      mergeTopicStates([
        { key: 'a', state: state(100) },
        { key: 'b', state: state(null) },
      ]).confirmedAt,
    ).toBeNull()
  })

  it('is restored while any trust is, naming the sources with their trust', () => {
    const merged = mergeTopicStates([
      { key: 'a', state: state(100) },
      { key: 'b', state: state(90, { asOf: 80, waitingFor: ['pas-adt'] }) },
    ])
    expect(merged.restored).toEqual({ asOf: 80, waitingFor: ['b/pas-adt'] })
  })
})

describe('alarm fingerprints across trusts', () => {
  const known = (id: string): boolean => id === 'sw-1' || id === 'bed-1'

  it('scopes an entity subject or a flood line’s cause, never a feed or KPI subject', () => {
    expect(scopeFingerprint('rwt', 'device-down@sw-1', known)).toBe('device-down@rwt/sw-1')
    expect(scopeFingerprint('rwt', 'device-down@group:sw-1:shelved', known)).toBe(
      'device-down@group:rwt/sw-1:shelved',
    )
    expect(scopeFingerprint('rwt', 'feed-stale@beds', known)).toBe('feed-stale@beds')
  })

  it('unscopes to the trust the alarm concerns, or none for the whole system', () => {
    expect(unscopeFingerprint('device-down@group:rwt/sw-1')).toEqual({
      trust: 'rwt',
      fingerprint: 'device-down@group:sw-1',
    })
    expect(unscopeFingerprint('feed-stale@beds')).toEqual({ trust: null, fingerprint: 'feed-stale@beds' })
  })
})
