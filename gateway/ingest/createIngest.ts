/**
 * The edge between adapters and the store: every operation an adapter proposes is validated
 * against the shared entity schemas before it reaches the store. A rejected operation is counted
 * for its source, logged with a reason (never the payload), and never broadcast; the rest of the
 * same `emit()` carries on. Also keeps each source's health for the `sources` event.
 */
import {
  entitySchemas,
  topicSchema,
  type AlertAck,
  type AnyEntity,
  type EntityOf,
  type SourceHealth,
  type SourceStatus,
  type Topic,
} from '../../shared/contracts/entities.ts'
import { assertNever } from '../../shared/util/assertNever.ts'
import { formatIssuePath } from '../config/formatConfigIssues.ts'
import type { GatewayMetrics } from '../server/createMetrics.ts'
import type { EntityStore } from '../store/entityStore.ts'
import type { AdapterSink, Logger, SourceAdapter, SourceOp } from './sourceAdapter.ts'

/** Receives every accepted change, for the fan-out. */
export type ChangeListener = (
  topic: Topic,
  id: string,
  previous: AnyEntity | undefined,
  next: AnyEntity | undefined,
) => void

export type Ingest = {
  /** The sink handed to one adapter. */
  sinkFor(adapter: SourceAdapter): AdapterSink
  /** Current health of every source; `rollWindow` starts a new rate window (the `sources` timer). */
  health(rollWindow: boolean): SourceHealth[]
  /** Applies a gateway-originated change (an acknowledgement) through the same validation. */
  applyInternal(
    topic: Topic,
    entity: unknown,
  ): { ok: true; entity: AnyEntity } | { ok: false; reason: string }
  /** Called after an adapter's start(): a failure marks it down; otherwise up unless it said otherwise. */
  markStarted(adapterId: string, failure: string | null): void
  /** Acknowledgements kept across later updates of the same cyber alert from its source. */
  readonly cyberAcks: Map<string, AlertAck>
}

type SourceState = {
  readonly adapter: SourceAdapter
  status: SourceStatus
  detail: string | null
  statusSetByAdapter: boolean
  lastMessageAt: number | null
  accepted: number
  windowAccepted: number
  windowStartedAt: number
  ratePerSec: number
  rejectedCount: number
  errorCount: number
  logBudget: number
  logSuppressed: number
}

type OpResult = { ok: true } | { ok: false; reason: string }

/** How many reject/error lines a source may log per `sources` window before they are summarised. */
const LOG_LINES_PER_WINDOW = 10

export function createIngest(deps: {
  readonly store: EntityStore
  readonly metrics: GatewayMetrics
  readonly log: Logger
  readonly now: () => number
  readonly onChange: ChangeListener
  /** A source's status changed (the gateway sends `sources` promptly instead of waiting). */
  readonly onStatusChange: () => void
}): Ingest {
  const { store, metrics, now, onChange } = deps
  const log = deps.log.child('ingest')
  const sources = new Map<string, SourceState>()
  const cyberAcks = new Map<string, AlertAck>()

  /** Parses an entity; a cyber alert the source sends unacknowledged keeps the gateway's ack. */
  const validate = (
    topic: Topic,
    raw: unknown,
  ): { ok: true; entity: AnyEntity } | { ok: false; reason: string } => {
    const result = entitySchemas[topic].safeParse(raw)
    if (!result.success) {
      const [first] = result.error.issues
      const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : ''
      const where = first === undefined ? '' : formatIssuePath(first.path)
      return {
        ok: false,
        reason: `invalid ${topic} entity: ${where === '' ? '' : where + ': '}${first?.message ?? 'invalid'}${more}`,
      }
    }
    let entity: AnyEntity = result.data
    if (topic === 'cyber') {
      const alert = entity as EntityOf['cyber']
      const ack = cyberAcks.get(alert.id)
      if (ack !== undefined && alert.ack === null) {
        entity = { ...alert, ack, status: alert.status === 'new' ? 'acknowledged' : alert.status }
      }
    }
    return { ok: true, entity }
  }

  const write = (topic: Topic, entity: AnyEntity): void => {
    const previous = store.put(topic, entity)
    onChange(topic, entity.id, previous, entity)
  }

  const applyOp = (state: SourceState, op: SourceOp): OpResult => {
    const topicResult = topicSchema.safeParse(op.topic)
    if (!topicResult.success) return { ok: false, reason: 'unknown topic' }
    const topic = topicResult.data
    if (!state.adapter.topics.includes(topic))
      return { ok: false, reason: `topic ${topic} is not declared by the source` }
    switch (op.op) {
      case 'upsert': {
        const result = validate(topic, op.entity)
        if (!result.ok) return result
        write(topic, result.entity)
        return { ok: true }
      }
      case 'patch': {
        if (typeof op.id !== 'string') return { ok: false, reason: 'patch without an id' }
        const current = store.get(topic, op.id)
        if (current === undefined) return { ok: false, reason: `patch of unknown ${topic} id` }
        if (typeof op.changes !== 'object' || op.changes === null || Array.isArray(op.changes)) {
          return { ok: false, reason: 'patch changes must be an object' }
        }
        const merged: Record<string, unknown> = { ...current, ...(op.changes as Record<string, unknown>) }
        if (merged['id'] !== op.id) return { ok: false, reason: 'patch may not change the id' }
        const result = validate(topic, merged)
        if (!result.ok) return result
        write(topic, result.entity)
        return { ok: true }
      }
      case 'remove': {
        if (typeof op.id !== 'string') return { ok: false, reason: 'remove without an id' }
        const previous = store.remove(topic, op.id)
        // Removing what is not there is accepted and changes nothing: sources may repeat themselves.
        if (previous !== undefined) {
          if (topic === 'cyber') cyberAcks.delete(op.id)
          onChange(topic, op.id, previous, undefined)
        }
        return { ok: true }
      }
      default:
        return assertNever(op, 'source op')
    }
  }

  const logLimited = (
    state: SourceState,
    level: 'warn' | 'error',
    message: string,
    fields: Record<string, unknown>,
  ): void => {
    if (state.logBudget > 0) {
      state.logBudget -= 1
      log[level](message, { source: state.adapter.id, ...fields })
    } else {
      state.logSuppressed += 1
    }
  }

  const countReject = (state: SourceState, reason: string, topic: unknown): void => {
    state.rejectedCount += 1
    metrics.sourceRejects.inc({ source: state.adapter.id })
    logLimited(state, 'warn', 'rejected', {
      topic: typeof topic === 'string' ? topic.slice(0, 32) : null,
      reason,
    })
  }

  const setStatus = (state: SourceState, status: SourceStatus, detail: string | null): void => {
    const changed = state.status !== status || state.detail !== detail
    state.status = status
    state.detail = detail === null ? null : detail.slice(0, 300)
    if (changed) {
      log.info('source status', { source: state.adapter.id, status })
      deps.onStatusChange()
    }
  }

  const sinkFor = (adapter: SourceAdapter): AdapterSink => {
    if (sources.has(adapter.id)) throw new Error(`duplicate source id ${adapter.id}`)
    const state: SourceState = {
      adapter,
      status: 'down',
      detail: 'starting',
      statusSetByAdapter: false,
      lastMessageAt: null,
      accepted: 0,
      windowAccepted: 0,
      windowStartedAt: now(),
      ratePerSec: 0,
      rejectedCount: 0,
      errorCount: 0,
      logBudget: LOG_LINES_PER_WINDOW,
      logSuppressed: 0,
    }
    sources.set(adapter.id, state)
    return {
      emit: (ops) => {
        let accepted = 0
        let rejected = 0
        const acceptedByTopic = new Map<string, number>()
        for (const op of ops) {
          let result: OpResult
          try {
            result = applyOp(state, op)
          } catch (error) {
            // A bug in one op (e.g. a malformed op object) must not lose the rest of the batch.
            result = {
              ok: false,
              reason: `internal error: ${error instanceof Error ? error.message : String(error)}`,
            }
          }
          if (result.ok) {
            accepted += 1
            acceptedByTopic.set(op.topic, (acceptedByTopic.get(op.topic) ?? 0) + 1)
          } else {
            rejected += 1
            countReject(state, result.reason, op.topic)
            metrics.ingestOps.inc({
              source: adapter.id,
              topic: String(op.topic).slice(0, 32),
              result: 'rejected',
            })
          }
        }
        for (const [topic, count] of acceptedByTopic) {
          metrics.ingestOps.inc({ source: adapter.id, topic, result: 'accepted' }, count)
        }
        if (accepted > 0) {
          state.accepted += accepted
          state.windowAccepted += accepted
          state.lastMessageAt = now()
        }
        return { accepted, rejected }
      },
      reject: (reason) => countReject(state, reason.slice(0, 300), null),
      error: (reason) => {
        state.errorCount += 1
        metrics.sourceErrors.inc({ source: adapter.id })
        logLimited(state, 'error', 'source error', { reason: reason.slice(0, 300) })
      },
      connectionRefused: (reason) => {
        // The adapter logs the refusal with the peer; here it is counted.
        state.errorCount += 1
        metrics.sourceErrors.inc({ source: adapter.id })
        metrics.connectionsRefused.inc({ source: adapter.id, reason })
      },
      status: (status, detail) => {
        state.statusSetByAdapter = true
        setStatus(state, status, detail)
      },
      current: (topic, id) => store.get(topic, id),
    }
  }

  const markStarted = (adapterId: string, failure: string | null): void => {
    const state = sources.get(adapterId)
    if (state === undefined) return
    if (failure !== null) {
      state.errorCount += 1
      metrics.sourceErrors.inc({ source: adapterId })
      setStatus(state, 'down', `failed to start: ${failure}`)
    } else if (!state.statusSetByAdapter) {
      setStatus(state, 'up', null)
    }
  }

  return {
    sinkFor,
    health: (rollWindow) => {
      const at = now()
      return [...sources.values()].map((state) => {
        const elapsed = at - state.windowStartedAt
        if (rollWindow && elapsed >= 500) {
          state.ratePerSec = (state.windowAccepted * 1000) / elapsed
          state.windowAccepted = 0
          state.windowStartedAt = at
          if (state.logSuppressed > 0) {
            log.warn('log lines suppressed', { source: state.adapter.id, count: state.logSuppressed })
          }
          state.logSuppressed = 0
          state.logBudget = LOG_LINES_PER_WINDOW
        }
        return {
          id: state.adapter.id,
          kind: state.adapter.kind,
          topics: [...state.adapter.topics],
          status: state.status,
          detail: state.detail,
          lastMessageAt: state.lastMessageAt,
          ratePerSec: Math.round(state.ratePerSec * 10) / 10,
          rejectedCount: state.rejectedCount,
          errorCount: state.errorCount,
        }
      })
    },
    applyInternal: (topic, raw) => {
      const result = validate(topic, raw)
      if (!result.ok) return result
      write(topic, result.entity)
      return result
    },
    cyberAcks,
    markStarted,
  }
}
