/**
 * The fan-out: committed batches (see `createCommitter`) go to every client subscribed to their
 * topic, once per commit, with the seq the change log gave them. Clients with the same view
 * (topic, role class, site filter) share a socket.io room, so each distinct batch is encoded once
 * however many walls watch it. In a cluster (`cluster.redisUrl`) batches stay on the gateway that
 * produced them (see `localOnly`); alarm actions are what crosses gateways.
 *
 * Subscribe: a snapshot of the committed state per topic, or — when the client says which log and
 * seq its replica came from and the log still has every batch since — just those batches (resume).
 * One snapshot in flight per socket: a subscribe that arrives while the socket's previous snapshot
 * is still being written waits for it to drain, and a newer one replaces it; a socket asking more
 * often than `SUBSCRIBE_LIMIT` per `SUBSCRIBE_WINDOW_MS` is disconnected and counted (a viewer
 * token must not be able to queue gigabytes of snapshots it never reads).
 *
 * Slow consumers: before each flush every subscribed socket's engine.io write buffer is checked;
 * one holding more than `maxBufferedPackets` packets is removed from its rooms and sent `resync`,
 * so a stuck wall costs a bounded amount of memory and, once it catches up, resubscribes (and
 * resumes from the log) instead of replaying a backlog. For `SNAPSHOT_GRACE_MS` after a subscribe,
 * while its snapshot (megabytes at bench scale) is still being written, a socket may hold
 * `SNAPSHOT_ALLOWANCE` times the bound: otherwise every wall reconnecting at once after a restart
 * would be told to resync, and resubscribe, forever. The grace ends early once the socket's
 * buffer falls under half the bound, and never extends: a client that stays behind is resynced.
 */
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import {
  FeedEvent,
  subscribeRequestSchema,
  type Batch,
  type ResumedTopic,
  type Snapshot,
  type SubscribeAck,
  type SubscribeRequest,
} from '../../shared/contracts/feed.ts'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'
import type { CommittedBatch, Committer } from '../ingest/createCommitter.ts'
import type { Logger } from '../log/Logger.ts'
import type { GatewayMetrics } from '../metrics/createMetrics.ts'
import type { FeedNamespace, FeedSocket } from '../core/feedTypes.ts'
import type { ChangeLog } from '../store/changeLog.ts'
import type { EntityStore } from '../store/entityStore.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import {
  isStaffBadge,
  redact,
  seesNetworkDetail,
  seesStaffLocation,
  siteOf,
  type BedSites,
  type Redactor,
} from './siteFilter.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

export type FanOut = {
  /**
   * Handles `subscribe`: replaces the socket's subscription and answers with a snapshot or the
   * missed batches per topic. Resolves with the answer (null when a newer request replaced it).
   */
  subscribe(socket: FeedSocket, request: unknown): Promise<SubscribeAck | null>
  /**
   * Re-registers the views of a socket that connection-state recovery restored (socket.io puts it
   * back in its rooms; the fan-out forgets views whose rooms emptied while it was away).
   */
  restore(socket: FeedSocket): void
  /** Sends committed batches to their rooms (the committer calls it after each commit). */
  broadcast(batches: readonly CommittedBatch[]): void
}

type View = {
  readonly topic: Topic
  readonly redacted: boolean
  /** Staff badges are withheld (assets views of roles without staff location). */
  readonly staffHidden: boolean
  readonly sites: ReadonlySet<string> | null
}

const FEED_ROOM_PREFIX = 'feed|'
/** How many times the bound a socket may buffer while its snapshot is still being written. */
export const SNAPSHOT_ALLOWANCE = 32
/** How long after a subscribe that allowance lasts. */
export const SNAPSHOT_GRACE_MS = 15_000
/** Subscribes a socket may make per window before it is disconnected as abusive. */
export const SUBSCRIBE_LIMIT = 20
export const SUBSCRIBE_WINDOW_MS = 60_000
/** A resume of more batches than this is answered with a snapshot (cheaper for both sides). */
export const MAX_RESUME_BATCHES = 2_000

function roomOf(
  topic: Topic,
  redacted: boolean,
  staffHidden: boolean,
  sites: readonly string[] | null,
): string {
  // JSON, not a join: site ids are free strings, and ['a,b'] must not share a room with ['a', 'b'].
  const sitesKey = sites === null ? '*' : JSON.stringify([...new Set(sites)].sort())
  return `${FEED_ROOM_PREFIX}${topic}|${redacted ? 'r' : 'f'}${staffHidden ? 's' : ''}|${sitesKey}`
}

// A snapshot and a batch are discriminated unions on `topic`; entities of a topic are built by
// the store for that topic, which the compiler cannot correlate. The two casts live here.
const makeSnapshot = (topic: Topic, seq: number, entities: AnyEntity[], serverTime: number): Snapshot =>
  ({ topic, seq, entities, serverTime }) as Snapshot
const makeBatch = (
  topic: Topic,
  seq: number,
  upserts: AnyEntity[],
  removes: string[],
  serverTime: number,
): Batch => ({ topic, seq, upserts, removes, serverTime }) as Batch

function engineBufferLength(socket: FeedSocket): number {
  // engine.io keeps packets it cannot hand to the transport yet in `writeBuffer` (private in its
  // types): the one reliable measure of how far behind a websocket client is.
  const buffer: unknown = Reflect.get(socket.conn, 'writeBuffer')
  return Array.isArray(buffer) ? buffer.length : 0
}

/** Per-socket subscribe state: one answer in flight, the newest waiting request, a rate window. */
type SubscribeState = {
  inFlight: boolean
  waiting: { request: unknown; resolve: (ack: SubscribeAck | null) => void } | null
  windowStart: number
  count: number
}

export function createFanOut(deps: {
  readonly nsp: FeedNamespace
  readonly store: EntityStore
  readonly committer: Pick<Committer, 'committedValues'>
  readonly changeLog: Pick<ChangeLog, 'id' | 'batchesAfter'>
  readonly bedSites: BedSites
  readonly metrics: GatewayMetrics
  readonly log: Logger
  readonly now: () => number
  readonly maxBufferedPackets: number
  /**
   * Send batches to this gateway's own clients only. Set in a cluster: each gateway has its own
   * store and seq numbers, so its batches must not reach another gateway's clients through Redis.
   */
  readonly localOnly: boolean
  /** socket.io connection-state recovery window (0 = off). */
  readonly recoveryWindowMs: number
  /** What roles without network detail receive (default: the built-in scrubber patterns). */
  readonly redact?: Redactor
  /** Roles that receive staff badges (`privacy.staffLocationRoles`); none by default. */
  readonly staffLocationRoles?: readonly Role[]
}): FanOut {
  const { nsp, store, bedSites, metrics, now } = deps
  const redactView = deps.redact ?? redact
  const log = deps.log.child('fanout')
  const views = new Map<string, View>()
  const emptySince = new Map<string, number>()
  const subscribeStates = new WeakMap<FeedSocket, SubscribeState>()

  const visible = (view: View, site: string | null): boolean =>
    view.sites === null || site === null || view.sites.has(site)

  // The in-memory adapter joins and leaves at once; a cluster adapter may answer with a promise,
  // which nobody here waits for (the room is local either way) but whose failure is logged.
  const roomFailed = (action: string, room: string) => (error: unknown) =>
    log.warn(`room ${action} failed`, {
      room,
      reason: error instanceof Error ? error.message : String(error),
    })
  const joinRoom = (socket: FeedSocket, room: string): void => {
    const joined = socket.join(room)
    if (joined) runDetached(joined, roomFailed('join', room))
  }
  const leaveRoom = (socket: FeedSocket, room: string): void => {
    const left = socket.leave(room)
    if (left) runDetached(left, roomFailed('leave', room))
  }

  const unsubscribe = (socket: FeedSocket): void => {
    for (const room of socket.rooms) if (room.startsWith(FEED_ROOM_PREFIX)) leaveRoom(socket, room)
    socket.data.subscription = null
  }

  const staffLocationRoles = deps.staffLocationRoles ?? []
  const viewOf = (topic: Topic, role: Role, sites: readonly string[] | null): [string, View] => {
    const redacted = !seesNetworkDetail(role)
    // Only assets carry staff badges: other topics' views stay shared across these roles.
    const staffHidden = topic === 'assets' && !seesStaffLocation(role, staffLocationRoles)
    return [
      roomOf(topic, redacted, staffHidden, sites),
      { topic, redacted, staffHidden, sites: sites === null ? null : new Set(sites) },
    ]
  }

  const restore = (socket: FeedSocket): void => {
    const subscription = socket.data.subscription
    if (subscription === null) return
    for (const topic of subscription.topics) {
      const [room, view] = viewOf(topic, socket.data.role, subscription.sites)
      views.set(room, view)
      // socket.io has already restored the rooms; joining again is a no-op that keeps this honest.
      joinRoom(socket, room)
    }
  }

  /** A logged batch as one view sees it. Removes that the view never saw are harmless. */
  const viewBatch = (
    view: View,
    batch: {
      topic: Topic
      seq: number
      at: number
      upserts: readonly AnyEntity[]
      removes: readonly string[]
    },
  ): Batch => {
    const upserts: AnyEntity[] = []
    const removes: string[] = [...batch.removes]
    for (const entity of batch.upserts) {
      if (view.staffHidden && isStaffBadge(batch.topic, entity)) continue
      if (visible(view, siteOf(batch.topic, entity, bedSites)))
        upserts.push(view.redacted ? redactView(batch.topic, entity) : entity)
      else removes.push(entity.id)
    }
    return makeBatch(batch.topic, batch.seq, upserts, removes, batch.at)
  }

  const answer = async (socket: FeedSocket, parsed: SubscribeRequest): Promise<SubscribeAck> => {
    const { topics, sites, since } = parsed
    unsubscribe(socket)
    const serverTime = now()
    const snapshots: Snapshot[] = []
    const resumeFrom: [Topic, View, number][] = []
    for (const topic of topics) {
      const [room, view] = viewOf(topic, socket.data.role, sites ?? null)
      views.set(room, view)
      // Joined in the same synchronous turn as the snapshot is taken, so no batch falls between;
      // a resumed topic reads the log after joining, and the hub drops the batches it gets twice.
      joinRoom(socket, room)
      const from = since !== undefined && since.log === deps.changeLog.id ? since.seqs[topic] : undefined
      if (from !== undefined && from <= store.seq(topic)) {
        resumeFrom.push([topic, view, from])
        continue
      }
      snapshots.push(snapshotOf(topic, view, serverTime))
    }
    const resumed: ResumedTopic[] = []
    for (const [topic, view, from] of resumeFrom) {
      let batches = null
      try {
        batches = await deps.changeLog.batchesAfter(topic, from, MAX_RESUME_BATCHES)
      } catch (error) {
        log.warn('resume read failed; sending a snapshot', {
          topic,
          reason: error instanceof Error ? error.message : String(error),
        })
      }
      if (batches === null) {
        snapshots.push(snapshotOf(topic, view, now()))
        continue
      }
      resumed.push({ topic, batches: batches.map((batch) => viewBatch(view, batch)) } as ResumedTopic)
      metrics.resumes.inc({ topic })
    }
    socket.data.subscription = { topics, sites: sites ?? null }
    socket.data.catchingUpUntil = now() + SNAPSHOT_GRACE_MS
    return since === undefined ? { ok: true, snapshots } : { ok: true, snapshots, resumed }
  }

  const snapshotOf = (topic: Topic, view: View, serverTime: number): Snapshot => {
    const entities: AnyEntity[] = []
    for (const entity of deps.committer.committedValues(topic)) {
      if (view.staffHidden && isStaffBadge(topic, entity)) continue
      if (!visible(view, siteOf(topic, entity, bedSites))) continue
      entities.push(view.redacted ? redactView(topic, entity) : entity)
    }
    return makeSnapshot(topic, store.seq(topic), entities, serverTime)
  }

  const subscribe = (socket: FeedSocket, request: unknown): Promise<SubscribeAck | null> => {
    const parsed = subscribeRequestSchema.safeParse(request)
    if (!parsed.success) {
      return Promise.resolve({ ok: false, error: formatConfigIssues(parsed.error.issues, 'subscribe') })
    }
    let state = subscribeStates.get(socket)
    if (state === undefined) {
      state = { inFlight: false, waiting: null, windowStart: now(), count: 0 }
      subscribeStates.set(socket, state)
    }
    const at = now()
    if (at - state.windowStart > SUBSCRIBE_WINDOW_MS) {
      state.windowStart = at
      state.count = 0
    }
    state.count += 1
    if (state.count > SUBSCRIBE_LIMIT) {
      metrics.abusiveClients.inc({ reason: 'subscribe-rate' })
      log.warn('client disconnected: too many subscribe requests', {
        socket: socket.id,
        role: socket.data.role,
      })
      socket.disconnect(true)
      return Promise.resolve({ ok: false, error: 'too many subscribe requests' })
    }
    const current = state
    return new Promise<SubscribeAck | null>((resolve) => {
      if (current.inFlight) {
        // A newer request replaces one still waiting: only the latest view matters.
        current.waiting?.resolve({ ok: false, error: 'superseded by a newer subscribe request' })
        current.waiting = { request: parsed.data, resolve }
        return
      }
      run(socket, current, parsed.data, resolve)
    })
  }

  const run = (
    socket: FeedSocket,
    state: SubscribeState,
    request: SubscribeRequest,
    resolve: (ack: SubscribeAck | null) => void,
  ): void => {
    state.inFlight = true
    const answered = answer(socket, request).then((ack) => {
      resolve(ack)
      // The answer is written once the caller acks it; the next request waits until the socket's
      // buffer has drained, so one client never has two snapshots queued.
      const next = (): void => {
        state.inFlight = false
        const waiting = state.waiting
        state.waiting = null
        if (waiting !== null && socket.connected) {
          const parsed = subscribeRequestSchema.safeParse(waiting.request)
          if (parsed.success) run(socket, state, parsed.data, waiting.resolve)
          else waiting.resolve({ ok: false, error: 'invalid subscribe request' })
        } else waiting?.resolve({ ok: false, error: 'disconnected' })
      }
      setImmediate(() => {
        if (engineBufferLength(socket) === 0 || !socket.connected) next()
        else socket.conn.once('drain', next)
      })
    })
    runDetached(answered, (error) => {
      state.inFlight = false
      log.error('subscribe failed', {
        socket: socket.id,
        reason: error instanceof Error ? error.message : String(error),
      })
      resolve({ ok: false, error: 'internal error answering subscribe' })
    })
  }

  const dropSlowConsumers = (): void => {
    for (const socket of nsp.sockets.values()) {
      const subscription = socket.data.subscription
      if (subscription === null) continue
      const buffered = engineBufferLength(socket)
      let catchingUp = socket.data.catchingUpUntil > now()
      if (catchingUp && buffered <= deps.maxBufferedPackets / 2) {
        socket.data.catchingUpUntil = 0
        catchingUp = false
      }
      const limit = catchingUp ? deps.maxBufferedPackets * SNAPSHOT_ALLOWANCE : deps.maxBufferedPackets
      if (buffered <= limit) continue
      unsubscribe(socket)
      metrics.slowConsumers.inc()
      log.warn('slow consumer: dropped from fan-out, asked to resync', { socket: socket.id, buffered })
      socket.emit(FeedEvent.resync, {
        reason: 'slow-consumer',
        topics: [...subscription.topics],
        serverTime: now(),
      })
    }
  }

  const broadcast = (batches: readonly CommittedBatch[]): void => {
    if (batches.length === 0) return
    const started = performance.now()
    dropSlowConsumers()
    for (const batch of batches) {
      const { topic, seq, changes } = batch
      const serverTime = batch.at
      metrics.batchEntities.observe({ topic }, changes.size)
      for (const [room, view] of views) {
        if (view.topic !== topic) continue
        // A room left empty by a disconnect is still sent to: connection-state recovery replays
        // the broadcasts a client missed, and a seq spent on nobody would be a gap for it. Only a
        // room empty for longer than the recovery window is forgotten (keeps `views` bounded).
        if ((nsp.adapter.rooms.get(room)?.size ?? 0) === 0) {
          const since = emptySince.get(room) ?? serverTime
          emptySince.set(room, since)
          if (serverTime - since > deps.recoveryWindowMs) {
            views.delete(room)
            emptySince.delete(room)
            continue
          }
        } else {
          emptySince.delete(room)
        }
        const upserts: AnyEntity[] = []
        const removes: string[] = []
        for (const [id, change] of changes) {
          // A staff badge never reaches a view without staff location: not its position, not
          // its removal, not that it exists.
          if (view.staffHidden && (isStaffBadge(topic, change.previous) || isStaffBadge(topic, change.next)))
            continue
          const wasVisible =
            change.previous !== undefined && visible(view, siteOf(topic, change.previous, bedSites))
          const isVisible = change.next !== undefined && visible(view, siteOf(topic, change.next, bedSites))
          if (isVisible && change.next !== undefined)
            upserts.push(view.redacted ? redactView(topic, change.next) : change.next)
          else if (wasVisible) removes.push(id)
        }
        // Sent even when empty for this view, so a site-filtered client still sees every seq.
        const target = deps.localOnly ? nsp.local.to(room) : nsp.to(room)
        target.emit(FeedEvent.batch, makeBatch(topic, seq, upserts, removes, serverTime))
      }
    }
    metrics.flushSeconds.observe((performance.now() - started) / 1000)
  }

  return { subscribe, restore, broadcast }
}
