/**
 * The NHS England "Respond to an NHS cyber alert" timings
 * (digital.nhs.uk/services/respond-to-an-nhs-cyber-alert): a high-severity alert must be
 * acknowledged within 48 hours of issue, its applicability stated, an update given at least every
 * 3 days (the service's default next-update date), and it is closed once remediated. Lower
 * severities ("Information only", "Low") carry no national deadline.
 */
import type { CyberAlert, CyberSeverity } from '../../contracts/entities.ts'

const HOUR = 3_600_000

/** High-severity NHS cyber alerts must be acknowledged within this of being issued. */
export const NHS_ACK_WITHIN_MS = 48 * HOUR
/** Once acknowledged, the next update is due this long after the last one. */
export const NHS_UPDATE_EVERY_MS = 72 * HOUR

/** Severities the national deadlines apply to. */
export function hasNhsDeadlines(severity: CyberSeverity): boolean {
  return severity === 'critical' || severity === 'high'
}

/** When an alert issued at `issuedAt` must be acknowledged, or null when no deadline applies. */
export function nhsAckDueAt(issuedAt: number, severity: CyberSeverity): number | null {
  return hasNhsDeadlines(severity) ? issuedAt + NHS_ACK_WITHIN_MS : null
}

/** The next update's due time after a response step at `at`, or null when no deadline applies. */
export function nhsNextUpdateDueAt(at: number, severity: CyberSeverity): number | null {
  return hasNhsDeadlines(severity) ? at + NHS_UPDATE_EVERY_MS : null
}

export type NhsDeadline = {
  /** What is due: the acknowledgement (status new) or the next update (acknowledged, investigating). */
  readonly kind: 'acknowledge' | 'update'
  readonly dueAt: number
}

/** The deadline an open NHS cyber alert is working to, or null (not NHS, closed, or none applies). */
export function nhsDeadline(alert: CyberAlert): NhsDeadline | null {
  const nhs = alert.nhs
  if (nhs === undefined || alert.status === 'resolved') return null
  if (alert.status === 'new')
    return nhs.ackDueAt === null ? null : { kind: 'acknowledge', dueAt: nhs.ackDueAt }
  return nhs.nextUpdateDueAt === null ? null : { kind: 'update', dueAt: nhs.nextUpdateDueAt }
}
