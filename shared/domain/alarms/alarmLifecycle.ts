/**
 * The ISA-18.2 / IEC 62682 alarm state machine for one fingerprint, as pure functions.
 *
 *   normal ──condition──► unacknowledged ──ack──► acknowledged ──clears──► normal
 *                              │ clears  
 *                              ▼  
 *                       rtn-unacknowledged ──ack──► normal   (──condition returns──► unacknowledged)
 *
 *   any alarm ──shelve(until)──► shelved ──unshelve / expiry──► unacknowledged if the condition is
 *   still present, else normal (a shelved alarm is re-evaluated, never silently dropped).
 *   any alarm ──rule out of service──► out-of-service ──back in service──► re-evaluated likewise.
 *
 * Escalation (unacknowledged past the rule's `escalateAfter`) stays in the same state, marks the alarm
 * escalated and raises its priority a level; it is journalled as a same-state transition.
 */
import type {
  AlarmLifecycleState,
  AlarmPriority,
  AlarmSubject,
  AlarmTransition,
} from '../../contracts/alarms.ts'
import type { CyberSeverity } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'

/** The engine's record of one alarm (one fingerprint) that is not in the normal state. */
export type AlarmRecord = {
  readonly fingerprint: string
  readonly ruleId: string
  readonly title: string
  readonly detail: string
  readonly subject: AlarmSubject
  /** The rule's priority for this subject before escalation. */
  readonly basePriority: AlarmPriority
  readonly state: AlarmLifecycleState
  /** The condition is present (and has held for the rule's `for`). */
  readonly active: boolean
  /**
   * When this episode of the alarm was raised, from the data where it has a time (see the
   * `condition` event). A shelve or out-of-service spell does not move it: the alarm's age is the
   * condition's, as every instance sees it however late it started.
   */
  readonly raisedAt: number
  /**
   * When the alarm was last annunciated: its raise, or its return from a shelve or out of service.
   * Escalation counts from here — time spent shelved is not time left unacknowledged.
   */
  readonly annunciatedAt: number
  readonly changedAt: number
  readonly ack: { readonly by: string; readonly at: number; readonly note: string } | null
  readonly shelvedUntil: number | null
  readonly escalated: boolean
  /** A cyber alert's own severity, shown beside the alarm's priority. */
  readonly alertSeverity: CyberSeverity | null
}

/** What can happen to an alarm. */
export type LifecycleEvent =
  | {
      readonly type: 'condition'
      readonly at: number
      /**
       * When the alarm counts as raised: the condition's start plus the rule's `for`, from the
       * data, so every instance agrees; `at` (when this instance saw it) when absent.
       */
      readonly raisedAt?: number
    }
  | { readonly type: 'clear'; readonly at: number }
  | { readonly type: 'acknowledge'; readonly at: number; readonly by: string; readonly note: string }
  | {
      readonly type: 'shelve'
      readonly at: number
      readonly by: string
      readonly note: string
      readonly until: number
    }
  | { readonly type: 'unshelve'; readonly at: number; readonly by?: string; readonly note: string }
  | { readonly type: 'out-of-service'; readonly at: number; readonly note: string }
  | { readonly type: 'in-service'; readonly at: number; readonly note: string }
  | { readonly type: 'escalate'; readonly at: number; readonly note: string }

export type LifecycleResult = {
  /** The record after the event; `null` when the alarm returned to normal. */
  readonly record: AlarmRecord | null
  /** Journal entries for what changed; empty when the event did not apply. */
  readonly transitions: readonly AlarmTransition[]
}

const PRIORITY_ORDER: Readonly<Record<AlarmPriority, number>> = { high: 3, medium: 2, low: 1 }

/** Higher-first comparison of priorities. */
export function priorityRank(priority: AlarmPriority): number {
  return PRIORITY_ORDER[priority]
}

/** One level up (low → medium → high); high stays high. */
export function raisePriority(priority: AlarmPriority): AlarmPriority {
  switch (priority) {
    case 'low':
      return 'medium'
    case 'medium':
    case 'high':
      return 'high'
    default:
      return assertNever(priority, 'alarm priority')
  }
}

/** The priority an alarm is annunciated at, after escalation. */
export function effectivePriority(record: AlarmRecord): AlarmPriority {
  return record.escalated ? raisePriority(record.basePriority) : record.basePriority
}

/** A brand-new record in the normal state, ready for a `condition` event. */
export function normalRecord(init: {
  fingerprint: string
  ruleId: string
  title: string
  detail: string
  subject: AlarmSubject
  basePriority: AlarmPriority
  at: number
  alertSeverity?: CyberSeverity | null
}): AlarmRecord {
  return {
    fingerprint: init.fingerprint,
    ruleId: init.ruleId,
    title: init.title,
    detail: init.detail,
    subject: init.subject,
    basePriority: init.basePriority,
    state: 'normal',
    active: false,
    raisedAt: init.at,
    annunciatedAt: init.at,
    changedAt: init.at,
    ack: null,
    shelvedUntil: null,
    escalated: false,
    alertSeverity: init.alertSeverity ?? null,
  }
}

function move(
  record: AlarmRecord,
  to: AlarmLifecycleState,
  at: number,
  patch: Partial<AlarmRecord>,
  who?: { by?: string; note?: string },
): LifecycleResult {
  const next: AlarmRecord = { ...record, ...patch, state: to, changedAt: at }
  const transition: AlarmTransition = {
    at,
    fingerprint: record.fingerprint,
    ruleId: record.ruleId,
    title: record.title,
    detail: next.detail,
    priority: effectivePriority(next),
    from: record.state,
    to,
    ...(who?.by === undefined ? {} : { by: who.by }),
    ...(who?.note === undefined || who.note === '' ? {} : { note: who.note }),
  }
  return { record: to === 'normal' ? null : next, transitions: [transition] }
}

function unchanged(record: AlarmRecord, patch?: Partial<AlarmRecord>): LifecycleResult {
  return { record: patch === undefined ? record : { ...record, ...patch }, transitions: [] }
}

/** Where a shelved or out-of-service alarm goes when it is annunciated again. */
function reevaluate(record: AlarmRecord, at: number, who: { by?: string; note?: string }): LifecycleResult {
  return record.active
    ? move(
        record,
        'unacknowledged',
        at,
        { ack: null, shelvedUntil: null, escalated: false, annunciatedAt: at },
        who,
      )
    : move(record, 'normal', at, { shelvedUntil: null }, who)
}

/**
 * Applies one event to an alarm record. Events that do not apply in the current state (acknowledging
 * an acknowledged alarm) leave it as it is and journal nothing.
 */
export function applyLifecycleEvent(record: AlarmRecord, event: LifecycleEvent): LifecycleResult {
  const { state } = record
  switch (event.type) {
    case 'condition':
      if (state === 'normal' || state === 'rtn-unacknowledged')
        return move(record, 'unacknowledged', event.at, {
          active: true,
          ack: null,
          escalated: false,
          raisedAt: event.raisedAt ?? event.at,
          annunciatedAt: event.raisedAt ?? event.at,
        })
      // Shelved or out of service, the condition returning is a new episode: dated afresh.
      return record.active
        ? unchanged(record)
        : unchanged(record, { active: true, raisedAt: event.raisedAt ?? event.at })
    case 'clear':
      if (state === 'unacknowledged') return move(record, 'rtn-unacknowledged', event.at, { active: false })
      if (state === 'acknowledged') return move(record, 'normal', event.at, { active: false })
      return record.active ? unchanged(record, { active: false }) : unchanged(record)
    case 'acknowledge': {
      const ack = { by: event.by, at: event.at, note: event.note }
      const who = { by: event.by, note: event.note }
      if (state === 'unacknowledged') return move(record, 'acknowledged', event.at, { ack }, who)
      if (state === 'rtn-unacknowledged') return move(record, 'normal', event.at, { ack }, who)
      return unchanged(record)
    }
    case 'shelve': {
      const who = { by: event.by, note: event.note }
      if (state === 'normal' || state === 'out-of-service') return unchanged(record)
      if (state === 'shelved' && record.shelvedUntil === event.until) return unchanged(record)
      return move(record, 'shelved', event.at, { shelvedUntil: event.until }, who)
    }
    case 'unshelve':
      if (state !== 'shelved') return unchanged(record)
      return reevaluate(record, event.at, {
        ...(event.by === undefined ? {} : { by: event.by }),
        note: event.note,
      })
    case 'out-of-service':
      if (state === 'out-of-service') return unchanged(record)
      return move(record, 'out-of-service', event.at, { shelvedUntil: null }, { note: event.note })
    case 'in-service':
      if (state !== 'out-of-service') return unchanged(record)
      return reevaluate(record, event.at, { note: event.note })
    case 'escalate':
      if (state !== 'unacknowledged' || record.escalated) return unchanged(record)
      return move(record, state, event.at, { escalated: true }, { note: event.note })
    default:
      return assertNever(event, 'lifecycle event')
  }
}
