/**
 * The commit path of a gateway in a cluster: the same `Committer` the single gateway has, over a
 * log several gateways share (`ChangeLog.shared`, the Redis Stream). What differs:
 *
 * - The log, not this gateway, orders commits and gives seqs. A commit is appended (its sources
 *   acknowledge once Redis has it) and then comes back through the log's follow loop in the
 *   log's order, with everyone else's; only then is it part of the projection, sent to clients
 *   and counted for snapshots. So every gateway's clients see the same batches with the same seqs.
 * - The projection (what clients are given) is kept apart from the working store (what this
 *   gateway's sources read back, e.g. the bed an A02 moves from). A change followed from another
 *   gateway is written to the working store unless this gateway has a newer change of the same
 *   entity still on its way through the log (then that one lands after it, on every gateway).
 * - A commit that failed is retried as it was, under the same id (the log writes it once even if
 *   its first answer was lost with the connection); what came since waits behind it.
 *
 * While the log is unreachable `status()` says so (`degraded`: the cause is the cluster's shared
 * store, not the sources), sources stop acknowledging, and on its return the follow loop catches
 * up from where it was — or resets the projection from the snapshots (`onReset`).
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import type { CommittedBatch, Committer, CommitterStatus, EntityChange } from '../ingest/createCommitter.ts'
import { findPendingReceipt } from '../ingest/createCommitter.ts'
import { createCommitLoop } from '../ingest/commitLoop.ts'
import { createSnapshotScheduler, type SnapshotPolicy } from '../ingest/snapshotScheduler.ts'
import type { Logger } from '../log/Logger.ts'
import {
  ChangeLogError,
  type ChangeLog,
  type FollowedCommit,
  type LoggedBatch,
  type LogLinkStatus,
  type Receipt,
  type RestoredLog,
  type SharedChangeLog,
} from '../store/changeLog.ts'
import type { EntityStore } from '../store/entityStore.ts'

type Waiter = { resolve: () => void; reject: (error: unknown) => void }

type Window = {
  id: string | null
  changes: Map<Topic, Map<string, AnyEntity | undefined>>
  receipts: Receipt[]
  alarmActions: AlarmActionRecord[]
  waiters: Waiter[]
}

const emptyWindow = (): Window => ({
  id: null,
  changes: new Map(TOPICS.map((topic) => [topic, new Map()])),
  receipts: [],
  alarmActions: [],
  waiters: [],
})

const isEmpty = (window: Window): boolean =>
  window.receipts.length === 0 &&
  window.alarmActions.length === 0 &&
  [...window.changes.values()].every((changes) => changes.size === 0)

const keyOf = (topic: Topic, id: string): string => `${topic}\u0000${id}`

export type SharedCommitter = Committer & {
  /** Starts following the shared log (after the gateway has wired its listeners). */
  follow(): void
}

export function createSharedCommitter(deps: {
  readonly log: ChangeLog & { readonly shared: SharedChangeLog }
  readonly store: EntityStore
  /** The restored projection (the same the store was loaded with). */
  readonly restored: RestoredLog
  readonly now: () => number
  readonly tickMs: number
  readonly snapshots: SnapshotPolicy
  readonly logger: Logger
  /** Every commit of the log, in its order, once it is part of the projection. */
  readonly onCommitted: (
    batches: readonly CommittedBatch[],
    alarmActions: readonly AlarmActionRecord[],
    own: boolean,
  ) => void
  /** A followed change written to the working store (another gateway's): for the alarm engine. */
  readonly onRemoteChange: (
    topic: Topic,
    id: string,
    previous: AnyEntity | undefined,
    next: AnyEntity | undefined,
  ) => void
  /** The projection was replaced from the log's snapshots: clients must take a new snapshot. */
  readonly onReset: (restored: RestoredLog) => void
  readonly onStatusChange: (status: CommitterStatus) => void
  /** Whether this gateway writes snapshots (one gateway at a time does: a lease). */
  readonly writesSnapshots?: () => boolean
  readonly observeCommit?: (seconds: number, changes: number) => void
  readonly countFailure?: (kind: string) => void
}): SharedCommitter {
  const { log, store, now } = deps
  const shared = log.shared
  const logger = deps.logger.child('commit')
  const origin = shared.origin
  let commitCounter = 0

  const projection = new Map<Topic, Map<string, AnyEntity>>(TOPICS.map((topic) => [topic, new Map()]))
  const loadProjection = (restored: RestoredLog): void => {
    for (const topic of TOPICS) projection.set(topic, new Map(restored.entities[topic]))
  }
  loadProjection(deps.restored)

  let pending = emptyWindow()
  let inflight: Window | null = null
  /** A commit that failed, retried first and as it was. */
  let retry: Window | null = null
  /** This gateway's changes appended (or being appended) and not yet followed back, per entity. */
  const echoes = new Map<string, number>()
  let appendStatus: CommitterStatus = { ok: true }
  let linkStatus: LogLinkStatus = shared.link()
  let reported: CommitterStatus = { ok: true }

  const combined = (): CommitterStatus => {
    if (!linkStatus.ok)
      return { ok: false, reason: linkStatus.reason, since: linkStatus.since, degraded: true }
    return appendStatus
  }
  const report = (): void => {
    const next = combined()
    const changed = next.ok !== reported.ok || (!next.ok && !reported.ok && next.reason !== reported.reason)
    reported = next
    if (changed) deps.onStatusChange(next)
  }
  report()

  // Counted as commits come back through the log, written from the projection at the followed position.
  const snapshots = createSnapshotScheduler({
    log,
    logger,
    now,
    policy: deps.snapshots,
    size: (topic) => (projection.get(topic) as Map<string, AnyEntity>).size,
    take: (topic) => ({
      seq: store.seq(topic),
      entities: [...(projection.get(topic) as Map<string, AnyEntity>).values()],
    }),
    enabled: deps.writesSnapshots,
  })

  const hasLocalChange = (topic: Topic, id: string): boolean =>
    echoes.has(keyOf(topic, id)) || (pending.changes.get(topic)?.has(id) ?? false)

  const release = (window: Window): void => {
    for (const [topic, changes] of window.changes) {
      for (const id of changes.keys()) {
        const key = keyOf(topic, id)
        const count = (echoes.get(key) ?? 0) - 1
        if (count <= 0) echoes.delete(key)
        else echoes.set(key, count)
      }
    }
  }
  /** Commits appended and not yet followed back, by id, so their echoes are released once. */
  const unechoed = new Map<string, Window>()

  const commitOnce = async (): Promise<boolean> => {
    let window: Window
    if (retry !== null) {
      window = retry
    } else {
      if (isEmpty(pending)) {
        const waiters = pending.waiters
        pending.waiters = []
        for (const waiter of waiters) waiter.resolve()
        return false
      }
      window = pending
      pending = emptyWindow()
      commitCounter += 1
      window.id = `${origin}:${commitCounter}`
      for (const [topic, changes] of window.changes)
        for (const id of changes.keys()) echoes.set(keyOf(topic, id), (echoes.get(keyOf(topic, id)) ?? 0) + 1)
      unechoed.set(window.id, window)
    }
    inflight = window
    const at = now()
    const batches: LoggedBatch[] = []
    let count = 0
    for (const topic of TOPICS) {
      const changes = window.changes.get(topic) as Map<string, AnyEntity | undefined>
      if (changes.size === 0) continue
      const upserts: AnyEntity[] = []
      const removes: string[] = []
      for (const [id, next] of changes) {
        if (next !== undefined) upserts.push(next)
        else removes.push(id)
      }
      count += changes.size
      // The seq is the log's to give: 0 here, the real one comes back with the followed commit.
      batches.push({ topic, seq: 0, at, upserts, removes })
    }
    const started = performance.now()
    try {
      await log.append({
        id: window.id ?? undefined,
        at,
        batches,
        receipts: window.receipts,
        alarmActions: window.alarmActions,
      })
    } catch (error) {
      inflight = null
      retry = window
      const reason = error instanceof Error ? error.message : String(error)
      deps.countFailure?.(error instanceof ChangeLogError ? error.kind : 'unknown')
      if (appendStatus.ok)
        logger.error('shared change log append failed; holding the commit and retrying', { reason })
      appendStatus = {
        ok: false,
        reason,
        since: appendStatus.ok ? at : appendStatus.since,
        degraded: true,
      }
      report()
      const failure = error instanceof ChangeLogError ? error : new ChangeLogError('unavailable', reason)
      // What came since waits behind the retry: its sources must not wait through an outage.
      const waiters = [...window.waiters, ...pending.waiters]
      window.waiters = []
      pending.waiters = []
      for (const waiter of waiters) waiter.reject(failure)
      return false
    }
    inflight = null
    // What waited behind a retried commit goes next, in the same flush.
    const retried = retry !== null
    retry = null
    deps.observeCommit?.((performance.now() - started) / 1000, count)
    if (!appendStatus.ok) {
      logger.info('shared change log writable again', { heldSinceMs: at - appendStatus.since })
      appendStatus = { ok: true }
      report()
    }
    const waiters = window.waiters
    window.waiters = []
    for (const waiter of waiters) waiter.resolve()
    return retried
  }

  const loop = createCommitLoop({
    commitOnce,
    // Nothing goes past a commit being retried.
    hasMore: () => retry === null && (!isEmpty(pending) || pending.waiters.length > 0),
    tickMs: deps.tickMs,
    logger,
  })

  /** A followed commit into the projection, the working store and the clients. */
  const applyFollowed = (commit: FollowedCommit): void => {
    const own = commit.origin === origin
    const committed: CommittedBatch[] = []
    const applied: LoggedBatch[] = []
    for (const batch of commit.batches) {
      const current = store.seq(batch.topic)
      if (batch.seq <= current) continue
      if (batch.seq !== current + 1) {
        shared.resync(`${batch.topic} seq ${batch.seq} follows ${current}`)
        return
      }
      const entities = projection.get(batch.topic) as Map<string, AnyEntity>
      const changes = new Map<string, EntityChange>()
      for (const entity of batch.upserts) {
        changes.set(entity.id, { previous: entities.get(entity.id), next: entity })
        entities.set(entity.id, entity)
        if (!own && !hasLocalChange(batch.topic, entity.id)) {
          const previous = store.put(batch.topic, entity as never)
          deps.onRemoteChange(batch.topic, entity.id, previous, entity)
        }
      }
      for (const id of batch.removes) {
        const previous = entities.get(id)
        if (previous !== undefined) changes.set(id, { previous, next: undefined })
        entities.delete(id)
        if (!own && !hasLocalChange(batch.topic, id)) {
          const removed = store.remove(batch.topic, id)
          if (removed !== undefined) deps.onRemoteChange(batch.topic, id, removed, undefined)
        }
      }
      store.setSeq(batch.topic, batch.seq)
      committed.push({ topic: batch.topic, seq: batch.seq, at: batch.at, changes })
      applied.push(batch)
    }
    if (own) {
      // Which of this gateway's commits it is: the oldest not yet followed back (the log keeps
      // one gateway's commits in the order it appended them).
      const [first] = unechoed
      if (first !== undefined) {
        unechoed.delete(first[0])
        release(first[1])
      }
    }
    deps.onCommitted(committed, commit.alarmActions, own)
    snapshots.committed(applied)
  }

  const reset = (restored: RestoredLog): void => {
    loadProjection(restored)
    echoes.clear()
    unechoed.clear()
    for (const topic of TOPICS) {
      store.load(topic, restored.entities[topic].values(), restored.seqs[topic])
      // What this gateway accepted and has not yet seen in the log stays in its working store.
      for (const window of [retry, inflight, pending]) {
        if (window === null) continue
        for (const [id, next] of window.changes.get(topic) ?? []) {
          if (next === undefined) store.remove(topic, id)
          else store.put(topic, next as never)
          echoes.set(keyOf(topic, id), (echoes.get(keyOf(topic, id)) ?? 0) + 1)
        }
        if (window.id !== null && window !== pending) unechoed.set(window.id, window)
      }
    }
    logger.info('projection reset from the shared change log', {
      snapshots: restored.stats.snapshotsRead,
      batches: restored.stats.batchesReplayed,
    })
    deps.onReset(restored)
  }

  return {
    onChange: (topic, id, _previous, next) => {
      pending.changes.get(topic)?.set(id, next)
    },
    recordReceipt: (receipt) => {
      pending.receipts.push(receipt)
    },
    recordAlarmAction: (record) => {
      pending.alarmActions.push(record)
    },
    durable: () => {
      if (isEmpty(pending) && inflight === null && retry === null) return Promise.resolve()
      if (!linkStatus.ok && retry !== null)
        return Promise.reject(new ChangeLogError('unavailable', linkStatus.reason))
      return new Promise<void>((resolve, reject) => {
        pending.waiters.push({ resolve, reject })
        loop.soon()
      })
    },
    pendingReceipt: (source, key) => findPendingReceipt([pending, inflight, retry], source, key),
    committedValues: (topic) => (projection.get(topic) as Map<string, AnyEntity>).values(),
    flush: loop.flush,
    status: combined,
    follow: () =>
      shared.follow({
        commit: applyFollowed,
        reset,
        link: (status) => {
          linkStatus = status
          report()
          if (status.ok && retry !== null) loop.soon()
        },
      }),
    close: async () => {
      loop.stop()
      // One last try for what the sources handed over; while Redis is away it stays unacknowledged.
      await loop.flush()
      await snapshots.settled()
    },
  }
}
