import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { nhsDeadline } from '../../../shared/domain/cyber/nhsDeadlines.ts'

/** Open NHS cyber alerts, the nearest deadline first (those without one last). */
export function listOpenNhsAlerts(alerts: ReadonlyMap<string, CyberAlert>): CyberAlert[] {
  const open: { alert: CyberAlert; due: number }[] = []
  for (const alert of alerts.values()) {
    if (alert.nhs === undefined || alert.status === 'resolved') continue
    open.push({ alert, due: nhsDeadline(alert)?.dueAt ?? Infinity })
  }
  return open.sort((a, b) => a.due - b.due || a.alert.id.localeCompare(b.alert.id)).map((o) => o.alert)
}
