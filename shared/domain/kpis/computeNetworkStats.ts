/**
 * Network counters, one pass over the devices, per trust and site.
 *
 * Availability counts devices with a known status: up and degraded devices answer, down ones do
 * not. `unknown` (no recent poll) is reported apart and is never counted as up — nor as down,
 * because a poller outage is not a network outage.
 */
import type { NetworkDevice } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'
import { counterFor, type Rollup } from './kpiScope.ts'
import type { SiteIndex } from './siteIndex.ts'

export type DeviceReading = { readonly deviceId: string; readonly value: number }

export type BusyLink = {
  readonly deviceId: string
  readonly peerId: string
  readonly ifName: string
  readonly utilisationPct: number
}

export type NetworkCounts = {
  total: number
  up: number
  degraded: number
  down: number
  unknown: number
  worstLatency: DeviceReading | null
  worstLoss: DeviceReading | null
  /** The most utilised links, busiest first (at most `BUSIEST_LINKS`), one entry per device pair. */
  busiestLinks: BusyLink[]
  /** Units served by a device that is down: the clinical footprint of the outage. */
  unitsAffected: Set<string>
}

export type NetworkStats = {
  readonly rollup: Rollup<NetworkCounts>
  readonly computedAt: number
}

/** How many links the busiest-links list keeps. */
export const BUSIEST_LINKS = 5

const emptyCounts = (): NetworkCounts => ({
  total: 0,
  up: 0,
  degraded: 0,
  down: 0,
  unknown: 0,
  worstLatency: null,
  worstLoss: null,
  busiestLinks: [],
  unitsAffected: new Set(),
})

const pairOf = (a: BusyLink): string =>
  a.deviceId < a.peerId ? `${a.deviceId}|${a.peerId}` : `${a.peerId}|${a.deviceId}`

/**
 * Whether link `a` ranks before `b` among the busiest: more utilised first, then by device pair,
 * device and interface. A total order, so the list does not depend on the order devices are read
 * in: the full pass and the incremental engine (kpiIncremental.ts) pick the same links.
 */
function ranksBefore(a: BusyLink, b: BusyLink): boolean {
  if (a.utilisationPct !== b.utilisationPct) return a.utilisationPct > b.utilisationPct
  const pa = pairOf(a)
  const pb = pairOf(b)
  if (pa !== pb) return pa < pb
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId
  return a.ifName < b.ifName
}

/**
 * Inserts into a short ranked top-k list; both ends of a link report it, so keep one per pair (the
 * better ranked). The result is the top k of each pair's best link, whatever the order of offers.
 */
function offerLink(top: BusyLink[], link: BusyLink): void {
  const pair = pairOf(link)
  const same = top.findIndex((l) => pairOf(l) === pair)
  if (same >= 0) {
    if (!ranksBefore(link, top[same] as BusyLink)) return
    top.splice(same, 1)
  } else if (top.length === BUSIEST_LINKS && !ranksBefore(link, top[BUSIEST_LINKS - 1] as BusyLink)) return
  let at = top.findIndex((l) => ranksBefore(link, l))
  if (at < 0) at = top.length
  top.splice(at, 0, link)
  if (top.length > BUSIEST_LINKS) top.pop()
}

/** The worse of two readings: the higher value, ties to the lower device id (order-independent). */
function worse(a: DeviceReading | null, value: number, deviceId: string): boolean {
  return a === null || value > a.value || (value === a.value && deviceId < a.deviceId)
}

/** Fresh zeroed network counters. */
export const emptyNetworkCounts = (): NetworkCounts => emptyCounts()

/**
 * Adds a device's status to `c` (`d` = 1) or takes it back out (`d` = -1). The units a down device
 * serves are not touched: the incremental engine keeps them with a count per unit.
 */
export function addDeviceStatus(c: NetworkCounts, dev: NetworkDevice, d: 1 | -1 = 1): void {
  c.total += d
  const status = dev.status
  switch (status) {
    case 'up':
      c.up += d
      break
    case 'degraded':
      c.degraded += d
      break
    case 'down':
      c.down += d
      break
    case 'unknown':
      c.unknown += d
      break
    default:
      assertNever(status, 'device status')
  }
}

/** Offers a device's readings to the worst latency, worst loss and busiest links of `c`. */
export function offerDeviceReadings(c: NetworkCounts, d: NetworkDevice): void {
  if (d.latencyMs !== null && worse(c.worstLatency, d.latencyMs, d.id)) {
    c.worstLatency = { deviceId: d.id, value: d.latencyMs }
  }
  if (d.lossPct !== null && worse(c.worstLoss, d.lossPct, d.id)) {
    c.worstLoss = { deviceId: d.id, value: d.lossPct }
  }
  for (const link of d.links) {
    if (link.utilisationPct === null) continue
    offerLink(c.busiestLinks, {
      deviceId: d.id,
      peerId: link.peerId,
      ifName: link.ifName,
      utilisationPct: link.utilisationPct,
    })
  }
}

/** Folds the readings of `from` (a part of the scope, e.g. one site) into those of `into`. */
export function mergeDeviceReadings(into: NetworkCounts, from: NetworkCounts): void {
  const l = from.worstLatency
  if (l !== null && worse(into.worstLatency, l.value, l.deviceId)) into.worstLatency = l
  const p = from.worstLoss
  if (p !== null && worse(into.worstLoss, p.value, p.deviceId)) into.worstLoss = p
  for (const link of from.busiestLinks) offerLink(into.busiestLinks, link)
}

/** Clears the readings of `c` (before they are offered again). */
export function clearDeviceReadings(c: NetworkCounts): void {
  c.worstLatency = null
  c.worstLoss = null
  c.busiestLinks = []
}

function add(c: NetworkCounts, d: NetworkDevice): void {
  addDeviceStatus(c, d)
  if (d.status === 'down') for (const unit of d.servesUnitIds) c.unitsAffected.add(unit)
  offerDeviceReadings(c, d)
}

/** Counts devices per trust and site (network devices have no ward; wards come from `servesUnitIds`). */
export function computeNetworkStats(
  devices: ReadonlyMap<string, NetworkDevice>,
  _index: SiteIndex | null,
  now: number,
): NetworkStats {
  const trust = emptyCounts()
  const sites = new Map<string, NetworkCounts>()
  for (const d of devices.values()) {
    add(trust, d)
    add(counterFor(sites, d.siteId, emptyCounts), d)
  }
  return { rollup: { trust, sites, wards: new Map() }, computedAt: now }
}

/** Availability in percent of devices with a known status, or null when none is known. */
export function availabilityPct(c: NetworkCounts): number | null {
  const known = c.up + c.degraded + c.down
  return known === 0 ? null : (100 * (c.up + c.degraded)) / known
}
