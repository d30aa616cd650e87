/**
 * Which site an entity belongs to, for `subscribe { sites }`, and what each role may see.
 */
import type { AnyEntity, EntityOf, Topic } from '../../shared/contracts/entities.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import { assertNever } from '../../shared/util/assertNever.ts'

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
    default:
      return assertNever(topic, 'topic')
  }
}

/** Roles that see cyber alert hosts and network management addresses. */
export function seesNetworkDetail(role: Role): boolean {
  return role === 'it' || role === 'admin'
}

/** The entity as a role without network detail receives it: host and address nulled. */
export function redact(topic: Topic, entity: AnyEntity): AnyEntity {
  if (topic === 'cyber') {
    const alert = entity as EntityOf['cyber']
    return alert.host === null ? alert : { ...alert, host: null }
  }
  if (topic === 'network') {
    const device = entity as EntityOf['network']
    return device.address === null ? device : { ...device, address: null }
  }
  return entity
}

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
