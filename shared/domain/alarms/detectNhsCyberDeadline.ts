/**
 * The NHS cyber alert deadline condition: an open NHS England cyber alert working to a deadline
 * (its acknowledgement, then its next update). Timed from the deadline itself — `warnBefore`
 * ahead of it for the `due` phase, the deadline for `overdue` — so every instance, and one started
 * later, raises at the same moment; the engine's clock matures it (the deadline is in the future
 * when the alert arrives). A response step moves the deadline, which clears the alarm and starts
 * the wait for the next one.
 */
import type { CyberAlert } from '../../contracts/entities.ts'
import { nhsDeadline } from '../cyber/nhsDeadlines.ts'
import type { NhsCyberDeadlineRule } from './alarmRuleSchema.ts'
import type { Detection } from './Detection.ts'

/** "2026-12-03 14:00 UTC": the same words on every instance, whatever its locale. */
const at = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

export function detectNhsCyberDeadline(rule: NhsCyberDeadlineRule, alert: CyberAlert): Detection | null {
  const deadline = nhsDeadline(alert)
  if (deadline === null || alert.nhs === undefined) return null
  const what = deadline.kind === 'acknowledge' ? 'acknowledgement' : 'update to NHS England'
  return {
    subject: { kind: 'cyber-alert', id: alert.id, siteId: alert.siteId, levelId: null, unitId: alert.unitId },
    since: rule.phase === 'due' ? deadline.dueAt - rule.warnBefore : deadline.dueAt,
    detail:
      rule.phase === 'due'
        ? `${alert.nhs.reference}: ${what} due by ${at(deadline.dueAt)}`
        : `${alert.nhs.reference}: ${what} overdue since ${at(deadline.dueAt)}`,
    priority: rule.priority,
    alertSeverity: alert.severity,
  }
}
