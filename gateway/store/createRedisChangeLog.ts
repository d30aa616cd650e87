/**
 * The change log of a cluster (`cluster.redisUrl`): one Redis Stream that every gateway appends
 * to and follows. Redis puts commits in order and gives batches their seqs (a Lua script bumps the
 * topic's counter and adds the entry atomically), so every gateway that follows the stream holds
 * the same state in the same order, and a seq means the same thing on all of them — a client that
 * fails over resumes from its seq on the next gateway.
 *
 * Keys (one hash tag, so a Redis Cluster keeps them in one slot; `<name>` is `cluster.name`):
 * - `wf:{<name>}:stream` the commits: `o` origin, `at`, `s` "topic=seq,…", `b:<topic>` batch
 *   JSON, `a` alarm actions JSON;
 * - `wf:{<name>}:seqs` each topic's last seq; `wf:{<name>}:id` the log's identity;
 * - `wf:{<name>}:snap:<topic>` the latest snapshot (seq, stream position, deflated entities);
 * - `wf:{<name>}:receipts:<day>` receipts by salted key hash, expiring with retention;
 * - `wf:{<name>}:actions` the alarm-action history (a capped list);
 * - `wf:{<name>}:commit:<id>` a commit's dedupe mark: a retried commit whose first answer was lost
 *   is written once.
 *
 * Durability: `append` resolves once Redis has executed the script, which with `appendonly yes`
 * and `appendfsync always` means the entry is fsynced to the AOF before Redis replies (see
 * docs/cluster.md); with `everysec` up to a second of acknowledged changes can be lost on a power
 * cut of the Redis host.
 *
 * An unreachable Redis is a state, never a crash: commands fail fast (no offline queue) or time
 * out, `append` rejects with a `ChangeLogError` of kind `unavailable`, the follower is told, and
 * on Redis' return the follow loop carries on from its position (or resets from the snapshots when
 * the stream no longer reaches back, or Redis came back empty).
 */
import { createHash, randomUUID } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'
import { createClient } from 'redis'
import { createRedisCommands } from './createRedisCommands.ts'
import { encodeInSlices } from './createSqliteChangeLog.ts'
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import type { Logger } from '../log/Logger.ts'
import {
  ChangeLogError,
  type ChangeLog,
  type Commit,
  type FollowedCommit,
  type LogFollower,
  type LogLinkStatus,
  type LoggedBatch,
  type Receipt,
  type RestoredLog,
  type SharedChangeLog,
  type StateAt,
} from './changeLog.ts'

export type RedisChangeLogOptions = {
  readonly url: string
  /** Names the keys: gateways with the same name share one log. */
  readonly name: string
  /** This gateway's id (the origin of its commits). */
  readonly origin: string
  /** Receipts are kept this long (a re-send older than that is applied again). */
  readonly receiptsMs: number
  /** The stream keeps at least this much history (for the history API) beyond the snapshots. */
  readonly streamKeepMs: number
  /** Alarm actions kept in the history list. */
  readonly actionsMax: number
  /** How long a start waits for Redis before starting without it (degraded). */
  readonly connectTimeoutMs: number
  /** A command not answered in this long fails (Redis paused or the network gone). */
  readonly commandTimeoutMs: number
  readonly log: Logger
  readonly now: () => number
}

export type RedisChangeLog = ChangeLog & { readonly shared: SharedChangeLog }

const DAY_MS = 86_400_000
const READ_COUNT = 200
const BLOCK_MS = 1_000
const RESTORE_CHUNK = 2_000
const RETRY_MS = 500
const DEDUPE_TTL_S = 86_400
const TIMED_OUT = Symbol('timed out')

/** Appends one commit: seqs from the counters, receipts, actions, the entry — all or nothing. */
const APPEND_SCRIPT = `
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[5]) == false then return false end
local fields = {'o', ARGV[1], 'at', ARGV[2]}
local seqs = {}
local i = 7
for k = 1, tonumber(ARGV[6]) do
  local topic = ARGV[i]
  local seq = redis.call('HINCRBY', KEYS[2], topic, 1)
  seqs[#seqs + 1] = topic .. '=' .. seq
  fields[#fields + 1] = 'b:' .. topic
  fields[#fields + 1] = ARGV[i + 1]
  i = i + 2
end
fields[#fields + 1] = 's'
fields[#fields + 1] = table.concat(seqs, ',')
local receipts = tonumber(ARGV[i])
i = i + 1
for k = 1, receipts do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  i = i + 2
end
if receipts > 0 then redis.call('PEXPIRE', KEYS[4], ARGV[3]) end
local actions = tonumber(ARGV[i])
i = i + 1
if actions > 0 then
  local list = {}
  for k = 1, actions do
    redis.call('RPUSH', KEYS[5], ARGV[i])
    list[#list + 1] = ARGV[i]
    i = i + 1
  end
  redis.call('LTRIM', KEYS[5], -tonumber(ARGV[4]), -1)
  fields[#fields + 1] = 'a'
  fields[#fields + 1] = '[' .. table.concat(list, ',') .. ']'
end
return redis.call('XADD', KEYS[1], '*', unpack(fields))
`

/** A snapshot replaces the stored one only when it is newer (every gateway may write one). */
const SNAPSHOT_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'pos', ARGV[2], 'at', ARGV[3], 'data', ARGV[4])
return 1
`

/**
 * The newest receipt of a key over the days retention keeps, after the stream's last position
 * (KEYS[1]): every commit acknowledged before this lookup is at or before it.
 */
const RECEIPT_SCRIPT = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local head = '0-0'
if last[1] then head = last[1][1] end
for k = 2, #KEYS do
  local value = redis.call('HGET', KEYS[k], ARGV[1])
  if value then return {head, value} end
end
return {head}
`

type StoredBatch = { readonly u: readonly AnyEntity[]; readonly r: readonly string[] }
type Entry = { readonly id: string; readonly fields: ReadonlyMap<string, string> }

/** Stream ids compare as two integers, `ms-seq`. */
export function comparePositions(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number)
  const [bm = 0, bs = 0] = b.split('-').map(Number)
  return am === bm ? as - bs : am - bm
}

function messageOf(error: unknown): string {
  return error instanceof Error
    ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
    : String(error)
}

/** RESP2 `[id, [field, value, …]]` entries → entries; anything else is a protocol surprise. */
function parseEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply)) return []
  const entries: Entry[] = []
  for (const raw of reply) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string' || !Array.isArray(raw[1])) continue
    const list = raw[1] as unknown[]
    const fields = new Map<string, string>()
    for (let index = 0; index + 1 < list.length; index += 2) {
      const field = list[index]
      const value = list[index + 1]
      if (typeof field === 'string' && typeof value === 'string') fields.set(field, value)
    }
    entries.push({ id: raw[0], fields })
  }
  return entries
}

/** A hash or map reply (RESP2 flat array, or the object the client builds for RESP3 maps). */
function fieldsOf(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>()
  if (Array.isArray(reply)) {
    for (let index = 0; index + 1 < reply.length; index += 2)
      fields.set(String(reply[index]), String(reply[index + 1]))
  } else if (typeof reply === 'object' && reply !== null) {
    for (const [field, value] of Object.entries(reply)) fields.set(field, String(value))
  }
  return fields
}

/** XREAD's reply: per stream its entries (an array of pairs, or a map keyed by stream). */
function streamsOf(reply: unknown): unknown[] {
  if (Array.isArray(reply)) return reply.map((stream: unknown) => (Array.isArray(stream) ? stream[1] : []))
  if (typeof reply === 'object' && reply !== null) return Object.values(reply)
  return []
}

function parseSeqs(text: string | undefined): Map<Topic, number> {
  const seqs = new Map<Topic, number>()
  for (const part of (text ?? '').split(',')) {
    const [topic, seq] = part.split('=')
    const known = TOPICS.find((candidate) => candidate === topic)
    if (known !== undefined && seq !== undefined) seqs.set(known, Number(seq))
  }
  return seqs
}

/** One entry as a followed commit; `only` limits the parsed batches to one topic. */
function commitOf(entry: Entry, only?: Topic): FollowedCommit {
  const at = Number(entry.fields.get('at') ?? 0)
  const batches: LoggedBatch[] = []
  for (const [topic, seq] of parseSeqs(entry.fields.get('s'))) {
    if (only !== undefined && topic !== only) continue
    const stored = JSON.parse(entry.fields.get(`b:${topic}`) ?? '{"u":[],"r":[]}') as StoredBatch
    batches.push({ topic, seq, at, upserts: stored.u, removes: stored.r })
  }
  const actions = entry.fields.get('a')
  return {
    position: entry.id,
    origin: entry.fields.get('o') ?? '',
    at,
    batches,
    alarmActions:
      only === undefined && actions !== undefined ? (JSON.parse(actions) as AlarmActionRecord[]) : [],
  }
}

export function createRedisChangeLog(options: RedisChangeLogOptions): RedisChangeLog {
  const { now } = options
  const log = options.log.child('redis-log')
  const base = `wf:{${options.name}}`
  const keys = {
    stream: `${base}:stream`,
    seqs: `${base}:seqs`,
    id: `${base}:id`,
    actions: `${base}:actions`,
    snapshot: (topic: Topic) => `${base}:snap:${topic}`,
    receipts: (day: number) => `${base}:receipts:${day}`,
    commit: (id: string) => `${base}:commit:${id}`,
  }
  const location = `${options.url.replace(/\/\/[^@/]*@/, '//')} ${keys.stream}`

  // Two connections: commands, and the follow loop's blocking XREAD (which holds its connection).
  // No offline queue: while Redis is away a command fails at once instead of piling up, so the
  // committer holds its commit and sources stop acknowledging.
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000),
    },
  })
  const reader = client.duplicate()
  let lastClientError = ''
  for (const [name, connection] of [
    ['commands', client],
    ['follow', reader],
  ] as const) {
    // Every error is a state the callers see through failed commands; logged once per change.
    connection.on('error', (error: unknown) => {
      const reason = messageOf(error)
      if (reason !== lastClientError) log.warn('redis connection error', { connection: name, reason })
      lastClientError = reason
    })
  }

  let logId = 'unavailable'
  let closed = false
  let follower: LogFollower | null = null
  let position = '0-0'
  let needsReset = false
  let historySize = 0
  /** Each topic's seq at `position` (what the follower has been given). */
  const followedSeqs = Object.fromEntries(TOPICS.map((topic) => [topic, 0])) as Record<Topic, number>
  const noteFollowed = (seqs: Readonly<Record<Topic, number>>): void => {
    for (const topic of TOPICS) followedSeqs[topic] = seqs[topic]
  }
  /** Lookups waiting for the follow loop to reach a stream position (see `followedTo`). */
  const positionWaiters = new Set<{ readonly at: string; readonly done: () => void }>()
  const notePosition = (): void => {
    for (const waiter of positionWaiters) if (comparePositions(position, waiter.at) >= 0) waiter.done()
  }
  let link: LogLinkStatus = { ok: false, reason: 'not connected yet', since: now() }
  const closeWaiters = new Set<() => void>()

  const setLink = (next: LogLinkStatus): void => {
    const changed = next.ok !== link.ok
    if (next.ok || link.ok) link = next
    else link = { ok: false, reason: next.reason, since: link.since }
    if (!changed) return
    if (next.ok) log.info('redis change log connected', { stream: keys.stream })
    else log.error('redis change log unavailable', { reason: next.reason })
    follower?.link(link)
  }

  const commands = createRedisCommands(client, options.commandTimeoutMs)
  let pendingRead: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> | null = null
  const command = async <T>(args: readonly string[], timeoutMs = options.commandTimeoutMs): Promise<T> => {
    try {
      return await commands.run<T>(args, timeoutMs)
    } catch (error) {
      throw new ChangeLogError('unavailable', `redis: ${messageOf(error)}`, { cause: error })
    }
  }
  const evalScript = <T>(script: string, keyList: readonly string[], args: readonly string[]): Promise<T> =>
    command<T>(['EVAL', script, String(keyList.length), ...keyList, ...args])

  const connect = (connection: typeof client): Promise<void> =>
    connection.isOpen ? Promise.resolve() : connection.connect().then(() => undefined)

  const waitReady = async (connection: typeof client, timeoutMs: number): Promise<boolean> => {
    if (connection.isReady) return true
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        connection.off('ready', onReady)
        resolve(false)
      }, timeoutMs)
      const onReady = (): void => {
        clearTimeout(timer)
        resolve(true)
      }
      connection.once('ready', onReady)
    })
    return ready
  }

  const receiptField = (source: string, key: string): string =>
    createHash('sha256')
      .update(options.name)
      .update('\0')
      .update(source)
      .update('\0')
      .update(key)
      .digest('base64url')

  const receiptKeys = (at: number): string[] => {
    const today = Math.floor(at / DAY_MS)
    const days = Math.max(1, Math.ceil(options.receiptsMs / DAY_MS))
    return Array.from({ length: days + 1 }, (_, back) => keys.receipts(today - back))
  }

  /** Snapshots plus the stream after them, read in chunks: the projection at the stream's end. */
  const load = async (): Promise<RestoredLog & { readonly position: string }> => {
    const started = performance.now()
    await command(['SET', keys.id, randomUUID(), 'NX'])
    const id = await command<string | null>(['GET', keys.id])
    if (id === null) throw new ChangeLogError('unavailable', 'redis: the log id vanished while starting')
    const entities = Object.fromEntries(
      TOPICS.map((topic) => [topic, new Map<string, AnyEntity>()]),
    ) as Record<Topic, Map<string, AnyEntity>>
    const seqs = Object.fromEntries(TOPICS.map((topic) => [topic, 0])) as Record<Topic, number>
    let from: string | null = null
    let lastCommitAt: number | null = null
    let snapshotsRead = 0
    for (const topic of TOPICS) {
      const fields = fieldsOf(
        await command<unknown>(['HGETALL', keys.snapshot(topic)], options.commandTimeoutMs * 10),
      )
      const data = fields.get('data')
      if (data === undefined) {
        from = '0-0'
        continue
      }
      const list = JSON.parse(inflateRawSync(Buffer.from(data, 'base64')).toString('utf8')) as AnyEntity[]
      for (const entity of list) entities[topic].set(entity.id, entity)
      seqs[topic] = Number(fields.get('seq') ?? 0)
      const at = Number(fields.get('at') ?? 0)
      lastCommitAt = Math.max(lastCommitAt ?? 0, at)
      const pos = fields.get('pos') ?? '0-0'
      if (from === null || comparePositions(pos, from) < 0) from = pos
      snapshotsRead += 1
    }
    let cursor = from ?? '0-0'
    let batchesReplayed = 0
    for (;;) {
      const reply = await command<unknown>(
        ['XRANGE', keys.stream, `(${cursor}`, '+', 'COUNT', String(RESTORE_CHUNK)],
        options.commandTimeoutMs * 10,
      )
      const entries = parseEntries(reply)
      for (const entry of entries) {
        const commit = commitOf(entry)
        for (const batch of commit.batches) {
          if (batch.seq <= seqs[batch.topic]) continue
          if (batch.seq !== seqs[batch.topic] + 1)
            throw new ChangeLogError(
              'corrupt',
              `redis change log: ${batch.topic} jumps from seq ${seqs[batch.topic]} to ${batch.seq} at ${entry.id} (the stream was trimmed past a snapshot)`,
            )
          const map = entities[batch.topic]
          for (const entity of batch.upserts) map.set(entity.id, entity)
          for (const removed of batch.removes) map.delete(removed)
          seqs[batch.topic] = batch.seq
          batchesReplayed += 1
        }
        lastCommitAt = commit.at
        cursor = entry.id
      }
      if (entries.length < RESTORE_CHUNK) break
    }
    const actionsReply = await command<unknown>([
      'LRANGE',
      keys.actions,
      String(-Math.max(1, historySize)),
      '-1',
    ])
    const alarmActions = Array.isArray(actionsReply)
      ? actionsReply.map((raw) => JSON.parse(String(raw)) as AlarmActionRecord)
      : []
    logId = id
    return {
      entities,
      seqs,
      lastCommitAt,
      alarmActions: historySize > 0 ? alarmActions : [],
      stats: { snapshotsRead, batchesReplayed, ms: Math.round(performance.now() - started) },
      position: cursor,
    }
  }

  const emptyRestore = (): RestoredLog => ({
    entities: Object.fromEntries(
      TOPICS.map((topic) => [topic, new Map<string, AnyEntity>()]),
    ) as unknown as RestoredLog['entities'],
    seqs: Object.fromEntries(TOPICS.map((topic) => [topic, 0])) as Record<Topic, number>,
    lastCommitAt: null,
    alarmActions: [],
    stats: { snapshotsRead: 0, batchesReplayed: 0, ms: 0 },
  })

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        closeWaiters.delete(done)
        resolve()
      }, ms)
      const done = (): void => {
        clearTimeout(timer)
        resolve()
      }
      closeWaiters.add(done)
    })

  /** A command on the follow loop's own connection (free between reads), with the deadline. */
  const readerCommand = async <T>(args: readonly string[]): Promise<T> => {
    const answer = reader.sendCommand<T>([...args])
    answer.catch(() => undefined)
    const outcome = await Promise.race([answer, pause(options.commandTimeoutMs).then(() => TIMED_OUT)])
    if (outcome === TIMED_OUT)
      throw new ChangeLogError(
        'unavailable',
        `redis: did not answer ${String(args[0])} within ${options.commandTimeoutMs} ms`,
      )
    return outcome as T
  }

  /**
   * Follows the stream for as long as the log is open; Redis going away only pauses it. A read
   * that outlives its deadline is waited for again, never sent twice, and its answer is the sign
   * Redis is back: the log's identity is checked then, on this loop's own connection, so a
   * command still unanswered on the other one (the commands refused behind it) never holds the
   * follower back once Redis answers again.
   */
  const followLoop = async (): Promise<void> => {
    let checkIdentity = false
    while (!closed) {
      try {
        if (!reader.isReady) {
          setLink({ ok: false, reason: 'redis: not connected', since: now() })
          await waitReady(reader, RETRY_MS * 4)
          checkIdentity = true
          continue
        }
        if (needsReset) {
          const restored = await load()
          position = restored.position
          noteFollowed(restored.seqs)
          needsReset = false
          checkIdentity = false
          setLink({ ok: true })
          follower?.reset(restored)
          notePosition()
          continue
        }
        // A big entry (a source's first full load) may take longer to arrive than a paused Redis.
        pendingRead ??= reader
          .sendCommand<unknown>([
            'XREAD',
            'COUNT',
            String(READ_COUNT),
            'BLOCK',
            String(BLOCK_MS),
            'STREAMS',
            keys.stream,
            position,
          ])
          .then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          )
        const outcome = await Promise.race([pendingRead, pause(BLOCK_MS + options.commandTimeoutMs)])
        if (outcome === undefined) {
          setLink({ ok: false, reason: 'redis: not answering', since: now() })
          checkIdentity = true
          continue
        }
        pendingRead = null
        if (!outcome.ok) throw outcome.error
        if (checkIdentity) {
          // Redis answers again: the same log (AOF) or an empty one (data lost: start again from it).
          const id = await readerCommand<string | null>(['GET', keys.id])
          checkIdentity = false
          if (id !== logId) {
            log.warn('redis change log changed identity while away: resetting from it', {
              was: logId,
              now: id,
            })
            // What was read belongs to the other log: the reset reads it again.
            needsReset = true
            continue
          }
        }
        const reply = outcome.value
        setLink({ ok: true })
        for (const entries of streamsOf(reply)) {
          for (const entry of parseEntries(entries)) {
            position = entry.id
            const commit = commitOf(entry)
            for (const batch of commit.batches)
              followedSeqs[batch.topic] = Math.max(followedSeqs[batch.topic], batch.seq)
            follower?.commit(commit)
            if (needsReset) break
          }
        }
        if (!needsReset) notePosition()
      } catch (error) {
        if (closed) break
        setLink({ ok: false, reason: `redis: ${messageOf(error)}`, since: now() })
        checkIdentity = true
        await pause(RETRY_MS)
      }
    }
  }

  /**
   * Resolves once the follow loop has applied the stream up to `at`, so what this gateway's
   * sources read of its state includes every commit acknowledged before (by any gateway); a
   * follower that cannot get there in the command deadline (Redis away, or far behind) fails
   * the lookup as unavailable, and the source does not acknowledge.
   */
  const followedTo = (at: string): Promise<void> => {
    if (follower === null || closed || comparePositions(position, at) >= 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        at,
        done: () => {
          clearTimeout(timer)
          positionWaiters.delete(waiter)
          resolve()
        },
      }
      const timer = setTimeout(() => {
        positionWaiters.delete(waiter)
        reject(
          new ChangeLogError(
            'unavailable',
            `redis: this gateway has not yet followed the log to ${at} (at ${position})`,
          ),
        )
      }, options.commandTimeoutMs)
      positionWaiters.add(waiter)
    })
  }

  const shared: SharedChangeLog = {
    origin: options.origin,
    follow: (next) => {
      follower = next
      void followLoop().catch((error: unknown) =>
        log.error('follow loop failed', { reason: messageOf(error) }),
      )
    },
    resync: (reason) => {
      log.warn('resetting the projection from the redis change log', { reason })
      needsReset = true
    },
    link: () => link,
  }

  /** The last commit encoded and not yet written, kept for its retry (same id, same bytes). */
  let lastEncoded: { readonly id: string; readonly args: readonly string[] } | null = null
  const sendAppend = async (id: string, at: number, args: readonly string[]): Promise<void> => {
    const day = keys.receipts(Math.floor(at / DAY_MS))
    // A big commit (a source's first full load) gets longer: about a second per 4 MB more.
    const bytes = args.reduce((sum, arg) => sum + arg.length, 0)
    await command(
      ['EVAL', APPEND_SCRIPT, '5', keys.stream, keys.seqs, keys.commit(id), day, keys.actions, ...args],
      options.commandTimeoutMs + Math.floor(bytes / 4_000),
    )
  }

  const changeLog: RedisChangeLog = {
    get id() {
      return logId
    },
    location,
    shared,
    restore: async (alarmHistorySize) => {
      historySize = alarmHistorySize
      const connected = Promise.all([connect(client), connect(reader)])
      // connect() keeps retrying by itself; its failure is seen as "not ready" below.
      connected.catch((error: unknown) => log.warn('redis connect failed', { reason: messageOf(error) }))
      const ready = await waitReady(client, options.connectTimeoutMs)
      if (!ready) {
        // Start without Redis: the gateway listens and says why nothing is live; the follow loop
        // restores the projection once Redis answers.
        needsReset = true
        setLink({
          ok: false,
          reason: `redis: not reachable at start (${options.url.replace(/\/\/[^@/]*@/, '//')})`,
          since: now(),
        })
        return emptyRestore()
      }
      try {
        const restored = await load()
        position = restored.position
        noteFollowed(restored.seqs)
        setLink({ ok: true })
        return restored
      } catch (error) {
        if (error instanceof ChangeLogError && error.kind !== 'unavailable') throw error
        needsReset = true
        setLink({ ok: false, reason: messageOf(error), since: now() })
        return emptyRestore()
      }
    },
    append: async (commit: Commit) => {
      // Refused before anything is encoded: a commit held through an outage is retried every
      // tick, and at bench scale its encoding alone (a source's full load) takes a while.
      const refusal = commands.refusal()
      if (refusal !== null) throw new ChangeLogError('unavailable', refusal)
      const id = commit.id ?? `${options.origin}:${randomUUID()}`
      if (lastEncoded !== null && lastEncoded.id === id) {
        await sendAppend(id, commit.at, lastEncoded.args)
        lastEncoded = null
        return
      }
      const args = [
        options.origin,
        String(commit.at),
        String(options.receiptsMs),
        String(options.actionsMax),
        String(DEDUPE_TTL_S),
        String(commit.batches.length),
      ]
      for (const batch of commit.batches) {
        args.push(batch.topic, JSON.stringify({ u: batch.upserts, r: batch.removes } satisfies StoredBatch))
      }
      args.push(String(commit.receipts.length))
      for (const receipt of commit.receipts) {
        args.push(receiptField(receipt.source, receipt.key), JSON.stringify({ ...receipt, key: '' }))
      }
      args.push(String(commit.alarmActions.length))
      for (const record of commit.alarmActions) args.push(JSON.stringify(record))
      lastEncoded = { id, args }
      await sendAppend(id, commit.at, args)
      lastEncoded = null
    },
    writeSnapshot: async (topic, seq, at, entities) => {
      // The stream position the projection was at when asked (taken before any await).
      const pos = position
      const list = [...entities]
      // Encoded a slice at a time and deflated off the main thread, as the SQLite log does.
      const data = Buffer.from(await encodeInSlices(list)).toString('base64')
      await evalScript(SNAPSHOT_SCRIPT, [keys.snapshot(topic)], [String(seq), pos, String(at), data])
    },
    batchesAfter: async (topic, seq, max) => {
      // Up to what this gateway has followed: the batches its clients' seqs can have come from.
      const upTo = position
      const target = followedSeqs[topic]
      if (seq >= target) return []
      // Batch seq+1 follows the snapshot's position when the snapshot is not newer than `seq`.
      const snapshot = await command<unknown>(['HMGET', keys.snapshot(topic), 'seq', 'pos'])
      const [snapSeq, snapPos] = Array.isArray(snapshot) ? (snapshot as unknown[]) : []
      let cursor = typeof snapPos === 'string' && Number(snapSeq) <= seq ? snapPos : '0-0'
      const found: LoggedBatch[] = []
      let last = seq
      for (;;) {
        const entries = parseEntries(
          await command<unknown>(
            ['XRANGE', keys.stream, `(${cursor}`, upTo, 'COUNT', String(RESTORE_CHUNK)],
            options.commandTimeoutMs * 10,
          ),
        )
        for (const entry of entries) {
          cursor = entry.id
          // The seqs field is cheap to read: only the entries of the topic past `seq` are parsed.
          const entrySeq = parseSeqs(entry.fields.get('s')).get(topic)
          if (entrySeq === undefined || entrySeq <= seq) continue
          // The stream no longer reaches back to `seq` (trimmed): a snapshot instead.
          if (entrySeq !== last + 1) return null
          const [batch] = commitOf(entry, topic).batches
          if (batch === undefined) return null
          found.push(batch)
          last = entrySeq
          if (found.length > max) return null
        }
        if (entries.length < RESTORE_CHUNK || last >= target) break
      }
      return last >= target ? found.filter((batch) => batch.seq <= target) : null
    },
    stateAt: async (topic, at): Promise<StateAt | null> => {
      const reply = await command<unknown>(
        ['HMGET', keys.snapshot(topic), 'seq', 'pos', 'at', 'data'],
        options.commandTimeoutMs * 10,
      )
      const [seqText, pos, snapAt, data] = Array.isArray(reply) ? reply : []
      const map = new Map<string, AnyEntity>()
      let seq = 0
      let stateAt: number | null = null
      let cursor = '0-0'
      if (typeof data === 'string' && typeof pos === 'string') {
        if (Number(snapAt) > at) return null
        for (const entity of JSON.parse(
          inflateRawSync(Buffer.from(data, 'base64')).toString('utf8'),
        ) as AnyEntity[])
          map.set(entity.id, entity)
        seq = Number(seqText)
        stateAt = Number(snapAt)
        cursor = pos
      }
      for (;;) {
        const entries = parseEntries(
          await command<unknown>(
            ['XRANGE', keys.stream, `(${cursor}`, String(at), 'COUNT', String(RESTORE_CHUNK)],
            options.commandTimeoutMs * 10,
          ),
        )
        for (const entry of entries) {
          cursor = entry.id
          for (const batch of commitOf(entry, topic).batches) {
            if (batch.seq <= seq || batch.at > at) continue
            for (const entity of batch.upserts) map.set(entity.id, entity)
            for (const removed of batch.removes) map.delete(removed)
            seq = batch.seq
            stateAt = batch.at
          }
        }
        if (entries.length < RESTORE_CHUNK) break
      }
      return { topic, seq, at: stateAt, entities: [...map.values()] }
    },
    changesBetween: async (topic, from, to, limit) => {
      const found: LoggedBatch[] = []
      let cursor = String(Math.max(0, from + 1))
      for (;;) {
        const entries = parseEntries(
          await command<unknown>(
            ['XRANGE', keys.stream, cursor, String(to), 'COUNT', String(RESTORE_CHUNK)],
            options.commandTimeoutMs * 10,
          ),
        )
        for (const entry of entries) {
          cursor = `(${entry.id}`
          for (const batch of commitOf(entry, topic).batches) {
            if (batch.at <= from || batch.at > to) continue
            found.push(batch)
            if (found.length >= limit) return found
          }
        }
        if (entries.length < RESTORE_CHUNK) return found
      }
    },
    receipt: async (source, key): Promise<Receipt | undefined> => {
      const reply = await evalScript<unknown>(
        RECEIPT_SCRIPT,
        [keys.stream, ...receiptKeys(now())],
        [receiptField(source, key)],
      )
      const [head, value] = Array.isArray(reply) ? (reply as unknown[]) : []
      // Looked up before a message is planned: the state it is planned on must include every
      // commit acknowledged before it, whichever gateway acknowledged it (the message before it
      // from the same sender, say, answered by another gateway a moment ago).
      if (typeof head === 'string') await followedTo(head)
      if (typeof value !== 'string') return undefined
      return { ...(JSON.parse(value) as Receipt), source, key }
    },
    alarmActionsBetween: async (from, to, limit) => {
      const reply = await command<unknown>(['LRANGE', keys.actions, '0', '-1'], options.commandTimeoutMs * 10)
      const records = Array.isArray(reply)
        ? reply.map((raw) => JSON.parse(String(raw)) as AlarmActionRecord)
        : []
      return records.filter((record) => record.at > from && record.at <= to).slice(0, limit)
    },
    prune: async (at) => {
      // Trimmed to the oldest topic's latest snapshot (a restore needs nothing older), but never
      // younger than `streamKeepMs` (the history API and slow followers read the recent past).
      const seqReply = fieldsOf(await command<unknown>(['HGETALL', keys.seqs]))
      const topicsWithData = TOPICS.filter((topic) => Number(seqReply.get(topic) ?? 0) > 0)
      let oldest: string | null = null
      for (const topic of topicsWithData) {
        const pos = await command<string | null>(['HGET', keys.snapshot(topic), 'pos'])
        if (typeof pos !== 'string') return { batches: 0, snapshots: 0, receipts: 0, events: 0 }
        if (oldest === null || comparePositions(pos, oldest) < 0) oldest = pos
      }
      if (oldest === null) return { batches: 0, snapshots: 0, receipts: 0, events: 0 }
      const keepFrom = `${Math.max(0, at - options.streamKeepMs)}-0`
      const minId = comparePositions(oldest, keepFrom) < 0 ? oldest : keepFrom
      const trimmed = await command<number>(['XTRIM', keys.stream, 'MINID', '~', minId])
      return { batches: Number(trimmed), snapshots: 0, receipts: 0, events: 0 }
    },
    stats: async () => {
      const length = await command<number>(['XLEN', keys.stream])
      const first = parseEntries(await command<unknown>(['XRANGE', keys.stream, '-', '+', 'COUNT', '1']))[0]
      const memory = await command<number | null>(['MEMORY', 'USAGE', keys.stream]).catch(() => null)
      return {
        bytes: Number(memory ?? 0),
        batches: Number(length),
        snapshots: 0,
        receipts: 0,
        events: 0,
        oldestBatchAt: first === undefined ? null : Number(first.fields.get('at') ?? 0),
      }
    },
    close: async () => {
      closed = true
      for (const done of closeWaiters) done()
      closeWaiters.clear()
      for (const connection of [reader, client]) {
        if (!connection.isOpen) continue
        // destroy, not quit: quit waits for Redis, which may be paused or gone.
        try {
          connection.destroy()
        } catch (error) {
          log.warn('redis close failed', { reason: messageOf(error) })
        }
      }
    },
  }
  return changeLog
}
