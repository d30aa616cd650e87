/**
 * Pure reducers from hub messages to store state. One message → one partial state → one `set()`.
 * References stay stable when nothing changed, so narrow selectors do not re-render anything.
 *
 * A message crosses a MessagePort (Electron) or comes from the page's hub, typed but not parsed
 * here: the hub validated every entity where it arrived from the gateway (HubReplica), once.
 * A snapshot (rare: a window's first message, a resync) that lacks a topic, or carries one that
 * is not a list (or entities without an id), must not take the window down ("t is not iterable"):
 * that topic starts empty and reads "no data", the problem goes to `report` naming the topic, and
 * everything else in it applies. Changes (the hot path, every frame at a high rate) are checked
 * only for their shape per topic; their entities are not filtered again.
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
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

/** Something wrong in a hub message that was skipped while the rest applied. */
export type HubMessageProblem = {
  readonly message: 'snapshot' | 'changes'
  /** The topic (or field) it concerns. */
  readonly topic: string
  readonly problem: string
}
export type HubMessageReport = (problem: HubMessageProblem) => void

const EMPTY_TOPIC: TopicState = { seq: 0, confirmedAt: null, resyncs: 0, restored: null }
const ignore: HubMessageReport = () => undefined

/** The state after a hub message, as a partial to `set()`; `null` when nothing changed. */
export function applyHubMessage(
  state: ReplicaState,
  message: HubToWindowMessage,
  report: HubMessageReport = ignore,
): Partial<ReplicaState> | null {
  switch (message.type) {
    case 'snapshot':
      return applySnapshot(message.state, report)
    case 'changes':
      return applyChanges(state, message.changes, report)
    default:
      return assertNever(message, 'hub message')
  }
}

/** What a list in a message holds as entities: objects with a string id (the rest counted). */
function entitiesOf(
  raw: unknown,
  where: Omit<HubMessageProblem, 'problem'>,
  report: HubMessageReport,
): AnyEntity[] | null {
  if (!Array.isArray(raw)) {
    report({ ...where, problem: raw === undefined ? 'missing' : `not a list (${describe(raw)})` })
    return null
  }
  const valid = (raw as unknown[]).filter(
    (e): e is AnyEntity =>
      typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string',
  )
  if (valid.length < raw.length)
    report({
      ...where,
      problem: `${raw.length - valid.length} of ${raw.length} entities without an id dropped`,
    })
  return valid
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

function isTopicState(value: unknown): value is TopicState {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { seq?: unknown }).seq === 'number' &&
    'confirmedAt' in value
  )
}

/** A list field of a snapshot, or empty (reported) when it is not one. */
function listOf<T>(raw: readonly T[] | undefined, field: string, report: HubMessageReport): readonly T[] {
  if (Array.isArray(raw)) return raw
  report({
    message: 'snapshot',
    topic: field,
    problem: raw === undefined ? 'missing' : `not a list (${describe(raw)})`,
  })
  return []
}

function applySnapshot(snapshot: ReplicaSnapshot, report: HubMessageReport): Partial<ReplicaState> {
  const lists = (snapshot.entities ?? {}) as Partial<Record<Topic, unknown>>
  const states = (snapshot.topics ?? {}) as Partial<Record<Topic, unknown>>
  const tables = {} as LooseTables
  const topics = {} as Record<Topic, TopicState>
  for (const topic of TOPICS) {
    // The store owns its tables (fresh storage), built once per snapshot; changes are O(changes).
    const entities = entitiesOf(lists[topic], { message: 'snapshot', topic }, report)
    tables[topic] = entities === null ? EntityTable.empty() : EntityTable.of(entities)
    const state = states[topic]
    if (entities !== null && isTopicState(state)) topics[topic] = state
    else {
      // Without its entities the topic has nothing confirmed: it reads "no data", not live.
      if (entities !== null)
        report({ message: 'snapshot', topic, problem: `no topic state (${describe(state)})` })
      topics[topic] = EMPTY_TOPIC
    }
  }
  return {
    received: true,
    hello: snapshot.hello,
    siteModel: snapshot.siteModel,
    connection: snapshot.connection,
    topics,
    entities: tables as unknown as EntityTables,
    sources: listOf(snapshot.sources, 'sources', report),
    alarms: listOf(snapshot.alarms, 'alarms', report),
    alarmActions: listOf(snapshot.alarmActions, 'alarmActions', report),
    trusts: snapshot.trusts ?? [],
    replay: snapshot.replay ?? null,
    liveAlarms: snapshot.liveAlarms ?? null,
  }
}

function applyChanges(
  state: ReplicaState,
  changes: ReplicaChanges,
  report: HubMessageReport,
): Partial<ReplicaState> | null {
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
    const entities = applyEntities(
      state.entities,
      changes.entities as Partial<Record<Topic, EntityDelta>>,
      report,
    )
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
    if (!isTopicState(state) || !(TOPICS as readonly string[]).includes(topic)) continue
    if (sameTopicState(current[topic], state)) continue
    next ??= { ...current }
    next[topic] = state
  }
  return next ?? current
}

/**
 * Applies entity deltas. A changed topic gets a new table view (same storage, higher version):
 * O(changes) per message, however many entities the topic holds (see EntityTable).
 *
 * The entities are trusted: the hub checked each one against its topic's schema where it arrived
 * from the gateway (HubReplica.parseEntity: a malformed one, an id missing or not a string
 * included, is counted in the hub's `rejectedEntities`, logged, and left out of the changes while
 * the rest of its batch applies). Only the message's shape is checked here, once per topic.
 */
export function applyEntities(
  current: EntityTables,
  deltas: Partial<Record<Topic, EntityDelta>>,
  report: HubMessageReport = ignore,
): EntityTables {
  const tables = current as unknown as LooseTables
  let next: LooseTables | null = null
  for (const topic in deltas) {
    const delta = deltas[topic as Topic]
    if (!delta) continue
    const table = tables[topic as Topic]
    if (table === undefined) {
      report({ message: 'changes', topic: topic.slice(0, 40), problem: 'not a topic' })
      continue
    }
    if (!Array.isArray(delta.upserts) || !Array.isArray(delta.removes)) {
      const raw: unknown = Array.isArray(delta.upserts) ? delta.removes : delta.upserts
      report({
        message: 'changes',
        topic,
        problem: `${Array.isArray(delta.upserts) ? 'removes' : 'upserts'} not a list (${describe(raw)})`,
      })
      continue
    }
    const applied = applyDelta(table, delta)
    if (applied === table) continue
    next ??= { ...tables }
    next[topic as Topic] = applied
  }
  // The topic → entity correlation is preserved: each table only receives its own topic's entities.
  return next ? (next as unknown as EntityTables) : current
}

function applyDelta(table: EntityTable<AnyEntity>, delta: EntityDelta): EntityTable<AnyEntity> {
  if (delta.reset === true) {
    if (delta.upserts.length === 0 && table.size === 0) return table
    // A resync replaces the contents: new storage, so older views keep what they showed.
    return EntityTable.of(
      delta.upserts.filter((e) => !delta.removes.includes(e.id)),
      table.version + 1,
    )
  }
  return table.apply(delta.upserts, delta.removes)
}
