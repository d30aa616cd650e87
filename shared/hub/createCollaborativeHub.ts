/**
 * The hub of a collaborative app instance: one `FeedHub` per trust's gateway, composed into one
 * replica (docs/collaborative.md). Each trust keeps its own gateway — its own sources, tokens and
 * change log — and this composer only reads them:
 *
 * - every id and place reference is scoped by the trust's key (`rwt/ward-7`, shared/domain/
 *   trustScope.ts), in entities of every topic, sources, the site model and floor plans, so two
 *   trusts' `ward-7` never collide;
 * - each trust's connection and topic freshness travel apart (`trusts`), so one gateway down makes
 *   that trust STALE while the others stay live; the merged connection and topic states are the
 *   honest summary for panels that mix trusts (connected only when every gateway is; a topic is as
 *   old as its oldest trust's data);
 * - an operator's action goes to the gateway of the trust it concerns, unscoped.
 *
 * FeedHub is used as it is, through its public API: each child hub flushes into this composer
 * (its scheduler is this composer's), and the composer flushes once for all of them.
 */
import type { ActiveAlarm } from '../contracts/alarms.ts'
import type { CollaborativeGateway } from '../contracts/collaborative.ts'
import { TOPICS, type AnyEntity, type SourceHealth, type Topic } from '../contracts/entities.ts'
import type {
  AlarmActionRecord,
  AlarmActionRequest,
  AlarmActionResponse,
  AlarmCondition,
  AlertAckRequest,
  AlertAckResponse,
  Hello,
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
  TrustReplicaState,
} from '../contracts/hub.ts'
import type {
  AlertRespondRequest,
  AlertRespondResponse,
  NhsAlertRecordRequest,
  NhsAlertRecordResponse,
} from '../contracts/cyberResponse.ts'
import type { SiteModel } from '../contracts/places.ts'
import { scopeFloorPlan, scopeId, scopeRecord, splitScopedId } from '../domain/trustScope.ts'
import { FeedHub, type HubStats, type ReplicaChangeListener } from './FeedHub.ts'
import {
  silentHubLogger,
  type FeedSocketPort,
  type FlushScheduler,
  type HubClock,
  type HubFetch,
  type HubLogger,
} from './FeedSocketPort.ts'
import { PendingChanges } from './PendingChanges.ts'

/** The merged replica's trust (what the status strip names): the collaborative itself. */
export const COLLABORATIVE_TRUST_ID = 'collaborative'
/** Bound on the alarm-action history kept in memory, as FeedHub's. */
const MAX_ALARM_ACTIONS = 500

export type CollaborativeHubOptions = {
  readonly gateways: readonly CollaborativeGateway[]
  /** Opens the feed socket of one gateway (socket.io-client in a host, a fake in tests). */
  readonly connect: (gateway: CollaborativeGateway) => FeedSocketPort
  readonly fetch: HubFetch
  readonly clock: HubClock
  readonly schedule: FlushScheduler
  readonly logger?: HubLogger
  /** The collaborative's name on the status strip. */
  readonly name?: string
}

/** Why a collaborative refuses a hand-entered NHS cyber alert (docs/cyber.md). */
export const NHS_ALERT_NEEDS_ONE_TRUST =
  "An NHS cyber alert is recorded for one trust: enter it on that trust's own board, not the collaborative's"

/** Where a level's floor plan is fetched from, and how to scope it. */
export type FloorPlanSource = {
  readonly url: string
  readonly token: string
  /** The fetched (unparsed) IMDF collection with its place references scoped. */
  scope(plan: unknown): unknown
}

type MutableTopicState = Record<Topic, TopicState>

type TrustSlot = {
  readonly gateway: CollaborativeGateway
  readonly hub: FeedHub
  hello: Hello | null
  siteModel: SiteModel | null
  connection: ConnectionState
  topics: MutableTopicState
  /** Scoped ids this trust holds in each topic, for a reset from its gateway. */
  readonly ids: Map<Topic, Set<string>>
  sources: readonly SourceHealth[]
  alarmActions: readonly AlarmActionRecord[]
  alarmConditions: readonly AlarmCondition[]
  /** A pending flush of the child hub, run at the composer's next flush. */
  flush: (() => void) | null
  /** This trust's view, rebuilt when it changes (stable reference otherwise). */
  view: TrustReplicaState | null
}

const emptyTopicState: TopicState = { seq: 0, confirmedAt: null, resyncs: 0, restored: null }
const emptyTopics = (): MutableTopicState =>
  Object.fromEntries(TOPICS.map((topic) => [topic, emptyTopicState])) as MutableTopicState
const emptyMaps = (): Record<Topic, Map<string, AnyEntity>> =>
  Object.fromEntries(TOPICS.map((topic) => [topic, new Map<string, AnyEntity>()])) as Record<
    Topic,
    Map<string, AnyEntity>
  >

/** The composer. See the module comment. */
export class CollaborativeHub {
  private readonly options: CollaborativeHubOptions
  private readonly logger: HubLogger
  private readonly slots: readonly TrustSlot[]
  private readonly byKey: ReadonlyMap<string, TrustSlot>

  private readonly maps = emptyMaps()
  private hello: Hello | null = null
  private siteModel: SiteModel | null = null
  private connection: ConnectionState
  private topics: MutableTopicState = emptyTopics()
  private sources: readonly SourceHealth[] = []
  private alarms: readonly ActiveAlarm[] = []
  private alarmActions: readonly AlarmActionRecord[] = []
  private alarmConditions: readonly AlarmCondition[] = []
  private trustsChanged = true

  private readonly pending = new PendingChanges()
  private cancelFlush: (() => void) | null = null
  private flushing = false
  private stopped = false
  private started = false
  private readonly windowListeners = new Set<(message: HubToWindowMessage) => void>()
  private readonly replicaListeners = new Set<ReplicaChangeListener>()

  constructor(options: CollaborativeHubOptions) {
    this.options = options
    this.logger = options.logger ?? silentHubLogger
    const now = options.clock.now()
    this.connection = { status: 'connecting', since: now, detail: null, gatewayUrl: this.gatewayUrlLabel() }
    this.slots = options.gateways.map((gateway) => this.createSlot(gateway))
    this.byKey = new Map(this.slots.map((slot) => [slot.gateway.trust, slot]))
    for (const slot of this.slots) {
      slot.hub.attach((message) => this.handleTrustMessage(slot, message))
    }
  }

  /** Opens every gateway's connection. Call once. */
  start(): void {
    if (this.started) return
    this.started = true
    for (const slot of this.slots) slot.hub.start()
  }

  /** Closes every connection and stops flushing. */
  stop(): void {
    this.stopped = true
    this.cancelFlush?.()
    this.cancelFlush = null
    for (const slot of this.slots) slot.hub.stop()
  }

  /** As FeedHub's: a full snapshot now, then coalesced changes. Returns the detach function. */
  attach(listener: (message: HubToWindowMessage) => void): () => void {
    this.windowListeners.add(listener)
    listener({ type: 'snapshot', state: this.snapshot() })
    return () => {
      this.windowListeners.delete(listener)
    }
  }

  /** As FeedHub's: called at every flush with the merged replica (the alarm engine's seat). */
  onReplicaChange(listener: ReplicaChangeListener): () => void {
    this.replicaListeners.add(listener)
    return () => {
      this.replicaListeners.delete(listener)
    }
  }

  /** Replaces the active alarms (from the one alarm engine hosted by this app instance). */
  setAlarms(alarms: readonly ActiveAlarm[]): void {
    if (alarms === this.alarms) return
    this.alarms = alarms
    this.pending.setAlarms(alarms)
    this.requestFlush()
  }

  /** The merged replica as plain data. */
  snapshot(): ReplicaSnapshot {
    const entities = Object.fromEntries(TOPICS.map((topic) => [topic, [...this.maps[topic].values()]]))
    return {
      hello: this.hello,
      siteModel: this.siteModel,
      connection: this.connection,
      topics: { ...this.topics },
      // Each merged map holds only entities its trust's hub validated for that topic.
      entities: entities as unknown as EntityLists,
      sources: this.sources,
      alarms: this.alarms,
      alarmActions: this.alarmActions,
      alarmConditions: this.alarmConditions,
      trusts: this.trustViews(),
    }
  }

  /** Every trust's counters, summed. */
  getStats(): HubStats {
    const total = {
      rejectedMessages: 0,
      rejectedEntities: 0,
      gaps: 0,
      duplicateBatches: 0,
      resyncs: 0,
      resumes: 0,
    }
    for (const slot of this.slots) {
      const stats = slot.hub.getStats()
      for (const key of Object.keys(total) as (keyof HubStats)[]) total[key] += stats[key]
    }
    return total
  }

  /** Acknowledges a cyber alert at the gateway of the alert's trust. Never throws. */
  async acknowledgeAlert(request: AlertAckRequest): Promise<AlertAckResponse> {
    const split = splitScopedId(request.alertId)
    const slot = split === null ? undefined : this.byKey.get(split.trust)
    if (split === null || slot === undefined)
      return { ok: false, error: 'This alert belongs to no trust of this collaborative' }
    return slot.hub.acknowledgeAlert({ ...request, alertId: split.id })
  }

  /**
   * A cyber alert response step (acknowledge, investigating, update, resolved) at the gateway of
   * the alert's trust, unscoped; the alert it answers with is scoped like the merged replica's.
   * Never throws.
   */
  async respondToAlert(request: AlertRespondRequest): Promise<AlertRespondResponse> {
    const split = splitScopedId(request.alertId)
    const slot = split === null ? undefined : this.byKey.get(split.trust)
    if (split === null || slot === undefined)
      return { ok: false, error: 'This alert belongs to no trust of this collaborative' }
    const response = await slot.hub.respondToAlert({ ...request, alertId: split.id })
    return response.ok ? { ok: true, alert: scopeRecord(slot.gateway.trust, response.alert) } : response
  }

  /**
   * Refused: an NHS England cyber alert is recorded for one trust, and a hand entry on a wall of
   * several names none (the form has no trust field), so it is entered on that trust's own board.
   */
  async recordNhsAlert(request: NhsAlertRecordRequest): Promise<NhsAlertRecordResponse> {
    this.logger.warn('NHS cyber alert entry refused on a collaborative', {
      fields: Object.keys(request).length,
    })
    return { ok: false, error: NHS_ALERT_NEEDS_ONE_TRUST }
  }

  /**
   * Records an alarm action at the gateway of the trust the alarm concerns (its subject's scope),
   * so that trust's walls agree; an alarm of the whole system (a feed, a KPI of the merged data)
   * is recorded at every connected gateway. Never throws.
   */
  async alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse> {
    const target = unscopeFingerprint(request.fingerprint)
    const slot = target.trust === null ? undefined : this.byKey.get(target.trust)
    if (slot !== undefined) {
      const members = request.members
        ?.map(unscopeFingerprint)
        .filter((m) => m.trust === slot.gateway.trust)
        .map((m) => m.fingerprint)
      const response = await slot.hub.alarmAction({
        ...request,
        fingerprint: target.fingerprint,
        ...(members === undefined ? {} : { members }),
      })
      return response.ok ? { ok: true, record: this.scopeAction(slot, response.record) } : response
    }
    const responses = await Promise.all(this.slots.map((s) => s.hub.alarmAction(request)))
    const recorded = responses.findIndex((r) => r.ok)
    const first = responses[recorded]
    const recordedAt = this.slots[recorded]
    if (first === undefined || !first.ok || recordedAt === undefined)
      return responses[0] ?? { ok: false, error: 'No gateway configured' }
    return { ok: true, record: this.scopeAction(recordedAt, first.record) }
  }

  /** Where to fetch a (scoped) level's floor plan; null when the level is no trust's. */
  floorPlanSource(levelId: string): FloorPlanSource | null {
    const split = splitScopedId(levelId)
    const slot = split === null ? undefined : this.byKey.get(split.trust)
    if (split === null || slot === undefined) return null
    const trust = slot.gateway.trust
    return {
      url: `${slot.gateway.url}/v1/floorplans/${encodeURIComponent(split.id)}`,
      token: slot.gateway.token,
      scope: (plan) => scopeFloorPlan(trust, plan),
    }
  }

  /** As FeedHub's: flushes now (hosts that need it, and tests). */
  flushNow(): void {
    this.cancelFlush?.()
    this.cancelFlush = null
    this.flush()
  }

  // -------------------------------------------------------------------------------------------
  // One trust's hub

  private createSlot(gateway: CollaborativeGateway): TrustSlot {
    const now = this.options.clock.now()
    // The child flushes when the composer does: one message per frame for all trusts together.
    const schedule: FlushScheduler = (flush) => {
      slot.flush = flush
      this.requestFlush()
      return () => {
        if (slot.flush === flush) slot.flush = null
      }
    }
    const hub = new FeedHub({
      socket: this.options.connect(gateway),
      gatewayUrl: gateway.url,
      token: gateway.token,
      fetch: this.options.fetch,
      clock: this.options.clock,
      schedule,
      logger: scopedLogger(this.logger, gateway.trust),
    })
    const slot: TrustSlot = {
      gateway,
      hub,
      hello: null,
      siteModel: null,
      connection: { status: 'connecting', since: now, detail: null, gatewayUrl: gateway.url },
      topics: emptyTopics(),
      ids: new Map(TOPICS.map((topic) => [topic, new Set<string>()])),
      sources: [],
      alarmActions: [],
      alarmConditions: [],
      flush: null,
      view: null,
    }
    return slot
  }

  private handleTrustMessage(slot: TrustSlot, message: HubToWindowMessage): void {
    if (message.type === 'snapshot') {
      const { state } = message
      const entities: NonNullable<ReplicaChanges['entities']> = Object.fromEntries(
        TOPICS.map((topic) => [topic, { reset: true, upserts: state.entities[topic], removes: [] }]),
      )
      this.applyTrustChanges(slot, {
        hello: state.hello,
        siteModel: state.siteModel,
        connection: state.connection,
        topics: state.topics,
        entities,
        sources: state.sources,
        alarmActions: state.alarmActions,
        ...(state.alarmConditions === undefined ? {} : { alarmConditions: state.alarmConditions }),
      })
      return
    }
    this.applyTrustChanges(slot, message.changes)
  }

  private applyTrustChanges(slot: TrustSlot, changes: ReplicaChanges): void {
    const key = slot.gateway.trust
    let trustChanged = false
    if (changes.hello !== undefined) {
      slot.hello = changes.hello
      trustChanged = true
      this.mergeHello()
    }
    if (changes.siteModel !== undefined) {
      slot.siteModel = changes.siteModel === null ? null : scopeSiteModel(key, changes.siteModel)
      trustChanged = true
      this.mergeSiteModel()
    }
    if (changes.connection !== undefined) {
      slot.connection = changes.connection
      trustChanged = true
      this.mergeConnection()
    }
    if (changes.topics !== undefined) {
      slot.topics = { ...slot.topics, ...changes.topics }
      trustChanged = true
      this.mergeTopics(Object.keys(changes.topics) as Topic[])
    }
    if (changes.entities !== undefined) {
      for (const [topic, delta] of Object.entries(changes.entities) as [
        Topic,
        { reset: boolean; upserts: readonly AnyEntity[]; removes: readonly string[] } | undefined,
      ][]) {
        if (delta !== undefined) this.applyEntities(slot, topic, delta)
      }
    }
    if (changes.sources !== undefined) {
      slot.sources = changes.sources.map((source) => scopeRecord(key, source))
      this.sources = this.slots.flatMap((s) => s.sources)
      this.pending.setSources(this.sources)
    }
    if (changes.alarmActions !== undefined) {
      slot.alarmActions = changes.alarmActions.map((record) => this.scopeAction(slot, record))
      this.alarmActions = this.slots
        .flatMap((s) => s.alarmActions)
        .sort((a, b) => a.at - b.at)
        .slice(-MAX_ALARM_ACTIONS)
      this.pending.setAlarmActions(this.alarmActions)
    }
    if (changes.alarmConditions !== undefined) {
      slot.alarmConditions = changes.alarmConditions.map((condition) => ({
        ...condition,
        fingerprint: this.scopeFingerprint(slot, condition.fingerprint),
      }))
      this.alarmConditions = this.slots.flatMap((s) => s.alarmConditions)
      this.pending.setAlarmConditions(this.alarmConditions)
    }
    if (trustChanged) {
      slot.view = null
      this.trustsChanged = true
    }
    this.requestFlush()
  }

  private applyEntities(
    slot: TrustSlot,
    topic: Topic,
    delta: { reset: boolean; upserts: readonly AnyEntity[]; removes: readonly string[] },
  ): void {
    const key = slot.gateway.trust
    // A topic this app does not know (a newer gateway): nothing to merge it into.
    const map = this.maps[topic] as Map<string, AnyEntity> | undefined
    const ids = slot.ids.get(topic)
    if (map === undefined || ids === undefined) return
    if (delta.reset) {
      // Only this trust's part is replaced: the others' entities stay as they are.
      const keep = new Set(delta.upserts.map((entity) => scopeId(key, entity.id)))
      for (const id of ids) {
        if (keep.has(id)) continue
        map.delete(id)
        ids.delete(id)
        this.pending.remove(topic, id)
      }
    }
    for (const entity of delta.upserts) {
      const scoped = scopeRecord(key, entity)
      map.set(scoped.id, scoped)
      ids.add(scoped.id)
      this.pending.upsert(topic, scoped)
    }
    for (const id of delta.removes) {
      const scoped = scopeId(key, id)
      if (!map.delete(scoped)) continue
      ids.delete(scoped)
      this.pending.remove(topic, scoped)
    }
  }

  // -------------------------------------------------------------------------------------------
  // Merged summaries

  private mergeHello(): void {
    const hellos = this.slots.flatMap((s) =>
      s.hello === null ? [] : [{ key: s.gateway.trust, hello: s.hello }],
    )
    const first = hellos[0]?.hello
    if (first === undefined) {
      this.hello = null
    } else {
      this.hello = {
        protocol: first.protocol,
        gatewayVersion: first.gatewayVersion,
        gatewayId: COLLABORATIVE_TRUST_ID,
        trust: { id: COLLABORATIVE_TRUST_ID, name: this.options.name ?? 'Provider collaborative' },
        sites: hellos.flatMap(({ key, hello }) =>
          hello.sites.map((site) => ({ ...site, id: scopeId(key, site.id) })),
        ),
        topics: [...new Set(hellos.flatMap(({ hello }) => hello.topics))],
        // The most restricted role of the tokens held: the merged view never claims more.
        role: hellos.map(({ hello }) => hello.role).reduce(lowerRole),
        user: first.user,
        serverTime: Math.max(...hellos.map(({ hello }) => hello.serverTime)),
      }
    }
    this.pending.setHello(this.hello)
  }

  private mergeSiteModel(): void {
    const models = this.slots.flatMap((s) => (s.siteModel === null ? [] : [s.siteModel]))
    this.siteModel =
      models.length === 0
        ? null
        : {
            trust: {
              id: COLLABORATIVE_TRUST_ID,
              name: this.options.name ?? 'Provider collaborative',
              odsCode: null,
            },
            sites: models.flatMap((m) => m.sites),
            buildings: models.flatMap((m) => m.buildings),
            levels: models.flatMap((m) => m.levels),
            units: models.flatMap((m) => m.units),
            beds: models.flatMap((m) => m.beds),
          }
    this.pending.setSiteModel(this.siteModel)
  }

  private mergeConnection(): void {
    const next = mergeConnections(
      this.slots.map((s) => ({ trust: this.trustName(s), connection: s.connection })),
      this.gatewayUrlLabel(),
    )
    const current = this.connection
    if (current.status === next.status && current.detail === next.detail) return
    this.connection = { ...next, since: current.status === next.status ? current.since : next.since }
    this.pending.setConnection(this.connection)
  }

  private mergeTopics(topics: readonly Topic[]): void {
    const next = { ...this.topics }
    for (const topic of topics) {
      if (!TOPICS.includes(topic)) continue
      next[topic] = mergeTopicStates(
        this.slots.map((s) => ({ key: s.gateway.trust, state: s.topics[topic] })),
      )
      this.pending.setTopicState(topic, next[topic])
    }
    this.topics = next
  }

  private trustViews(): TrustReplicaState[] {
    return this.slots.map((slot) => {
      slot.view ??= {
        key: slot.gateway.trust,
        name: this.trustName(slot),
        gatewayUrl: slot.gateway.url,
        connection: slot.connection,
        topics: { ...slot.topics },
        siteIds: slot.siteModel?.sites.map((site) => site.id) ?? [],
      }
      return slot.view
    })
  }

  private trustName(slot: TrustSlot): string {
    return slot.hello?.trust.name ?? slot.siteModel?.trust.name ?? slot.gateway.trust
  }

  private gatewayUrlLabel(): string {
    // The strip's INSECURE LINK check reads this: name a plain-http gateway if there is one.
    const gateways = this.options.gateways
    return (gateways.find((g) => g.url.startsWith('http:')) ?? gateways[0])?.url ?? ''
  }

  // -------------------------------------------------------------------------------------------
  // Alarms across trusts

  /** A gateway's fingerprint in the merged replica: its subject scoped when it is the trust's id. */
  private scopeFingerprint(slot: TrustSlot, fingerprint: string): string {
    return scopeFingerprint(slot.gateway.trust, fingerprint, (id) => this.isTrustId(slot, id))
  }

  private scopeAction(slot: TrustSlot, record: AlarmActionRecord): AlarmActionRecord {
    return {
      ...record,
      id: scopeId(slot.gateway.trust, record.id),
      fingerprint: this.scopeFingerprint(slot, record.fingerprint),
      ...(record.members === undefined
        ? {}
        : { members: record.members.map((m) => this.scopeFingerprint(slot, m)) }),
    }
  }

  private isTrustId(slot: TrustSlot, id: string): boolean {
    const scoped = scopeId(slot.gateway.trust, id)
    for (const topic of TOPICS) if (slot.ids.get(topic)?.has(scoped)) return true
    const model = slot.siteModel
    if (model === null) return false
    return (
      model.sites.some((p) => p.id === scoped) ||
      model.levels.some((p) => p.id === scoped) ||
      model.units.some((p) => p.id === scoped)
    )
  }

  // -------------------------------------------------------------------------------------------
  // Flush

  private requestFlush(): void {
    if (this.flushing || this.cancelFlush || this.stopped) return
    this.cancelFlush = this.options.schedule(() => {
      this.cancelFlush = null
      this.flush()
    })
  }

  private flush(): void {
    this.flushing = true
    try {
      // Every trust's hub hands over its coalesced changes first (into `pending`).
      for (const slot of this.slots) {
        const flush = slot.flush
        slot.flush = null
        flush?.()
      }
      const trustsChanged = this.trustsChanged
      if (!trustsChanged && this.pending.isEmpty) return
      this.trustsChanged = false
      // The trusts travel only when one of them changed: a stable reference otherwise.
      const trusts = trustsChanged ? { trusts: this.trustViews() } : {}
      if (this.replicaListeners.size > 0) {
        const preview = { ...this.pending.take(), ...trusts }
        const replica = this.snapshotView()
        for (const listener of this.replicaListeners) listener(preview, replica)
        this.emit({ ...preview, ...this.pending.take() })
      } else {
        this.emit({ ...this.pending.take(), ...trusts })
      }
    } finally {
      this.flushing = false
    }
  }

  private snapshotView(): ReplicaView {
    return {
      hello: this.hello,
      siteModel: this.siteModel,
      connection: this.connection,
      topics: this.topics,
      entities: this.maps as unknown as EntityMaps,
      sources: this.sources,
      alarms: this.alarms,
      alarmActions: this.alarmActions,
      alarmConditions: this.alarmConditions,
      trusts: this.trustViews(),
    }
  }

  private emit(changes: ReplicaChanges): void {
    const message: HubToWindowMessage = { type: 'changes', changes }
    for (const listener of this.windowListeners) listener(message)
  }
}

/** Creates the composer over one FeedHub per gateway. */
export function createCollaborativeHub(options: CollaborativeHubOptions): CollaborativeHub {
  return new CollaborativeHub(options)
}

// ---------------------------------------------------------------------------------------------
// Pure merge rules (exported for their tests and docs/collaborative.md)

/** A trust's site model with every place id and reference scoped by its key. */
export function scopeSiteModel(trust: string, model: SiteModel): SiteModel {
  return {
    trust: model.trust,
    sites: model.sites.map((p) => scopeRecord(trust, p)),
    buildings: model.buildings.map((p) => scopeRecord(trust, p)),
    levels: model.levels.map((p) => scopeRecord(trust, p)),
    units: model.units.map((p) => scopeRecord(trust, p)),
    beds: model.beds.map((p) => scopeRecord(trust, p)),
  }
}

/**
 * The merged connection: connected only when every gateway is (a mixed panel with a trust missing
 * is not live), disconnected as soon as one is, naming which; connecting otherwise.
 */
export function mergeConnections(
  trusts: readonly { readonly trust: string; readonly connection: ConnectionState }[],
  gatewayUrl: string,
): ConnectionState {
  const down = trusts.filter((t) => t.connection.status === 'disconnected')
  const connecting = trusts.filter((t) => t.connection.status === 'connecting')
  if (down.length > 0) {
    return {
      status: 'disconnected',
      since: Math.min(...down.map((t) => t.connection.since)),
      detail: down.map((t) => `${t.trust}: ${t.connection.detail ?? 'disconnected'}`).join(' · '),
      gatewayUrl,
    }
  }
  if (connecting.length > 0 || trusts.length === 0) {
    return {
      status: 'connecting',
      since: Math.min(...connecting.map((t) => t.connection.since), Number.MAX_SAFE_INTEGER),
      detail: connecting.length > 0 ? `Waiting for ${connecting.map((t) => t.trust).join(', ')}` : null,
      gatewayUrl,
    }
  }
  return {
    status: 'connected',
    since: Math.max(...trusts.map((t) => t.connection.since)),
    detail: null,
    gatewayUrl,
  }
}

/**
 * A topic merged over trusts: as old as its oldest trust's data (never confirmed while any trust
 * is unconfirmed), RESTORED while any trust's is, the sources waited for named with their trust.
 */
export function mergeTopicStates(
  states: readonly { readonly key: string; readonly state: TopicState }[],
): TopicState {
  let confirmedAt: number | null = states.length === 0 ? null : Number.MAX_SAFE_INTEGER
  let seq = 0
  let resyncs = 0
  let restoredAsOf: number | null = null
  const waitingFor: string[] = []
  for (const { key, state } of states) {
    seq += state.seq
    resyncs += state.resyncs
    confirmedAt =
      confirmedAt === null || state.confirmedAt === null ? null : Math.min(confirmedAt, state.confirmedAt)
    if (state.restored !== null) {
      restoredAsOf = restoredAsOf === null ? state.restored.asOf : Math.min(restoredAsOf, state.restored.asOf)
      waitingFor.push(...state.restored.waitingFor.map((id) => scopeId(key, id)))
    }
  }
  return {
    seq,
    confirmedAt,
    resyncs,
    restored: restoredAsOf === null ? null : { asOf: restoredAsOf, waitingFor },
  }
}

/**
 * A gateway's alarm fingerprint (`rule@subject` or `rule@group:cause[suffix]`) in the merged
 * replica: the subject (or cause) is scoped when `isTrustId` says it is one of the trust's
 * entities or places; a feed, gateway or KPI subject stays as it is.
 */
export function scopeFingerprint(
  trust: string,
  fingerprint: string,
  isTrustId: (id: string) => boolean,
): string {
  const at = fingerprint.indexOf('@')
  if (at <= 0) return fingerprint
  const rule = fingerprint.slice(0, at)
  const rest = fingerprint.slice(at + 1)
  if (rest.startsWith('group:')) {
    const cause = rest.slice('group:'.length)
    const suffix = /:(shelved|oos)$/.exec(cause)?.[0] ?? ''
    const id = cause.slice(0, cause.length - suffix.length)
    return isTrustId(id) ? `${rule}@group:${scopeId(trust, id)}${suffix}` : fingerprint
  }
  return isTrustId(rest) ? `${rule}@${scopeId(trust, rest)}` : fingerprint
}

/** The inverse of `scopeFingerprint`: the trust an alarm concerns (null: the whole system). */
export function unscopeFingerprint(fingerprint: string): {
  readonly trust: string | null
  readonly fingerprint: string
} {
  const at = fingerprint.indexOf('@')
  if (at <= 0) return { trust: null, fingerprint }
  const rule = fingerprint.slice(0, at)
  const rest = fingerprint.slice(at + 1)
  const group = rest.startsWith('group:')
  const subject = group ? rest.slice('group:'.length) : rest
  const split = splitScopedId(subject)
  if (split === null) return { trust: null, fingerprint }
  return { trust: split.trust, fingerprint: `${rule}@${group ? 'group:' : ''}${split.id}` }
}

const ROLE_ORDER = ['viewer', 'operator', 'it', 'admin'] as const
function lowerRole(a: Hello['role'], b: Hello['role']): Hello['role'] {
  return ROLE_ORDER.indexOf(a) <= ROLE_ORDER.indexOf(b) ? a : b
}

function scopedLogger(logger: HubLogger, trust: string): HubLogger {
  return {
    info: (message, fields) => logger.info(message, { ...fields, trust }),
    warn: (message, fields) => logger.warn(message, { ...fields, trust }),
    error: (message, fields) => logger.error(message, { ...fields, trust }),
  }
}
