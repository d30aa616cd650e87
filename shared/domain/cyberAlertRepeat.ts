/**
 * How a SIEM event that repeats an open cyber alert changes it: one more occurrence, the latest
 * sighting, and a severity that only ever rises — a repeat must never quietly lower what an
 * operator sees. Every source of cyber alerts (syslog/CEF, webhooks) applies the same rule, and
 * starts a first sighting the same way (`firstAlert`).
 */
import type { CyberAlert, CyberSeverity } from '../contracts/entities.ts'

const RANK: Readonly<Record<CyberSeverity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 }

/** The more severe of two severities. */
export function higherSeverity(a: CyberSeverity, b: CyberSeverity): CyberSeverity {
  return RANK[a] >= RANK[b] ? a : b
}

/** The changes that record a repeat of `existing`, seen at `seenAt` with `severity`. */
export function repeatOfAlert(
  existing: CyberAlert,
  severity: CyberSeverity,
  seenAt: number,
): Pick<CyberAlert, 'count' | 'lastSeen' | 'severity'> {
  return {
    count: existing.count + 1,
    lastSeen: Math.max(existing.lastSeen, seenAt),
    severity: higherSeverity(severity, existing.severity),
  }
}

/** What a source knows of a first sighting; the lifecycle fields are the same for every source. */
export type AlertSighting = Omit<CyberAlert, 'firstSeen' | 'lastSeen' | 'count' | 'status' | 'ack'>

/** A new alert from its first sighting at `seenAt`: seen once, new, not acknowledged. */
export function firstAlert(sighting: AlertSighting, seenAt: number): CyberAlert {
  return { ...sighting, firstSeen: seenAt, lastSeen: seenAt, count: 1, status: 'new', ack: null }
}
