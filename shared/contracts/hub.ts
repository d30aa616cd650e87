/**
 * Hub → window messages. The hub (in Electron main or a utilityProcess, or in the page for the
 * browser host) owns the one feed connection and the state replica; each window receives a full
 * snapshot when it (re)loads, then coalesced changes at most once per frame.
 */
import type { ActiveAlarm } from './alarms.ts'
import type { EntityOf, SourceHealth, Topic } from './entities.ts'
import type { AlarmActionRecord, AlarmCondition, Hello } from './feed.ts'
import type { SiteModel } from './places.ts'
import type { ReplayStatus } from './replay.ts'

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected'

export type ConnectionState = {
  readonly status: ConnectionStatus
  /** When the current status began (epoch ms, hub clock). */
  readonly since: number
  /** Why the last connection attempt failed or closed, in words an operator can act on. */
  readonly detail: string | null
  readonly gatewayUrl: string
}

export type TopicState = {
  /** Last applied batch (or snapshot) sequence number; 0 before the first snapshot. */
  readonly seq: number
  /** When data for this topic was last confirmed live: a batch, a snapshot, or a healthy source report. */
  readonly confirmedAt: number | null
  /** How many times the hub resynced this topic (gap or unrecovered reconnect). */
  readonly resyncs: number
  /**
   * Set while the gateway says this topic's state was restored from its change log after a
   * restart and no source has delivered since: the data is RESTORED, never live. `asOf` is when it
   * was last live; `waitingFor` the sources (ids) not yet heard from.
   */
  readonly restored: { readonly asOf: number; readonly waitingFor: readonly string[] } | null
}

/**
 * In-memory entities of every topic, keyed by id. Implemented by `EntityTable`
 * (`shared/util/EntityTable.ts`): a new reference whenever a topic's contents change, O(changes)
 * per update. NOT `Record`s: copying or `for…in`-iterating 40k-key objects per flush blew the
 * renderer's 12 ms budget several times over (see EntityTable's comment for the measurements).
 * Read with `.get(id)`, iterate with `for (const e of map.values())`, count with `.size`.
 */
export type EntityMaps = { readonly [T in Topic]: ReadonlyMap<string, EntityOf[T]> }

/** Entities of every topic as plain arrays: what travels in messages (structured-cloneable). */
export type EntityLists = { readonly [T in Topic]: readonly EntityOf[T][] }

/**
 * One trust of a collaborative as its own gateway reports it: a hub over several gateways
 * (shared/hub/createCollaborativeHub.ts) merges their replicas, scoping every id by the trust's key
 * (`<key>/<id>`), and keeps each trust's connection and freshness apart so one gateway down makes
 * only that trust STALE. Absent (or empty) for a single gateway.
 */
export type TrustReplicaState = {
  /** The trust's key in the collaborative's settings: the prefix of its scoped ids. */
  readonly key: string
  /** The trust's name from its gateway's hello; the key until the hello arrives. */
  readonly name: string
  readonly gatewayUrl: string
  readonly connection: ConnectionState
  readonly topics: Readonly<Record<Topic, TopicState>>
  /** The trust's sites (scoped ids), from its site model; empty until it is loaded. */
  readonly siteIds: readonly string[]
}

export type ReplicaSnapshot = {
  readonly hello: Hello | null
  readonly siteModel: SiteModel | null
  readonly connection: ConnectionState
  readonly topics: Readonly<Record<Topic, TopicState>>
  /** Arrays, not maps: a snapshot crosses MessagePorts. The receiver builds its own tables. */
  readonly entities: EntityLists
  readonly sources: readonly SourceHealth[]
  readonly alarms: readonly ActiveAlarm[]
  readonly alarmActions: readonly AlarmActionRecord[]
  /** The gateway's statement of when conditions began (`alarm:conditions`), for the alarm engine. */
  readonly alarmConditions?: readonly AlarmCondition[]
  /** A collaborative's trusts, each with its own connection and freshness (absent: one gateway). */
  readonly trusts?: readonly TrustReplicaState[]
  /**
   * Set while this window replays the past (docs/replay.md): everything above is then the log's
   * state at `replay.at`, except the connection and the hello, which stay live. Absent or null: live.
   */
  readonly replay?: ReplayStatus | null
  /** While replaying: the live alarms, for the banner and the sound (a live alarm always wins). */
  readonly liveAlarms?: readonly ActiveAlarm[] | null
}

/** Changes since the last message; absent fields did not change. */
export type ReplicaChanges = {
  readonly hello?: Hello | null
  readonly siteModel?: SiteModel | null
  readonly connection?: ConnectionState
  readonly topics?: Partial<Record<Topic, TopicState>>
  /** Per topic: entities to insert or replace, and ids to remove. `reset` replaces the whole map. */
  readonly entities?: {
    readonly [T in Topic]?: {
      readonly reset: boolean
      readonly upserts: readonly EntityOf[T][]
      readonly removes: readonly string[]
    }
  }
  readonly sources?: readonly SourceHealth[]
  readonly alarms?: readonly ActiveAlarm[]
  readonly alarmActions?: readonly AlarmActionRecord[]
  readonly alarmConditions?: readonly AlarmCondition[]
  /** Every trust of a collaborative, whenever any of them changed. */
  readonly trusts?: readonly TrustReplicaState[]
  /** Entering, moving within or (null) leaving replay. */
  readonly replay?: ReplayStatus | null
  /** While replaying: the live alarms changed (null when leaving replay). */
  readonly liveAlarms?: readonly ActiveAlarm[] | null
}

/**
 * The replica as its owner holds it (the hub, for listeners such as the alarm engine): like a
 * snapshot, but with the live entity maps instead of copies. Valid only during the call.
 */
export type ReplicaView = Omit<ReplicaSnapshot, 'entities'> & { readonly entities: EntityMaps }

export type HubToWindowMessage =
  | { readonly type: 'snapshot'; readonly state: ReplicaSnapshot }
  | { readonly type: 'changes'; readonly changes: ReplicaChanges }
