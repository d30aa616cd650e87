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

/** Inserts into a short sorted top-k list; both ends of a link report it, so keep one per pair. */
function offerLink(top: BusyLink[], link: BusyLink): void {
  if (
    top.length === BUSIEST_LINKS &&
    (top[BUSIEST_LINKS - 1] as BusyLink).utilisationPct >= link.utilisationPct
  )
    return
  const pair = pairOf(link)
  const same = top.findIndex((l) => pairOf(l) === pair)
  if (same >= 0) {
    if ((top[same] as BusyLink).utilisationPct >= link.utilisationPct) return
    top.splice(same, 1)
  }
  let at = top.findIndex((l) => l.utilisationPct < link.utilisationPct)
  if (at < 0) at = top.length
  top.splice(at, 0, link)
  if (top.length > BUSIEST_LINKS) top.pop()
}

function add(c: NetworkCounts, d: NetworkDevice): void {
  c.total += 1
  const status = d.status
  switch (status) {
    case 'up':
      c.up += 1
      break
    case 'degraded':
      c.degraded += 1
      break
    case 'down':
      c.down += 1
      for (const unit of d.servesUnitIds) c.unitsAffected.add(unit)
      break
    case 'unknown':
      c.unknown += 1
      break
    default:
      assertNever(status, 'device status')
  }
  if (d.latencyMs !== null && (c.worstLatency === null || d.latencyMs > c.worstLatency.value)) {
    c.worstLatency = { deviceId: d.id, value: d.latencyMs }
  }
  if (d.lossPct !== null && (c.worstLoss === null || d.lossPct > c.worstLoss.value)) {
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
