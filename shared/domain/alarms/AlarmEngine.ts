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
 *
 * This file is the world input (entities, site model, connection, freshness) and the public API;
 * the rest lives beside it, one idea per file:
 * - `ConditionTracker`: conditions and their `for`, raise times every instance agrees on;
 * - `entityDetectors` / `aggregateDetectors`: what each rule kind detects;
 * - `OperatorActions`: acknowledge, shelve, unshelve, remembered for alarms raised later;
 * - `AlarmRecords`: the alarms, their lifecycle transitions, the journal feed and history;
 * - `FloodGrouping` / `activeAlarms`: one line per cause, and the output's order.
 */
import type { ActiveAlarm, AlarmTransition } from '../../contracts/alarms.ts'
import type { EntityOf, Topic } from '../../contracts/entities.ts'
import { TOPICS } from '../../contracts/entities.ts'
import type { AlarmActionRecord, AlarmCondition } from '../../contracts/feed.ts'
import type { ConnectionStatus } from '../../contracts/hub.ts'
import type { SiteModel } from '../../contracts/places.ts'
import { sameAlarmLists } from './activeAlarms.ts'
import {
  detectGatewayDisconnected,
  detectKpiThreshold,
  detectParBelow,
  detectParInUnit,
  detectStaleFeeds,
} from './aggregateDetectors.ts'
import { AlarmRecords } from './AlarmRecords.ts'
import type { AlarmRecord } from './alarmLifecycle.ts'
import type { AlarmRule, ParBelowRule, RulePack } from './alarmRuleSchema.ts'
import { createAlarmWorld, entitiesOf, indexSiteModel } from './alarmWorld.ts'
import type { AlarmWorld } from './alarmWorld.ts'
import { ConditionTracker } from './ConditionTracker.ts'
import { detectEntity } from './entityDetectors.ts'
import { groupFingerprintOf, isGroupFingerprint, lineKeyOf, splitFingerprint } from './fingerprint.ts'
import { FloodGrouping } from './FloodGrouping.ts'
import { OccupancyTracker } from './occupancyTracker.ts'
import type { KpiSource } from './occupancyTracker.ts'
import { OperatorActions, type AlarmActionOutcome } from './OperatorActions.ts'
import { ParTracker } from './parTracker.ts'
import { ENTITY_RULE_TOPIC, RuleStates, clientLocalSubjects, isClientLocalRule } from './ruleStates.ts'
import type { RuleState } from './ruleStates.ts'

export { compareAlarms } from './activeAlarms.ts'
export type { AlarmActionOutcome } from './OperatorActions.ts'

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

export class AlarmEngine {
  readonly #now: () => number
  readonly #world: AlarmWorld
  readonly #occupancy: OccupancyTracker
  readonly #kpis: KpiSource
  readonly #par: ParTracker
  readonly #rules: RuleStates
  readonly #records: AlarmRecords
  readonly #conditions: ConditionTracker
  readonly #grouping: FloodGrouping
  readonly #actions: OperatorActions
  /** Topics that have had a snapshot or batch: aggregates over a topic never seen would be false alarms. */
  readonly #loaded = new Set<Topic>()
  #groups: ReadonlyMap<string, readonly string[]> = new Map()
  #output: readonly ActiveAlarm[] = []
  #version = 0

  constructor(options: AlarmEngineOptions) {
    this.#now = options.now
    this.#world = createAlarmWorld(options.now())
    this.#occupancy = new OccupancyTracker(this.#world)
    this.#kpis = options.kpis ?? this.#occupancy
    this.#par = new ParTracker(this.#world)
    this.#rules = new RuleStates(options.pack)
    this.#records = new AlarmRecords(options.historyLimit ?? 1_000, options.onTransition)
    this.#grouping = new FloodGrouping(this.#world, this.#rules)
    this.#actions = new OperatorActions(this.#records, this.#grouping)
    this.#conditions = new ConditionTracker(this.#rules, this.#records, (fingerprint, since, now) =>
      this.#actions.applyRemembered(fingerprint, since, now),
    )
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs: the world

  /** The site model: bed → ward, unit names and hierarchy. Re-evaluates everything (rare). */
  setSiteModel(model: SiteModel | null): void {
    indexSiteModel(this.#world, model)
    for (const state of this.#rules.all) state.parReady = false
    this.#occupancy.rebuild()
    this.#par.rebuild()
    const now = this.#now()
    for (const topic of TOPICS) {
      for (const [id, entity] of entitiesOf(this.#world, topic)) this.#evaluateEntity(topic, id, entity, now)
    }
    this.#evaluateAggregates(['beds', 'assets'], now)
    this.#records.markDirty()
  }

  /** Applies one topic's change (a snapshot is `reset: true` with every entity as an upsert). */
  applyEntities<T extends Topic>(topic: T, change: EntityChange<T>): void {
    const now = this.#now()
    const map = entitiesOf(this.#world, topic) as Map<string, EntityOf[T]>
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
    if (topic === 'network' && this.#records.size > 0) this.#records.markDirty()
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

  // ---------------------------------------------------------------------------------------------
  // Inputs: operators and the gateway

  /**
   * Applies an operator action recorded by the gateway. Idempotent by record id, so the history
   * the gateway replays on reconnect is harmless. The action covers the members the gateway
   * resolved (`members`), or this instance's own view of the line when it names none. Shelving a
   * flood line also shelves every alarm that joins the line while the shelve lasts; unshelving
   * ends that.
   */
  applyAction(action: AlarmActionRecord): AlarmActionOutcome {
    return this.#actions.apply(action, (fingerprint) => this.resolve(fingerprint), this.#now())
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
    this.#conditions.setOrigins(conditions)
  }

  /** Takes a rule out of service (or back): its alarms are held, journalled, never annunciated. */
  setRuleOutOfService(ruleId: string, outOfService: boolean, note: string): boolean {
    const state = this.#rules.byId(ruleId)
    if (state === undefined || state.outOfService === outOfService) return false
    state.outOfService = outOfService
    const at = this.#now()
    for (const record of this.#records.list()) {
      if (record.ruleId !== ruleId) continue
      this.#records.apply(record.fingerprint, record, {
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
    this.#conditions.tick(now)
    this.#evaluateTimeRules(now)
    this.#records.tick(now, (ruleId) => this.rule(ruleId))
  }

  // ---------------------------------------------------------------------------------------------
  // Outputs

  /** Alarms not in the normal state, flood lines folded, highest priority first. Same array until something changes. */
  alarms(): readonly ActiveAlarm[] {
    if (this.#records.takeDirty()) {
      if (this.#actions.hasLineShelves) {
        this.#actions.shelveLineJoiners(this.#now())
        this.#records.takeDirty()
      }
      const { lines, groups } = this.#grouping.group(this.#records.values())
      this.#groups = groups
      // Keep the old array when nothing visible changed (a device update that regrouped nothing):
      // the hub then sends no alarm change and no window re-renders its banner.
      if (!sameAlarmLists(this.#output, lines)) {
        this.#output = lines
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
    const state = split === null ? undefined : this.#rules.byId(split.ruleId)
    if (split === null || state === undefined) return false
    if (isGroupFingerprint(fingerprint)) {
      this.alarms()
      if (this.#groups.has(fingerprint)) return true
      const line = lineKeyOf(fingerprint)
      if (this.#actions.isLineShelved(line, this.#now())) return true
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
    const state = split === null ? undefined : this.#rules.byId(split.ruleId)
    if (split === null || state === undefined || isGroupFingerprint(fingerprint)) return false
    const topic = ENTITY_RULE_TOPIC[state.rule.kind]
    return topic !== undefined && entitiesOf(this.#world, topic).has(split.rest)
  }

  /** Every condition of a rule without a time of its own, with its start: what the gateway states. */
  conditionOrigins(): AlarmCondition[] {
    return this.#conditions.origins()
  }

  /** Every alarm not in the normal state, one per fingerprint (members, not lines): the notifier's input. */
  records(): IterableIterator<AlarmRecord> {
    return this.#records.values()
  }

  /** The rule an alarm belongs to. */
  rule(ruleId: string): AlarmRule | undefined {
    return this.#rules.byId(ruleId)?.rule
  }

  /** The most recent transitions, oldest first (bounded). */
  history(): readonly AlarmTransition[] {
    return this.#records.history()
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  #trackEntity(topic: Topic, id: string, entity: EntityOf[Topic] | null): void {
    if (topic === 'beds') this.#occupancy.update(id, entity as EntityOf['beds'] | null)
    else if (topic === 'assets') this.#par.update(id, entity as EntityOf['assets'] | null)
  }

  #removeEntity(topic: Topic, id: string, now: number): void {
    if (!entitiesOf(this.#world, topic).delete(id)) return
    this.#trackEntity(topic, id, null)
    for (const state of this.#rules.onTopic(topic)) this.#conditions.evaluate(state, id, null, now)
  }

  #evaluateEntity(topic: Topic, id: string, entity: EntityOf[Topic], now: number): void {
    for (const state of this.#rules.onTopic(topic))
      this.#conditions.evaluate(state, id, detectEntity(this.#world, state.rule, entity), now)
  }

  /** Re-evaluates the rules computed over many entities (KPIs, PAR) after a topic changed. */
  #evaluateAggregates(topics: readonly Topic[], now: number): void {
    const parChanged: RuleState[] = []
    for (const state of this.#rules.all) {
      const { rule } = state
      if (rule.kind === 'kpi-threshold' && topics.includes('beds') && this.#loaded.has('beds'))
        this.#conditions.replace(state, detectKpiThreshold(rule, state.latched, this.#kpis), now)
      else if (rule.kind === 'par-below' && topics.includes('assets') && this.#loaded.has('assets')) {
        // First time (or after the site model changed): every ward; then only wards whose count moved.
        if (!state.parReady) {
          state.parReady = true
          this.#conditions.replace(state, detectParBelow(this.#world, this.#par, rule), now)
        } else parChanged.push(state)
      }
    }
    if (parChanged.length === 0) return
    for (const { unitId, type } of this.#par.takeChanged()) {
      for (const state of parChanged) {
        const rule = state.rule as ParBelowRule
        if (rule.assetType !== type) continue
        this.#conditions.evaluate(state, unitId, detectParInUnit(this.#world, this.#par, rule, unitId), now)
      }
    }
  }

  /** Rules that depend on time or the connection rather than on entities. */
  #evaluateTimeRules(now: number): void {
    for (const state of this.#rules.all) {
      const { rule } = state
      if (rule.kind === 'gateway-disconnected')
        this.#conditions.replace(state, detectGatewayDisconnected(this.#world, rule), now)
      else if (rule.kind === 'feed-stale')
        this.#conditions.replace(state, detectStaleFeeds(this.#world, rule, now), now)
    }
  }
}
