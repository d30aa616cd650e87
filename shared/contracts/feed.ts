/**
 * The v1 feed protocol between the gateway (socket.io server) and a hub (the app instance's one
 * socket.io-client connection). Every event has a name constant, a schema and an inferred type.
 *
 * Guarantees (documented for operators and integrators in the README):
 * - `batch.seq` rises by exactly one per batch per topic. A hub that sees a gap, or reconnects
 *   without recovered state, resubscribes and replaces its replica with the snapshot (resync).
 * - A subscribe acknowledgement carries, per topic, a snapshot whose `seq` is the last batch
 *   already reflected in it; the next batch for that topic has `seq + 1`.
 * - `sources` is sent at least every 5 s; a hub that hears nothing for longer treats every feed as
 *   stale.
 * - A topic's `seq` is the position of its batch in the gateway's change log (`hello.log`): it means
 *   the same before and after a restart. A hub that reconnects sends `subscribe.since` (the log id
 *   and its last seq per topic) and gets the batches it missed instead of a snapshot, whenever the
 *   log still has them all (added in 1.1; a hub that sends no `since` gets snapshots, as before).
 * - After a restart, a topic restored from the log is RESTORED (`sources.restored`) until one of its
 *   sources delivers again: never live.
 */
import { z } from 'zod'
import type { AlertRespondResponse, NhsAlertRecordResponse } from './cyberResponse.ts'
import { alertAckSchema, topicSchema, type EntityOf, type SourceHealth, type Topic } from './entities.ts'

/** socket.io namespace of protocol v1. */
export const FEED_NAMESPACE = '/v1'
export const FEED_PROTOCOL_VERSION = 1

/** Event names of the v1 protocol. */
export const FeedEvent = {
  /** server → client, once after connect. */
  hello: 'hello',
  /** client → server, with acknowledgement. */
  subscribe: 'subscribe',
  /** server → client, coalesced changes of one topic. */
  batch: 'batch',
  /** server → client, health of every source, at least every 5 s. */
  sources: 'sources',
  /** client → server, with acknowledgement: acknowledge a cyber alert. */
  alertAck: 'alert:ack',
  /**
   * client → server, with acknowledgement (protocol 1.2): acknowledge, investigate, update or
   * resolve a cyber alert with a note (shared/contracts/cyberResponse.ts).
   */
  alertRespond: 'alert:respond',
  /** client → server, with acknowledgement (protocol 1.2): record an NHS England cyber alert by hand. */
  nhsAlertRecord: 'nhs-alert:record',
  /** client → server, with acknowledgement: acknowledge or shelve a local alarm on every client. */
  alarmAction: 'alarm:action',
  /** server → client: the alarm actions every client must apply (sent on connect and on change). */
  alarmActions: 'alarm:actions',
  /**
   * server → client, on connect: when each condition the gateway's alarm engine holds began, for
   * conditions the data carries no time of its own for (KPIs, PAR, equipment away from home), so a
   * client started later raises and ages them as every other client does.
   */
  alarmConditions: 'alarm:conditions',
  /**
   * server → client: the gateway stopped sending this client batches (it fell behind: its socket's
   * write buffer passed the gateway's bound) and the client must resubscribe to get a snapshot.
   */
  resync: 'resync',
} as const

/** Roles a token maps to. The role decides what a client receives and may do. */
export const ROLES = ['viewer', 'operator', 'it', 'admin'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

/** The handshake `auth` payload. */
export const handshakeAuthSchema = z.object({ token: z.string().min(1).max(512) })
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>

export const helloSchema = z.object({
  protocol: z.literal(FEED_PROTOCOL_VERSION),
  gatewayVersion: z.string(),
  /** Distinguishes gateways sharing state through Redis. */
  gatewayId: z.string(),
  trust: z.object({ id: z.string(), name: z.string() }),
  sites: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string() })),
  topics: z.array(topicSchema),
  role: roleSchema,
  /** Display name of the token, recorded on acknowledgements. */
  user: z.string(),
  serverTime: z.number(),
  /**
   * The change log this gateway serves from (protocol 1.1). `id` names the log: a seq is
   * meaningful only with the log it came from (a gateway started on a new data directory has
   * another id, and its seqs start again).
   */
  log: z.object({ id: z.string().min(1).max(64) }).optional(),
})
export type Hello = z.infer<typeof helloSchema>

export const subscribeRequestSchema = z.object({
  topics: z
    .array(topicSchema)
    .min(1)
    .refine((t) => new Set(t).size === t.length, 'topics must not repeat'),
  /** Site ids to limit entities to; absent means every site. */
  sites: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Resume (protocol 1.1): the log the client's replica came from and the last seq it applied per
   * topic. Topics the log can continue get `resumed` batches; the others a snapshot.
   */
  since: z
    .object({
      log: z.string().min(1).max(64),
      seqs: z.partialRecord(topicSchema, z.number().int().nonnegative()),
    })
    .optional(),
})
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>

/*
 * Entity-bearing events are parsed in two steps where they enter a hub: the envelope by the schema
 * here, then each entity or record by its own schema (`entitySchemas[topic]`, `sourceHealthSchema`,
 * `alarmActionRecordSchema`, `alarmConditionSchema`), so one malformed entity is rejected and
 * counted while the rest of its batch is applied (bad input loses nothing else). The schemas are
 * therefore the envelope, with elements `unknown`; each type below is what a sender puts in it,
 * every element valid for its topic, and is what the gateway builds and tests read.
 */

export const snapshotSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().nonnegative(),
  entities: z.array(z.unknown()),
  serverTime: z.number(),
})
/** A topic's whole state; `seq` is the last batch already reflected in it. */
export type Snapshot = {
  [T in Topic]: Omit<z.infer<typeof snapshotSchema>, 'topic' | 'entities'> & {
    topic: T
    entities: EntityOf[T][]
  }
}[Topic]

export const feedErrorSchema = z.object({ ok: z.literal(false), error: z.string() })
export type FeedError = z.infer<typeof feedErrorSchema>

export const batchSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().positive(),
  upserts: z.array(z.unknown()),
  removes: z.array(z.string()),
  /** Gateway clock when the batch was flushed. */
  serverTime: z.number(),
})
/** A batch as it arrives, before its upserts are checked one by one. */
export type BatchEnvelope = z.infer<typeof batchSchema>
/** Coalesced changes of one topic: entities to insert or replace, and ids removed. */
export type Batch = {
  [T in Topic]: Omit<BatchEnvelope, 'topic' | 'upserts'> & { topic: T; upserts: EntityOf[T][] }
}[Topic]

/** The batches a resuming client missed for one topic, in seq order (may be empty). */
export const resumedTopicSchema = z.object({ topic: topicSchema, batches: z.array(batchSchema) })
export type ResumedTopic = { topic: Topic; batches: Batch[] }

export const subscribeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    snapshots: z.array(snapshotSchema),
    /** Topics resumed from `since` instead of a snapshot (protocol 1.1). */
    resumed: z.array(resumedTopicSchema).optional(),
  }),
  feedErrorSchema,
])
export type SubscribeAck = { ok: true; snapshots: Snapshot[]; resumed?: ResumedTopic[] } | FeedError

/**
 * A topic whose state was restored from the change log at the gateway's start and that no source
 * has confirmed since: shown as RESTORED, never as live.
 */
export const restoredTopicSchema = z.object({
  topic: topicSchema,
  /** When the restored state was last live (the last commit before the restart). */
  asOf: z.number(),
  /** The sources of the topic that have not delivered since the restart (ids). */
  waitingFor: z.array(z.string()),
})
export type RestoredTopic = z.infer<typeof restoredTopicSchema>

export const sourcesEventSchema = z.object({
  sources: z.array(z.unknown()),
  serverTime: z.number(),
  /** Topics still RESTORED after a restart (protocol 1.1; absent or empty: none). */
  restored: z.array(restoredTopicSchema).optional(),
})
/** The health of every source (each checked by `sourceHealthSchema` on arrival). */
export type SourcesEvent = Omit<z.infer<typeof sourcesEventSchema>, 'sources'> & { sources: SourceHealth[] }

export const alertAckRequestSchema = z.object({
  alertId: z.string().min(1).max(128),
  note: z.string().trim().min(1, 'a note is required').max(500),
})
export type AlertAckRequest = z.infer<typeof alertAckRequestSchema>

export const alertAckResponseSchema = z.union([
  z.object({ ok: z.literal(true), ack: alertAckSchema }),
  feedErrorSchema,
])
export type AlertAckResponse = z.infer<typeof alertAckResponseSchema>

/**
 * An operator's action on a local alarm, shared through the gateway so every wall and desktop
 * agrees. Alarms are identified by their fingerprint (rule id + subject), which every app instance
 * computes the same way from the same state.
 */
/** At most this many members travel with one action (a flood line of more is refused). */
export const MAX_ALARM_ACTION_MEMBERS = 5_000

const fingerprintSchema = z.string().min(1).max(256)
/**
 * The member alarms of the line the operator acted on, as the client showed them: an
 * acknowledgement covers exactly these (a member that joins later arrives unacknowledged).
 */
const membersSchema = z.array(fingerprintSchema).max(MAX_ALARM_ACTION_MEMBERS).optional()

export const alarmActionRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('acknowledge'),
    fingerprint: fingerprintSchema,
    note: z.string().max(500),
    members: membersSchema,
  }),
  z.object({
    action: z.literal('shelve'),
    fingerprint: fingerprintSchema,
    note: z.string().trim().min(1, 'a reason is required to shelve').max(500),
    until: z.number().int().positive(),
    members: membersSchema,
  }),
  z.object({
    action: z.literal('unshelve'),
    fingerprint: fingerprintSchema,
    note: z.string().max(500),
    members: membersSchema,
  }),
])
export type AlarmActionRequest = z.infer<typeof alarmActionRequestSchema>

/**
 * An alarm action as the gateway recorded it: the request plus who and when. `members` is what
 * the gateway resolved the fingerprint to (the member alarms its own engine knows, of those the
 * client named), so every client applies the action to the same alarms however a flood line's
 * membership or fingerprint changes later.
 */
export const alarmActionRecordSchema = z.intersection(
  alarmActionRequestSchema,
  z.object({ id: z.string(), by: z.string(), at: z.number() }),
)
export type AlarmActionRecord = z.infer<typeof alarmActionRecordSchema>

export const alarmActionResponseSchema = z.union([
  z.object({ ok: z.literal(true), record: alarmActionRecordSchema }),
  feedErrorSchema,
])
export type AlarmActionResponse = z.infer<typeof alarmActionResponseSchema>

/** Sent on connect (the recent history) and whenever a client records an action. */
export const alarmActionsEventSchema = z.object({ records: z.array(z.unknown()) })
/** Each record is checked by `alarmActionRecordSchema` on arrival. */
export type AlarmActionsEvent = { records: AlarmActionRecord[] }

/** When one condition began, as the gateway's alarm engine saw it. */
export const alarmConditionSchema = z.object({ fingerprint: fingerprintSchema, since: z.number() })
export type AlarmCondition = z.infer<typeof alarmConditionSchema>

/** Sent on connect: every condition without a time of its own that the gateway holds now. */
export const alarmConditionsEventSchema = z.object({
  conditions: z.array(z.unknown()),
  serverTime: z.number(),
})
/** Each condition is checked by `alarmConditionSchema` on arrival. */
export type AlarmConditionsEvent = Omit<z.infer<typeof alarmConditionsEventSchema>, 'conditions'> & {
  conditions: AlarmCondition[]
}

/** Why the gateway asks a client to resubscribe. */
/** `log-reset`: a cluster gateway replaced its projection from the shared log (it started while Redis was away, or saw a gap). */
export const RESYNC_REASONS = ['slow-consumer', 'log-reset'] as const
export const resyncEventSchema = z.object({
  reason: z.enum(RESYNC_REASONS),
  /** The topics the client was subscribed to; none of them receives batches until it resubscribes. */
  topics: z.array(topicSchema),
  serverTime: z.number(),
})
export type ResyncEvent = z.infer<typeof resyncEventSchema>

/** socket.io typed-event maps, for `Server<ClientToServer, ServerToClient>` and `Socket<…>`. */
export type ServerToClientEvents = {
  [FeedEvent.hello]: (hello: Hello) => void
  [FeedEvent.batch]: (batch: Batch) => void
  [FeedEvent.sources]: (event: SourcesEvent) => void
  [FeedEvent.alarmActions]: (event: AlarmActionsEvent) => void
  [FeedEvent.alarmConditions]: (event: AlarmConditionsEvent) => void
  [FeedEvent.resync]: (event: ResyncEvent) => void
}
export type ClientToServerEvents = {
  [FeedEvent.subscribe]: (request: unknown, ack: (response: SubscribeAck) => void) => void
  [FeedEvent.alertAck]: (request: unknown, ack: (response: AlertAckResponse) => void) => void
  [FeedEvent.alarmAction]: (request: unknown, ack: (response: AlarmActionResponse) => void) => void
  [FeedEvent.alertRespond]: (request: unknown, ack: (response: AlertRespondResponse) => void) => void
  [FeedEvent.nhsAlertRecord]: (request: unknown, ack: (response: NhsAlertRecordResponse) => void) => void
}
