/**
 * The hub: the app instance's one feed connection and its replica of the gateway's state.
 *
 * It subscribes to every topic, applies snapshots and batches into normalised maps, resyncs when a
 * sequence gap or an unrecovered reconnect means it may have missed something, tracks the
 * connection and each topic's freshness, and sends windows a full snapshot on attach and then
 * coalesced changes at most once per flush (a frame in a page, ~16 ms in Electron main).
 *
 * Pure TypeScript: the socket, clock, flush scheduler, fetch and logger are injected, so the same
 * class runs in a page (browser host), in Electron main, and in tests against fakes.
 */
import { z } from 'zod'
import type { ActiveAlarm } from '../contracts/alarms.ts'
import {
  TOPICS,
  entitySchemas,
  sourceHealthSchema,
  topicSchema,
  type AnyEntity,
  type SourceHealth,
  type Topic,
} from '../contracts/entities.ts'
import {
  FeedEvent,
  alarmActionRecordSchema,
  alarmActionResponseSchema,
  alarmConditionSchema,
  alertAckResponseSchema,
  feedErrorSchema,
  helloSchema,
  restoredTopicSchema,
  resyncEventSchema,
  type AlarmActionRecord,
  type AlarmActionRequest,
  type AlarmActionResponse,
  type AlarmCondition,
  type AlertAckRequest,
  type AlertAckResponse,
  type Hello,
} from '../contracts/feed.ts'
import type {
  ConnectionState,
  EntityLists,
  EntityMaps,
  HubToWindowMessage,
  ReplicaChanges,
  ReplicaSnapshot,
  ReplicaView,
  TopicState,
} from '../contracts/hub.ts'
import {
  alertRespondResponseSchema,
  nhsAlertRecordResponseSchema,
  type AlertRespondRequest,
  type AlertRespondResponse,
  type NhsAlertRecordRequest,
  type NhsAlertRecordResponse,
} from '../contracts/cyberResponse.ts'
import { siteModelSchema, type SiteModel } from '../contracts/places.ts'
import {
  silentHubLogger,
  type FeedSocketPort,
  type FlushScheduler,
  type HubClock,
  type HubFetch,
  type HubLogger,
} from './FeedSocketPort.ts'
import { PendingChanges } from './PendingChanges.ts'
import { runDetached } from '../util/runDetached.ts'

/** How long to wait for a subscribe acknowledgement before trying again. */
const SUBSCRIBE_TIMEOUT_MS = 15_000
/** Pause before retrying a failed subscribe or site-model fetch while connected. */
const RETRY_DELAY_MS = 2_000
/** Requests from operators (acknowledge, shelve) wait this long for the gateway. */
const ACTION_TIMEOUT_MS = 10_000
/** Bound on the alarm-action history kept in memory; the gateway keeps the journal. */
const MAX_ALARM_ACTIONS = 500

// Envelopes are checked first and entities one by one, so one malformed entity is rejected and
// counted while the rest of its batch is applied (docs/architecture.md: bad input loses nothing else).
const batchEnvelopeSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().positive(),
  upserts: z.array(z.unknown()),
  removes: z.array(z.string()),
  serverTime: z.number(),
})
type BatchEnvelope = z.infer<typeof batchEnvelopeSchema>

const snapshotEnvelopeSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().nonnegative(),
  entities: z.array(z.unknown()),
  serverTime: z.number(),
})
const subscribeAckEnvelopeSchema = z.union([
  z.object({
    ok: z.literal(true),
    snapshots: z.array(snapshotEnvelopeSchema),
    resumed: z.array(z.object({ topic: topicSchema, batches: z.array(batchEnvelopeSchema) })).optional(),
  }),
  feedErrorSchema,
])
const sourcesEnvelopeSchema = z.object({
  sources: z.array(z.unknown()),
  serverTime: z.number(),
  restored: z.array(restoredTopicSchema).optional(),
})
const alarmActionsEnvelopeSchema = z.object({ records: z.array(z.unknown()) })
const alarmConditionsEnvelopeSchema = z.object({ conditions: z.array(z.unknown()) })

/** Counters an operator or a test can read: what was refused or repaired, never silently. */
export type HubStats = {
  readonly rejectedMessages: number
  readonly rejectedEntities: number
  readonly gaps: number
  readonly duplicateBatches: number
  readonly resyncs: number
  /** Topics brought up to date from the gateway's log (the missed batches) instead of a snapshot. */
  readonly resumes: number
}

export type FeedHubOptions = {
  readonly socket: FeedSocketPort
  /** The gateway's base URL (`http://127.0.0.1:P`), used for HTTP and shown to operators. */
  readonly gatewayUrl: string
  /** Bearer token for HTTP requests (the socket carries it in its handshake). */
  readonly token: string
  readonly fetch: HubFetch
  readonly clock: HubClock
  readonly schedule: FlushScheduler
  readonly logger?: HubLogger
  /** Topics to subscribe to; all by default. */
  readonly topics?: readonly Topic[]
}

/** What a listener on the hub's replica receives at each flush (e.g. the alarm engine). */
export type ReplicaChangeListener = (changes: ReplicaChanges, replica: ReplicaView) => void

// Maps, not Records: O(1) set/delete and fast iteration at 40k entities (see EntityTable.ts).
type MutableTopicMaps = Record<Topic, Map<string, AnyEntity>>
type SubscribeReason = 'initial' | 'reconnect' | 'gap'

/** The hub. See the module comment. */
export class FeedHub {
  private readonly options: FeedHubOptions
  private readonly logger: HubLogger
  private readonly topicsWanted: readonly Topic[]

  private hello: Hello | null = null
  private siteModel: SiteModel | null = null
  private connection: ConnectionState
  private readonly topicStates: Record<Topic, TopicState>
  private readonly maps: MutableTopicMaps = {
    beds: new Map(),
    assets: new Map(),
    network: new Map(),
    cyber: new Map(),
  }
  /** Topics whose first snapshot has been applied (a later snapshot is then a resync). */
  private readonly loaded = new Set<Topic>()
  private sources: readonly SourceHealth[] = []
  private alarms: readonly ActiveAlarm[] = []
  private alarmActions: readonly AlarmActionRecord[] = []
  private alarmConditions: readonly AlarmCondition[] = []

  private readonly pending = new PendingChanges()
  private cancelFlush: (() => void) | null = null
  private flushing = false
  private readonly windowListeners = new Set<(message: HubToWindowMessage) => void>()
  private readonly replicaListeners = new Set<ReplicaChangeListener>()

  /** Incremented on every connect, so late answers from an old connection are ignored. */
  private generation = 0
  private subscribing = false
  private subscribeAgain: SubscribeReason | null = null
  /** Batches that arrive while a subscribe is in flight, applied after its snapshots. */
  private queued: BatchEnvelope[] = []
  private readonly retries = new Map<string, () => void>()
  private siteModelLoading = false
  private siteModelEtag: string | null = null
  private started = false
  private stopped = false
  private stats: { -readonly [K in keyof HubStats]: number } = {
    rejectedMessages: 0,
    rejectedEntities: 0,
    gaps: 0,
    duplicateBatches: 0,
    resyncs: 0,
    resumes: 0,
  }
  /** The change log the replica's seqs come from (hello.log.id when its snapshots were applied). */
  private replicaLog: string | null = null

  constructor(options: FeedHubOptions) {
    this.options = options
    this.logger = options.logger ?? silentHubLogger
    this.topicsWanted = options.topics ?? TOPICS
    const emptyTopic: TopicState = { seq: 0, confirmedAt: null, resyncs: 0, restored: null }
    this.topicStates = { beds: emptyTopic, assets: emptyTopic, network: emptyTopic, cyber: emptyTopic }
    this.connection = {
      status: 'connecting',
      since: options.clock.now(),
      detail: null,
      gatewayUrl: options.gatewayUrl,
    }
  }

  /** Opens the connection. Call once. */
  start(): void {
    if (this.started) return
    this.started = true
    const { socket } = this.options
    socket.onConnect(() => this.handleConnect())
    socket.onDisconnect((reason, willReconnect) => this.handleDisconnect(reason, willReconnect))
    socket.onConnectError((message, willRetry) => this.handleConnectError(message, willRetry))
    socket.onEvent(FeedEvent.hello, (payload) => this.handleHello(payload))
    socket.onEvent(FeedEvent.batch, (payload) => this.handleBatch(payload))
    socket.onEvent(FeedEvent.sources, (payload) => this.handleSources(payload))
    socket.onEvent(FeedEvent.alarmActions, (payload) => this.handleAlarmActions(payload))
    socket.onEvent(FeedEvent.alarmConditions, (payload) => this.handleAlarmConditions(payload))
    socket.onEvent(FeedEvent.resync, (payload) => this.handleResyncRequest(payload))
    socket.open()
  }

  /** Closes the connection and stops flushing. */
  stop(): void {
    this.stopped = true
    this.cancelFlush?.()
    this.cancelFlush = null
    for (const cancel of this.retries.values()) cancel()
    this.retries.clear()
    this.options.socket.close()
  }

  /**
   * Attaches a window (or any listener): it receives a full snapshot now, then coalesced changes.
   * Returns the detach function.
   */
  attach(listener: (message: HubToWindowMessage) => void): () => void {
    this.windowListeners.add(listener)
    listener({ type: 'snapshot', state: this.snapshot() })
    return () => {
      this.windowListeners.delete(listener)
    }
  }

  /**
   * Called at every flush, before windows get the changes. A listener may call `setAlarms`; its
   * alarms then travel in the same message. This is where the alarm engine is hosted.
   */
  onReplicaChange(listener: ReplicaChangeListener): () => void {
    this.replicaListeners.add(listener)
    return () => {
      this.replicaListeners.delete(listener)
    }
  }

  /** Replaces the active alarms (from the alarm engine hosted by this hub). */
  setAlarms(alarms: readonly ActiveAlarm[]): void {
    if (alarms === this.alarms) return
    this.alarms = alarms
    this.pending.setAlarms(alarms)
    this.requestFlush()
  }

  /**
   * The current replica as plain data (entity arrays), safe to keep or post across a MessagePort;
   * entities themselves are never mutated by the hub.
   */
  snapshot(): ReplicaSnapshot {
    const entities = {
      beds: [...this.maps.beds.values()],
      assets: [...this.maps.assets.values()],
      network: [...this.maps.network.values()],
      cyber: [...this.maps.cyber.values()],
    }
    return {
      hello: this.hello,
      siteModel: this.siteModel,
      connection: this.connection,
      topics: { ...this.topicStates },
      // Each map holds only entities validated against its own topic's schema.
      entities: entities as EntityLists,
      sources: this.sources,
      alarms: this.alarms,
      alarmActions: this.alarmActions,
      alarmConditions: this.alarmConditions,
    }
  }

  /** Counters of rejected input, gaps and resyncs. */
  getStats(): HubStats {
    return { ...this.stats }
  }

  /** Acknowledges a cyber alert through the gateway. Never throws. */
  async acknowledgeAlert(request: AlertAckRequest): Promise<AlertAckResponse> {
    return this.requestOrError(FeedEvent.alertAck, request, alertAckResponseSchema)
  }

  /**
   * One step of the response to a cyber alert (acknowledge, investigate, update, resolve) through
   * the gateway; the changed alert reaches every client, this one included, as a batch. Never throws.
   */
  async respondToAlert(request: AlertRespondRequest): Promise<AlertRespondResponse> {
    return this.requestOrError(FeedEvent.alertRespond, request, alertRespondResponseSchema)
  }

  /** Records an NHS England cyber alert entered by hand, through the gateway. Never throws. */
  async recordNhsAlert(request: NhsAlertRecordRequest): Promise<NhsAlertRecordResponse> {
    return this.requestOrError(FeedEvent.nhsAlertRecord, request, nhsAlertRecordResponseSchema)
  }

  /** Records an alarm action through the gateway, so every client agrees. Never throws. */
  async alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse> {
    const response = await this.requestOrError(FeedEvent.alarmAction, request, alarmActionResponseSchema)
    if (response.ok) this.mergeAlarmActions([response.record])
    return response
  }

  /** Flushes now instead of waiting for the scheduler (for hosts that need it, and tests). */
  flushNow(): void {
    this.cancelFlush?.()
    this.cancelFlush = null
    this.flush()
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  private handleConnect(): void {
    this.generation += 1
    this.setConnection('connected', null)
    const recovered = this.options.socket.recovered
    this.logger.info('connected', { recovered, generation: this.generation })
    // A recovered session replayed every missed batch; anything else may have lost some.
    if (!recovered) this.detach('subscribe', this.subscribe(this.loaded.size > 0 ? 'reconnect' : 'initial'))
    if (this.siteModel === null) this.detach('site model load', this.loadSiteModel())
  }

  private handleDisconnect(reason: string, willReconnect: boolean): void {
    this.logger.warn('disconnected', { reason, willReconnect })
    this.setConnection('disconnected', describeDisconnect(reason))
    // Answers still in flight belong to the lost connection; the next connect starts afresh.
    this.generation += 1
    this.subscribing = false
    this.subscribeAgain = null
    this.queued = []
    // A server-side disconnect does not reconnect by itself; a wall must never give up.
    if (!willReconnect && !this.stopped) this.retryLater('reconnect', () => this.options.socket.open())
  }

  private handleConnectError(message: string, willRetry: boolean): void {
    this.logger.warn('connect failed', { willRetry })
    // A refusal (unknown token) will not be retried: say so, rather than "connecting" forever.
    const status =
      !willRetry || this.connection.status === 'connected' ? 'disconnected' : this.connection.status
    const detail = willRetry ? `Cannot reach the gateway (${message}); retrying` : describeRefusal(message)
    this.setConnection(status, detail)
  }

  private setConnection(status: ConnectionState['status'], detail: string | null): void {
    const current = this.connection
    if (current.status === status && current.detail === detail) return
    this.connection = {
      status,
      since: current.status === status ? current.since : this.options.clock.now(),
      detail,
      gatewayUrl: this.options.gatewayUrl,
    }
    this.pending.setConnection(this.connection)
    this.requestFlush()
  }

  private retryLater(key: string, action: () => void): void {
    this.retries.get(key)?.()
    this.retries.set(
      key,
      this.options.clock.after(RETRY_DELAY_MS, () => {
        this.retries.delete(key)
        if (!this.stopped) action()
      }),
    )
  }

  // -------------------------------------------------------------------------------------------
  // Subscribe and resync

  /**
   * Subscriptions and site-model loads run detached: each logs and retries its own failures, so a
   * rejection reaching here is a bug, logged rather than lost.
   */
  private detach(what: string, work: Promise<void>): void {
    runDetached(work, (error) =>
      this.logger.error(`${what} failed unexpectedly`, { error: errorName(error) }),
    )
  }

  private async subscribe(reason: SubscribeReason): Promise<void> {
    if (this.subscribing) {
      this.subscribeAgain = reason
      return
    }
    this.subscribing = true
    this.queued = []
    const generation = this.generation
    let raw: unknown
    // After a reconnect, ask for what we missed rather than everything: the gateway answers from
    // its change log when it still has every batch since our seqs (the same log, even restarted).
    const since =
      reason !== 'initial' && this.replicaLog !== null && this.loaded.size > 0
        ? {
            log: this.replicaLog,
            seqs: Object.fromEntries([...this.loaded].map((topic) => [topic, this.topicStates[topic].seq])),
          }
        : undefined
    try {
      raw = await this.options.socket.request(
        FeedEvent.subscribe,
        since === undefined ? { topics: [...this.topicsWanted] } : { topics: [...this.topicsWanted], since },
        SUBSCRIBE_TIMEOUT_MS,
      )
    } catch (error) {
      if (generation !== this.generation) return
      this.subscribing = false
      this.logger.warn('subscribe failed', { reason, error: errorName(error) })
      this.retryLater('subscribe', () => this.detach('subscribe', this.subscribe(reason)))
      return
    }
    if (generation !== this.generation) return
    this.subscribing = false
    const ack = subscribeAckEnvelopeSchema.safeParse(raw)
    if (!ack.success) {
      this.reject('subscribe ack', ack.error)
      this.retryLater('subscribe', () => this.detach('subscribe', this.subscribe(reason)))
      return
    }
    if (!ack.data.ok) {
      // The gateway refused the request itself; retrying the same request cannot help.
      this.logger.error('subscribe refused', { reason })
      this.setConnection(this.connection.status, `The gateway refused the subscription: ${ack.data.error}`)
      return
    }
    const logId = this.hello?.log?.id ?? null
    for (const snapshot of ack.data.snapshots) {
      this.applySnapshot(snapshot.topic, snapshot.seq, snapshot.entities, reason)
    }
    if (ack.data.snapshots.length > 0) this.replicaLog = logId
    for (const resumed of ack.data.resumed ?? []) this.applyResumed(resumed.topic, resumed.batches)
    const queued = this.queued
    this.queued = []
    for (const batch of queued) {
      // A gap found while draining starts another subscribe: keep the rest for after it.
      if (this.subscribing) this.queued.push(batch)
      else this.applyBatch(batch)
    }
    const again = this.subscribeAgain
    this.subscribeAgain = null
    if (again) this.detach('subscribe', this.subscribe(again))
  }

  private applySnapshot(
    topic: Topic,
    seq: number,
    rawEntities: readonly unknown[],
    reason: SubscribeReason,
  ): void {
    const map = new Map<string, AnyEntity>()
    for (const raw of rawEntities) {
      const entity = this.parseEntity(topic, raw)
      if (entity) map.set(entity.id, entity)
    }
    const wasLoaded = this.loaded.has(topic)
    this.maps[topic] = map
    this.loaded.add(topic)
    const previous = this.topicStates[topic]
    const resynced = wasLoaded && reason !== 'initial'
    if (resynced) this.stats.resyncs += 1
    this.setTopicState(topic, {
      seq,
      confirmedAt: this.options.clock.now(),
      resyncs: previous.resyncs + (resynced ? 1 : 0),
      restored: previous.restored,
    })
    this.pending.reset(topic, [...map.values()])
    this.logger.info('snapshot applied', { topic, seq, entities: rawEntities.length, reason })
    this.requestFlush()
  }

  /** The batches the gateway's log had since our seq: applied as if they had arrived live. */
  private applyResumed(topic: Topic, batches: readonly BatchEnvelope[]): void {
    if (!this.loaded.has(topic)) return
    this.stats.resumes += 1
    this.logger.info('resumed from the change log', {
      topic,
      from: this.topicStates[topic].seq,
      batches: batches.length,
    })
    for (const batch of batches) {
      // A gap inside the answer starts a full subscribe (see applyBatch); the rest waits for it.
      if (this.subscribing) return
      this.applyBatch(batch)
    }
    if (batches.length === 0) {
      const state = this.topicStates[topic]
      this.setTopicState(topic, { ...state, confirmedAt: this.options.clock.now() })
      this.requestFlush()
    }
  }

  // -------------------------------------------------------------------------------------------
  // Events

  private handleHello(payload: unknown): void {
    const parsed = helloSchema.safeParse(payload)
    if (!parsed.success) {
      this.reject('hello', parsed.error)
      return
    }
    this.hello = parsed.data
    this.pending.setHello(parsed.data)
    this.requestFlush()
  }

  private handleBatch(payload: unknown): void {
    const parsed = batchEnvelopeSchema.safeParse(payload)
    if (!parsed.success) {
      // Its seq is unknown; if it mattered, the next batch's seq shows the gap and we resync.
      this.reject('batch', parsed.error)
      return
    }
    if (this.subscribing) {
      this.queued.push(parsed.data)
      return
    }
    this.applyBatch(parsed.data)
  }

  private applyBatch(batch: BatchEnvelope): void {
    const { topic } = batch
    if (!this.loaded.has(topic)) return
    const state = this.topicStates[topic]
    if (batch.seq <= state.seq) {
      this.stats.duplicateBatches += 1
      return
    }
    if (batch.seq > state.seq + 1) {
      this.stats.gaps += 1
      this.logger.warn('sequence gap, resyncing', { topic, expected: state.seq + 1, got: batch.seq })
      this.detach('subscribe', this.subscribe('gap'))
      return
    }
    const map = this.maps[topic]
    for (const raw of batch.upserts) {
      const entity = this.parseEntity(topic, raw)
      if (!entity) continue
      map.set(entity.id, entity)
      this.pending.upsert(topic, entity)
    }
    for (const id of batch.removes) {
      if (!map.delete(id)) continue
      this.pending.remove(topic, id)
    }
    this.setTopicState(topic, {
      seq: batch.seq,
      confirmedAt: this.options.clock.now(),
      resyncs: state.resyncs,
      restored: state.restored,
    })
    this.requestFlush()
  }

  /** The gateway dropped us as a slow consumer: no batches come until we resubscribe. */
  private handleResyncRequest(payload: unknown): void {
    const parsed = resyncEventSchema.safeParse(payload)
    if (!parsed.success) this.reject('resync', parsed.error)
    this.logger.warn('gateway asked for a resync', { reason: parsed.success ? parsed.data.reason : null })
    this.detach('subscribe', this.subscribe('gap'))
  }

  private handleSources(payload: unknown): void {
    const parsed = sourcesEnvelopeSchema.safeParse(payload)
    if (!parsed.success) {
      this.reject('sources', parsed.error)
      return
    }
    const sources: SourceHealth[] = []
    for (const raw of parsed.data.sources) {
      const source = sourceHealthSchema.safeParse(raw)
      if (source.success) sources.push(source.data)
      else this.reject('source health', source.error)
    }
    this.sources = sources
    this.pending.setSources(sources)
    // Restored topics (the gateway restarted; no source has delivered since) stay RESTORED until
    // the gateway says otherwise, and a healthy source does not make them live.
    const restored = new Map((parsed.data.restored ?? []).map((entry) => [entry.topic, entry]))
    for (const topic of TOPICS) {
      const state = this.topicStates[topic]
      const entry = restored.get(topic)
      const next = entry === undefined ? null : { asOf: entry.asOf, waitingFor: entry.waitingFor }
      const same =
        (state.restored === null && next === null) ||
        (state.restored !== null &&
          next !== null &&
          state.restored.asOf === next.asOf &&
          state.restored.waitingFor.join('\u0000') === next.waitingFor.join('\u0000'))
      if (!same) this.setTopicState(topic, { ...state, restored: next })
    }
    // A healthy source confirms its topics live even when nothing changed (ADT is quiet at night).
    const now = this.options.clock.now()
    for (const source of sources) {
      if (source.status !== 'up') continue
      for (const topic of source.topics) {
        if (!this.loaded.has(topic) || restored.has(topic)) continue
        const state = this.topicStates[topic]
        this.setTopicState(topic, { ...state, confirmedAt: now })
      }
    }
    this.requestFlush()
  }

  private handleAlarmActions(payload: unknown): void {
    const parsed = alarmActionsEnvelopeSchema.safeParse(payload)
    if (!parsed.success) {
      this.reject('alarm actions', parsed.error)
      return
    }
    const records: AlarmActionRecord[] = []
    for (const raw of parsed.data.records) {
      const record = alarmActionRecordSchema.safeParse(raw)
      if (record.success) records.push(record.data)
      else this.reject('alarm action', record.error)
    }
    this.mergeAlarmActions(records)
  }

  /** When the gateway's alarm engine saw each condition begin: for this instance's engine. */
  private handleAlarmConditions(payload: unknown): void {
    const parsed = alarmConditionsEnvelopeSchema.safeParse(payload)
    if (!parsed.success) {
      this.reject('alarm conditions', parsed.error)
      return
    }
    const conditions: AlarmCondition[] = []
    for (const raw of parsed.data.conditions) {
      const condition = alarmConditionSchema.safeParse(raw)
      if (condition.success) conditions.push(condition.data)
      else this.reject('alarm condition', condition.error)
    }
    this.alarmConditions = conditions
    this.pending.setAlarmConditions(conditions)
    this.requestFlush()
  }

  private mergeAlarmActions(records: readonly AlarmActionRecord[]): void {
    if (records.length === 0) return
    const byId = new Map(this.alarmActions.map((record) => [record.id, record]))
    for (const record of records) byId.set(record.id, record)
    this.alarmActions = [...byId.values()].sort((a, b) => a.at - b.at).slice(-MAX_ALARM_ACTIONS)
    this.pending.setAlarmActions(this.alarmActions)
    this.requestFlush()
  }

  // -------------------------------------------------------------------------------------------
  // Site model

  private async loadSiteModel(): Promise<void> {
    if (this.siteModelLoading) return
    this.siteModelLoading = true
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` }
    if (this.siteModelEtag) headers['if-none-match'] = this.siteModelEtag
    try {
      const response = await this.options.fetch(`${this.options.gatewayUrl}/v1/site-model`, { headers })
      if (response.status === 304) return
      if (!response.ok) {
        this.logger.warn('site model request failed', { status: response.status })
        this.retryLater('site-model', () => this.detach('site model load', this.loadSiteModel()))
        return
      }
      const parsed = siteModelSchema.safeParse(await response.json())
      if (!parsed.success) {
        this.reject('site model', parsed.error)
        return
      }
      this.siteModel = parsed.data
      this.siteModelEtag = response.headers.get('etag')
      this.pending.setSiteModel(parsed.data)
      this.logger.info('site model loaded', {
        sites: parsed.data.sites.length,
        units: parsed.data.units.length,
      })
      this.requestFlush()
    } catch (error) {
      this.logger.warn('site model request failed', { error: errorName(error) })
      this.retryLater('site-model', () => this.detach('site model load', this.loadSiteModel()))
    } finally {
      this.siteModelLoading = false
    }
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private parseEntity(topic: Topic, raw: unknown): AnyEntity | null {
    const parsed = entitySchemas[topic].safeParse(raw)
    if (parsed.success) return parsed.data
    this.stats.rejectedEntities += 1
    const id =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null
    this.logger.warn('entity rejected', { topic, id, issues: parsed.error.issues.length })
    return null
  }

  private reject(what: string, error: z.ZodError): void {
    this.stats.rejectedMessages += 1
    const first = error.issues[0]
    this.logger.warn('message rejected', {
      what,
      issues: error.issues.length,
      path: first ? first.path.join('.') : null,
    })
  }

  private setTopicState(topic: Topic, state: TopicState): void {
    this.topicStates[topic] = state
    this.pending.setTopicState(topic, state)
  }

  private async requestOrError<T>(
    event: string,
    request: unknown,
    schema: z.ZodType<T>,
  ): Promise<T | { ok: false; error: string }> {
    if (!this.options.socket.connected) return { ok: false, error: 'Not connected to the gateway' }
    try {
      const raw = await this.options.socket.request(event, request, ACTION_TIMEOUT_MS)
      const parsed = schema.safeParse(raw)
      if (parsed.success) return parsed.data
      this.reject(event, parsed.error)
      return { ok: false, error: 'The gateway sent an answer this app does not understand' }
    } catch (error) {
      this.logger.warn('request failed', { event, error: errorName(error) })
      return { ok: false, error: 'The gateway did not answer in time' }
    }
  }

  private requestFlush(): void {
    if (this.flushing || this.cancelFlush || this.stopped) return
    this.cancelFlush = this.options.schedule(() => {
      this.cancelFlush = null
      this.flush()
    })
  }

  private flush(): void {
    if (this.pending.isEmpty) return
    this.flushing = true
    try {
      if (this.replicaListeners.size > 0) {
        // Listeners see the replica as it is now; whatever they set (alarms) joins this flush.
        const preview = this.pending.take()
        const replica = this.snapshotView()
        for (const listener of this.replicaListeners) listener(preview, replica)
        const extra = this.pending.take()
        this.emit({ ...preview, ...extra })
      } else {
        this.emit(this.pending.take())
      }
    } finally {
      this.flushing = false
    }
  }

  /** The replica without copying the maps: for listeners called synchronously during a flush. */
  private snapshotView(): ReplicaView {
    return {
      hello: this.hello,
      siteModel: this.siteModel,
      connection: this.connection,
      topics: this.topicStates,
      entities: this.maps as EntityMaps,
      sources: this.sources,
      alarms: this.alarms,
      alarmActions: this.alarmActions,
      alarmConditions: this.alarmConditions,
    }
  }

  private emit(changes: ReplicaChanges): void {
    const message: HubToWindowMessage = { type: 'changes', changes }
    for (const listener of this.windowListeners) listener(message)
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error'
}

/** socket.io's disconnect reasons, in words an operator can act on. */
function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'transport close':
    case 'transport error':
      return 'Lost the connection to the gateway; reconnecting'
    case 'ping timeout':
      return 'The gateway stopped answering; reconnecting'
    case 'io server disconnect':
      return 'The gateway closed the connection; reconnecting'
    case 'io client disconnect':
      return 'Disconnected'
    default:
      return `Disconnected (${reason}); reconnecting`
  }
}

function describeRefusal(message: string): string {
  return `The gateway refused this display (${message}). Check the access token.`
}
