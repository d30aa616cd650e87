/**
 * Group commit: the one path from an accepted change to a client. Validated changes are applied to
 * the working store at once (so the next message of a source sees them), collected per topic, and
 * written to the change log as one commit per tick — or sooner, once per event-loop turn, when a
 * source is waiting to acknowledge. Only after the commit is durable are its batches sent to
 * clients and the waiting sources told to acknowledge; so nothing a client saw, and nothing a
 * sender was told was accepted, can be missing from the log after a crash.
 *
 * When the log cannot be written (disk full, directory read-only, the shared log unreachable) the
 * commit is kept — later changes coalesce into it — and retried every tick; waiting sources are
 * told at once (they do not acknowledge, so senders retry), and `status()` says why, so every
 * source reports down rather than clients seeing a silent freeze as live.
 *
 * Subscribers must be given the COMMITTED state at the committed seq, never uncommitted changes
 * (a client that saw a change the log never got would keep it after a restart): `committedValues`
 * undoes, per entity, whatever is still pending or in flight.
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import type { Logger } from '../log/Logger.ts'
import type { ChangeLog, LoggedBatch, Receipt } from '../store/changeLog.ts'
import { ChangeLogError } from '../store/changeLog.ts'
import type { EntityStore } from '../store/entityStore.ts'
import { createCommitLoop } from './commitLoop.ts'
import { createSnapshotScheduler, type SnapshotPolicy } from './snapshotScheduler.ts'

export type { SnapshotPolicy } from './snapshotScheduler.ts'

/** One entity's change within a commit: its committed value before, and after. */
export type EntityChange = { previous: AnyEntity | undefined; next: AnyEntity | undefined }

/** A topic's batch once it is durable: what the fan-out sends. */
export type CommittedBatch = {
  readonly topic: Topic
  readonly seq: number
  readonly at: number
  readonly changes: ReadonlyMap<string, EntityChange>
}

export type CommitterStatus =
  | { readonly ok: true }
  | {
      readonly ok: false
      readonly reason: string
      readonly since: number
      /** A shared log (the cluster's Redis) is unreachable: sources are degraded, not down. */
      readonly degraded?: boolean
    }

export type Committer = {
  /** Receives every change the ingest applies to the working store. */
  onChange(topic: Topic, id: string, previous: AnyEntity | undefined, next: AnyEntity | undefined): void
  /** Queues a source's receipt into the commit that holds the changes emitted so far. */
  recordReceipt(receipt: Receipt): void
  /** Queues an alarm action (its relay to clients follows the commit). */
  recordAlarmAction(record: AlarmActionRecord): void
  /**
   * Resolves once everything queued so far is durable; rejects with a `ChangeLogError` when the
   * commit holding it failed (it is kept and retried, but the caller must not acknowledge now).
   */
  durable(): Promise<void>
  /** A receipt queued but not yet durable (a re-send arriving while its first copy commits). */
  pendingReceipt(source: string, key: string): Receipt | undefined
  /** The committed entities of a topic (what `store.seq(topic)` reflects). */
  committedValues(topic: Topic): IterableIterator<AnyEntity>
  /** Commits now. Resolves when done (or failed and kept for the next try). */
  flush(): Promise<void>
  status(): CommitterStatus
  /** Stops the timer after a last commit attempt. */
  close(): Promise<void>
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void }

type Window = {
  changes: Map<Topic, Map<string, EntityChange>>
  receipts: Receipt[]
  alarmActions: AlarmActionRecord[]
  waiters: Waiter[]
}

const emptyWindow = (): Window => ({
  changes: new Map(TOPICS.map((topic) => [topic, new Map()])),
  receipts: [],
  alarmActions: [],
  waiters: [],
})

const isEmpty = (window: Window): boolean =>
  window.receipts.length === 0 &&
  window.alarmActions.length === 0 &&
  [...window.changes.values()].every((changes) => changes.size === 0)

export function createCommitter(deps: {
  readonly log: ChangeLog
  readonly store: EntityStore
  readonly now: () => number
  readonly tickMs: number
  readonly snapshots: SnapshotPolicy
  /** Changes replayed at restore, per topic: counted towards the next snapshot. */
  readonly replayedChanges?: Readonly<Partial<Record<Topic, number>>>
  readonly logger: Logger
  /** Called after each durable commit, in commit order. */
  readonly onCommitted: (
    batches: readonly CommittedBatch[],
    alarmActions: readonly AlarmActionRecord[],
  ) => void
  /** Called when the log starts or stops failing. */
  readonly onStatusChange: (status: CommitterStatus) => void
  /** Metrics hooks. */
  readonly observeCommit?: (seconds: number, changes: number) => void
  readonly countFailure?: (kind: string) => void
}): Committer {
  const { log, store, now } = deps
  const logger = deps.logger.child('commit')
  let pending = emptyWindow()
  let inflight: Window | null = null
  let status: CommitterStatus = { ok: true }

  const setStatus = (next: CommitterStatus): void => {
    const changed = next.ok !== status.ok || (!next.ok && !status.ok && next.reason !== status.reason)
    status = next
    if (changed) deps.onStatusChange(next)
  }

  const onChange: Committer['onChange'] = (topic, id, previous, next) => {
    const changes = pending.changes.get(topic)
    if (changes === undefined) return
    const existing = changes.get(id)
    if (existing !== undefined) existing.next = next
    else changes.set(id, { previous, next })
  }

  /** Puts a failed commit back in front of what came since, so the retry holds both in order. */
  const restoreWindow = (failed: Window): void => {
    const merged = emptyWindow()
    for (const topic of TOPICS) {
      const into = merged.changes.get(topic) as Map<string, EntityChange>
      const older = failed.changes.get(topic) as Map<string, EntityChange>
      const newer = pending.changes.get(topic) as Map<string, EntityChange>
      for (const [id, change] of older) into.set(id, { previous: change.previous, next: change.next })
      for (const [id, change] of newer) {
        const earlier = into.get(id)
        if (earlier !== undefined) earlier.next = change.next
        else into.set(id, change)
      }
    }
    merged.receipts = [...failed.receipts, ...pending.receipts]
    merged.alarmActions = [...failed.alarmActions, ...pending.alarmActions]
    merged.waiters = pending.waiters
    pending = merged
  }

  const snapshots = createSnapshotScheduler({
    log,
    logger,
    now,
    policy: deps.snapshots,
    replayedChanges: deps.replayedChanges,
    size: (topic) => store.size(topic),
    take: (topic) => ({ seq: store.seq(topic), entities: [...committedValues(topic)] }),
  })

  const commitOnce = async (): Promise<void> => {
    if (isEmpty(pending)) {
      const waiters = pending.waiters
      pending.waiters = []
      for (const waiter of waiters) waiter.resolve()
      return
    }
    const window = pending
    pending = emptyWindow()
    inflight = window
    const at = now()
    const batches: LoggedBatch[] = []
    const committed: CommittedBatch[] = []
    for (const topic of TOPICS) {
      const changes = window.changes.get(topic) as Map<string, EntityChange>
      if (changes.size === 0) continue
      const upserts: AnyEntity[] = []
      const removes: string[] = []
      for (const [id, change] of changes) {
        if (change.next !== undefined) upserts.push(change.next)
        else if (change.previous !== undefined) removes.push(id)
      }
      const seq = store.seq(topic) + 1
      batches.push({ topic, seq, at, upserts, removes })
      committed.push({ topic, seq, at, changes })
    }
    const started = performance.now()
    try {
      await log.append({ at, batches, receipts: window.receipts, alarmActions: window.alarmActions })
    } catch (error) {
      inflight = null
      restoreWindow(window)
      const reason = error instanceof Error ? error.message : String(error)
      deps.countFailure?.(error instanceof ChangeLogError ? error.kind : 'unknown')
      if (status.ok) logger.error('change log commit failed; holding changes and retrying', { reason })
      setStatus({ ok: false, reason, since: status.ok ? at : status.since })
      const failure = error instanceof ChangeLogError ? error : new ChangeLogError('unavailable', reason)
      for (const waiter of window.waiters) waiter.reject(failure)
      return
    }
    inflight = null
    for (const batch of batches) store.setSeq(batch.topic, batch.seq)
    deps.observeCommit?.(
      (performance.now() - started) / 1000,
      batches.reduce((n, b) => n + b.upserts.length + b.removes.length, 0),
    )
    if (!status.ok) {
      logger.info('change log writable again', { heldSinceMs: at - status.since })
      setStatus({ ok: true })
    }
    deps.onCommitted(committed, window.alarmActions)
    for (const waiter of window.waiters) waiter.resolve()
    snapshots.committed(batches)
  }

  const loop = createCommitLoop({
    commitOnce,
    hasMore: () => !isEmpty(pending) || pending.waiters.length > 0,
    tickMs: deps.tickMs,
    logger,
  })

  function* committedValues(topic: Topic): IterableIterator<AnyEntity> {
    const uncommitted = new Map<string, EntityChange>()
    // In-flight changes are older than pending ones: their `previous` is the committed value.
    for (const window of [inflight, pending]) {
      if (window === null) continue
      for (const [id, change] of window.changes.get(topic) ?? []) {
        if (!uncommitted.has(id)) uncommitted.set(id, change)
      }
    }
    if (uncommitted.size === 0) {
      yield* store.values(topic)
      return
    }
    for (const entity of store.values(topic)) {
      const change = uncommitted.get(entity.id)
      if (change === undefined) yield entity
      else if (change.previous !== undefined) yield change.previous
    }
    // Removed since the commit: still there as far as the log is concerned.
    for (const [id, change] of uncommitted) {
      if (change.previous !== undefined && store.get(topic, id) === undefined) yield change.previous
    }
  }

  return {
    onChange,
    recordReceipt: (receipt) => {
      pending.receipts.push(receipt)
    },
    recordAlarmAction: (record) => {
      pending.alarmActions.push(record)
    },
    durable: () => {
      if (isEmpty(pending) && inflight === null) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        pending.waiters.push({ resolve, reject })
        loop.soon()
      })
    },
    pendingReceipt: (source, key) => findPendingReceipt([pending, inflight], source, key),
    committedValues,
    flush: loop.flush,
    status: () => status,
    close: async () => {
      loop.stop()
      await loop.flush()
      // Let snapshots being encoded finish before the log closes (each is short; none is lost).
      await snapshots.settled()
    },
  }
}

/** The latest receipt for (source, key) in the windows given, newest window first. */
export function findPendingReceipt(
  windows: readonly ({ readonly receipts: readonly Receipt[] } | null)[],
  source: string,
  key: string,
): Receipt | undefined {
  for (const window of windows) {
    if (window === null) continue
    for (let index = window.receipts.length - 1; index >= 0; index -= 1) {
      const receipt = window.receipts[index]
      if (receipt !== undefined && receipt.source === source && receipt.key === key) return receipt
    }
  }
  return undefined
}
