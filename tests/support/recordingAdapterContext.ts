/**
 * A fake `AdapterContext` for adapter integration tests: its sink validates every operation with
 * the shared entity schemas (as the gateway does), keeps the resulting entities, and records
 * statuses, rejects and errors in order. The real gateway path (store, fan-out, sockets) is
 * tested by the gateway's own integration tests; this isolates one adapter against a real peer.
 */
import {
  entitySchemas,
  type EntityOf,
  type SourceStatus,
  type Topic,
} from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { AdapterContext, SourceOp, SourceReceipt } from '../../gateway/ingest/sourceAdapter.ts'
import type { Logger } from '../../gateway/log/Logger.ts'
import { createKeyedHash } from '../../gateway/security/createKeyedHash.ts'
import { ChangeLogError } from '../../gateway/store/changeLog.ts'

export type RecordedStatus = { readonly status: SourceStatus; readonly detail: string | null }
export type InvalidOp = { readonly op: SourceOp; readonly issues: string }

export type RecordingContext = {
  readonly context: AdapterContext
  /** Every accepted operation, in order. */
  readonly accepted: SourceOp[]
  /** Operations that failed validation: always a bug in the adapter. */
  readonly invalid: InvalidOp[]
  readonly rejects: string[]
  readonly errors: string[]
  /** Refused connections' reasons, in order. */
  readonly refusals: string[]
  readonly statuses: RecordedStatus[]
  /** When the adapter reported `confirmed()` (delivered, nothing changed). */
  readonly confirmations: number[]
  readonly entities: { readonly [T in Topic]: Map<string, EntityOf[T]> }
  /** Receipts the adapter recorded, by key (as the change log would keep them). */
  readonly receipts: Map<string, SourceReceipt>
  /** Accepted upserts of one entity, oldest first. */
  history<T extends Topic>(topic: T, id: string): EntityOf[T][]
  lastStatus(): RecordedStatus | undefined
  /** Makes `durable()` reject (a full disk) until called with null. */
  failCommits(reason: string | null): void
}

export function createRecordingContext({
  siteModel,
  now = () => Date.now(),
  log = createSilentTestLogger(),
}: {
  siteModel: SiteModel
  now?: () => number
  log?: Logger
}): RecordingContext {
  const entities = {
    beds: new Map<string, EntityOf['beds']>(),
    assets: new Map<string, EntityOf['assets']>(),
    network: new Map<string, EntityOf['network']>(),
    cyber: new Map<string, EntityOf['cyber']>(),
    waiting: new Map<string, EntityOf['waiting']>(),
  }
  const store = entities as unknown as Record<Topic, Map<string, unknown>>
  const accepted: SourceOp[] = []
  const invalid: InvalidOp[] = []
  const rejects: string[] = []
  const errors: string[] = []
  const refusals: string[] = []
  const statuses: RecordedStatus[] = []
  const confirmations: number[] = []
  const receipts = new Map<string, SourceReceipt>()
  let commitFailure: string | null = null

  const apply = (op: SourceOp): boolean => {
    const map = store[op.topic]
    let candidate: unknown
    switch (op.op) {
      case 'remove':
        map.delete(op.id)
        return true
      case 'upsert':
        candidate = op.entity
        break
      case 'patch': {
        const current = map.get(op.id)
        if (current === undefined) {
          invalid.push({ op, issues: 'patch of a missing entity' })
          return false
        }
        candidate = { ...(current as object), ...(op.changes as object) }
        break
      }
    }
    const parsed = entitySchemas[op.topic].safeParse(candidate)
    if (!parsed.success) {
      invalid.push({ op, issues: parsed.error.message })
      return false
    }
    const entity = parsed.data as { id: string }
    map.set(entity.id, entity)
    return true
  }

  const context: AdapterContext = {
    siteModel,
    now,
    log,
    // A fixed test secret, so ids are stable within a test run and unlike any install's.
    keyedHash: createKeyedHash(Buffer.alloc(32, 0x5a)),
    sink: {
      emit(ops) {
        let ok = 0
        for (const op of ops) {
          if (apply(op)) {
            accepted.push(op)
            ok++
          }
        }
        return { accepted: ok, rejected: ops.length - ok }
      },
      reject: (reason) => void rejects.push(reason),
      error: (reason) => void errors.push(reason),
      connectionRefused: (reason) => void refusals.push(reason),
      status: (status, detail) => void statuses.push({ status, detail }),
      current: (topic, id) => entities[topic].get(id) as never,
      entities: (topic) => entities[topic].values() as never,
      confirmed: () => void confirmations.push(context.now()),
      durable: () =>
        commitFailure === null
          ? Promise.resolve()
          : Promise.reject(new ChangeLogError('full', commitFailure)),
      receipt: (key) => Promise.resolve(receipts.get(key)),
      recordReceipt: (receipt) => void receipts.set(receipt.key, receipt),
    },
  }

  return {
    context,
    accepted,
    invalid,
    rejects,
    errors,
    refusals,
    statuses,
    confirmations,
    entities,
    history: (topic, id) =>
      accepted
        .filter((op) => op.topic === topic && op.op === 'upsert' && (op.entity as { id?: unknown }).id === id)
        .map((op) => (op as { entity: unknown }).entity as EntityOf[typeof topic]),
    lastStatus: () => statuses.at(-1),
    receipts,
    failCommits: (reason) => {
      commitFailure = reason
    },
  }
}

/** A logger that keeps nothing; set WF_TEST_LOG=1 to see adapter logs while debugging a test. */
export function createSilentTestLogger(scope = 'test'): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (process.env.WF_TEST_LOG === '1') console.error(JSON.stringify({ level, scope, message, ...fields }))
  }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => createSilentTestLogger(`${scope}.${child}`),
  }
}
