/**
 * Pure reducers from hub messages to store state. One message → one partial state → one `set()`.
 * References stay stable when nothing changed, so narrow selectors do not re-render anything.
 */
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import type {
  ConnectionState,
  HubToWindowMessage,
  ReplicaChanges,
  ReplicaSnapshot,
  TopicState,
} from '../../shared/contracts/hub.ts'
import { assertNever } from '../../shared/util/assertNever.ts'
import { EntityTable } from '../../shared/util/EntityTable.ts'
import type { EntityTables, ReplicaState } from './types.ts'

type EntityDelta = {
  readonly reset: boolean
  readonly upserts: readonly AnyEntity[]
  readonly removes: readonly string[]
}
type LooseTables = Record<Topic, EntityTable<AnyEntity>>

/** The state after a hub message, as a partial to `set()`; `null` when nothing changed. */
export function applyHubMessage(
  state: ReplicaState,
  message: HubToWindowMessage,
): Partial<ReplicaState> | null {
  switch (message.type) {
    case 'snapshot':
      return applySnapshot(message.state)
    case 'changes':
      return applyChanges(state, message.changes)
    default:
      return assertNever(message, 'hub message')
  }
}

function applySnapshot(snapshot: ReplicaSnapshot): Partial<ReplicaState> {
  return {
    received: true,
    hello: snapshot.hello,
    siteModel: snapshot.siteModel,
    connection: snapshot.connection,
    topics: snapshot.topics,
    // The store owns its tables (fresh storage), built once per snapshot; changes are O(changes).
    entities: {
      beds: EntityTable.of(snapshot.entities.beds),
      assets: EntityTable.of(snapshot.entities.assets),
      network: EntityTable.of(snapshot.entities.network),
      waiting: EntityTable.of(snapshot.entities.waiting),
      cyber: EntityTable.of(snapshot.entities.cyber),
    },
    sources: snapshot.sources,
    alarms: snapshot.alarms,
    alarmActions: snapshot.alarmActions,
    trusts: snapshot.trusts ?? [],
    replay: snapshot.replay ?? null,
    liveAlarms: snapshot.liveAlarms ?? null,
  }
}

function applyChanges(state: ReplicaState, changes: ReplicaChanges): Partial<ReplicaState> | null {
  const next: { -readonly [K in keyof ReplicaState]?: ReplicaState[K] } = {}
  if (changes.hello !== undefined && changes.hello !== state.hello) next.hello = changes.hello
  if (changes.siteModel !== undefined && changes.siteModel !== state.siteModel)
    next.siteModel = changes.siteModel
  if (changes.connection && !sameConnection(state.connection, changes.connection))
    next.connection = changes.connection
  if (changes.topics) {
    const topics = applyTopicStates(state.topics, changes.topics)
    if (topics !== state.topics) next.topics = topics
  }
  if (changes.entities) {
    const entities = applyEntities(state.entities, changes.entities as Partial<Record<Topic, EntityDelta>>)
    if (entities !== state.entities) next.entities = entities
  }
  if (changes.sources && changes.sources !== state.sources) next.sources = changes.sources
  if (changes.alarms && changes.alarms !== state.alarms) next.alarms = changes.alarms
  if (changes.alarmActions && changes.alarmActions !== state.alarmActions)
    next.alarmActions = changes.alarmActions
  if (changes.trusts && changes.trusts !== state.trusts) next.trusts = changes.trusts
  if (changes.replay !== undefined && changes.replay !== state.replay) next.replay = changes.replay
  if (changes.liveAlarms !== undefined && changes.liveAlarms !== state.liveAlarms)
    next.liveAlarms = changes.liveAlarms
  return Object.keys(next).length > 0 ? next : null
}

function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.status === b.status && a.since === b.since && a.detail === b.detail && a.gatewayUrl === b.gatewayUrl
  )
}

function sameTopicState(a: TopicState, b: TopicState): boolean {
  return (
    a.seq === b.seq && a.confirmedAt === b.confirmedAt && a.resyncs === b.resyncs && a.restored === b.restored
  )
}

function applyTopicStates(
  current: ReplicaState['topics'],
  changed: Partial<Record<Topic, TopicState>>,
): ReplicaState['topics'] {
  let next: Record<Topic, TopicState> | null = null
  for (const [topic, state] of Object.entries(changed) as Array<[Topic, TopicState | undefined]>) {
    if (!state || sameTopicState(current[topic], state)) continue
    next ??= { ...current }
    next[topic] = state
  }
  return next ?? current
}

/**
 * Applies entity deltas. A changed topic gets a new table view (same storage, higher version):
 * O(changes) per message, however many entities the topic holds (see EntityTable).
 */
export function applyEntities(
  current: EntityTables,
  deltas: Partial<Record<Topic, EntityDelta>>,
): EntityTables {
  const tables = current as unknown as LooseTables
  let next: LooseTables | null = null
  for (const [topic, delta] of Object.entries(deltas) as Array<[Topic, EntityDelta | undefined]>) {
    if (!delta) continue
    const table = applyDelta(tables[topic], delta)
    if (table === tables[topic]) continue
    next ??= { ...tables }
    next[topic] = table
  }
  // The topic → entity correlation is preserved: each table only receives its own topic's entities.
  return next ? (next as unknown as EntityTables) : current
}

function applyDelta(table: EntityTable<AnyEntity>, delta: EntityDelta): EntityTable<AnyEntity> {
  if (delta.reset) {
    if (delta.upserts.length === 0 && table.size === 0) return table
    // A resync replaces the contents: new storage, so older views keep what they showed.
    return EntityTable.of(
      delta.upserts.filter((e) => !delta.removes.includes(e.id)),
      table.version + 1,
    )
  }
  return table.apply(delta.upserts, delta.removes)
}
