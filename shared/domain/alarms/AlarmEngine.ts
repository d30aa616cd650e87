/**
 * The local alarm engine: one per app instance (the hub), fed the replica's changes and ticked by an
 * injected clock. It evaluates a validated rule pack (see `alarmRuleSchema.ts`), runs each alarm
 * through the ISA-18.2 lifecycle (`alarmLifecycle.ts`), folds floods into one line per cause, and
 * produces the `ActiveAlarm[]` every window shows.
 *
 * Performance: entity rules are indexed by topic and evaluated only for the entities in a change;
 * occupancy and PAR are kept incrementally; the tick walks only conditions still waiting out their
 * `for` (plus the few connection/feed rules) and the alarms themselves — never every entity.
 *
 * Operator actions (acknowledge, shelve) arrive as gateway-recorded `AlarmActionRecord`s so every
 * client applies the same ones; they are idempotent by record id (`AlarmActionMemory.ts`).
 *
 * Every instance must agree on each alarm's raise time, however late it started: it is the
 * condition's start plus the rule's `for`, the start taken from the data (a device's statusSince, a
 * cyber alert's firstSeen…) or, for conditions the data has no time for (KPIs, PAR, equipment away
 * from home), from the start the gateway's own engine states (`setConditionOrigins`).
 *
 * The same class runs in the gateway over its entity store (gateway/alarms/), where it decides which
 * fingerprints exist (`knows`), what a flood line stands for (`resolve`) and what to notify.
 */
import type {
  ActiveAlarm,
  AlarmLifecycleState,
  AlarmState,
  AlarmSubject,
  AlarmTransition,
} from '../../contracts/alarms.ts'
import type { CyberSeverity, EntityOf, Topic } from '../../contracts/entities.ts'
import { CYBER_SEVERITIES, TOPICS } from '../../contracts/entities.ts'
import type { AlarmActionRecord, AlarmCondition } from '../../contracts/feed.ts'
import type { ConnectionStatus } from '../../contracts/hub.ts'
import type { SiteModel } from '../../contracts/places.ts'
import { assertNever } from '../../util/assertNever.ts'
import { DEFAULT_STALE_AFTER_MS, freshnessOf } from '../freshness.ts'
import { AlarmActionMemory } from './AlarmActionMemory.ts'
import { applyLifecycleEvent, effectivePriority, normalRecord, priorityRank } from './alarmLifecycle.ts'
import type { AlarmRecord, LifecycleEvent, LifecycleResult } from './alarmLifecycle.ts'
import type { AlarmRule, KpiThresholdRule, ParBelowRule, RulePack } from './alarmRuleSchema.ts'
import { createAlarmWorld, indexSiteModel } from './alarmWorld.ts'
import type { AlarmWorld } from './alarmWorld.ts'
import {
  detectAssetOutsideHome,
  detectAssetUnseen,
  detectBedHousekeeping,
  detectCyberAlert,
  detectDeviceDown,
  deviceSubject,
} from './entityDetectors.ts'
import { detectNhsCyberDeadline } from './detectNhsCyberDeadline.ts'
import type { Detection } from './entityDetectors.ts'
import {
  GROUP_SUFFIX,
  fingerprintOf,
  groupFingerprintOf,
  isGroupFingerprint,
  lineKeyOf,
  splitFingerprint,
} from './fingerprint.ts'
import { OccupancyTracker } from './occupancyTracker.ts'
import type { KpiSource } from './occupancyTracker.ts'
import { ParTracker } from './parTracker.ts'
import { formatDuration } from './parseDuration.ts'

/** How often the host should call `tick()`. Conditions mature and shelves expire at this grain. */
export const ALARM_TICK_MS = 1_000

export type AlarmEngineOptions = {
  readonly pack: RulePack
  /** The clock: epoch ms. Tests pass a fake one. */
  readonly now: () => number
  /** Called for every lifecycle transition, in order — the journal's feed. */
  readonly onTransition?: (transition: AlarmTransition) => void
  /** KPI values for threshold rules; defaults to the engine's own incremental occupancy. */
  readonly kpis?: KpiSource
  /** Transitions kept in memory for the history view (the browser host has no journal file). */
  readonly historyLimit?: number
}

/** A change to one topic's entities, in the shape the hub already has. */
export type EntityChange<T extends Topic> = {
  readonly reset: boolean
  readonly upserts: readonly EntityOf[T][]
  readonly removes: readonly string[]
}

export type AlarmActionOutcome =
  | { readonly ok: true; readonly applied: number; readonly duplicate: boolean }
  | { readonly ok: false; readonly error: string }

type Candidate = { readonly since: number; readonly detection: Detection }

type RuleState = {
  readonly rule: AlarmRule
  outOfService: boolean
  /** Subjects whose condition holds now, by subject id. */
  readonly candidates: Map<string, Candidate>
  /** Candidates still waiting out the rule's `for`. */
  readonly pending: Set<string>
  /** KPI hysteresis: subjects past the raise level and not yet back past the clear level. */
  readonly latched: Set<string>
  /**
   * No pending candidate matures before this time, so the tick skips the scan until then (40,000
   * RTLS tags waiting out "unseen for 24 h" cost nothing per tick). Conservative: may be early.
   */
  nextDue: number
  /** PAR: whether the full pass has run (again after the site model changes); then only changed wards. */
  parReady: boolean
}

const ENTITY_RULE_TOPIC: Partial<Record<AlarmRule['kind'], Topic>> = {
  'device-down': 'network',
  'asset-outside-home': 'assets',
  'asset-unseen': 'assets',
  'bed-housekeeping': 'beds',
  'cyber-alert': 'cyber',
  'nhs-cyber-deadline': 'cyber',
}

const STATE_ORDER: Readonly<Record<AlarmState, number>> = {
  unacknowledged: 0,
  'rtn-unacknowledged': 1,
  acknowledged: 2,
  shelved: 3,
  'out-of-service': 4,
}

/**
 * Rules whose detections carry no time of their own: their conditions are timed from when an
 * engine first saw them, so a later instance takes the start the gateway states.
 */
const ORIGIN_KINDS: ReadonlySet<AlarmRule['kind']> = new Set([
  'kpi-threshold',
  'par-below',
  'asset-outside-home',
])
/** Condition starts kept from the gateway's last statement (one per condition it holds). */
const ORIGIN_LIMIT = 50_000

/**
 * Rules about this instance's own view — its connection, its feeds' freshness — which the
 * gateway's engine cannot hold (it is always connected to itself); their fingerprints form a
 * small closed set the gateway accepts without holding the alarm.
 */
function isClientLocalRule(rule: AlarmRule): boolean {
  return rule.kind === 'feed-stale' || rule.kind === 'gateway-disconnected'
}

function clientLocalSubjects(rule: AlarmRule): readonly string[] {
  if (rule.kind === 'feed-stale') return rule.topics ?? TOPICS
  if (rule.kind === 'gateway-disconnected') return ['gateway']
  return []
}

export class AlarmEngine {
  readonly #now: () => number
  readonly #onTransition: ((t: AlarmTransition) => void) | undefined
  readonly #world: AlarmWorld
  readonly #occupancy: OccupancyTracker
  readonly #kpis: KpiSource
  readonly #par: ParTracker
  readonly #rules: RuleState[]
  readonly #rulesById = new Map<string, RuleState>()
  readonly #rulesByTopic: Record<Topic, RuleState[]> = { beds: [], assets: [], network: [], cyber: [] }
  readonly #records = new Map<string, AlarmRecord>()
  /** Actions remembered for alarms raised later and lines joined later. */
  readonly #memory = new AlarmActionMemory()
  /** When conditions began as the gateway states them (fingerprint → epoch ms), until used. */
  readonly #origins = new Map<string, number>()
  readonly #history: AlarmTransition[] = []
  readonly #historyLimit: number
  /** Topics that have had a snapshot or batch: aggregates over a topic never seen would be false alarms. */
  readonly #loaded = new Set<Topic>()
  #groups = new Map<string, readonly string[]>()
  #output: readonly ActiveAlarm[] = []
  #dirty = true
  #version = 0

  constructor(options: AlarmEngineOptions) {
    this.#now = options.now
    this.#onTransition = options.onTransition
    this.#historyLimit = options.historyLimit ?? 1_000
    this.#world = createAlarmWorld(options.now())
    this.#occupancy = new OccupancyTracker(this.#world)
    this.#kpis = options.kpis ?? this.#occupancy
    this.#par = new ParTracker(this.#world)
    this.#rules = options.pack.rules
      .filter((rule) => rule.enabled)
      .map((rule) => ({
        rule,
        outOfService: rule.outOfService,
        candidates: new Map(),
        pending: new Set(),
        latched: new Set(),
        nextDue: Infinity,
        parReady: false,
      }))
    for (const state of this.#rules) {
      this.#rulesById.set(state.rule.id, state)
      const topic = ENTITY_RULE_TOPIC[state.rule.kind]
      if (topic !== undefined) this.#rulesByTopic[topic].push(state)
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  /** The site model: bed → ward, unit names and hierarchy. Re-evaluates everything (rare). */
  setSiteModel(model: SiteModel | null): void {
    indexSiteModel(this.#world, model)
    for (const state of this.#rules) state.parReady = false
    this.#occupancy.rebuild()
    this.#par.rebuild()
    const now = this.#now()
    for (const topic of TOPICS) {
      for (const [id, entity] of this.#entityMap(topic)) this.#evaluateEntity(topic, id, entity, now)
    }
    this.#evaluateAggregates(['beds', 'assets'], now)
    this.#dirty = true
  }

  /** Applies one topic's change (a snapshot is `reset: true` with every entity as an upsert). */
  applyEntities<T extends Topic>(topic: T, change: EntityChange<T>): void {
    const now = this.#now()
    const map = this.#entityMap(topic) as Map<string, EntityOf[T]>
    this.#loaded.add(topic)
    if (change.reset) {
      const keep = new Set(change.upserts.map((e) => e.id))
      for (const id of [...map.keys()]) {
        if (!keep.has(id)) this.#removeEntity(topic, id, now)
      }
    }
    for (const id of change.removes) this.#removeEntity(topic, id, now)
    for (const entity of change.upserts) {
      map.set(entity.id, entity)
      this.#trackEntity(topic, entity.id, entity)
      this.#evaluateEntity(topic, entity.id, entity, now)
    }
    this.#evaluateAggregates([topic], now)
    // A device changing state can regroup alarms under a different failed uplink.
    if (topic === 'network' && this.#records.size > 0) this.#dirty = true
  }

  /** The hub's connection to the gateway. */
  setConnection(status: ConnectionStatus, since: number): void {
    this.#world.connection = { status, since }
    this.#evaluateTimeRules(this.#now())
  }

  /** When a topic's data was last confirmed live (see `TopicState.confirmedAt`). */
  setConfirmedAt(topic: Topic, at: number | null): void {
    if (this.#world.confirmedAt[topic] === at) return
    this.#world.confirmedAt[topic] = at
    this.#evaluateTimeRules(this.#now())
  }

  /**
   * Applies an operator action recorded by the gateway. Idempotent by record id, so the history
   * the gateway replays on reconnect is harmless. The action covers the members the gateway
   * resolved (`members`), or this instance's own view of the line when it names none. Shelving a
   * flood line also shelves every alarm that joins the line while the shelve lasts; unshelving
   * ends that.
   */
  applyAction(action: AlarmActionRecord): AlarmActionOutcome {
    if (!this.#memory.markApplied(action.id)) return { ok: true, applied: 0, duplicate: true }
    const now = this.#now()
    const targets = new Set(action.members ?? this.resolve(action.fingerprint))
    for (const fingerprint of new Set([action.fingerprint, ...targets]))
      this.#memory.remember(fingerprint, action)
    if (isGroupFingerprint(action.fingerprint)) {
      const line = lineKeyOf(action.fingerprint)
      if (action.action === 'shelve') this.#memory.shelveLine(line, action)
      else if (action.action === 'unshelve') this.#memory.unshelveLine(line)
      // Members that joined the line before this action reached us are shelved at the next output.
      this.#dirty = true
    }
    let applied = 0
    for (const fingerprint of targets) {
      const record = this.#records.get(fingerprint)
      if (record === undefined) continue
      if (action.action === 'unshelve') {
        const line = this.#lineKeyOfRecord(record, new Map())
        if (line !== null) this.#memory.unshelveLine(line)
      }
      const event = this.#eventFor(action, record, now)
      if (event === null) continue
      if (this.#apply(fingerprint, record, event)) applied += 1
    }
    // An action for an alarm this instance has not raised (yet) is remembered, not an error.
    return { ok: true, applied, duplicate: false }
  }

  /** Applies a list of actions in time order (the gateway's history on connect). */
  applyActions(actions: readonly AlarmActionRecord[]): void {
    for (const action of [...actions].sort((a, b) => a.at - b.at)) this.applyAction(action)
  }

  /**
   * When conditions without a time of their own began, as the gateway's engine states them (sent
   * on connect): a condition this instance sees later starts from there, not from "now", so it
   * raises and ages as everywhere else. Replaces the previous statement.
   */
  setConditionOrigins(conditions: readonly AlarmCondition[]): void {
    this.#origins.clear()
    for (const { fingerprint, since } of conditions) {
      if (this.#origins.size >= ORIGIN_LIMIT) break
      const split = splitFingerprint(fingerprint)
      const state = split === null ? undefined : this.#rulesById.get(split.ruleId)
      if (split === null || state === undefined || !ORIGIN_KINDS.has(state.rule.kind)) continue
      const candidate = state.candidates.get(split.rest)
      if (candidate === undefined) {
        this.#origins.set(fingerprint, since)
        continue
      }
      // Already held here but not yet raised: the gateway saw it begin earlier (we started later).
      if (since < candidate.since && state.pending.has(split.rest)) {
        state.candidates.set(split.rest, { since, detection: candidate.detection })
        state.nextDue = Math.min(state.nextDue, since + state.rule.for)
      }
    }
  }

  /** Takes a rule out of service (or back): its alarms are held, journalled, never annunciated. */
  setRuleOutOfService(ruleId: string, outOfService: boolean, note: string): boolean {
    const state = this.#rulesById.get(ruleId)
    if (state === undefined || state.outOfService === outOfService) return false
    state.outOfService = outOfService
    const at = this.#now()
    for (const record of [...this.#records.values()]) {
      if (record.ruleId !== ruleId) continue
      this.#apply(record.fingerprint, record, {
        type: outOfService ? 'out-of-service' : 'in-service',
        at,
        note,
      })
    }
    return true
  }

  /**
   * The clock: matures conditions waiting out their `for`, expires shelves, escalates alarms left
   * unacknowledged, and re-checks feed staleness and the gateway connection.
   */
  tick(): void {
    const now = this.#now()
    for (const state of this.#rules) {
      if (now < state.nextDue) continue
      const forMs = state.rule.for
      let nextDue = Infinity
      for (const subjectId of state.pending) {
        const candidate = state.candidates.get(subjectId)
        if (candidate === undefined) continue
        if (now - candidate.since >= forMs) this.#mature(state, subjectId, candidate, now)
        else nextDue = Math.min(nextDue, candidate.since + forMs)
      }
      state.nextDue = nextDue
    }
    this.#evaluateTimeRules(now)
    for (const record of [...this.#records.values()]) {
      if (record.state === 'shelved' && record.shelvedUntil !== null && record.shelvedUntil <= now) {
        // At the shelve's own end, not this tick's time, so every instance re-annunciates it alike.
        this.#apply(record.fingerprint, record, {
          type: 'unshelve',
          at: record.shelvedUntil,
          note: 'shelve expired',
        })
        continue
      }
      const rule = this.#rulesById.get(record.ruleId)?.rule
      if (
        record.state === 'unacknowledged' &&
        !record.escalated &&
        rule?.escalateAfter !== undefined &&
        now - record.annunciatedAt >= rule.escalateAfter
      ) {
        this.#apply(record.fingerprint, record, {
          type: 'escalate',
          at: now,
          note: `unacknowledged for ${formatDuration(now - record.annunciatedAt)}`,
        })
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Outputs

  /** Alarms not in the normal state, flood lines folded, highest priority first. Same array until something changes. */
  alarms(): readonly ActiveAlarm[] {
    if (this.#dirty) {
      if (this.#memory.hasLineShelves) this.#shelveLineJoiners(this.#now())
      const next = this.#computeAlarms()
      this.#dirty = false
      // Keep the old array when nothing visible changed (a device update that regrouped nothing):
      // the hub then sends no alarm change and no window re-renders its banner.
      if (!sameAlarmLists(this.#output, next)) {
        this.#output = next
        this.#version += 1
      }
    }
    return this.#output
  }

  /** Increases whenever `alarms()` produced a new array. */
  get version(): number {
    this.alarms()
    return this.#version
  }

  /** The alarms a fingerprint stands for: a flood line's members, or the alarm itself. */
  resolve(fingerprint: string): readonly string[] {
    if (!isGroupFingerprint(fingerprint)) return this.#records.has(fingerprint) ? [fingerprint] : []
    this.alarms()
    return this.#groups.get(fingerprint) ?? []
  }

  /**
   * Whether this engine knows the fingerprint: an alarm or flood line it holds, a condition it is
   * waiting out, a line under a shelve, or one of the few fingerprints of a client's own view
   * (its connection, its feeds). The gateway refuses actions on anything else.
   */
  knows(fingerprint: string): boolean {
    if (this.#records.has(fingerprint)) return true
    const split = splitFingerprint(fingerprint)
    const state = split === null ? undefined : this.#rulesById.get(split.ruleId)
    if (split === null || state === undefined) return false
    if (isGroupFingerprint(fingerprint)) {
      this.alarms()
      if (this.#groups.has(fingerprint)) return true
      const line = lineKeyOf(fingerprint)
      if (this.#memory.lineShelve(line, this.#now()) !== undefined) return true
      return isClientLocalRule(state.rule) && line === groupFingerprintOf(state.rule.id, 'all')
    }
    if (state.candidates.has(split.rest)) return true
    return clientLocalSubjects(state.rule).includes(split.rest)
  }

  /**
   * Whether the fingerprint names an alarm this engine could raise on what it holds now: a known
   * rule over an entity it has, or a client's own view. The gateway accepts an acknowledgement of
   * such an alarm even when it no longer holds it (it cleared across a gateway restart, and a
   * client still shows it CLEARED · UNACK) — a set bounded by real data, never by what a client types.
   */
  couldRaise(fingerprint: string): boolean {
    if (this.knows(fingerprint)) return true
    const split = splitFingerprint(fingerprint)
    const state = split === null ? undefined : this.#rulesById.get(split.ruleId)
    if (split === null || state === undefined || isGroupFingerprint(fingerprint)) return false
    const topic = ENTITY_RULE_TOPIC[state.rule.kind]
    return topic !== undefined && this.#entityMap(topic).has(split.rest)
  }

  /** Every condition of a rule without a time of its own, with its start: what the gateway states. */
  conditionOrigins(): AlarmCondition[] {
    const out: AlarmCondition[] = []
    for (const state of this.#rules) {
      if (!ORIGIN_KINDS.has(state.rule.kind)) continue
      for (const [subjectId, candidate] of state.candidates)
        out.push({ fingerprint: fingerprintOf(state.rule.id, subjectId), since: candidate.since })
    }
    return out
  }

  /** Every alarm not in the normal state, one per fingerprint (members, not lines): the notifier's input. */
  records(): IterableIterator<AlarmRecord> {
    return this.#records.values()
  }

  /** The rule an alarm belongs to. */
  rule(ruleId: string): AlarmRule | undefined {
    return this.#rulesById.get(ruleId)?.rule
  }

  /** The most recent transitions, oldest first (bounded). */
  history(): readonly AlarmTransition[] {
    return this.#history
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  #entityMap(topic: Topic): Map<string, EntityOf[Topic]> {
    switch (topic) {
      case 'beds':
        return this.#world.beds
      case 'assets':
        return this.#world.assets
      case 'network':
        return this.#world.devices
      case 'cyber':
        return this.#world.cyber
      default:
        return assertNever(topic, 'topic')
    }
  }

  #trackEntity(topic: Topic, id: string, entity: EntityOf[Topic] | null): void {
    if (topic === 'beds') this.#occupancy.update(id, entity as EntityOf['beds'] | null)
    else if (topic === 'assets') this.#par.update(id, entity as EntityOf['assets'] | null)
  }

  #removeEntity(topic: Topic, id: string, now: number): void {
    if (!this.#entityMap(topic).delete(id)) return
    this.#trackEntity(topic, id, null)
    for (const state of this.#rulesByTopic[topic]) this.#evaluate(state, id, null, now)
  }

  #evaluateEntity(topic: Topic, id: string, entity: EntityOf[Topic], now: number): void {
    for (const state of this.#rulesByTopic[topic])
      this.#evaluate(state, id, this.#detect(state.rule, entity), now)
  }

  #detect(rule: AlarmRule, entity: EntityOf[Topic]): Detection | null {
    // The topic index guarantees the entity type matches the rule kind.
    switch (rule.kind) {
      case 'device-down':
        return detectDeviceDown(rule, entity as EntityOf['network'])
      case 'asset-outside-home':
        return detectAssetOutsideHome(this.#world, rule, entity as EntityOf['assets'])
      case 'asset-unseen':
        return detectAssetUnseen(rule, entity as EntityOf['assets'])
      case 'bed-housekeeping':
        return detectBedHousekeeping(this.#world, rule, entity as EntityOf['beds'])
      case 'cyber-alert':
        return detectCyberAlert(rule, entity as EntityOf['cyber'])
      case 'nhs-cyber-deadline':
        return detectNhsCyberDeadline(rule, entity as EntityOf['cyber'])
      case 'kpi-threshold':
      case 'par-below':
      case 'feed-stale':
      case 'gateway-disconnected':
        return null
      default:
        return assertNever(rule, 'alarm rule')
    }
  }

  /** Re-evaluates the rules computed over many entities (KPIs, PAR) after a topic changed. */
  #evaluateAggregates(topics: readonly Topic[], now: number): void {
    const parChanged: RuleState[] = []
    for (const state of this.#rules) {
      const { rule } = state
      if (rule.kind === 'kpi-threshold' && topics.includes('beds') && this.#loaded.has('beds'))
        this.#replace(state, this.#detectKpi(state, rule), now)
      else if (rule.kind === 'par-below' && topics.includes('assets') && this.#loaded.has('assets')) {
        // First time (or after the site model changed): every ward; then only wards whose count moved.
        if (!state.parReady) this.#replace(state, this.#detectPar(state, rule), now)
        else parChanged.push(state)
      }
    }
    if (parChanged.length === 0) return
    for (const { unitId, type } of this.#par.takeChanged()) {
      for (const state of parChanged) {
        const rule = state.rule as ParBelowRule
        if (rule.assetType !== type) continue
        const critical = this.#parCritical(rule, unitId)
        this.#evaluate(
          state,
          unitId,
          critical === undefined ? null : this.#parDetection(rule, unitId, critical),
          now,
        )
      }
    }
  }

  /** Rules that depend on time or the connection rather than on entities. */
  #evaluateTimeRules(now: number): void {
    for (const state of this.#rules) {
      const { rule } = state
      if (rule.kind === 'gateway-disconnected') {
        const { status, since } = this.#world.connection
        const detections = new Map<string, Detection>()
        if (status !== 'connected') {
          detections.set('gateway', {
            subject: { kind: 'gateway', id: 'gateway', siteId: null, levelId: null, unitId: null },
            since,
            detail: `No connection to the gateway (${status}): data on every board is not live`,
            priority: rule.priority,
          })
        }
        this.#replace(state, detections, now)
      } else if (rule.kind === 'feed-stale') {
        const detections = new Map<string, Detection>()
        // Suppressed by design while the gateway is unreachable: every feed is stale then, and the
        // gateway alarm already says why — one alarm, not five.
        if (this.#world.connection.status === 'connected') {
          for (const topic of rule.topics ?? TOPICS) {
            const staleAfter = rule.staleAfter?.[topic] ?? DEFAULT_STALE_AFTER_MS[topic]
            const confirmedAt = this.#world.confirmedAt[topic]
            if (freshnessOf(confirmedAt ?? this.#world.startedAt, now, staleAfter) !== 'stale') continue
            detections.set(topic, {
              subject: { kind: 'feed', id: topic, siteId: null, levelId: null, unitId: null },
              since: (confirmedAt ?? this.#world.startedAt) + staleAfter,
              detail:
                confirmedAt === null
                  ? `The ${topic} feed has sent nothing`
                  : `The ${topic} feed is STALE: no confirmed data for more than ${formatDuration(staleAfter)}`,
              priority: rule.priority,
            })
          }
        }
        this.#replace(state, detections, now)
      }
    }
  }

  #detectKpi(state: RuleState, rule: KpiThresholdRule): Map<string, Detection> {
    const detections = new Map<string, Detection>()
    const seen = new Set<string>()
    const above = rule.direction === 'above'
    for (const v of this.#kpis.values(rule.kpi, rule.scope)) {
      seen.add(v.subjectId)
      const raise = above ? v.value >= rule.raise : v.value <= rule.raise
      const clear = above ? v.value < rule.clear : v.value > rule.clear
      // Hysteresis: a value between the two levels keeps whatever state it had.
      if (raise) state.latched.add(v.subjectId)
      else if (clear) state.latched.delete(v.subjectId)
      if (!state.latched.has(v.subjectId)) continue
      detections.set(v.subjectId, {
        subject: {
          kind: 'kpi',
          id: `${rule.kpi}:${v.subjectId}`,
          siteId: v.siteId,
          levelId: v.levelId,
          unitId: v.unitId,
        },
        since: null,
        detail: `G&A occupancy ${v.value.toFixed(1)} % at ${v.label} (${above ? '≥' : '≤'} ${rule.raise} %)`,
        priority: rule.priority,
      })
    }
    for (const id of state.latched) if (!seen.has(id)) state.latched.delete(id)
    return detections
  }

  #detectPar(state: RuleState, rule: ParBelowRule): Map<string, Detection> {
    state.parReady = true
    const units = new Set([...Object.keys(rule.units ?? {}), ...this.#par.homeUnits(rule.assetType)])
    const detections = new Map<string, Detection>()
    for (const unitId of units) {
      const critical = this.#parCritical(rule, unitId)
      const detection = critical === undefined ? null : this.#parDetection(rule, unitId, critical)
      if (detection !== null) detections.set(unitId, detection)
    }
    return detections
  }

  /**
   * A ward's critical PAR for the rule's type: its override, else the rule's default where the ward
   * owns equipment of that type (and is of a watched kind); none otherwise.
   */
  #parCritical(rule: ParBelowRule, unitId: string): number | undefined {
    const override = rule.units?.[unitId]
    if (override !== undefined) return override
    if (this.#par.homed(unitId, rule.assetType) === 0) return undefined
    const unit = this.#world.units.get(unitId)
    if (unit !== undefined && !(rule.unitKinds as readonly string[]).includes(unit.kind)) return undefined
    return rule.critical
  }

  #parDetection(rule: ParBelowRule, unitId: string, critical: number): Detection | null {
    const available = this.#par.available(unitId, rule.assetType)
    if (available >= critical) return null
    const unit = this.#world.units.get(unitId)
    return {
      subject: {
        kind: 'kpi',
        id: `par:${unitId}:${rule.assetType}`,
        siteId: unit?.siteId ?? null,
        levelId: unit?.levelId ?? null,
        unitId,
      },
      since: null,
      detail: `${available} available ${rule.assetType} in ${unit?.name ?? unitId} (critical PAR ${critical})`,
      priority: rule.priority,
    }
  }

  /** Makes `detections` the complete set of conditions of an aggregate rule. */
  #replace(state: RuleState, detections: ReadonlyMap<string, Detection>, now: number): void {
    for (const subjectId of [...state.candidates.keys()]) {
      if (!detections.has(subjectId)) this.#evaluate(state, subjectId, null, now)
    }
    for (const [subjectId, detection] of detections) this.#evaluate(state, subjectId, detection, now)
  }

  #evaluate(state: RuleState, subjectId: string, detection: Detection | null, now: number): void {
    if (detection === null) {
      // No candidate means nothing is active for this subject (a clear was applied when it went).
      if (!state.candidates.delete(subjectId)) return
      state.pending.delete(subjectId)
      const fingerprint = fingerprintOf(state.rule.id, subjectId)
      const record = this.#records.get(fingerprint)
      if (record !== undefined) this.#apply(fingerprint, record, { type: 'clear', at: now })
      return
    }
    const previous = state.candidates.get(subjectId)
    const candidate: Candidate = {
      since: detection.since ?? previous?.since ?? this.#takeOrigin(state.rule.id, subjectId, now),
      detection,
    }
    const wasMature = previous !== undefined && !state.pending.has(subjectId)
    state.candidates.set(subjectId, candidate)
    this.#mature(state, subjectId, candidate, now, wasMature)
  }

  /** A new condition's start: the gateway's statement of it if there is one (used once), else now. */
  #takeOrigin(ruleId: string, subjectId: string, now: number): number {
    if (this.#origins.size === 0) return now
    const fingerprint = fingerprintOf(ruleId, subjectId)
    const since = this.#origins.get(fingerprint)
    if (since === undefined) return now
    this.#origins.delete(fingerprint)
    return Math.min(since, now)
  }

  /** Raises the alarm once the condition has held for the rule's `for`; until then it waits. */
  #mature(state: RuleState, subjectId: string, candidate: Candidate, now: number, wasMature = false): void {
    const { rule } = state
    if (now - candidate.since < rule.for) {
      // Only a candidate that had matured can have an active alarm; the common case — 40,000 tags
      // waiting out "unseen for 24 h" — needs no fingerprint or record lookup.
      state.pending.add(subjectId)
      state.nextDue = Math.min(state.nextDue, candidate.since + rule.for)
      if (!wasMature) return
      const fingerprint = fingerprintOf(rule.id, subjectId)
      const existing = this.#records.get(fingerprint)
      // The condition restarted (e.g. down, up, down again): it must hold for `for` afresh.
      if (existing?.active === true) this.#apply(fingerprint, existing, { type: 'clear', at: now })
      return
    }
    const fingerprint = fingerprintOf(rule.id, subjectId)
    const existing = this.#records.get(fingerprint)
    state.pending.delete(subjectId)
    const { detection } = candidate
    // Raised when the condition had held for `for`, by the data's clock: every instance agrees.
    const raisedAt = Math.min(now, candidate.since + rule.for)
    if (existing !== undefined) {
      let record = existing
      if (
        record.detail !== detection.detail ||
        record.basePriority !== detection.priority ||
        record.alertSeverity !== (detection.alertSeverity ?? null)
      ) {
        record = {
          ...record,
          detail: detection.detail,
          basePriority: detection.priority,
          subject: detection.subject,
          alertSeverity: detection.alertSeverity ?? null,
        }
        this.#records.set(fingerprint, record)
        this.#dirty = true
      }
      this.#apply(fingerprint, record, { type: 'condition', at: now, raisedAt })
      return
    }
    const fresh = normalRecord({
      fingerprint,
      ruleId: rule.id,
      title: rule.title,
      detail: detection.detail,
      subject: detection.subject,
      basePriority: detection.priority,
      at: now,
      alertSeverity: detection.alertSeverity ?? null,
    })
    if (state.outOfService) {
      const result = applyLifecycleEvent(fresh, {
        type: 'out-of-service',
        at: now,
        note: 'rule out of service',
      })
      this.#commit(
        fingerprint,
        result.record === null ? null : { ...result.record, active: true },
        result.transitions,
      )
      return
    }
    this.#apply(fingerprint, fresh, { type: 'condition', at: now, raisedAt })
    this.#applyRememberedAction(fingerprint, candidate.since, now)
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle plumbing

  #apply(fingerprint: string, record: AlarmRecord, event: LifecycleEvent): boolean {
    const result: LifecycleResult = applyLifecycleEvent(record, event)
    if (result.record === record && result.transitions.length === 0) return false
    this.#commit(fingerprint, result.record, result.transitions)
    return result.transitions.length > 0
  }

  #commit(fingerprint: string, record: AlarmRecord | null, transitions: readonly AlarmTransition[]): void {
    if (record === null) this.#records.delete(fingerprint)
    else this.#records.set(fingerprint, record)
    this.#dirty = true
    for (const transition of transitions) {
      this.#history.push(transition)
      if (this.#history.length > this.#historyLimit)
        this.#history.splice(0, this.#history.length - this.#historyLimit)
      this.#onTransition?.(transition)
    }
  }

  #eventFor(action: AlarmActionRecord, record: AlarmRecord, now: number): LifecycleEvent | null {
    switch (action.action) {
      case 'acknowledge':
        return { type: 'acknowledge', at: action.at, by: action.by, note: action.note }
      case 'shelve':
        if (action.until <= now) return null
        return { type: 'shelve', at: action.at, by: action.by, note: action.note, until: action.until }
      case 'unshelve':
        return record.state === 'shelved'
          ? { type: 'unshelve', at: action.at, by: action.by, note: action.note }
          : null
      default:
        return assertNever(action, 'alarm action')
    }
  }

  /**
   * An acknowledge or shelve that reached this instance before it raised the alarm (it started
   * later, or evaluated a moment later) still applies: an acknowledgement if it was made after the
   * condition began, a shelve while it lasts. A shelve that ended (or was lifted) before this
   * instance raised the alarm re-annunciated it then on every instance that held it, so escalation
   * counts from that moment here too.
   */
  #applyRememberedAction(fingerprint: string, since: number, now: number): void {
    const action = this.#memory.latest(fingerprint)
    const record = this.#records.get(fingerprint)
    if (action === undefined || record === undefined) return
    if (action.action === 'shelve') {
      if (action.until > now) {
        this.#apply(fingerprint, record, {
          type: 'shelve',
          at: action.at,
          by: action.by,
          note: action.note,
          until: action.until,
        })
      } else {
        this.#returnedFromShelve(fingerprint, record, action.until)
      }
      return
    }
    if (action.action === 'unshelve') {
      this.#returnedFromShelve(fingerprint, record, action.at)
      return
    }
    if (action.action === 'acknowledge' && action.at >= since) {
      this.#apply(fingerprint, record, {
        type: 'acknowledge',
        at: action.at,
        by: action.by,
        note: action.note,
      })
    }
  }

  #returnedFromShelve(fingerprint: string, record: AlarmRecord, at: number): void {
    if (at <= record.annunciatedAt || record.state !== 'unacknowledged') return
    this.#records.set(fingerprint, { ...record, annunciatedAt: at })
  }

  /** The key of the flood line an alarm belongs to, or null for a rule that does not group. */
  #lineKeyOfRecord(record: AlarmRecord, roots: Map<string, string>): string | null {
    const state = this.#rulesById.get(record.ruleId)
    const cause = state === undefined ? null : this.#causeOf(state, record, roots)
    return cause === null ? null : groupFingerprintOf(record.ruleId, cause)
  }

  /**
   * ISA-18.2 shelves the alarm, not the members present at the time: an alarm that joins a shelved
   * line (a further AP behind the shelved switch) is shelved with it until the line's shelve ends.
   */
  #shelveLineJoiners(now: number): void {
    const roots = new Map<string, string>()
    for (const record of [...this.#records.values()]) {
      if (record.state === 'shelved' || record.state === 'out-of-service' || record.state === 'normal')
        continue
      const line = this.#lineKeyOfRecord(record, roots)
      const shelve = line === null ? undefined : this.#memory.lineShelve(line, now)
      if (shelve === undefined) continue
      this.#apply(record.fingerprint, record, {
        type: 'shelve',
        at: now,
        by: shelve.by,
        note: shelve.note,
        until: shelve.until,
      })
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output: flood grouping and ordering

  #computeAlarms(): readonly ActiveAlarm[] {
    const roots = new Map<string, string>()
    const byCause = new Map<
      string,
      { state: RuleState; cause: string; suffix: string; records: AlarmRecord[] }
    >()
    const lines: ActiveAlarm[] = []
    for (const record of this.#records.values()) {
      const state = this.#rulesById.get(record.ruleId)
      const cause = state === undefined ? null : this.#causeOf(state, record, roots)
      if (state === undefined || cause === null) {
        lines.push(toActiveAlarm(record))
        continue
      }
      // Shelved and out-of-service alarms are folded apart from annunciated ones: a line must not
      // hide an unacknowledged alarm behind a shelved one, nor the reverse.
      const suffix =
        record.state === 'shelved'
          ? GROUP_SUFFIX.shelved
          : record.state === 'out-of-service'
            ? GROUP_SUFFIX.outOfService
            : ''
      const key = groupFingerprintOf(record.ruleId, cause, suffix)
      let group = byCause.get(key)
      if (group === undefined) {
        group = { state, cause, suffix, records: [] }
        byCause.set(key, group)
      }
      group.records.push(record)
    }
    const groups = new Map<string, readonly string[]>()
    for (const [key, group] of byCause) {
      if (group.records.length < group.state.rule.groupMin) {
        for (const record of group.records) lines.push(toActiveAlarm(record))
        continue
      }
      const members = group.records.map((r) => r.fingerprint).sort()
      groups.set(key, members)
      lines.push(this.#groupLine(key, group.state.rule, group.cause, group.records, members))
    }
    this.#groups = groups
    return lines.sort(compareAlarms)
  }

  #causeOf(state: RuleState, record: AlarmRecord, roots: Map<string, string>): string | null {
    const { rule } = state
    switch (rule.groupBy) {
      case 'none':
        return null
      case 'unit':
        return record.subject.unitId
      case 'site':
        return record.subject.siteId
      case 'rule':
        return 'all'
      case 'uplink':
        if (rule.kind !== 'device-down' || record.subject.kind !== 'device') return null
        return this.#rootCause(record.subject.id, rule.statuses, roots)
      default:
        return assertNever(rule.groupBy, 'groupBy')
    }
  }

  /** The highest device up the uplink chain that is itself down: the common cause of a flood. */
  #rootCause(deviceId: string, downStatuses: readonly string[], memo: Map<string, string>): string {
    const known = memo.get(deviceId)
    if (known !== undefined) return known
    let current = this.#world.devices.get(deviceId)
    let root = deviceId
    const visited = new Set<string>([deviceId])
    while (current?.uplinkId != null) {
      const uplink = this.#world.devices.get(current.uplinkId)
      if (uplink === undefined || !downStatuses.includes(uplink.status) || visited.has(uplink.id)) break
      visited.add(uplink.id)
      root = uplink.id
      current = uplink
    }
    memo.set(deviceId, root)
    return root
  }

  #groupLine(
    fingerprint: string,
    rule: AlarmRule,
    cause: string,
    records: readonly AlarmRecord[],
    members: string[],
  ): ActiveAlarm {
    let worst = records[0] as AlarmRecord
    let priority = effectivePriority(worst)
    let raisedAt = Infinity
    let changedAt = 0
    let active = false
    let escalated = false
    let shelvedUntil: number | null = null
    let ack: AlarmRecord['ack'] = null
    let alertSeverity: CyberSeverity | null = null
    for (const r of records) {
      if (
        r.alertSeverity !== null &&
        (alertSeverity === null || severityRank(r.alertSeverity) > severityRank(alertSeverity))
      )
        alertSeverity = r.alertSeverity
      const p = effectivePriority(r)
      if (priorityRank(p) > priorityRank(priority)) priority = p
      if (STATE_ORDER[stateOf(r)] < STATE_ORDER[stateOf(worst)]) worst = r
      raisedAt = Math.min(raisedAt, r.raisedAt)
      changedAt = Math.max(changedAt, r.changedAt)
      active ||= r.active
      escalated ||= r.escalated
      if (r.shelvedUntil !== null)
        shelvedUntil = shelvedUntil === null ? r.shelvedUntil : Math.min(shelvedUntil, r.shelvedUntil)
      if (r.ack !== null && (ack === null || r.ack.at > ack.at)) ack = r.ack
    }
    const state = stateOf(worst)
    return {
      fingerprint,
      ruleId: rule.id,
      title: rule.title,
      detail: this.#groupDetail(rule, cause, records),
      priority,
      state,
      active,
      raisedAt,
      changedAt,
      subject: this.#groupSubject(rule, cause, worst.subject),
      groupCount: records.length,
      members,
      ack: state === 'acknowledged' ? ack : null,
      shelvedUntil,
      escalated,
      ...(alertSeverity === null ? {} : { alertSeverity }),
    }
  }

  #groupSubject(rule: AlarmRule, cause: string, fallback: AlarmSubject): AlarmSubject {
    if (rule.groupBy === 'uplink') {
      const device = this.#world.devices.get(cause)
      if (device !== undefined) return deviceSubject(device)
    }
    if (rule.groupBy === 'unit') {
      const unit = this.#world.units.get(cause)
      return {
        ...fallback,
        id: cause,
        siteId: unit?.siteId ?? fallback.siteId,
        levelId: unit?.levelId ?? null,
        unitId: cause,
      }
    }
    return {
      ...fallback,
      id: cause,
      levelId: null,
      unitId: null,
      siteId: rule.groupBy === 'site' ? cause : fallback.siteId,
    }
  }

  #groupDetail(rule: AlarmRule, cause: string, records: readonly AlarmRecord[]): string {
    const n = records.length
    switch (rule.groupBy) {
      case 'uplink': {
        const root = this.#world.devices.get(cause)
        const name = root?.name ?? cause
        const rootIsMember = records.some((r) => r.subject.id === cause)
        return rootIsMember
          ? `${name} and ${n - 1} devices behind it are down`
          : `${n} devices behind ${name} are down`
      }
      case 'unit':
        return `${n} in ${this.#world.units.get(cause)?.name ?? cause}; oldest: ${oldestOf(records).detail}`
      case 'site':
        return `${n} at ${this.#world.siteModel?.sites.find((s) => s.id === cause)?.name ?? cause}; oldest: ${oldestOf(records).detail}`
      case 'rule':
      case 'none':
        return `${n} in all; oldest: ${oldestOf(records).detail}`
      default:
        return assertNever(rule.groupBy, 'groupBy')
    }
  }
}

function sameAlarm(a: ActiveAlarm, b: ActiveAlarm): boolean {
  return (
    a.fingerprint === b.fingerprint &&
    a.state === b.state &&
    a.priority === b.priority &&
    a.active === b.active &&
    a.detail === b.detail &&
    a.groupCount === b.groupCount &&
    a.raisedAt === b.raisedAt &&
    a.changedAt === b.changedAt &&
    a.escalated === b.escalated &&
    a.shelvedUntil === b.shelvedUntil &&
    a.alertSeverity === b.alertSeverity &&
    a.ack?.at === b.ack?.at &&
    a.ack?.by === b.ack?.by &&
    a.members.length === b.members.length &&
    a.members.every((m, i) => m === b.members[i])
  )
}

function sameAlarmLists(a: readonly ActiveAlarm[], b: readonly ActiveAlarm[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return y !== undefined && sameAlarm(x, y)
    })
  )
}

function oldestOf(records: readonly AlarmRecord[]): AlarmRecord {
  let oldest = records[0] as AlarmRecord
  for (const r of records) if (r.raisedAt < oldest.raisedAt) oldest = r
  return oldest
}

function stateOf(record: AlarmRecord): AlarmState {
  return toAlarmState(record.state)
}

function toAlarmState(state: AlarmLifecycleState): AlarmState {
  // Records in the normal state are deleted on commit, so `normal` never reaches the output.
  return state === 'normal' ? 'rtn-unacknowledged' : state
}

function toActiveAlarm(record: AlarmRecord): ActiveAlarm {
  return {
    fingerprint: record.fingerprint,
    ruleId: record.ruleId,
    title: record.title,
    detail: record.detail,
    priority: effectivePriority(record),
    state: stateOf(record),
    active: record.active,
    raisedAt: record.raisedAt,
    changedAt: record.changedAt,
    subject: record.subject,
    groupCount: 1,
    members: [record.fingerprint],
    ack: record.ack,
    shelvedUntil: record.shelvedUntil,
    escalated: record.escalated,
    ...(record.alertSeverity === null ? {} : { alertSeverity: record.alertSeverity }),
  }
}

/** Higher is more severe: CYBER_SEVERITIES runs from critical down to info. */
function severityRank(severity: CyberSeverity): number {
  return CYBER_SEVERITIES.length - CYBER_SEVERITIES.indexOf(severity)
}

/** Annunciated before shelved/out of service; then high before low; unacknowledged first; newest first. */
export function compareAlarms(a: ActiveAlarm, b: ActiveAlarm): number {
  const held = (x: ActiveAlarm): number => (x.state === 'shelved' || x.state === 'out-of-service' ? 1 : 0)
  return (
    held(a) - held(b) ||
    priorityRank(b.priority) - priorityRank(a.priority) ||
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    b.raisedAt - a.raisedAt ||
    a.fingerprint.localeCompare(b.fingerprint)
  )
}
