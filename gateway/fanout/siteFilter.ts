/**
 * Which site an entity belongs to, for `subscribe { sites }`, and what each role may see.
 */
import type { AnyEntity, EntityOf, Topic } from '../../shared/contracts/entities.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import { assertNever } from '../../shared/util/assertNever.ts'
import { createFreeTextScrubber, type FreeTextScrubber } from '../security/createFreeTextScrubber.ts'

/** Bed id → site id, from the site model (a bed entity carries its state, not its place). */
export type BedSites = ReadonlyMap<string, string>

/**
 * The site of an entity, or null when it belongs to no one site (a trust-wide cyber alert, a bed
 * the site model does not know). Entities without a site go to every subscriber.
 */
export function siteOf(topic: Topic, entity: AnyEntity, bedSites: BedSites): string | null {
  switch (topic) {
    case 'beds':
      return bedSites.get(entity.id) ?? null
    case 'assets':
    case 'network':
      return (entity as EntityOf['assets'] | EntityOf['network']).siteId
    case 'cyber':
      return (entity as EntityOf['cyber']).siteId
    case 'waiting':
      // A pathway names its provider site by ODS code, not by a site of the site model; the
      // waiting list is trust-wide (a site filter does not split it).
      return null
    default:
      return assertNever(topic, 'topic')
  }
}

/**
 * Roles that see cyber alert hosts, network management addresses and the unscrubbed free text of
 * security sources (a CEF Name, a Wazuh rule description).
 */
export function seesNetworkDetail(role: Role): boolean {
  return role === 'it' || role === 'admin'
}

/** The entity as a role without network detail receives it. */
export type Redactor = (topic: Topic, entity: AnyEntity) => AnyEntity

/** Distinct texts whose scrubbed form is remembered (alert titles repeat; entities are re-sent). */
const SCRUB_CACHE_SIZE = 4_096

/**
 * A redactor: a cyber alert's hosts (its own, an NHS alert's affected ones) nulled, its title,
 * category and response notes scrubbed (NHS numbers, dates
 * of birth, the trust's patterns — see createFreeTextScrubber); a network device's address nulled.
 */
export function createRedactor(scrub: FreeTextScrubber): Redactor {
  const cache = new Map<string, string>()
  const scrubbed = (text: string): string => {
    const known = cache.get(text)
    if (known !== undefined) return known
    const out = scrub(text)
    if (cache.size >= SCRUB_CACHE_SIZE) cache.clear()
    cache.set(text, out)
    return out
  }
  return (topic, entity) => {
    if (topic === 'cyber') {
      const alert = entity as EntityOf['cyber']
      const title = scrubbed(alert.title)
      const category = scrubbed(alert.category)
      // An NHS cyber alert's affected hosts are hosts like any other; the response's notes are
      // free text typed in a hurry, so they are scrubbed like a source's.
      const nhs = alert.nhs
      const hidden = nhs?.affected.some((a) => a.host !== null) === true
      const updates = alert.updates?.map((u) => {
        const note = scrubbed(u.note)
        return note === u.note ? u : { ...u, note }
      })
      const ackNote = alert.ack === null ? null : scrubbed(alert.ack.note)
      const notesChanged =
        updates?.some((u, i) => u !== alert.updates?.[i]) === true || ackNote !== (alert.ack?.note ?? null)
      if (
        alert.host === null &&
        title === alert.title &&
        category === alert.category &&
        !hidden &&
        !notesChanged
      )
        return alert
      const out: EntityOf['cyber'] = { ...alert, host: null, title, category }
      if (alert.ack !== null && ackNote !== null) out.ack = { ...alert.ack, note: ackNote }
      if (updates !== undefined) out.updates = updates
      if (nhs !== undefined && hidden)
        out.nhs = { ...nhs, affected: nhs.affected.map((a) => ({ ...a, host: null })) }
      return out
    }
    if (topic === 'network') {
      const device = entity as EntityOf['network']
      return device.address === null ? device : { ...device, address: null }
    }
    return entity
  }
}

/** The redactor with the built-in patterns only (no trust patterns configured). */
export const redact: Redactor = createRedactor(createFreeTextScrubber())

/**
 * Staff badges' positions go only to the roles the trust names (`privacy.staffLocationRoles`,
 * none by default): locating people is a staff-monitoring question for the trust's IG lead, not
 * something a wall or a bed-meeting screen shows by default. A role without it never receives a
 * staff badge at all — not its position, not its zone, not that it exists.
 */
export function seesStaffLocation(role: Role, staffLocationRoles: readonly Role[]): boolean {
  return staffLocationRoles.includes(role)
}

/** An RTLS tag worn by a person (a staff badge), as opposed to equipment. */
export function isStaffBadge(topic: Topic, entity: AnyEntity | undefined): boolean {
  return topic === 'assets' && entity !== undefined && (entity as EntityOf['assets']).type === 'staff-badge'
}
