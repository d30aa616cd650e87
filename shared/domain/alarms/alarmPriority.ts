/**
 * The order of alarm priorities, and the one rule every display and the Electron notifier share
 * for which alarm's tone plays — so the wall, the desk and the OS notification never disagree.
 */
import type { ActiveAlarm, AlarmPriority } from '../../contracts/alarms.ts'

/** Higher is more urgent (IEC 60601-1-8: high > medium > low). */
export const ALARM_PRIORITY_RANK: Readonly<Record<AlarmPriority, number>> = { high: 3, medium: 2, low: 1 }

/** The alarm whose tone plays: the highest-priority unacknowledged alarm, the oldest first. */
export function soundingAlarm(alarms: readonly ActiveAlarm[]): ActiveAlarm | null {
  let best: ActiveAlarm | null = null
  for (const a of alarms) {
    if (a.state !== 'unacknowledged') continue
    if (
      best === null ||
      ALARM_PRIORITY_RANK[a.priority] > ALARM_PRIORITY_RANK[best.priority] ||
      (a.priority === best.priority && a.raisedAt < best.raisedAt)
    )
      best = a
  }
  return best
}
