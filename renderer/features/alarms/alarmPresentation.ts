/**
 * How alarms are shown: IEC 60601-1-8 priorities as colour, flash rate and a text mark (*** / ** / *)
 * so colour is never the only cue; which alarms the banner shows and in what order; which one
 * sounds. Pure, so it is tested without a DOM.
 */
import type { ActiveAlarm, AlarmPriority, AlarmState } from '../../../shared/contracts/alarms.ts'
import { ALARM_PRIORITY_RANK } from '../../../shared/domain/alarms/alarmPriority.ts'

/** The text mark of each priority (IEC 60601-1-8 uses *** / ** / * in monitor displays). */
export const PRIORITY_MARK: Readonly<Record<AlarmPriority, string>> = { high: '***', medium: '**', low: '*' }

export const PRIORITY_LABEL: Readonly<Record<AlarmPriority, string>> = {
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
}

export const STATE_LABEL: Readonly<Record<AlarmState, string>> = {
  unacknowledged: 'UNACK',
  acknowledged: 'ACK',
  'rtn-unacknowledged': 'CLEARED · UNACK',
  shelved: 'SHELVED',
  'out-of-service': 'OUT OF SERVICE',
}

/** Whether the alarm is annunciated (on the banner): everything except shelved and out of service. */
export function isAnnunciated(alarm: ActiveAlarm): boolean {
  return alarm.state !== 'shelved' && alarm.state !== 'out-of-service'
}

/** Whether the alarm still needs an operator: unacknowledged, active or cleared. */
export function needsAcknowledgement(alarm: ActiveAlarm): boolean {
  return alarm.state === 'unacknowledged' || alarm.state === 'rtn-unacknowledged'
}

/** Whether the banner line flashes: unacknowledged high and medium alarms (low is steady). */
export function flashes(alarm: ActiveAlarm): boolean {
  return alarm.state === 'unacknowledged' && alarm.priority !== 'low'
}

/**
 * The banner's lines: annunciated alarms, highest priority first, unacknowledged before
 * acknowledged, newest first; at most `limit`, with how many more there are.
 */
export function bannerLines(
  alarms: readonly ActiveAlarm[],
  limit: number,
): { lines: readonly ActiveAlarm[]; more: number } {
  const shown = alarms
    .filter(isAnnunciated)
    .sort(
      (a, b) =>
        ALARM_PRIORITY_RANK[b.priority] - ALARM_PRIORITY_RANK[a.priority] ||
        Number(needsAcknowledgement(b)) - Number(needsAcknowledgement(a)) ||
        b.raisedAt - a.raisedAt,
    )
  return { lines: shown.slice(0, limit), more: Math.max(0, shown.length - limit) }
}

/** A line's count, e.g. "×41" for a flood folded into one line. */
export function countLabel(alarm: ActiveAlarm): string | null {
  return alarm.groupCount > 1 ? `×${alarm.groupCount}` : null
}
