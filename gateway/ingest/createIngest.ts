/**
 * The edge between adapters and the store: every operation an adapter proposes is validated
 * against the shared entity schemas before it reaches the store. A rejected operation is counted
 * for its source, logged with a reason (never the payload), and never broadcast; the rest of the
 * same `emit()` carries on. Also keeps each source's health for the `sources` event.
 */
import {
  entitySchemas,
  TOPICS,
  topicSchema,
  type AnyEntity,
  type CyberAlert,
  type EntityOf,
  type SourceHealth,
  type SourceStatus,
  type Topic,
} from '../../shared/contracts/entities.ts'
import type { RestoredTopic } from '../../shared/contracts/feed.ts'
import type { NhsAlertInput } from '../../shared/contracts/cyberResponse.ts'
import { mayRecordNhsAlert, mayRespondToCyberAlert } from '../../shared/domain/cyber/cyberPermissions.ts'
import { mergeSourceAlert } from '../../shared/domain/cyber/mergeSourceAlert.ts'
import {
  NHS_MANUAL_SOURCE,
  nhsAlertFromInput,
  nhsAlertId,
} from '../../shared/domain/cyber/nhsAlertFromInput.ts'
import {
  respondToAlert,
  type Actor,
  type AlertResponseStep,
} from '../../shared/domain/cyber/respondToAlert.ts'
import { assertNever } from '../../shared/util/assertNever.ts'
import { placeNhsAlert } from './placeHostOnNetwork.ts'
import { formatIssuePath } from '../core/formatConfigIssues.ts'
import type { GatewayMetrics } from '../metrics/createMetrics.ts'
import type { Receipt } from '../store/changeLog.ts'
import type { EntityStore } from '../store/entityStore.ts'
import type { Committer } from './createCommitter.ts'
import type { AdapterSink, SourceAdapter, SourceOp } from './sourceAdapter.ts'
import type { Logger } from '../log/Logger.ts'

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
  /**
   * One step of the response to a cyber alert (acknowledge, investigate, update, resolve) by
   * `actor`: the transition rule and the role check are shared/domain/cyber/respondToAlert.ts. The
   * response is kept across later updates of the same alert from its source (mergeSourceAlert),
   * and the change goes through validation and the log like any other.
   */
  respondToAlert(alertId: string, step: AlertResponseStep, actor: Actor): AlertChange
  /**
   * Records an NHS England cyber alert entered by hand (`nhs-alert:record`): refused when the role
   * may not, or when the reference is already recorded. Webhook deliveries come in as a source.
   */
  recordNhsAlert(input: NhsAlertInput, actor: Actor): AlertChange
  /** Called after an adapter's start(): a failure marks it down; otherwise up unless it said otherwise. */
  markStarted(adapterId: string, failure: string | null): void
  /**
   * Topics restored from the change log at start that no source has delivered to since: they are
   * RESTORED, never live, until one does.
   */
  restoredTopics(): RestoredTopic[]
  /** A source on another gateway of the cluster delivered to these topics: they are live again. */
  confirmTopics(topics: Iterable<Topic>): void
}

/** What the ingest needs of the commit path (see createCommitter). */
export type IngestCommitPath = Pick<Committer, 'durable' | 'recordReceipt' | 'pendingReceipt' | 'status'> & {
  readonly receipt: (source: string, key: string) => Promise<Receipt | undefined>
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
  /** Scope `ingest.<source id>`: the logger bounds repeated lines per scope, so per source. */
  readonly log: Logger
}

type OpResult = { ok: true } | { ok: false; reason: string }

export type AlertChange = { ok: true; alert: CyberAlert } | { ok: false; reason: string }

export function createIngest(deps: {
  readonly store: EntityStore
  readonly metrics: GatewayMetrics
  readonly log: Logger
  readonly now: () => number
  readonly onChange: ChangeListener
  /** A source's status changed (the gateway sends `sources` promptly instead of waiting). */
  readonly onStatusChange: () => void
  readonly commits: IngestCommitPath
  /**
   * When the state in the store was last live before this start (the last commit restored from
   * the log), or null when nothing was restored.
   */
  readonly restoredAsOf: number | null
}): Ingest {
  const { store, metrics, now, onChange, commits } = deps
  const log = deps.log.child('ingest')
  const sources = new Map<string, SourceState>()
  const restoredTopics = new Set<Topic>()
  if (deps.restoredAsOf !== null) {
    for (const topic of TOPICS) {
      if (store.seq(topic) > 0 || store.size(topic) > 0) restoredTopics.add(topic)
    }
  }

  /**
   * Parses an entity. A cyber alert keeps the gateway's response (acknowledgement, status, steps)
   * when its source re-sends it without: the rule is mergeSourceAlert's, and the response lives in
   * the store — so in the log, and across a restart — not in a map of its own.
   */
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
    if (topic !== 'cyber') return { ok: true, entity: result.data }
    const alert = result.data as EntityOf['cyber']
    const placed = placeNhsAlert(alert, () => store.values('network'))
    return { ok: true, entity: mergeSourceAlert(store.get('cyber', alert.id), placed) }
  }

  const write = (topic: Topic, entity: AnyEntity): void => {
    const previous = store.put(topic, entity)
    onChange(topic, entity.id, previous, entity)
  }

  /** The gateway's own change to a cyber alert: validated like a source's, then stored and sent. */
  const writeAlert = (alert: CyberAlert): AlertChange => {
    const result = entitySchemas.cyber.safeParse(alert)
    if (!result.success)
      return { ok: false, reason: `invalid cyber alert: ${result.error.issues[0]?.message ?? 'invalid'}` }
    const placed = placeNhsAlert(result.data, () => store.values('network'))
    write('cyber', placed)
    return { ok: true, alert: placed }
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
        if (previous !== undefined) onChange(topic, op.id, previous, undefined)
        return { ok: true }
      }
      default:
        return assertNever(op, 'source op')
    }
  }

  const countReject = (state: SourceState, reason: string, topic: unknown): void => {
    state.rejectedCount += 1
    metrics.sourceRejects.inc({ source: state.adapter.id })
    state.log.warn('rejected', {
      source: state.adapter.id,
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
      log: log.child(adapter.id),
    }
    sources.set(adapter.id, state)
    metrics.trackSource(adapter.id, adapter.topics)
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
          // A source that delivers confirms its topics again: they are no longer only restored.
          for (const topic of acceptedByTopic.keys()) restoredTopics.delete(topic as Topic)
        }
        return { accepted, rejected }
      },
      reject: (reason) => countReject(state, reason.slice(0, 300), null),
      error: (reason) => {
        state.errorCount += 1
        metrics.sourceErrors.inc({ source: adapter.id })
        state.log.error('source error', { source: adapter.id, reason: reason.slice(0, 300) })
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
      entities: (topic) => store.values(topic),
      confirmed: () => {
        state.lastMessageAt = now()
        for (const topic of adapter.topics) restoredTopics.delete(topic)
      },
      durable: () => commits.durable(),
      receipt: async (key) =>
        commits.pendingReceipt(adapter.id, key) ?? (await commits.receipt(adapter.id, key)),
      recordReceipt: (receipt) => commits.recordReceipt({ ...receipt, source: adapter.id }),
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
      const commitStatus = commits.status()
      return [...sources.values()].map((state) => {
        const elapsed = at - state.windowStartedAt
        if (rollWindow && elapsed >= 500) {
          state.ratePerSec = (state.windowAccepted * 1000) / elapsed
          state.windowAccepted = 0
          state.windowStartedAt = at
        }
        return {
          id: state.adapter.id,
          kind: state.adapter.kind,
          topics: [...state.adapter.topics],
          // While the change log cannot be written nothing reaches clients or is acknowledged:
          // every source says so, so no wall takes the silence for a quiet live feed.
          status: commitStatus.ok ? state.status : commitStatus.degraded === true ? 'degraded' : 'down',
          detail: commitStatus.ok
            ? state.detail
            : `change log unavailable since ${new Date(commitStatus.since).toISOString()}: ${commitStatus.reason}`.slice(
                0,
                300,
              ),
          lastMessageAt: state.lastMessageAt,
          ratePerSec: Math.round(state.ratePerSec * 10) / 10,
          rejectedCount: state.rejectedCount,
          errorCount: state.errorCount,
        }
      })
    },
    respondToAlert: (alertId, step, actor) => {
      // The role first: whether an alert exists is not told to a role that may not act on it.
      if (!mayRespondToCyberAlert(actor.role, step.action))
        return { ok: false, reason: `role ${actor.role} may not ${step.action} alerts` }
      const alert = store.get('cyber', alertId)
      if (alert === undefined) return { ok: false, reason: 'no such alert' }
      const response = respondToAlert(alert, step, actor, now())
      if (!response.ok) return { ok: false, reason: response.error }
      return writeAlert(response.alert)
    },
    recordNhsAlert: (input, actor) => {
      if (!mayRecordNhsAlert(actor.role))
        return { ok: false, reason: `role ${actor.role} may not record NHS cyber alerts` }
      const current = store.get('cyber', nhsAlertId(input.reference))
      if (current !== undefined) return { ok: false, reason: `${input.reference} is already recorded` }
      const alert = nhsAlertFromInput(input, {
        source: NHS_MANUAL_SOURCE,
        now: now(),
        // Placed on the network's devices as it is written (placeNhsAlert), like a webhook's.
        place: () => ({ deviceId: null, siteId: null, unitId: null }),
        current,
      })
      log.info('nhs cyber alert recorded', { alert: alert.id, by: actor.user })
      return writeAlert(alert)
    },
    markStarted,
    confirmTopics: (topics) => {
      for (const topic of topics) restoredTopics.delete(topic)
    },
    restoredTopics: () => {
      if (restoredTopics.size === 0 || deps.restoredAsOf === null) return []
      const asOf = deps.restoredAsOf
      return [...restoredTopics].map((topic) => ({
        topic,
        asOf,
        waitingFor: [...sources.values()]
          .filter((state) => state.adapter.topics.includes(topic))
          .map((state) => state.adapter.id),
      }))
    },
  }
}
