/**
 * The domain an alarm belongs to — what a notification route matches on ("network and cyber
 * alarms to the IT on-call"), in the words of the command centre's four domains plus the data
 * feeds themselves.
 */
import type { AlarmRuleKind } from './alarmRuleSchema.ts'
import { assertNever } from '../../util/assertNever.ts'

export const ALARM_DOMAINS = ['beds', 'equipment', 'network', 'cyber', 'feeds'] as const
export type AlarmDomain = (typeof ALARM_DOMAINS)[number]

/** The domain of every alarm of a rule kind. */
export function alarmDomainOf(kind: AlarmRuleKind): AlarmDomain {
  switch (kind) {
    case 'kpi-threshold':
    case 'bed-housekeeping':
      return 'beds'
    case 'par-below':
    case 'asset-outside-home':
    case 'asset-unseen':
      return 'equipment'
    case 'device-down':
      return 'network'
    case 'cyber-alert':
    case 'nhs-cyber-deadline':
      return 'cyber'
    case 'feed-stale':
    case 'gateway-disconnected':
      return 'feeds'
    default:
      return assertNever(kind, 'alarm rule kind')
  }
}
