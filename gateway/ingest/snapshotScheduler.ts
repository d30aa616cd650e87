/**
 * When a topic's snapshot is due, and writing it without holding up commits: shared by the single
 * gateway's committer and the cluster's. A topic is due after `everyChanges` changes (or its size,
 * if that is more: a snapshot costs its size to write) or `everyMs` after its last one if anything
 * changed since. One snapshot per topic at a time; the entities are taken when it starts (the
 * committed state at the topic's seq) and encoded in the background, so commits and
 * acknowledgements never wait for one. A failed snapshot costs a longer replay at the next start,
 * nothing else: its changes are counted again, so it is due again soon.
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import { runDetached } from '../../shared/util/runDetached.ts'
import type { Logger } from '../log/Logger.ts'
import type { ChangeLog, LoggedBatch } from '../store/changeLog.ts'

export type SnapshotPolicy = {
  /** A topic is snapshotted after this many changes, or its size if that is more. */
  readonly everyChanges: number
  /** …or this long after its last snapshot, if anything changed. */
  readonly everyMs: number
}

export type SnapshotScheduler = {
  /** Counts a durable commit's changes, then starts the snapshots now due (when `enabled`). */
  committed(batches: readonly LoggedBatch[]): void
  /** Resolves once every snapshot being written has finished (before the log closes). */
  settled(): Promise<void>
}

export function createSnapshotScheduler(deps: {
  readonly log: ChangeLog
  readonly logger: Logger
  readonly now: () => number
  readonly policy: SnapshotPolicy
  /** Changes replayed at restore, per topic: counted towards the next snapshot. */
  readonly replayedChanges?: Readonly<Partial<Record<Topic, number>>>
  /** The topic's entity count now. */
  readonly size: (topic: Topic) => number
  /** The topic's committed seq and entities, taken at once when its snapshot starts. */
  readonly take: (topic: Topic) => { readonly seq: number; readonly entities: Iterable<AnyEntity> }
  /** Whether this gateway writes snapshots now (in a cluster, one gateway at a time does). */
  readonly enabled?: () => boolean
}): SnapshotScheduler {
  const { log, logger, now, policy } = deps
  const changesSince = new Map<Topic, number>(
    TOPICS.map((topic) => [topic, deps.replayedChanges?.[topic] ?? 0]),
  )
  const lastAt = new Map<Topic, number>(TOPICS.map((topic) => [topic, now()]))
  const writing = new Set<Topic>()
  const written = new Set<Promise<void>>()
  const logBookkeepingFailure = (error: unknown): void =>
    logger.error('snapshot bookkeeping failed', {
      reason: error instanceof Error ? error.message : String(error),
    })

  const start = (topic: Topic, count: number, at: number): void => {
    writing.add(topic)
    changesSince.set(topic, 0)
    lastAt.set(topic, at)
    const { seq, entities } = deps.take(topic)
    const write = log.writeSnapshot(topic, seq, at, entities)
    written.add(write)
    const settled = write
      .then(
        () => logger.debug('snapshot written', { topic, seq }),
        (error: unknown) => {
          changesSince.set(topic, (changesSince.get(topic) ?? 0) + count)
          logger.warn('snapshot failed', {
            topic,
            reason: error instanceof Error ? error.message : String(error),
          })
        },
      )
      .finally(() => {
        writing.delete(topic)
        written.delete(write)
      })
    runDetached(settled, logBookkeepingFailure)
  }

  return {
    committed: (batches) => {
      for (const batch of batches) {
        const count = (changesSince.get(batch.topic) ?? 0) + batch.upserts.length + batch.removes.length
        changesSince.set(batch.topic, count)
      }
      if (deps.enabled !== undefined && !deps.enabled()) return
      const at = now()
      for (const topic of TOPICS) {
        const count = changesSince.get(topic) ?? 0
        if (count === 0 || writing.has(topic)) continue
        const due =
          count >= Math.max(policy.everyChanges, deps.size(topic)) ||
          at - (lastAt.get(topic) ?? at) >= policy.everyMs
        if (due) start(topic, count, at)
      }
    },
    settled: async () => {
      await Promise.allSettled([...written])
    },
  }
}
