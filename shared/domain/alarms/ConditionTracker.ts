import type { AlarmCondition } from '../../contracts/feed.ts'
import type { AlarmRecords } from './AlarmRecords.ts'
import { applyLifecycleEvent, normalRecord } from './alarmLifecycle.ts'
import type { Detection } from './entityDetectors.ts'
import { fingerprintOf, splitFingerprint } from './fingerprint.ts'
import { ORIGIN_KINDS, type Candidate, type RuleState, type RuleStates } from './ruleStates.ts'

/** Condition starts kept from the gateway's last statement (one per condition it holds). */
const ORIGIN_LIMIT = 50_000

/**
 * Conditions and their `for`: which subjects' conditions hold, since when, and raising each alarm
 * once its condition has held for the rule's `for` (then clearing it when the condition goes).
 *
 * Every instance must agree on each alarm's raise time, however late it started: it is the
 * condition's start plus the rule's `for`, the start taken from the data or, for conditions the
 * data has no time for, from the start the gateway's own engine states (`setOrigins`).
 */
export class ConditionTracker {
  readonly #rules: RuleStates
  readonly #records: AlarmRecords
  readonly #onRaised: (fingerprint: string, since: number, now: number) => void
  /** When conditions began as the gateway states them (fingerprint → epoch ms), until used. */
  readonly #origins = new Map<string, number>()

  /** `onRaised` runs when a new alarm is raised, so an action remembered for it can apply. */
  constructor(
    rules: RuleStates,
    records: AlarmRecords,
    onRaised: (fingerprint: string, since: number, now: number) => void,
  ) {
    this.#rules = rules
    this.#records = records
    this.#onRaised = onRaised
  }

  /** Makes `detections` the complete set of conditions of an aggregate rule. */
  replace(state: RuleState, detections: ReadonlyMap<string, Detection>, now: number): void {
    for (const subjectId of [...state.candidates.keys()]) {
      if (!detections.has(subjectId)) this.evaluate(state, subjectId, null, now)
    }
    for (const [subjectId, detection] of detections) this.evaluate(state, subjectId, detection, now)
  }

  /** Whether the condition holds for this subject now (`detection`) or not (`null`). */
  evaluate(state: RuleState, subjectId: string, detection: Detection | null, now: number): void {
    if (detection === null) {
      // No candidate means nothing is active for this subject (a clear was applied when it went).
      if (!state.candidates.delete(subjectId)) return
      state.pending.delete(subjectId)
      const fingerprint = fingerprintOf(state.rule.id, subjectId)
      const record = this.#records.get(fingerprint)
      if (record !== undefined) this.#records.apply(fingerprint, record, { type: 'clear', at: now })
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

  /** Matures the conditions that have now waited out their `for`. */
  tick(now: number): void {
    for (const state of this.#rules.all) {
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
  }

  /**
   * When conditions without a time of their own began, as the gateway's engine states them (sent
   * on connect): a condition this instance sees later starts from there, not from "now", so it
   * raises and ages as everywhere else. Replaces the previous statement.
   */
  setOrigins(conditions: readonly AlarmCondition[]): void {
    this.#origins.clear()
    for (const { fingerprint, since } of conditions) {
      if (this.#origins.size >= ORIGIN_LIMIT) break
      const split = splitFingerprint(fingerprint)
      const state = split === null ? undefined : this.#rules.byId(split.ruleId)
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

  /** Every condition of a rule without a time of its own, with its start: what the gateway states. */
  origins(): AlarmCondition[] {
    const out: AlarmCondition[] = []
    for (const state of this.#rules.all) {
      if (!ORIGIN_KINDS.has(state.rule.kind)) continue
      for (const [subjectId, candidate] of state.candidates)
        out.push({ fingerprint: fingerprintOf(state.rule.id, subjectId), since: candidate.since })
    }
    return out
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
    const records = this.#records
    if (now - candidate.since < rule.for) {
      // Only a candidate that had matured can have an active alarm; the common case — 40,000 tags
      // waiting out "unseen for 24 h" — needs no fingerprint or record lookup.
      state.pending.add(subjectId)
      state.nextDue = Math.min(state.nextDue, candidate.since + rule.for)
      if (!wasMature) return
      const fingerprint = fingerprintOf(rule.id, subjectId)
      const existing = records.get(fingerprint)
      // The condition restarted (e.g. down, up, down again): it must hold for `for` afresh.
      if (existing?.active === true) records.apply(fingerprint, existing, { type: 'clear', at: now })
      return
    }
    const fingerprint = fingerprintOf(rule.id, subjectId)
    const existing = records.get(fingerprint)
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
        records.update(record)
      }
      records.apply(fingerprint, record, { type: 'condition', at: now, raisedAt })
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
      records.commit(
        fingerprint,
        result.record === null ? null : { ...result.record, active: true },
        result.transitions,
      )
      return
    }
    records.apply(fingerprint, fresh, { type: 'condition', at: now, raisedAt })
    this.#onRaised(fingerprint, candidate.since, now)
  }
}
