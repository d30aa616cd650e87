/**
 * The embedded change log: one SQLite file (Node's built-in `node:sqlite`, no native module to
 * build; the same module is inside Electron's utility process) in the gateway's data directory.
 *
 * - WAL journal, `synchronous` FULL by default: a commit is on disk before `append` returns, so an
 *   acknowledged message survives a power cut, not only a crash. NORMAL survives any crash of the
 *   gateway (kill -9) but may lose the last commits on power loss; it is there for benches.
 * - Group commit: the caller commits once per tick (or once per event-loop turn when a source waits
 *   to acknowledge), never once per message, so 5,000 changes a second cost a few transactions.
 * - Exclusive locking: a second gateway pointed at the same file fails at start with a clear error
 *   instead of interleaving its seqs with ours.
 * - Payloads are deflated JSON (level 1: cheap, ~5× smaller for entity arrays).
 *
 * Corruption (a truncated or overwritten file) is reported at open as a `ChangeLogError` of kind
 * `corrupt` naming the file and what to do; a full disk or a read-only directory at commit as
 * `full` / `unwritable`. Nothing here throws anything else for an expected failure.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { promisify } from 'node:util'
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib'
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import { ChangeLogError, type ChangeLog, type ChangeLogStats, type LoggedBatch } from './changeLog.ts'
import type { EventLog, LoggedEvent } from './eventLog.ts'

/** Bumped when the tables change; an older gateway refuses a newer file rather than misread it. */
const SCHEMA_VERSION = 1
const FILE_NAME = 'watchfloor.db'
/** Rows deleted per statement while pruning, so one prune never holds the database for long. */
const PRUNE_CHUNK = 5_000

export type RetentionPolicy = {
  /** Batches, snapshots, receipts and events are kept this long (per topic override below). */
  readonly defaultMs: number
  /** RTLS positions change many times a minute: their batches are kept for a shorter time. */
  readonly perTopicMs: Readonly<Partial<Record<Topic, number>>>
  /** Snapshots older than this are thinned to one per hour per topic. */
  readonly fullSnapshotGrainMs: number
  /** The file is kept under this size: oldest batches go first (assets before the rest). */
  readonly maxBytes: number
}

export type SqliteChangeLogOptions = {
  /** The data directory; `:memory:` keeps the log in memory (tests that do not restart). */
  readonly dir: string
  readonly synchronous: 'full' | 'normal'
  readonly retention: RetentionPolicy
}

type Row = Record<string, unknown>

const encode = (value: unknown): Uint8Array => deflateRawSync(JSON.stringify(value), { level: 1 })
const deflateRawAsync = promisify(deflateRaw)
/** Entities serialised per slice before yielding to the event loop (a slice is a few ms). */
const SNAPSHOT_SLICE = 2_000

/**
 * A snapshot's JSON built a slice at a time, yielding between slices, and deflated on libuv's
 * thread pool: at bench scale a topic is 10 MB of JSON, which in one go would stall every
 * acknowledgement and batch behind it for a few hundred milliseconds.
 */
export async function encodeInSlices(entities: readonly unknown[]): Promise<Uint8Array> {
  const parts: string[] = []
  for (let start = 0; start < entities.length; start += SNAPSHOT_SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    const slice = JSON.stringify(entities.slice(start, start + SNAPSHOT_SLICE))
    parts.push(slice.slice(1, -1))
  }
  const json = `[${parts.filter((part) => part !== '').join(',')}]`
  return deflateRawAsync(json, { level: 1 })
}
const decode = <T>(blob: unknown): T => JSON.parse(inflateRawSync(blob as Uint8Array).toString('utf8')) as T

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ''
  const errcode = (error as { errcode?: unknown }).errcode
  const errstr = (error as { errstr?: unknown }).errstr
  const message = error instanceof Error ? error.message : ''
  return `${typeof errcode === 'number' ? errcode : ''} ${typeof errstr === 'string' ? errstr : ''} ${message}`
}

/** Maps a SQLite failure to what it means for an operator. */
export function classifySqliteError(error: unknown, file: string, doing: string): ChangeLogError {
  const text = errorCode(error).toLowerCase()
  const because = error instanceof Error ? error.message : String(error)
  if (/not a database|malformed|corrupt|file is encrypted/.test(text)) {
    return new ChangeLogError(
      'corrupt',
      `the change log ${file} is damaged (${because}). Stop the gateway, move the file (and its -wal) aside or restore it from backup, then start again: the gateway starts empty and its sources rebuild the state. Keep the damaged file for investigation.`,
      { cause: error },
    )
  }
  if (/full|no space|sqlite_full|\b13\b/.test(text)) {
    return new ChangeLogError('full', `the disk holding the change log ${file} is full (${doing})`, {
      cause: error,
    })
  }
  if (/readonly|read-only|permission|access|cannot open|unable to open|eacces|erofs/.test(text)) {
    return new ChangeLogError('unwritable', `cannot write the change log ${file} (${doing}: ${because})`, {
      cause: error,
    })
  }
  if (/locked|busy/.test(text)) {
    return new ChangeLogError(
      'unavailable',
      `the change log ${file} is in use by another gateway process; each gateway needs its own data directory`,
      { cause: error },
    )
  }
  return new ChangeLogError('unavailable', `change log ${file}: ${doing} failed (${because})`, {
    cause: error,
  })
}

/** Opens (creating when absent) the log in `options.dir`. Throws a `ChangeLogError` when it cannot. */
export function openSqliteChangeLog(options: SqliteChangeLogOptions): ChangeLog & EventLog {
  const inMemory = options.dir === ':memory:'
  const file = inMemory ? ':memory:' : join(options.dir, FILE_NAME)
  let db: DatabaseSync
  try {
    if (!inMemory) mkdirSync(options.dir, { recursive: true })
    db = new DatabaseSync(file)
  } catch (error) {
    throw classifySqliteError(error, file, 'opening')
  }
  try {
    // EXCLUSIVE: the first write takes the lock until close; a second process fails at once below.
    db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = 0;`)
    db.exec(`PRAGMA auto_vacuum = INCREMENTAL;`)
    db.exec(`PRAGMA journal_mode = WAL;`)
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'};`)
    db.exec(`
      BEGIN IMMEDIATE;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS batches (
        topic TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
        changes INTEGER NOT NULL, payload BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS batches_topic_seq ON batches (topic, seq);
      CREATE INDEX IF NOT EXISTS batches_topic_at ON batches (topic, at);
      CREATE TABLE IF NOT EXISTS snapshots (
        topic TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
        entities INTEGER NOT NULL, payload BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS snapshots_topic_seq ON snapshots (topic, seq);
      CREATE INDEX IF NOT EXISTS snapshots_topic_at ON snapshots (topic, at);
      CREATE TABLE IF NOT EXISTS receipts (
        source TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,
        outcome TEXT NOT NULL, event TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (source, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS receipts_at ON receipts (at);
      CREATE TABLE IF NOT EXISTS events (
        pos INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, key TEXT NOT NULL,
        at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS events_kind_at ON events (kind, at);
      COMMIT;
    `)
  } catch (error) {
    try {
      db.close()
    } catch {
      // Already failing to open: the first error is the one to report.
    }
    throw classifySqliteError(error, file, 'opening')
  }

  const meta = (key: string): string | undefined =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value?: string } | undefined)?.value
  const setMeta = (key: string, value: string): void => {
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value)
  }
  let id: string
  let salt: string
  try {
    const version = meta('schemaVersion')
    if (version !== undefined && Number(version) > SCHEMA_VERSION) {
      db.close()
      throw new ChangeLogError(
        'incompatible',
        `the change log ${file} was written by a newer Watchfloor (schema ${version}; this one reads ${SCHEMA_VERSION}); upgrade this gateway or point it at another data directory`,
      )
    }
    id = meta('logId') ?? randomUUID()
    salt = meta('salt') ?? randomBytes(16).toString('hex')
    db.exec('BEGIN IMMEDIATE')
    setMeta('schemaVersion', String(SCHEMA_VERSION))
    setMeta('logId', id)
    setMeta('salt', salt)
    db.exec('COMMIT')
  } catch (error) {
    if (error instanceof ChangeLogError) throw error
    try {
      db.close()
    } catch {
      // See above.
    }
    throw classifySqliteError(error, file, 'reading its header')
  }

  /** Receipt keys are hashed with the log's own salt: a control id never sits in the file as sent. */
  const keyOf = (source: string, key: string): string =>
    createHash('sha256').update(salt).update('\0').update(source).update('\0').update(key).digest('base64url')

  const statement = (() => {
    const cache = new Map<string, StatementSync>()
    return (sql: string): StatementSync => {
      let prepared = cache.get(sql)
      if (prepared === undefined) {
        prepared = db.prepare(sql)
        cache.set(sql, prepared)
      }
      return prepared
    }
  })()

  const batchOf = (row: Row): LoggedBatch => {
    const payload = decode<{ u: AnyEntity[]; r: string[] }>(row['payload'])
    return {
      topic: row['topic'] as Topic,
      seq: Number(row['seq']),
      at: Number(row['at']),
      upserts: payload.u,
      removes: payload.r,
    }
  }

  const latestSnapshotSeq = (topic: Topic): number => {
    const row = statement('SELECT MAX(seq) AS seq FROM snapshots WHERE topic = ?').get(topic) as
      Row | undefined
    return row?.['seq'] === null || row?.['seq'] === undefined ? 0 : Number(row['seq'])
  }

  const transaction = <T>(doing: string, work: () => T): T => {
    try {
      db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      throw classifySqliteError(error, file, doing)
    }
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      try {
        db.exec('ROLLBACK')
      } catch {
        // The transaction is gone already (SQLite rolls back by itself on some errors).
      }
      throw error instanceof ChangeLogError ? error : classifySqliteError(error, file, doing)
    }
  }

  const bytes = (): number => {
    if (inMemory) {
      const pages = statement('PRAGMA page_count').get() as Row
      const size = statement('PRAGMA page_size').get() as Row
      return Number(pages['page_count']) * Number(size['page_size'])
    }
    let total = 0
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(file + suffix).size
      } catch {
        // No WAL file at this moment: nothing to add.
      }
    }
    return total
  }

  const replay = (
    topic: Topic,
    map: Map<string, AnyEntity>,
    fromSeq: number,
    untilAt: number | null,
  ): { seq: number; at: number | null; batches: number } => {
    let seq = fromSeq
    let at: number | null = null
    let batches = 0
    const rows =
      untilAt === null
        ? statement(
            'SELECT topic, seq, at, payload FROM batches WHERE topic = ? AND seq > ? ORDER BY seq',
          ).iterate(topic, fromSeq)
        : statement(
            'SELECT topic, seq, at, payload FROM batches WHERE topic = ? AND seq > ? AND at <= ? ORDER BY seq',
          ).iterate(topic, fromSeq, untilAt)
    for (const row of rows as Iterable<Row>) {
      const batch = batchOf(row)
      if (batch.seq !== seq + 1) break
      for (const entity of batch.upserts) map.set(entity.id, entity)
      for (const removed of batch.removes) map.delete(removed)
      seq = batch.seq
      at = batch.at
      batches += 1
    }
    return { seq, at, batches }
  }

  const snapshotAtOrBefore = (
    topic: Topic,
    at: number | null,
  ): { seq: number; at: number; entities: AnyEntity[] } | null => {
    const row = (
      at === null
        ? statement('SELECT seq, at, payload FROM snapshots WHERE topic = ? ORDER BY seq DESC LIMIT 1').get(
            topic,
          )
        : statement(
            'SELECT seq, at, payload FROM snapshots WHERE topic = ? AND at <= ? ORDER BY seq DESC LIMIT 1',
          ).get(topic, at)
    ) as Row | undefined
    if (row === undefined) return null
    return { seq: Number(row['seq']), at: Number(row['at']), entities: decode<AnyEntity[]>(row['payload']) }
  }

  const log: ChangeLog & EventLog = {
    id,
    location: file,

    restore: async (alarmHistorySize) => {
      await Promise.resolve()
      const started = performance.now()
      try {
        const entities = {} as Record<Topic, Map<string, AnyEntity>>
        const seqs = {} as Record<Topic, number>
        let snapshotsRead = 0
        let batchesReplayed = 0
        let lastCommitAt: number | null = null
        for (const topic of TOPICS) {
          const map = new Map<string, AnyEntity>()
          const snapshot = snapshotAtOrBefore(topic, null)
          if (snapshot !== null) {
            snapshotsRead += 1
            for (const entity of snapshot.entities) map.set(entity.id, entity)
          }
          const replayed = replay(topic, map, snapshot?.seq ?? 0, null)
          entities[topic] = map
          seqs[topic] = replayed.seq
          batchesReplayed += replayed.batches
          const lastAt = replayed.at ?? snapshot?.at ?? null
          if (lastAt !== null && (lastCommitAt === null || lastAt > lastCommitAt)) lastCommitAt = lastAt
        }
        const actionRows = statement(
          `SELECT body FROM (SELECT pos, body FROM events WHERE kind = 'alarm-action' ORDER BY pos DESC LIMIT ?) ORDER BY pos`,
        ).all(alarmHistorySize) as Row[]
        const alarmActions = actionRows.map((row) => JSON.parse(String(row['body'])) as AlarmActionRecord)
        return {
          entities,
          seqs,
          lastCommitAt,
          alarmActions,
          stats: { snapshotsRead, batchesReplayed, ms: Math.round(performance.now() - started) },
        }
      } catch (error) {
        throw error instanceof ChangeLogError ? error : classifySqliteError(error, file, 'restoring')
      }
    },

    append: async (commit) => {
      transaction('committing', () => {
        const insertBatch = statement(
          'INSERT INTO batches (topic, seq, at, changes, payload) VALUES (?, ?, ?, ?, ?)',
        )
        for (const batch of commit.batches) {
          insertBatch.run(
            batch.topic,
            batch.seq,
            batch.at,
            batch.upserts.length + batch.removes.length,
            encode({ u: batch.upserts, r: batch.removes }),
          )
        }
        const insertReceipt = statement(
          'INSERT OR REPLACE INTO receipts (source, key, digest, outcome, event, at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        for (const receipt of commit.receipts) {
          insertReceipt.run(
            receipt.source,
            keyOf(receipt.source, receipt.key),
            receipt.digest,
            receipt.outcome,
            receipt.event,
            receipt.at,
          )
        }
        const insertEvent = statement('INSERT INTO events (kind, key, at, body) VALUES (?, ?, ?, ?)')
        for (const action of commit.alarmActions) {
          insertEvent.run('alarm-action', action.fingerprint, action.at, JSON.stringify(action))
        }
      })
      await Promise.resolve()
    },

    writeSnapshot: async (topic, seq, at, entities) => {
      // Taken now, before any await: entities are never mutated, so these references are the
      // state at `seq` however long the encoding takes.
      const list = [...entities]
      const payload = await encodeInSlices(list)
      if (!db.isOpen) return
      transaction('writing a snapshot', () => {
        statement(
          'INSERT OR REPLACE INTO snapshots (topic, seq, at, entities, payload) VALUES (?, ?, ?, ?, ?)',
        ).run(topic, seq, at, list.length, payload)
      })
    },

    batchesAfter: async (topic, seq, max) => {
      await Promise.resolve()
      const rows = statement(
        'SELECT topic, seq, at, payload FROM batches WHERE topic = ? AND seq > ? ORDER BY seq LIMIT ?',
      ).all(topic, seq, max + 1) as Row[]
      if (rows.length > max) return null
      const batches = rows.map(batchOf)
      // Every seq must be there: a pruned or missing one means the client needs a snapshot.
      for (let index = 0; index < batches.length; index += 1) {
        if (batches[index]?.seq !== seq + index + 1) return null
      }
      return batches
    },

    stateAt: async (topic, at) => {
      await Promise.resolve()
      const map = new Map<string, AnyEntity>()
      const snapshot = snapshotAtOrBefore(topic, at)
      if (snapshot === null) {
        // Without a snapshot the state is known only if the log still starts at the first batch.
        const first = statement('SELECT MIN(seq) AS seq FROM batches WHERE topic = ?').get(topic) as Row
        const firstSeq = first['seq'] === null ? null : Number(first['seq'])
        if (firstSeq !== null && firstSeq !== 1) return null
      } else {
        for (const entity of snapshot.entities) map.set(entity.id, entity)
      }
      const replayed = replay(topic, map, snapshot?.seq ?? 0, at)
      return {
        topic,
        seq: replayed.seq,
        at: replayed.at ?? snapshot?.at ?? null,
        entities: [...map.values()],
      }
    },

    changesBetween: async (topic, from, to, limit) => {
      await Promise.resolve()
      const rows = statement(
        'SELECT topic, seq, at, payload FROM batches WHERE topic = ? AND at > ? AND at <= ? ORDER BY seq LIMIT ?',
      ).all(topic, from, to, limit) as Row[]
      return rows.map(batchOf)
    },

    receipt: async (source, key) => {
      await Promise.resolve()
      const row = statement(
        'SELECT digest, outcome, event, at FROM receipts WHERE source = ? AND key = ?',
      ).get(source, keyOf(source, key)) as Row | undefined
      if (row === undefined) return undefined
      return {
        source,
        key,
        digest: String(row['digest']),
        outcome: String(row['outcome']),
        event: String(row['event']),
        at: Number(row['at']),
      }
    },

    alarmActionsBetween: async (from, to, limit) => {
      await Promise.resolve()
      const rows = statement(
        `SELECT body FROM events WHERE kind = 'alarm-action' AND at > ? AND at <= ? ORDER BY pos LIMIT ?`,
      ).all(from, to, limit) as Row[]
      return rows.map((row) => JSON.parse(String(row['body'])) as AlarmActionRecord)
    },

    appendEvents: async (events) => {
      if (events.length === 0) return
      transaction('recording events', () => {
        const insertEvent = statement('INSERT INTO events (kind, key, at, body) VALUES (?, ?, ?, ?)')
        for (const event of events)
          insertEvent.run(event.kind, event.key, event.at, JSON.stringify(event.body))
      })
      await Promise.resolve()
    },

    eventsBetween: async (kind, from, to, limit) => {
      await Promise.resolve()
      const rows = statement(
        'SELECT kind, key, at, body FROM events WHERE kind = ? AND at >= ? AND at <= ? ORDER BY at, pos LIMIT ?',
      ).all(kind, from, to, limit) as Row[]
      return rows.map((row): LoggedEvent => ({
        kind,
        key: String(row['key']),
        at: Number(row['at']),
        body: JSON.parse(String(row['body'])) as unknown,
      }))
    },

    prune: async (now) => {
      await Promise.resolve()
      const { retention } = options
      const result = { batches: 0, snapshots: 0, receipts: 0, events: 0 }
      const chunked = (sql: string, ...params: (string | number)[]): number => {
        let total = 0
        for (;;) {
          const changes = Number(transaction('pruning', () => statement(sql).run(...params).changes))
          total += changes
          if (changes < PRUNE_CHUNK) return total
        }
      }
      for (const topic of TOPICS) {
        const keepMs = retention.perTopicMs[topic] ?? retention.defaultMs
        // Never a batch after the latest snapshot: a restore and a resume need those.
        const floor = latestSnapshotSeq(topic)
        result.batches += chunked(
          `DELETE FROM batches WHERE rowid IN (SELECT rowid FROM batches WHERE topic = ? AND at < ? AND seq <= ? LIMIT ${PRUNE_CHUNK})`,
          topic,
          now - keepMs,
          floor,
        )
        // Snapshots past retention go, but the latest always stays (it is the restore's base).
        result.snapshots += Number(
          transaction(
            'pruning',
            () =>
              statement('DELETE FROM snapshots WHERE topic = ? AND at < ? AND seq < ?').run(
                topic,
                now - retention.defaultMs,
                floor,
              ).changes,
          ),
        )
        // Older than the full grain: one snapshot per hour is enough to say what the state was.
        result.snapshots += Number(
          transaction(
            'pruning',
            () =>
              statement(
                `DELETE FROM snapshots WHERE topic = ? AND at < ? AND seq < ? AND EXISTS (
                   SELECT 1 FROM snapshots AS later WHERE later.topic = snapshots.topic
                   AND later.at / 3600000 = snapshots.at / 3600000 AND later.seq > snapshots.seq)`,
              ).run(topic, now - retention.fullSnapshotGrainMs, floor).changes,
          ),
        )
      }
      result.receipts += chunked(
        `DELETE FROM receipts WHERE (source, key) IN (SELECT source, key FROM receipts WHERE at < ? LIMIT ${PRUNE_CHUNK})`,
        now - retention.defaultMs,
      )
      result.events += chunked(
        `DELETE FROM events WHERE pos IN (SELECT pos FROM events WHERE at < ? LIMIT ${PRUNE_CHUNK})`,
        now - retention.defaultMs,
      )
      // Over the size cap: the oldest batches go, the fastest-growing topic (RTLS) first.
      for (const topic of ['assets', ...TOPICS.filter((t) => t !== 'assets')] as Topic[]) {
        while (bytes() > retention.maxBytes) {
          const floor = latestSnapshotSeq(topic)
          const removed = Number(
            transaction(
              'pruning to the size cap',
              () =>
                statement(
                  `DELETE FROM batches WHERE rowid IN (SELECT rowid FROM batches WHERE topic = ? AND seq <= ? ORDER BY seq LIMIT ${PRUNE_CHUNK})`,
                ).run(topic, floor).changes,
            ),
          )
          result.batches += removed
          db.exec('PRAGMA incremental_vacuum')
          if (!inMemory) db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
          if (removed === 0) break
        }
      }
      if (result.batches + result.snapshots + result.receipts + result.events > 0) {
        db.exec('PRAGMA incremental_vacuum')
      }
      return result
    },

    stats: async (): Promise<ChangeLogStats> => {
      await Promise.resolve()
      const count = (table: string): number =>
        Number((statement(`SELECT COUNT(*) AS n FROM ${table}`).get() as Row)['n'])
      const oldest = statement('SELECT MIN(at) AS at FROM batches').get() as Row
      return {
        bytes: bytes(),
        batches: count('batches'),
        snapshots: count('snapshots'),
        receipts: count('receipts'),
        events: count('events'),
        oldestBatchAt: oldest['at'] === null ? null : Number(oldest['at']),
      }
    },

    close: async () => {
      await Promise.resolve()
      try {
        if (db.isOpen) db.close()
      } catch {
        // Closing a database that failed mid-commit: nothing more can be saved.
      }
    },
  }
  return log
}

/** The file the log of a data directory lives in. */
export function changeLogFile(dir: string): string {
  return dir === ':memory:' ? dir : join(dir, FILE_NAME)
}
