/**
 * The change log: one ordered, durable record of every change the gateway accepted, from every
 * source, written before the source is told it was accepted (MLLP ACK, webhook 2xx, MQTT PUBACK).
 * The entity store is a projection of it; a topic's `seq` is the position of its batch in it.
 *
 * What one commit holds (written atomically, all or nothing):
 * - per topic that changed, one batch: the coalesced upserts and removes since the last commit,
 *   with the next `seq` of that topic (exactly one more than the previous);
 * - the receipts of the messages whose changes those are (a source's dedupe record: key, content
 *   digest, the answer it was given), so a re-sent message is recognised after a restart;
 * - events that are not entities: alarm actions (acknowledge, shelve), and later incidents.
 *
 * Behind this interface sit the embedded SQLite log (`createSqliteChangeLog`, the default) and, for
 * a cluster of gateways, a shared log. Every method may fail with a `ChangeLogError`; the caller
 * decides what that means (a commit that failed is retried and nothing it held is acknowledged).
 */
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'

/** One topic's batch as the log keeps it: the state of each changed entity after the commit. */
export type LoggedBatch = {
  readonly topic: Topic
  readonly seq: number
  /** Gateway clock at commit (epoch ms). */
  readonly at: number
  readonly upserts: readonly AnyEntity[]
  readonly removes: readonly string[]
}

/** What a source answered a message with, kept so a re-send gets the same answer. */
export type Receipt = {
  /** The source's adapter id. */
  readonly source: string
  /**
   * The source's dedupe key (for HL7: sending application, facility and MSH-10). Stored only as a
   * salted hash, so it may hold what must not be written down as sent.
   */
  readonly key: string
  /** A digest of the message's content: the same key with other content is a different message. */
  readonly digest: string
  /** The answer given (for HL7: AA, AE or AR). */
  readonly outcome: string
  /** The message's type, for the audit (e.g. "A01"). */
  readonly event: string
  readonly at: number
}

export type Commit = {
  /**
   * The commit's identity, the same on every retry of it: a shared log that may have written a
   * commit whose answer was lost (a dropped connection) writes it once, not twice.
   */
  readonly id?: string
  readonly at: number
  readonly batches: readonly LoggedBatch[]
  readonly receipts: readonly Receipt[]
  readonly alarmActions: readonly AlarmActionRecord[]
}

/** What the log gives back at start: the projection as it was at the last commit. */
export type RestoredLog = {
  readonly entities: Readonly<Record<Topic, ReadonlyMap<string, AnyEntity>>>
  readonly seqs: Readonly<Record<Topic, number>>
  /** When the last commit was made (null for a new, empty log). */
  readonly lastCommitAt: number | null
  /** Alarm actions, oldest first, at most the history size asked for. */
  readonly alarmActions: readonly AlarmActionRecord[]
  /** How the restore went, for the log line and the bench. */
  readonly stats: {
    readonly snapshotsRead: number
    readonly batchesReplayed: number
    readonly ms: number
  }
}

/** A topic's state at a moment, rebuilt from the log. */
export type StateAt = {
  readonly topic: Topic
  /** The last batch reflected in it. */
  readonly seq: number
  /** When that batch was committed (the state held from then until the next). */
  readonly at: number | null
  readonly entities: readonly AnyEntity[]
}

export type ChangeLogStats = {
  readonly bytes: number
  readonly batches: number
  readonly snapshots: number
  readonly receipts: number
  readonly events: number
  readonly oldestBatchAt: number | null
}

export type PruneResult = {
  readonly batches: number
  readonly snapshots: number
  readonly receipts: number
  readonly events: number
}

export type ChangeLog = {
  /** The log's identity: a seq means something only with the log it came from. */
  readonly id: string
  /** Where it lives, for messages (a file path, or a Redis stream key). */
  readonly location: string
  restore(alarmHistorySize: number): Promise<RestoredLog>
  /** Writes a commit atomically; resolves once it is durable. */
  append(commit: Commit): Promise<void>
  /** A topic's full state at `seq`, so a restart replays only what follows. */
  writeSnapshot(topic: Topic, seq: number, at: number, entities: Iterable<AnyEntity>): Promise<void>
  /**
   * The batches after `seq`, in order, when the log still has every one of them and there are at
   * most `max`; otherwise null (the caller sends a snapshot instead).
   */
  batchesAfter(topic: Topic, seq: number, max: number): Promise<LoggedBatch[] | null>
  /** The topic's state as it was at `at`; null when the log no longer reaches back that far. */
  stateAt(topic: Topic, at: number): Promise<StateAt | null>
  /** The batches committed in (from, to], oldest first, at most `limit`. */
  changesBetween(topic: Topic, from: number, to: number, limit: number): Promise<LoggedBatch[]>
  /** The receipt a source recorded for a key, if the log still holds it. */
  receipt(source: string, key: string): Promise<Receipt | undefined>
  /** Alarm actions made in (from, to], oldest first. */
  alarmActionsBetween(from: number, to: number, limit: number): Promise<AlarmActionRecord[]>
  /** Drops what retention no longer keeps; never what a restore or a resume still needs. */
  prune(now: number): Promise<PruneResult>
  stats(): Promise<ChangeLogStats>
  close(): Promise<void>
  /**
   * Set by a log several gateways share (`createRedisChangeLog`): the log, not the appender, puts
   * commits in order and gives batches their seqs, and every gateway's commits — its own
   * included — come back to it through `follow`, in that order.
   */
  readonly shared?: SharedChangeLog
}

/** A commit as the shared log delivers it: in the log's order, each batch with its seq. */
export type FollowedCommit = {
  /** The log's position of the commit (for Redis: the stream entry id). */
  readonly position: string
  /** The gateway that appended it. */
  readonly origin: string
  readonly at: number
  readonly batches: readonly LoggedBatch[]
  readonly alarmActions: readonly AlarmActionRecord[]
}

/** The state of the link to a shared log; `since` is when it started failing. */
export type LogLinkStatus =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly since: number }

/** What a gateway gives the shared log to be told about commits. */
export type LogFollower = {
  /** The next commit after the previous one delivered (or after the restore). */
  commit(commit: FollowedCommit): void
  /**
   * The projection to start again from: after a start while the log was unreachable, or when
   * the follower asked for it (`resync`: it saw a gap, or the log was emptied).
   */
  reset(restored: RestoredLog): void
  link(status: LogLinkStatus): void
}

export type SharedChangeLog = {
  /** This gateway's name in the log (the `origin` of its own commits). */
  readonly origin: string
  /** Starts delivering commits after the restored position. Call once, after `restore`. */
  follow(follower: LogFollower): void
  /** Asks for a `reset` from the latest snapshots (a gap was seen). */
  resync(reason: string): void
  link(): LogLinkStatus
}

/** Why the log could not be used; `kind` says what an operator should do. */
export class ChangeLogError extends Error {
  readonly kind: 'corrupt' | 'unwritable' | 'full' | 'unavailable' | 'incompatible'
  constructor(kind: ChangeLogError['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ChangeLogError'
    this.kind = kind
  }
}
