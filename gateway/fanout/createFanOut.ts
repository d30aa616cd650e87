/**
 * The fan-out: changes accepted by the store are coalesced per topic and sent once per tick as a
 * `batch` whose seq rises by one per topic. Clients with the same view (topic, role class, site
 * filter) share a socket.io room, so each distinct batch is encoded once however many walls watch
 * it. In a cluster (`cluster.redisUrl`) batches stay on the gateway that produced them (see
 * `localOnly`); alarm actions are what crosses gateways.
 *
 * Slow consumers: before each flush every subscribed socket's engine.io write buffer is checked;
 * one holding more than `maxBufferedPackets` packets is removed from its rooms and sent `resync`,
 * so a stuck wall costs a bounded amount of memory and, once it catches up, resubscribes for a
 * fresh snapshot instead of replaying a backlog. For `SNAPSHOT_GRACE_MS` after a subscribe, while
 * its snapshot (megabytes at bench scale) is still being written, a socket may hold
 * `SNAPSHOT_ALLOWANCE` times the bound: otherwise every wall reconnecting at once after a restart
 * would be told to resync, and resubscribe, forever. The grace ends early once the socket's
 * buffer falls under half the bound, and never extends: a client that stays behind is resynced.
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import {
  FeedEvent,
  subscribeRequestSchema,
  type Batch,
  type Snapshot,
  type SubscribeAck,
} from '../../shared/contracts/feed.ts'
import { formatConfigIssues } from '../config/formatConfigIssues.ts'
import type { ChangeListener } from '../ingest/createIngest.ts'
import type { Logger } from '../ingest/sourceAdapter.ts'
import type { GatewayMetrics } from '../server/createMetrics.ts'
import type { FeedNamespace, FeedSocket } from '../server/feedTypes.ts'
import type { EntityStore } from '../store/entityStore.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import {
  isStaffBadge,
  redact,
  seesNetworkDetail,
  seesStaffLocation,
  siteOf,
  type BedSites,
} from './siteFilter.ts'

export type FanOut = {
  readonly onChange: ChangeListener
  /** Handles `subscribe`: replaces the socket's subscription and returns the snapshots. */
  subscribe(socket: FeedSocket, request: unknown): SubscribeAck
  /**
   * Re-registers the views of a socket that connection-state recovery restored (socket.io puts it
   * back in its rooms; the fan-out forgets views whose rooms emptied while it was away).
   */
  restore(socket: FeedSocket): void
  /** Sends the pending batches now (the tick calls it; tests may too). */
  flush(): void
  close(): void
}

/**
 * A change pending for the next batch: the entity now (undefined = removed), its site before, and
 * whether it is a staff badge (withheld from views without staff location, removals included).
 */
type Pending = { next: AnyEntity | undefined; siteBefore: string | null | typeof ABSENT; staff: boolean }
const ABSENT = Symbol('absent')

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

export function createFanOut(deps: {
  readonly nsp: FeedNamespace
  readonly store: EntityStore
  readonly bedSites: BedSites
  readonly metrics: GatewayMetrics
  readonly log: Logger
  readonly now: () => number
  readonly tickMs: number
  readonly maxBufferedPackets: number
  /**
   * Send batches to this gateway's own clients only. Set in a cluster: each gateway has its own
   * store and seq numbers, so its batches must not reach another gateway's clients through Redis.
   */
  readonly localOnly: boolean
  /** socket.io connection-state recovery window (0 = off). */
  readonly recoveryWindowMs: number
  /** Roles that receive staff badges (`privacy.staffLocationRoles`); none by default. */
  readonly staffLocationRoles?: readonly Role[]
}): FanOut {
  const { nsp, store, bedSites, metrics, now } = deps
  const log = deps.log.child('fanout')
  const pending = new Map<Topic, Map<string, Pending>>(TOPICS.map((topic) => [topic, new Map()]))
  const views = new Map<string, View>()
  const emptySince = new Map<string, number>()

  const onChange: ChangeListener = (topic, id, previous, next) => {
    const changes = pending.get(topic)
    if (changes === undefined) return
    const existing = changes.get(id)
    if (existing !== undefined) {
      existing.next = next
      existing.staff ||= isStaffBadge(topic, next)
    } else
      changes.set(id, {
        next,
        siteBefore: previous === undefined ? ABSENT : siteOf(topic, previous, bedSites),
        staff: isStaffBadge(topic, previous) || isStaffBadge(topic, next),
      })
  }

  const visible = (view: View, site: string | null): boolean =>
    view.sites === null || site === null || view.sites.has(site)

  const unsubscribe = (socket: FeedSocket): void => {
    for (const room of socket.rooms) if (room.startsWith(FEED_ROOM_PREFIX)) void socket.leave(room)
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
      void socket.join(room)
    }
  }

  const subscribe = (socket: FeedSocket, request: unknown): SubscribeAck => {
    const parsed = subscribeRequestSchema.safeParse(request)
    if (!parsed.success) return { ok: false, error: formatConfigIssues(parsed.error.issues, 'subscribe') }
    const { topics, sites } = parsed.data
    unsubscribe(socket)
    const serverTime = now()
    const snapshots: Snapshot[] = []
    for (const topic of topics) {
      const [room, view] = viewOf(topic, socket.data.role, sites ?? null)
      views.set(room, view)
      // Joined in the same synchronous turn as the snapshot is taken, so no batch falls between.
      void socket.join(room)
      const entities: AnyEntity[] = []
      for (const entity of store.values(topic)) {
        if (!visible(view, siteOf(topic, entity, bedSites))) continue
        if (view.staffHidden && isStaffBadge(topic, entity)) continue
        entities.push(view.redacted ? redact(topic, entity) : entity)
      }
      snapshots.push(makeSnapshot(topic, store.seq(topic), entities, serverTime))
    }
    socket.data.subscription = { topics, sites: sites ?? null }
    socket.data.catchingUpUntil = now() + SNAPSHOT_GRACE_MS
    return { ok: true, snapshots }
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

  const flush = (): void => {
    const started = performance.now()
    let dropped = false
    for (const topic of TOPICS) {
      const changes = pending.get(topic)
      if (changes === undefined || changes.size === 0) continue
      if (!dropped) {
        dropSlowConsumers()
        dropped = true
      }
      pending.set(topic, new Map())
      const seq = store.nextSeq(topic)
      const serverTime = now()
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
          if (view.staffHidden && change.staff) continue
          const wasVisible = change.siteBefore !== ABSENT && visible(view, change.siteBefore)
          const isVisible = change.next !== undefined && visible(view, siteOf(topic, change.next, bedSites))
          if (isVisible && change.next !== undefined)
            upserts.push(view.redacted ? redact(topic, change.next) : change.next)
          else if (wasVisible) removes.push(id)
        }
        // Sent even when empty for this view, so a site-filtered client still sees every seq.
        const target = deps.localOnly ? nsp.local.to(room) : nsp.to(room)
        target.emit(FeedEvent.batch, makeBatch(topic, seq, upserts, removes, serverTime))
      }
    }
    if (dropped) metrics.flushSeconds.observe((performance.now() - started) / 1000)
  }

  const timer = setInterval(flush, deps.tickMs)
  timer.unref()

  return {
    onChange,
    subscribe,
    restore,
    flush,
    close: () => clearInterval(timer),
  }
}
