/** The engine's output rows (`ActiveAlarm`): one per alarm or flood line, how they sort and compare. */
import type { ActiveAlarm, AlarmLifecycleState, AlarmState } from '../../contracts/alarms.ts'
import { CYBER_SEVERITIES, type CyberSeverity } from '../../contracts/entities.ts'
import { effectivePriority, priorityRank } from './alarmLifecycle.ts'
import type { AlarmRecord } from './alarmLifecycle.ts'

/** Lower comes first: what needs an operator before what is held. */
export const STATE_ORDER: Readonly<Record<AlarmState, number>> = {
  unacknowledged: 0,
  'rtn-unacknowledged': 1,
  acknowledged: 2,
  shelved: 3,
  'out-of-service': 4,
}

export function stateOf(record: AlarmRecord): AlarmState {
  return toAlarmState(record.state)
}

function toAlarmState(state: AlarmLifecycleState): AlarmState {
  // Records in the normal state are deleted on commit, so `normal` never reaches the output.
  return state === 'normal' ? 'rtn-unacknowledged' : state
}

export function toActiveAlarm(record: AlarmRecord): ActiveAlarm {
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
export function severityRank(severity: CyberSeverity): number {
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

/** Whether two outputs show the same thing, so the engine can keep the old array. */
export function sameAlarmLists(a: readonly ActiveAlarm[], b: readonly ActiveAlarm[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return y !== undefined && sameAlarm(x, y)
    })
  )
}
