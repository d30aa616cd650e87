/**
 * Internal or external: whether a host named in a security event is one of the trust's own
 * addresses. An outbound command-and-control alert names two hosts — the ward PC (internal) and
 * the C2 server (external) — and the one to put on the map is the trust's own. Ranges are CIDR
 * blocks: RFC 1918 private IPv4 and RFC 4193 unique-local IPv6 by default, plus whatever public or
 * HSCN ranges the trust owns (configured per source). Node's `net.BlockList` does the matching
 * (IPv4-mapped IPv6 addresses match IPv4 ranges).
 */
import { BlockList, isIP } from 'node:net'
import { z } from 'zod'

/** RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 4193 unique local addresses (fc00::/7). */
export const DEFAULT_INTERNAL_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
]

/** A host as an event names it: one of the trust's addresses, another address, or a name. */
export type HostKind = 'internal' | 'external' | 'name'

type Cidr = { readonly network: string; readonly prefix: number; readonly family: 'ipv4' | 'ipv6' }

/** Parses `a.b.c.d/n` or `x::/n`; null when it is not a CIDR block. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.lastIndexOf('/')
  if (slash <= 0) return null
  const network = text.slice(0, slash).trim()
  const bits = text.slice(slash + 1).trim()
  const version = isIP(network)
  if (version === 0 || !/^\d{1,3}$/.test(bits)) return null
  const prefix = Number(bits)
  if (prefix > (version === 4 ? 32 : 128)) return null
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

export const cidrSchema = z
  .string()
  .refine((text) => parseCidr(text) !== null, 'expected an address range such as 10.20.0.0/16 or fd00::/8')

/** A set of CIDR blocks; `has(address)` is false for anything that is not an IP address. */
export function createAddressSet(ranges: readonly string[]): { has(address: string): boolean } {
  const list = new BlockList()
  for (const range of ranges) {
    const cidr = parseCidr(range)
    // Config is validated with cidrSchema; a bad block here is a bug in the caller.
    if (cidr === null) throw new Error(`not an address range: ${range}`)
    list.addSubnet(cidr.network, cidr.prefix, cidr.family)
  }
  return {
    has: (address) => {
      const version = isIP(address)
      return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6')
    },
  }
}

/** Classifies a host value against the trust's ranges. */
export function createAddressClassifier(
  ranges: readonly string[] = DEFAULT_INTERNAL_RANGES,
): (host: string) => HostKind {
  const internal = createAddressSet(ranges)
  return (host) => {
    const value = host.trim()
    if (isIP(value) === 0) return 'name'
    return internal.has(value) ? 'internal' : 'external'
  }
}
