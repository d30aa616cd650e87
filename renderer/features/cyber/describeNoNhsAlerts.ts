/**
 * What an empty NHS cyber alerts panel says: that nothing is due to NHS England, and since when —
 * the last NHS alert closed, or, with none in the feed, since the connection came up. An empty
 * list with no "since" reads like a panel that never loaded.
 */
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { formatWhen } from './formatWhen.ts'

export type NoNhsAlerts = { readonly headline: string; readonly since: string }

/** When an alert was closed: its last step to `resolved`, else when it was last seen. */
function closedAt(alert: CyberAlert): number {
  const steps = alert.updates ?? []
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]
    if (step?.status === 'resolved') return step.at
  }
  return alert.lastSeen
}

export function describeNoNhsAlerts(
  alerts: ReadonlyMap<string, CyberAlert>,
  connectedSince: number,
  now: number,
): NoNhsAlerts {
  let last: { reference: string; at: number } | null = null
  for (const alert of alerts.values()) {
    if (alert.nhs === undefined || alert.status !== 'resolved') continue
    const at = closedAt(alert)
    if (last === null || at > last.at) last = { reference: alert.nhs.reference, at }
  }
  return {
    headline: 'No open NHS cyber alerts: nothing to acknowledge or update',
    since:
      last === null
        ? `None received since connected at ${formatWhen(connectedSince, now)}`
        : `Last one, ${last.reference}, closed ${formatWhen(last.at, now)}`,
  }
}
