/**
 * A source re-sends an alert (a SIEM repeat, a webhook re-delivery, the simulator's resend on
 * start) without the gateway's response: the response is kept. Status takes the further of the
 * two along new → acknowledged → investigating → resolved (a SOC closing an alert at the source
 * closes it here too), and the acknowledgement, steps and NHS owner/applicability/next update the
 * gateway recorded stay. A new occurrence — the source starts the alert afresh after it was
 * resolved — is a new alert and starts with no response.
 */
import type { CyberAlert, CyberStatus } from '../../contracts/entities.ts'

const RANK: Readonly<Record<CyberStatus, number>> = { new: 0, acknowledged: 1, investigating: 2, resolved: 3 }

/** When `alert` was resolved: its last resolving step, else (resolved by its source) its last sighting. */
function resolvedAt(alert: CyberAlert): number {
  const step = alert.updates?.findLast((u) => u.status === 'resolved')
  return step?.at ?? alert.lastSeen
}

/** The alert to keep when its source sends `incoming` while the gateway holds `current`. */
export function mergeSourceAlert(current: CyberAlert | undefined, incoming: CyberAlert): CyberAlert {
  if (current === undefined) return incoming
  if (current.status === 'resolved' && incoming.status === 'new' && incoming.firstSeen > resolvedAt(current))
    return incoming
  const status = RANK[incoming.status] >= RANK[current.status] ? incoming.status : current.status
  const ack = incoming.ack ?? current.ack
  const updates = current.updates ?? incoming.updates
  const merged: CyberAlert = { ...incoming, status, ack }
  if (updates !== undefined) merged.updates = updates
  const nhs = incoming.nhs ?? current.nhs
  if (nhs !== undefined) {
    const kept = current.nhs
    merged.nhs = {
      ...nhs,
      owner: kept?.owner ?? nhs.owner,
      applicability:
        kept !== undefined && kept.applicability !== 'unassessed' ? kept.applicability : nhs.applicability,
      nextUpdateDueAt: status === 'resolved' ? null : (kept?.nextUpdateDueAt ?? nhs.nextUpdateDueAt),
    }
  }
  return merged
}
