/**
 * An NHS England cyber alert as received (hand entry or webhook) → a cyber alert of the NHS kind.
 * Its id comes from the national reference, so the same alert entered twice, or delivered again,
 * is one alert; its place on the map is its first placed affected host's.
 */
import type { CyberAlert, NhsAffectedHost } from '../../contracts/entities.ts'
import type { NhsAlertInput } from '../../contracts/cyberResponse.ts'
import { nhsAckDueAt } from './nhsDeadlines.ts'

/** Where a host is, as far as the gateway knows (a network device, its site and ward). */
export type HostPlacement = (host: string) => Omit<NhsAffectedHost, 'host'>

/** The `source` of NHS cyber alerts entered by hand. */
export const NHS_MANUAL_SOURCE = 'nhs-cyber-alert'

/** The cyber alert id of an NHS cyber alert reference ("CC-4512" → "nhs-cc-4512"). */
export function nhsAlertId(reference: string): string {
  return `nhs-${reference.toLowerCase()}`
}

export function nhsAlertFromInput(
  input: NhsAlertInput,
  options: {
    readonly source: string
    readonly now: number
    readonly place: HostPlacement
    readonly current: CyberAlert | undefined
  },
): CyberAlert {
  const { now, current } = options
  // An issue time in the future is a wrong clock or a typo: the deadline runs from arrival then.
  const issuedAt = input.issuedAt !== undefined && input.issuedAt <= now ? input.issuedAt : now
  const affected = input.affectedHosts.map((host) => ({ host, ...options.place(host) }))
  const placed = affected.find((a) => a.deviceId !== null || a.unitId !== null || a.siteId !== null)
  return {
    id: nhsAlertId(input.reference),
    source: options.source,
    severity: input.severity,
    category: 'nhs-cyber-alert',
    title: `${input.reference} ${input.title}`.slice(0, 200),
    tactic: input.tactic ?? null,
    technique: null,
    host: affected[0]?.host ?? null,
    deviceId: placed?.deviceId ?? null,
    siteId: placed?.siteId ?? null,
    unitId: placed?.unitId ?? null,
    firstSeen: issuedAt,
    lastSeen: now,
    count: (current?.count ?? 0) + 1,
    status: 'new',
    ack: null,
    nhs: {
      reference: input.reference,
      issuedAt,
      url: input.url ?? null,
      owner: input.owner ?? null,
      applicability: 'unassessed',
      ackDueAt: nhsAckDueAt(issuedAt, input.severity),
      nextUpdateDueAt: null,
      affected,
    },
  }
}
