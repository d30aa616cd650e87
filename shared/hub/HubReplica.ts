import type { ActiveAlarm } from '../contracts/alarms.ts'
import {
  TOPICS,
  entitySchemas,
  type AnyEntity,
  type SourceHealth,
  type Topic,
} from '../contracts/entities.ts'
import type { AlarmActionRecord, AlarmCondition, Hello, RestoredTopic } from '../contracts/feed.ts'
import type {
  ConnectionState,
  EntityLists,
  EntityMaps,
  ReplicaChanges,
  ReplicaSnapshot,
  ReplicaView,
  TopicState,
} from '../contracts/hub.ts'
import type { SiteModel } from '../contracts/places.ts'
import type { HubDiagnostics } from './HubDiagnostics.ts'
import type { HubClock } from './FeedSocketPort.ts'
import { PendingChanges } from './PendingChanges.ts'

// Maps, not Records: O(1) set/delete and fast iteration at 40k entities (see EntityTable.ts).
type MutableTopicMaps = Record<Topic, Map<string, AnyEntity>>

/** A batch whose envelope was checked; its upserts are checked one by one as they are applied. */
export type ReplicaBatch = {
  readonly topic: Topic
  readonly seq: number
  readonly upserts: readonly unknown[]
  readonly removes: readonly string[]
}

/** What applying a batch did: the caller resyncs on a gap. */
export type BatchOutcome = 'applied' | 'not-loaded' | 'duplicate' | 'gap'

export type HubReplicaOptions = {
  readonly clock: HubClock
  readonly gatewayUrl: string
  readonly diagnostics: HubDiagnostics
  /** Called after every change, so the hub schedules a flush. */
  readonly onChange: () => void
}

/**
 * The hub's replica of the gateway's state and the changes not yet flushed to windows. Everything
 * a window sees passes through here; nothing else in the hub holds replica state. Entities are
 * validated per topic on the way in and never mutated afterwards.
 */
export class HubReplica {
  private readonly options: HubReplicaOptions
  private hello: Hello | null = null
  private siteModel: SiteModel | null = null
  private connection: ConnectionState
  private readonly topicStates: Record<Topic, TopicState>
  private readonly maps: MutableTopicMaps = {
    beds: new Map(),
    assets: new Map(),
    network: new Map(),
    cyber: new Map(),
    waiting: new Map(),
  }
  /** Topics whose first snapshot has been applied (a later snapshot is then a resync). */
  private readonly loaded = new Set<Topic>()
  private sources: readonly SourceHealth[] = []
  private alarms: readonly ActiveAlarm[] = []
  private alarmActions: readonly AlarmActionRecord[] = []
  private alarmConditions: readonly AlarmCondition[] = []
  private readonly pending = new PendingChanges()

  constructor(options: HubReplicaOptions) {
    this.options = options
    const emptyTopic: TopicState = { seq: 0, confirmedAt: null, resyncs: 0, restored: null }
    this.topicStates = {
      beds: emptyTopic,
      assets: emptyTopic,
      network: emptyTopic,
      cyber: emptyTopic,
      waiting: emptyTopic,
    }
    this.connection = {
      status: 'connecting',
      since: options.clock.now(),
      detail: null,
      gatewayUrl: options.gatewayUrl,
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  get connectionState(): ConnectionState {
    return this.connection
  }

  get helloMessage(): Hello | null {
    return this.hello
  }

  get hasSiteModel(): boolean {
    return this.siteModel !== null
  }

  get currentAlarms(): readonly ActiveAlarm[] {
    return this.alarms
  }

  get actionHistory(): readonly AlarmActionRecord[] {
    return this.alarmActions
  }

  get hasLoadedTopics(): boolean {
    return this.loaded.size > 0
  }

  isLoaded(topic: Topic): boolean {
    return this.loaded.has(topic)
  }

  topicState(topic: Topic): TopicState {
    return this.topicStates[topic]
  }

  /** The last applied seq of each loaded topic: what a resuming subscribe asks to continue from. */
  loadedSeqs(): Partial<Record<Topic, number>> {
    return Object.fromEntries([...this.loaded].map((topic) => [topic, this.topicStates[topic].seq]))
  }

  /** The current replica as plain data (entity arrays), safe to keep or post across a MessagePort. */
  snapshot(): ReplicaSnapshot {
    const entities = {
      beds: [...this.maps.beds.values()],
      assets: [...this.maps.assets.values()],
      network: [...this.maps.network.values()],
      cyber: [...this.maps.cyber.values()],
      waiting: [...this.maps.waiting.values()],
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

  /** The replica without copying the maps: for listeners called synchronously during a flush. */
  view(): ReplicaView {
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

  get hasPendingChanges(): boolean {
    return !this.pending.isEmpty
  }

  /** The changes since the last call; empties the accumulator. */
  takeChanges(): ReplicaChanges {
    return this.pending.take()
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  setHello(hello: Hello): void {
    this.hello = hello
    this.pending.setHello(hello)
    this.options.onChange()
  }

  setSiteModel(model: SiteModel): void {
    this.siteModel = model
    this.pending.setSiteModel(model)
    this.options.onChange()
  }

  setConnection(connection: ConnectionState): void {
    this.connection = connection
    this.pending.setConnection(connection)
    this.options.onChange()
  }

  setAlarms(alarms: readonly ActiveAlarm[]): void {
    if (alarms === this.alarms) return
    this.alarms = alarms
    this.pending.setAlarms(alarms)
    this.options.onChange()
  }

  setAlarmActions(records: readonly AlarmActionRecord[]): void {
    this.alarmActions = records
    this.pending.setAlarmActions(records)
    this.options.onChange()
  }

  setAlarmConditions(conditions: readonly AlarmCondition[]): void {
    this.alarmConditions = conditions
    this.pending.setAlarmConditions(conditions)
    this.options.onChange()
  }

  /** Replaces a topic's entities with a snapshot; `resynced` counts it as a resync. */
  applySnapshot(topic: Topic, seq: number, rawEntities: readonly unknown[], resynced: boolean): void {
    const map = new Map<string, AnyEntity>()
    for (const raw of rawEntities) {
      const entity = this.parseEntity(topic, raw)
      if (entity) map.set(entity.id, entity)
    }
    this.maps[topic] = map
    this.loaded.add(topic)
    const previous = this.topicStates[topic]
    this.setTopicState(topic, {
      seq,
      confirmedAt: this.options.clock.now(),
      resyncs: previous.resyncs + (resynced ? 1 : 0),
      restored: previous.restored,
    })
    this.pending.reset(topic, [...map.values()])
    this.options.onChange()
  }

  /** Applies the next batch of a loaded topic; a duplicate or a gap changes nothing. */
  applyBatch(batch: ReplicaBatch): BatchOutcome {
    const { topic } = batch
    if (!this.loaded.has(topic)) return 'not-loaded'
    const state = this.topicStates[topic]
    if (batch.seq <= state.seq) return 'duplicate'
    if (batch.seq > state.seq + 1) return 'gap'
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
    this.setTopicState(topic, { ...state, seq: batch.seq, confirmedAt: this.options.clock.now() })
    this.options.onChange()
    return 'applied'
  }

  /** Data for this topic is known to be current (e.g. a resume that had nothing to replay). */
  confirm(topic: Topic): void {
    this.setTopicState(topic, { ...this.topicStates[topic], confirmedAt: this.options.clock.now() })
    this.options.onChange()
  }

  /**
   * The gateway's health report. Restored topics (the gateway restarted; no source has delivered
   * since) stay RESTORED until the gateway says otherwise, and a healthy source does not make them
   * live; otherwise a healthy source confirms its topics live even when nothing changed (ADT is
   * quiet at night).
   */
  setSources(sources: readonly SourceHealth[], restoredTopics: readonly RestoredTopic[]): void {
    this.sources = sources
    this.pending.setSources(sources)
    const restored = new Map(restoredTopics.map((entry) => [entry.topic, entry]))
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
    const now = this.options.clock.now()
    for (const source of sources) {
      if (source.status !== 'up') continue
      for (const topic of source.topics) {
        if (!this.loaded.has(topic) || restored.has(topic)) continue
        this.setTopicState(topic, { ...this.topicStates[topic], confirmedAt: now })
      }
    }
    this.options.onChange()
  }

  private parseEntity(topic: Topic, raw: unknown): AnyEntity | null {
    const parsed = entitySchemas[topic].safeParse(raw)
    if (parsed.success) return parsed.data
    this.options.diagnostics.rejectEntity(topic, raw, parsed.error)
    return null
  }

  private setTopicState(topic: Topic, state: TopicState): void {
    this.topicStates[topic] = state
    this.pending.setTopicState(topic, state)
  }
}
