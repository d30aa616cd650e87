import { REALTIME_TOPICS, type Topic } from '../../contracts/entities.ts'
import type { AlarmRule, RulePack } from './alarmRuleSchema.ts'
import type { Detection } from './entityDetectors.ts'

/** A condition that holds now for one subject of a rule, and since when. */
export type Candidate = { readonly since: number; readonly detection: Detection }

/** What the engine keeps per enabled rule. */
export type RuleState = {
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

/** The topic whose entities an entity rule is evaluated on; aggregate and time rules have none. */
export const ENTITY_RULE_TOPIC: Partial<Record<AlarmRule['kind'], Topic>> = {
  'device-down': 'network',
  'asset-outside-home': 'assets',
  'asset-unseen': 'assets',
  'bed-housekeeping': 'beds',
  'cyber-alert': 'cyber',
  'nhs-cyber-deadline': 'cyber',
}

/**
 * Rules whose detections carry no time of their own: their conditions are timed from when an
 * engine first saw them, so a later instance takes the start the gateway states.
 */
export const ORIGIN_KINDS: ReadonlySet<AlarmRule['kind']> = new Set([
  'kpi-threshold',
  'par-below',
  'asset-outside-home',
])

/**
 * Rules about this instance's own view — its connection, its feeds' freshness — which the
 * gateway's engine cannot hold (it is always connected to itself); their fingerprints form a
 * small closed set the gateway accepts without holding the alarm.
 */
export function isClientLocalRule(rule: AlarmRule): boolean {
  return rule.kind === 'feed-stale' || rule.kind === 'gateway-disconnected'
}

export function clientLocalSubjects(rule: AlarmRule): readonly string[] {
  if (rule.kind === 'feed-stale') return rule.topics ?? REALTIME_TOPICS
  if (rule.kind === 'gateway-disconnected') return ['gateway']
  return []
}

/** The enabled rules of a pack, indexed by id and by the topic they are evaluated on. */
export class RuleStates {
  readonly all: readonly RuleState[]
  readonly #byId = new Map<string, RuleState>()
  readonly #byTopic: Record<Topic, RuleState[]> = {
    beds: [],
    assets: [],
    network: [],
    cyber: [],
    waiting: [],
  }

  constructor(pack: RulePack) {
    this.all = pack.rules
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
    for (const state of this.all) {
      this.#byId.set(state.rule.id, state)
      const topic = ENTITY_RULE_TOPIC[state.rule.kind]
      if (topic !== undefined) this.#byTopic[topic].push(state)
    }
  }

  byId(ruleId: string): RuleState | undefined {
    return this.#byId.get(ruleId)
  }

  onTopic(topic: Topic): readonly RuleState[] {
    return this.#byTopic[topic]
  }
}
