import {
  alarmActionRecordSchema,
  alarmActionsEventSchema,
  alarmConditionSchema,
  alarmConditionsEventSchema,
  type AlarmActionRecord,
  type AlarmCondition,
} from '../contracts/feed.ts'
import type { HubDiagnostics } from './HubDiagnostics.ts'
import type { HubReplica } from './HubReplica.ts'

/** Bound on the alarm-action history kept in memory; the gateway keeps the journal. */
export const MAX_ALARM_ACTIONS = 500

/**
 * What the gateway says about local alarms: the actions operators recorded (acknowledge, shelve),
 * merged by id into a bounded, time-ordered history, and when each condition began. Every record
 * and condition is checked on its own, so one bad one loses nothing else.
 */
export class AlarmActionHistory {
  private readonly replica: HubReplica
  private readonly diagnostics: HubDiagnostics

  constructor(replica: HubReplica, diagnostics: HubDiagnostics) {
    this.replica = replica
    this.diagnostics = diagnostics
  }

  handleActions(payload: unknown): void {
    const parsed = alarmActionsEventSchema.safeParse(payload)
    if (!parsed.success) {
      this.diagnostics.reject('alarm actions', parsed.error)
      return
    }
    const records: AlarmActionRecord[] = []
    for (const raw of parsed.data.records) {
      const record = alarmActionRecordSchema.safeParse(raw)
      if (record.success) records.push(record.data)
      else this.diagnostics.reject('alarm action', record.error)
    }
    this.merge(records)
  }

  /** When the gateway's alarm engine saw each condition begin: for this instance's engine. */
  handleConditions(payload: unknown): void {
    const parsed = alarmConditionsEventSchema.safeParse(payload)
    if (!parsed.success) {
      this.diagnostics.reject('alarm conditions', parsed.error)
      return
    }
    const conditions: AlarmCondition[] = []
    for (const raw of parsed.data.conditions) {
      const condition = alarmConditionSchema.safeParse(raw)
      if (condition.success) conditions.push(condition.data)
      else this.diagnostics.reject('alarm condition', condition.error)
    }
    this.replica.setAlarmConditions(conditions)
  }

  /** Adds records (from the gateway, or the answer to this instance's own request). */
  merge(records: readonly AlarmActionRecord[]): void {
    if (records.length === 0) return
    this.replica.setAlarmActions(mergeAlarmActions(this.replica.actionHistory, records))
  }
}

/** The history with `records` merged in by id, oldest first, at most MAX_ALARM_ACTIONS long. */
export function mergeAlarmActions(
  history: readonly AlarmActionRecord[],
  records: readonly AlarmActionRecord[],
): readonly AlarmActionRecord[] {
  const byId = new Map(history.map((record) => [record.id, record]))
  for (const record of records) byId.set(record.id, record)
  return [...byId.values()].sort((a, b) => a.at - b.at).slice(-MAX_ALARM_ACTIONS)
}
