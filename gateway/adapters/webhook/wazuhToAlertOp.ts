/**
 * Wazuh alert JSON → cyber alert. Only the fields below are read; everything else in the alert
 * (full_log, data.srcuser/dstuser, syscheck paths…) is never copied, so user names and log lines
 * stay out of the feed.
 *
 * Wazuh rule level (0–16) → our severity. Wazuh/OSSEC classify 0–3 as ignored/no-risk/system
 * notifications and successful events, 4–6 as low-relevance errors and attacks, 7–9 as "bad word"
 * matches, first-time-seen and invalid-source errors, 10–12 as repeated errors, integrity
 * warnings and high-importance events, 13–16 as unusual high-importance errors, high-importance
 * security events and severe attacks. So: 0–3 info, 4–6 low, 7–9 medium, 10–12 high, 13–16 critical.
 */
import { z } from 'zod'
import type { CyberAlert, CyberSeverity } from '../../../shared/contracts/entities.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import { firstAlert, repeatOfAlert } from '../../../shared/domain/cyberAlertRepeat.ts'
import { tacticIdOf } from '../../../shared/domain/mitreTactics.ts'
import type { HostPlace } from '../../ingest/createHostMatcher.ts'
import type { KeyedHash } from '../../security/createKeyedHash.ts'

const stringOrList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]))

export const wazuhAlertSchema = z.object({
  id: z.string().max(128).optional(),
  timestamp: z.string().max(64).optional(),
  rule: z.object({
    level: z.number().int().min(0).max(16),
    description: z.string().min(1).max(2_000),
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    groups: z.array(z.string()).optional(),
    mitre: z
      .object({
        id: stringOrList.optional(),
        tactic: stringOrList.optional(),
        technique: stringOrList.optional(),
      })
      .optional(),
  }),
  agent: z
    .object({
      id: z.string().max(64).optional(),
      name: z.string().max(256).optional(),
      ip: z.string().max(64).optional(),
    })
    .optional(),
})
export type WazuhAlert = z.infer<typeof wazuhAlertSchema>

export function wazuhSeverity(level: number): CyberSeverity {
  if (level <= 3) return 'info'
  if (level <= 6) return 'low'
  if (level <= 9) return 'medium'
  if (level <= 12) return 'high'
  return 'critical'
}

export type WazuhAlertOptions = {
  readonly source: string
  readonly placeOf: (host: string | null) => HostPlace
  readonly current: (id: string) => CyberAlert | undefined
  readonly now: number
  /** Keys the alert id: the agent is hidden from most roles, and the id is not (see cefToAlertOp). */
  readonly keyedHash: KeyedHash
}

/** A new alert, or a count/lastSeen bump of the open alert for the same rule on the same agent. */
export function wazuhToAlertOp(alert: WazuhAlert, options: WazuhAlertOptions): SourceOp {
  const host = (alert.agent?.name || alert.agent?.ip || '').trim().slice(0, 128) || null
  const ruleKey = alert.rule.id ?? alert.rule.description
  const id = `wazuh-${options
    .keyedHash('cyber-alert-id', ['wazuh', ruleKey, (host ?? '').toLowerCase()].join('\u0000'))
    .slice(0, 20)}`
  const severity = wazuhSeverity(alert.rule.level)
  const seenAt = timeOf(alert.timestamp, options.now)
  const existing = options.current(id)
  if (existing !== undefined && existing.status !== 'resolved') {
    return { topic: 'cyber', op: 'patch', id, changes: repeatOfAlert(existing, severity, seenAt) }
  }
  // The agent's name is matched first, then its address, so either may be used in `hosts`.
  const byName = options.placeOf(alert.agent?.name ?? null)
  const place =
    (byName.deviceId ?? byName.siteId ?? byName.unitId) ? byName : options.placeOf(alert.agent?.ip ?? null)
  const technique = (alert.rule.mitre?.id ?? [])
    .map((t) => t.trim().toUpperCase())
    .find((t) => /^T\d{4}(\.\d{3})?$/.test(t))
  const entity = firstAlert(
    {
      id,
      source: options.source,
      severity,
      category: (alert.rule.groups?.find((g) => g.trim() !== '') ?? 'wazuh').slice(0, 64),
      title: alert.rule.description.trim().slice(0, 200) || 'Wazuh alert',
      tactic: tacticIdOf(alert.rule.mitre?.tactic ?? []),
      technique: technique ?? null,
      host,
      deviceId: place.deviceId,
      siteId: place.siteId,
      unitId: place.unitId,
    },
    seenAt,
  )
  return { topic: 'cyber', op: 'upsert', entity }
}

/** Wazuh writes "2026-11-21T22:00:00.000+0000"; a missing, bad or far-future time becomes now. */
function timeOf(timestamp: string | undefined, now: number): number {
  if (timestamp === undefined) return now
  const ms = Date.parse(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isFinite(ms) && ms > 0 && ms <= now + 86_400_000 ? ms : now
}
