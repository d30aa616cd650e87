/**
 * The gateway's own alarm engine: the shared engine (shared/domain/alarms, pure TypeScript) hosted
 * once in the gateway over its entity store, so the gateway knows every alarm whether or not any
 * app is open. It is what
 *
 * - accepts or refuses alarm actions: a fingerprint its engine does not know, a shelve past
 *   `alarms.maxShelve`, a role that may not act, or a display past its action rate is refused with
 *   a clear error, logged and counted, and never reaches any client;
 * - resolves a flood line to its members, so every client applies an action to the same alarms;
 * - states when conditions without a time of their own began (`alarm:conditions`);
 * - feeds the outbound notifier (gateway/notify/) — people off the wall.
 *
 * Store changes are coalesced and applied every `flushMs`; the engine ticks every second. Feed
 * freshness is judged as a client would: a topic is confirmed by a change or by a healthy source.
 */
import { randomUUID } from 'node:crypto'
import type { AnyEntity, EntityOf, SourceHealth, Topic } from '../../shared/contracts/entities.ts'
import { TOPICS } from '../../shared/contracts/entities.ts'
import {
  alarmActionRequestSchema,
  type AlarmActionRecord,
  type AlarmActionRequest,
  type AlarmActionResponse,
  type AlarmActionsEvent,
  type AlarmConditionsEvent,
  type Role,
} from '../../shared/contracts/feed.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import { ALARM_TICK_MS, AlarmEngine } from '../../shared/domain/alarms/AlarmEngine.ts'
import { mayActOnAlarms } from '../../shared/domain/alarms/alarmPermissions.ts'
import type { RulePack } from '../../shared/domain/alarms/alarmRuleSchema.ts'
import { isGroupFingerprint, splitFingerprint } from '../../shared/domain/alarms/fingerprint.ts'
import { formatDuration } from '../../shared/domain/alarms/parseDuration.ts'
import { Counter } from 'prom-client'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'
import type { ChangeListener } from '../ingest/createIngest.ts'
import type { Logger } from '../log/Logger.ts'
import type { GatewayMetrics } from '../metrics/createMetrics.ts'
import type { EntityStore } from '../store/entityStore.ts'
import type { AlarmsConfig } from './alarmsConfigSchema.ts'
import { createAlarmActionLog } from './createAlarmActionLog.ts'
import { createRateLimiter } from './createRateLimiter.ts'

/**
 * A client's clock may run a little ahead of the gateway's: a shelve chosen at exactly the cap is
 * allowed this much over it.
 */
const SHELVE_CLOCK_ALLOWANCE_MS = 60_000
/** One log line per refusal reason per display per this long; the rest are counted in it. */
const REFUSAL_LOG_WINDOW_MS = 60_000

export type AlarmActor = { readonly socketId: string; readonly role: Role; readonly user: string }

export type GatewayAlarms = {
  readonly engine: AlarmEngine
  /** Receives every accepted store change (chained after the fan-out's). */
  readonly onChange: ChangeListener
  /** Handles one `alarm:action` request; a refusal is `{ ok: false, error }`. */
  act(request: unknown, actor: AlarmActor): AlarmActionResponse
  /** Applies an action another gateway recorded (from the cluster's shared log). */
  applyRecorded(record: AlarmActionRecord): void
  /** What a client is sent on connect: the latest action per alarm. */
  replay(): AlarmActionsEvent
  /** What a client is sent on connect: when the conditions without a time of their own began. */
  conditions(): AlarmConditionsEvent
  /** A socket disconnected: drop its rate bucket. */
  forget(socketId: string): void
  /** Called after every evaluation (changes applied, tick, action), e.g. by the notifier. */
  onEvaluated(listener: (engine: AlarmEngine, now: number) => void): () => void
  close(): void
}

type Pending = { upserts: Map<string, AnyEntity>; removes: Set<string> }

export function createGatewayAlarms(deps: {
  readonly config: AlarmsConfig
  readonly pack: RulePack
  readonly store: EntityStore
  readonly siteModel: SiteModel
  /** Source health, for feed freshness (ingest.health(false)). */
  readonly health: () => readonly SourceHealth[]
  readonly metrics: GatewayMetrics
  readonly log: Logger
  readonly now: () => number
  /** How often coalesced store changes reach the engine. */
  readonly flushMs?: number
  /** Actions restored from the change log at start, oldest first: the history survives a restart. */
  readonly restoredActions?: readonly AlarmActionRecord[]
}): GatewayAlarms {
  const { config, store, now } = deps
  const log = deps.log.child('alarms')
  const engine = new AlarmEngine({ pack: deps.pack, now, historyLimit: 100 })
  const actionLog = createAlarmActionLog(config.historySize)
  const limiter = createRateLimiter(config.actionRate)
  const actions = new Counter({
    name: 'watchfloor_alarm_actions_total',
    help: 'Alarm actions from clients, by outcome (recorded, refused, rate_limited)',
    labelNames: ['outcome'],
    registers: [deps.metrics.registry],
  })
  const listeners = new Set<(engine: AlarmEngine, now: number) => void>()
  const refusalLog = new Map<string, { until: number; suppressed: number }>()

  // Seed: the store as it is (empty at startup), every topic loaded like a client's first snapshot.
  // Connected first: the gateway is never disconnected from itself, even for a moment.
  const startedAt = now()
  engine.setConnection('connected', startedAt)
  engine.setSiteModel(deps.siteModel)
  for (const topic of TOPICS) {
    engine.applyEntities(topic, { reset: true, upserts: [...store.values(topic)], removes: [] })
    engine.setConfirmedAt(topic, startedAt)
  }
  // Acknowledgements and shelves made before a restart still hold (a shelve until its own end).
  for (const record of deps.restoredActions ?? []) {
    actionLog.remember(record)
    engine.applyAction(record)
  }

  const pending = new Map<Topic, Pending>()
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  const evaluated = (at: number): void => {
    for (const listener of listeners) {
      try {
        listener(engine, at)
      } catch (error) {
        log.error('alarm listener failed', { reason: error instanceof Error ? error.message : String(error) })
      }
    }
  }

  const applyPending = (): boolean => {
    if (flushTimer !== null) clearTimeout(flushTimer)
    flushTimer = null
    if (pending.size === 0) return false
    const at = now()
    for (const [topic, change] of pending) {
      engine.applyEntities(topic, {
        reset: false,
        upserts: [...change.upserts.values()] as EntityOf[Topic][],
        removes: [...change.removes],
      })
      engine.setConfirmedAt(topic, at)
    }
    pending.clear()
    return true
  }

  const flush = (): void => {
    if (applyPending()) {
      engine.alarms()
      evaluated(now())
    }
  }

  const onChange: ChangeListener = (topic, id, _previous, next) => {
    if (closed) return
    let change = pending.get(topic)
    if (change === undefined) {
      change = { upserts: new Map(), removes: new Set() }
      pending.set(topic, change)
    }
    if (next === undefined) {
      change.upserts.delete(id)
      change.removes.add(id)
    } else {
      change.removes.delete(id)
      change.upserts.set(id, next)
    }
    if (flushTimer === null) {
      flushTimer = setTimeout(flush, deps.flushMs ?? 100)
      flushTimer.unref()
    }
  }

  const tickTimer = setInterval(() => {
    applyPending()
    const at = now()
    // A healthy source confirms its topics live even when nothing changed (as a client's hub does).
    for (const source of deps.health()) {
      if (source.status !== 'up') continue
      for (const topic of source.topics) engine.setConfirmedAt(topic, at)
    }
    engine.tick()
    engine.alarms()
    evaluated(at)
  }, ALARM_TICK_MS)
  tickTimer.unref()

  const refuse = (
    actor: AlarmActor,
    reason: string,
    error: string,
    outcome = 'refused',
  ): AlarmActionResponse => {
    actions.inc({ outcome })
    const key = `${actor.socketId}\u0000${reason}`
    const at = now()
    const entry = refusalLog.get(key)
    if (entry !== undefined && entry.until > at) {
      entry.suppressed += 1
    } else {
      log.info('alarm action refused', {
        socket: actor.socketId,
        reason,
        ...(entry !== undefined && entry.suppressed > 0 ? { suppressedBefore: entry.suppressed } : {}),
      })
      refusalLog.set(key, { until: at + REFUSAL_LOG_WINDOW_MS, suppressed: 0 })
      if (refusalLog.size > 10_000) refusalLog.clear()
    }
    return { ok: false, error }
  }

  /** The members an action covers, as this engine knows them; an error when it knows none. */
  const membersOf = (
    request: AlarmActionRequest,
  ): { ok: true; members: string[] } | { ok: false; error: string } => {
    const { fingerprint } = request
    // An acknowledgement may name an alarm cleared across a gateway restart (still CLEARED · UNACK
    // on a wall); a shelve only one this engine holds.
    const accepts = (fp: string): boolean =>
      request.action === 'shelve' ? engine.knows(fp) : engine.couldRaise(fp)
    if (!isGroupFingerprint(fingerprint)) {
      return accepts(fingerprint)
        ? { ok: true, members: [fingerprint] }
        : { ok: false, error: `no such alarm: ${fingerprint}` }
    }
    const ruleId = splitFingerprint(fingerprint)?.ruleId
    // What the operator saw, where this engine knows it (never another rule's alarms); else its own view.
    const named = (request.members ?? []).filter(
      (m) => !isGroupFingerprint(m) && splitFingerprint(m)?.ruleId === ruleId && accepts(m),
    )
    // A line is known by its members too: a client whose clock runs ahead raises a line a moment
    // before this engine, whose members are then conditions still waiting out their `for` here.
    if (!accepts(fingerprint) && named.length === 0)
      return { ok: false, error: `no such alarm: ${fingerprint}` }
    const members = named.length > 0 ? named : [...engine.resolve(fingerprint)]
    return { ok: true, members }
  }

  return {
    engine,
    onChange,
    act: (request, actor) => {
      const at = now()
      if (!limiter.take(actor.socketId, at)) {
        return refuse(
          actor,
          'rate',
          `too many alarm actions from this display (at most ${config.actionRate.burst} at once, ${config.actionRate.perMinute} a minute)`,
          'rate_limited',
        )
      }
      const parsed = alarmActionRequestSchema.safeParse(request)
      if (!parsed.success)
        return refuse(actor, 'invalid', formatConfigIssues(parsed.error.issues, 'alarm:action'))
      if (!mayActOnAlarms(actor.role))
        return refuse(actor, 'role', `role ${actor.role} may not act on alarms`)
      const data = parsed.data
      if (data.action === 'shelve') {
        if (data.until <= at) return refuse(actor, 'shelve-past', 'a shelve must end in the future')
        if (data.until - at > config.maxShelve + SHELVE_CLOCK_ALLOWANCE_MS)
          return refuse(
            actor,
            'shelve-too-long',
            `a shelve lasts at most ${formatDuration(config.maxShelve)} (alarms.maxShelve in the gateway config)`,
          )
      }
      // The engine must see what the store holds now: an alarm raised a moment ago is known.
      applyPending()
      const resolved = membersOf(data)
      if (!resolved.ok) return refuse(actor, 'unknown', resolved.error)
      const record = actionLog.record({ ...data, members: resolved.members }, actor.user, at, randomUUID())
      engine.applyAction(record)
      actions.inc({ outcome: 'recorded' })
      log.info('alarm action', {
        action: record.action,
        fingerprint: record.fingerprint,
        members: resolved.members.length,
        by: record.by,
      })
      evaluated(at)
      return { ok: true, record }
    },
    applyRecorded: (record) => {
      // Another gateway of the cluster recorded it (it came through the shared log).
      actionLog.remember(record)
      engine.applyAction(record)
      evaluated(now())
    },
    replay: () => ({ records: actionLog.latest() }),
    conditions: () => ({ conditions: engine.conditionOrigins(), serverTime: now() }),
    forget: (socketId) => limiter.forget(socketId),
    onEvaluated: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: () => {
      closed = true
      clearInterval(tickTimer)
      if (flushTimer !== null) clearTimeout(flushTimer)
      listeners.clear()
    },
  }
}
