import type { ActiveAlarm } from '../contracts/alarms.ts'
import type { AnyEntity, SourceHealth, Topic } from '../contracts/entities.ts'
import type { AlarmActionRecord, AlarmCondition, Hello } from '../contracts/feed.ts'
import type { ConnectionState, ReplicaChanges, TopicState } from '../contracts/hub.ts'
import type { SiteModel } from '../contracts/places.ts'

type TopicDelta = { reset: boolean; upserts: Map<string, AnyEntity>; removes: Set<string> }

/**
 * Changes accumulated between two flushes. Upserts and removes are keyed by id, so a thousand
 * batches moving the same tag become one upsert: the cost of a flush is bounded by the number of
 * distinct entities that changed, not by the message rate.
 */
export class PendingChanges {
  private hello: { value: Hello | null } | null = null
  private siteModel: { value: SiteModel | null } | null = null
  private connection: ConnectionState | null = null
  private readonly topicStates = new Map<Topic, TopicState>()
  private readonly deltas = new Map<Topic, TopicDelta>()
  private sources: readonly SourceHealth[] | null = null
  private alarms: readonly ActiveAlarm[] | null = null
  private alarmActions: readonly AlarmActionRecord[] | null = null
  private alarmConditions: readonly AlarmCondition[] | null = null
  private dirty = false

  get isEmpty(): boolean {
    return !this.dirty
  }

  setHello(hello: Hello | null): void {
    this.hello = { value: hello }
    this.dirty = true
  }

  setSiteModel(model: SiteModel | null): void {
    this.siteModel = { value: model }
    this.dirty = true
  }

  setConnection(connection: ConnectionState): void {
    this.connection = connection
    this.dirty = true
  }

  setTopicState(topic: Topic, state: TopicState): void {
    this.topicStates.set(topic, state)
    this.dirty = true
  }

  setSources(sources: readonly SourceHealth[]): void {
    this.sources = sources
    this.dirty = true
  }

  setAlarms(alarms: readonly ActiveAlarm[]): void {
    this.alarms = alarms
    this.dirty = true
  }

  setAlarmActions(records: readonly AlarmActionRecord[]): void {
    this.alarmActions = records
    this.dirty = true
  }

  setAlarmConditions(conditions: readonly AlarmCondition[]): void {
    this.alarmConditions = conditions
    this.dirty = true
  }

  /** The topic's map was replaced wholesale by `entities`. */
  reset(topic: Topic, entities: Iterable<AnyEntity>): void {
    const upserts = new Map<string, AnyEntity>()
    for (const entity of entities) upserts.set(entity.id, entity)
    this.deltas.set(topic, { reset: true, upserts, removes: new Set() })
    this.dirty = true
  }

  upsert(topic: Topic, entity: AnyEntity): void {
    const delta = this.delta(topic)
    delta.removes.delete(entity.id)
    delta.upserts.set(entity.id, entity)
    this.dirty = true
  }

  remove(topic: Topic, id: string): void {
    const delta = this.delta(topic)
    delta.upserts.delete(id)
    // After a reset the receiver rebuilds the map from the upserts alone, so a remove is implied.
    if (!delta.reset) delta.removes.add(id)
    this.dirty = true
  }

  /** The accumulated changes as a message body; empties the accumulator. */
  take(): ReplicaChanges {
    const changes: {
      -readonly [K in keyof ReplicaChanges]: ReplicaChanges[K]
    } = {}
    if (this.hello) changes.hello = this.hello.value
    if (this.siteModel) changes.siteModel = this.siteModel.value
    if (this.connection) changes.connection = this.connection
    if (this.topicStates.size > 0) changes.topics = Object.fromEntries(this.topicStates)
    if (this.deltas.size > 0) {
      const entities: Record<string, { reset: boolean; upserts: AnyEntity[]; removes: string[] }> = {}
      for (const [topic, delta] of this.deltas) {
        entities[topic] = {
          reset: delta.reset,
          upserts: [...delta.upserts.values()],
          removes: [...delta.removes],
        }
      }
      // The topic → entity type correlation holds by construction (upserts were validated per topic).
      changes.entities = entities as ReplicaChanges['entities']
    }
    if (this.sources) changes.sources = this.sources
    if (this.alarms) changes.alarms = this.alarms
    if (this.alarmActions) changes.alarmActions = this.alarmActions
    if (this.alarmConditions) changes.alarmConditions = this.alarmConditions
    this.clear()
    return changes
  }

  private delta(topic: Topic): TopicDelta {
    let delta = this.deltas.get(topic)
    if (!delta) {
      delta = { reset: false, upserts: new Map(), removes: new Set() }
      this.deltas.set(topic, delta)
    }
    return delta
  }

  private clear(): void {
    this.hello = null
    this.siteModel = null
    this.connection = null
    this.topicStates.clear()
    this.deltas.clear()
    this.sources = null
    this.alarms = null
    this.alarmActions = null
    this.alarmConditions = null
    this.dirty = false
  }
}
