/**
 * Host → device and location, from config: `hosts: [{ match: "WS-W07-*", deviceId?, siteId?,
 * unitId? }]`, first match wins. Patterns are case-insensitive globs (* any run, ? one char) and
 * match a host name or an address, or CIDR blocks (`10.20.7.0/24`, a ward's VLAN) that match the
 * addresses inside them. Shared by the sources that name hosts (syslog/CEF, webhooks).
 */
import { z } from 'zod'
import { createAddressSet, parseCidr } from './classifyAddress.ts'

export const hostMappingSchema = z
  .object({
    match: z.string().min(1).max(200),
    deviceId: z.string().min(1).max(128).optional(),
    siteId: z.string().min(1).max(128).optional(),
    unitId: z.string().min(1).max(128).optional(),
  })
  .strict()
export type HostMapping = z.infer<typeof hostMappingSchema>

export type HostPlace = {
  readonly deviceId: string | null
  readonly siteId: string | null
  readonly unitId: string | null
}

const NOWHERE: HostPlace = { deviceId: null, siteId: null, unitId: null }

/** Whether a host has a place: some mapping gave it a device, site or unit. */
export function isPlaced(place: HostPlace): boolean {
  return place.deviceId !== null || place.siteId !== null || place.unitId !== null
}

export function createHostMatcher(mappings: readonly HostMapping[]): (host: string | null) => HostPlace {
  const compiled = mappings.map((m) => {
    const block = parseCidr(m.match) === null ? null : createAddressSet([m.match])
    const re = block === null ? globToRegExp(m.match) : null
    return {
      test: (host: string) => (block !== null ? block.has(host) : (re?.test(host) ?? false)),
      mapping: m,
    }
  })
  return (host) => {
    if (host === null) return NOWHERE
    const hit = compiled.find((c) => c.test(host))
    if (hit === undefined) return NOWHERE
    return {
      deviceId: hit.mapping.deviceId ?? null,
      siteId: hit.mapping.siteId ?? null,
      unitId: hit.mapping.unitId ?? null,
    }
  }
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}
