/**
 * Helpers for the gateway's integration tests: entity builders (synthetic data only), a source
 * adapter the test drives by hand, and a feed client that records what it receives.
 */
import { io, type Socket } from 'socket.io-client'
import type {
  Asset,
  Bed,
  CyberAlert,
  NetworkDevice,
  SourceStatus,
  Topic,
} from '../../shared/contracts/entities.ts'
import {
  FEED_NAMESPACE,
  FeedEvent,
  type AlarmActionsEvent,
  type Batch,
  type ClientToServerEvents,
  type Hello,
  type ResyncEvent,
  type ServerToClientEvents,
  type SourcesEvent,
  type SubscribeAck,
} from '../../shared/contracts/feed.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { AdapterSink, SourceAdapter, SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import * as base from './builders.ts'

const T0 = 1_800_000_000_000

// The gateway tests' entities: the one set of builders (builders.ts) with this suite's defaults.
export const makeBed = (overrides: Partial<Bed> = {}): Bed =>
  base.makeBed({ statusSince: T0, updatedAt: T0, ...overrides })

export const makeAsset = (overrides: Partial<Asset> = {}): Asset =>
  base.makeAsset({ levelId: 'site-a-l0', y: 20, zoneId: null, homeUnitId: null, lastSeen: T0, ...overrides })

export const makeDevice = (overrides: Partial<NetworkDevice> = {}): NetworkDevice =>
  base.makeDevice({
    id: 'sw-1',
    name: 'ACC-SW-1',
    kind: 'access-switch',
    levelId: null,
    x: null,
    y: null,
    statusSince: T0,
    latencyMs: 1,
    servesUnitIds: [],
    address: '10.0.0.1',
    lastPolledAt: T0,
    ...overrides,
  })

export const makeAlert = (overrides: Partial<CyberAlert> = {}): CyberAlert =>
  base.makeCyberAlert({
    source: 'test',
    title: 'Malware detected on ward PC',
    technique: 'T1204',
    host: 'WPC-0001',
    unitId: null,
    firstSeen: T0,
    lastSeen: T0,
    ...overrides,
  })

/** A two-site site model with two beds per site (synthetic). */
export const testSiteModel: SiteModel = {
  trust: { id: 'trust-test', name: 'Test Trust', odsCode: null },
  sites: [
    { id: 'site-a', physicalType: 'si', name: 'Alpha Hospital', shortName: 'ALP' },
    { id: 'site-b', physicalType: 'si', name: 'Beta Hospital', shortName: 'BET' },
  ],
  buildings: [],
  levels: [],
  units: [],
  beds: ['site-a', 'site-b'].flatMap((siteId) =>
    [1, 2].map((n) => ({
      id: `${siteId}-bed-${n}`,
      physicalType: 'bd' as const,
      siteId,
      levelId: `${siteId}-l0`,
      wardId: `${siteId}-ward`,
      roomId: `${siteId}-bay`,
      label: `B${n}`,
      escalation: false,
      sideRoom: false,
      bayLabel: 'Bay 1',
      sexOfBay: 'mixed' as const,
      at: [n, n] as [number, number],
      rotation: 0,
    })),
  ),
}

/** An adapter the test drives: `emit` proposes ops once the gateway has started it. */
export type TestAdapter = SourceAdapter & {
  emit(ops: readonly SourceOp[]): { accepted: number; rejected: number }
  status(status: SourceStatus, detail: string | null): void
  readonly stopped: boolean
}

export function createTestAdapter(id = 'test', initial: readonly SourceOp[] = []): TestAdapter {
  let sink: AdapterSink | null = null
  let stopped = false
  const need = (): AdapterSink => {
    if (sink === null) throw new Error('test adapter not started')
    return sink
  }
  return {
    id,
    kind: 'webhook',
    topics: ['beds', 'assets', 'network', 'cyber'],
    start: async (context) => {
      sink = context.sink
      if (initial.length > 0) sink.emit(initial)
      sink.status('up', null)
    },
    stop: async () => {
      stopped = true
    },
    emit: (ops) => need().emit(ops),
    status: (status, detail) => need().status(status, detail),
    get stopped() {
      return stopped
    },
  }
}

export type FeedClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** A socket.io client of the `/v1` feed that records every server event. */
export type RecordingClient = {
  readonly socket: FeedClientSocket
  readonly hellos: Hello[]
  readonly batches: Batch[]
  readonly sources: SourcesEvent[]
  readonly alarmActions: AlarmActionsEvent[]
  readonly resyncs: ResyncEvent[]
  subscribe(request: unknown): Promise<SubscribeAck>
  close(): void
}

export function connectClient(
  url: string,
  token: string,
  options: { origin?: string; reconnection?: boolean; rejectUnauthorized?: boolean } = {},
): RecordingClient {
  const socket: FeedClientSocket = io(url + FEED_NAMESPACE, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
    ...(options.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: options.rejectUnauthorized }),
    ...(options.origin === undefined ? {} : { extraHeaders: { origin: options.origin } }),
  })
  const client: RecordingClient = {
    socket,
    hellos: [],
    batches: [],
    sources: [],
    alarmActions: [],
    resyncs: [],
    subscribe: (request) => socket.timeout(10_000).emitWithAck(FeedEvent.subscribe, request),
    close: () => {
      socket.disconnect()
    },
  }
  socket.on(FeedEvent.hello, (hello) => client.hellos.push(hello))
  socket.on(FeedEvent.batch, (batch) => client.batches.push(batch))
  socket.on(FeedEvent.sources, (event) => client.sources.push(event))
  socket.on(FeedEvent.alarmActions, (event) => client.alarmActions.push(event))
  socket.on(FeedEvent.resync, (event) => client.resyncs.push(event))
  return client
}

/** Resolves once `condition` holds, polling every 10 ms; rejects with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves with the `connect_error` message, or rejects if the client connects. */
export function connectError(client: RecordingClient): Promise<string> {
  return new Promise((resolve, reject) => {
    client.socket.once('connect_error', (error) => resolve(error.message))
    client.socket.once('connect', () => reject(new Error('connected')))
  })
}

export function connected(client: RecordingClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.socket.connected) return resolve()
    client.socket.once('connect', () => resolve())
    client.socket.once('connect_error', (error) => reject(error))
  })
}

/** The batches of one topic, in arrival order. */
export const batchesOf = <T extends Topic>(
  client: RecordingClient,
  topic: T,
): Extract<Batch, { topic: T }>[] =>
  client.batches.filter((batch): batch is Extract<Batch, { topic: T }> => batch.topic === topic)
