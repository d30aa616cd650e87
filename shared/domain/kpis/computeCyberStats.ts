/**
 * Cyber alert counters, one pass, per trust, site and ward (from the alert's unit).
 *
 * - open: any status but `resolved`;
 * - new in the window: first seen within the last hour (whatever its status now);
 * - mean time to acknowledge: ack time − first seen, over alerts acknowledged within the window
 *   (default 24 h) so one old slow acknowledgement does not colour the figure for ever.
 */
import type { CyberAlert, CyberSeverity } from '../../contracts/entities.ts'
import { counterFor, type Rollup } from './kpiScope.ts'
import type { SiteIndex } from './siteIndex.ts'

export type CyberWindows = {
  readonly newWithinMs: number
  readonly ackWithinMs: number
}

export const DEFAULT_CYBER_WINDOWS: CyberWindows = { newWithinMs: 3_600_000, ackWithinMs: 24 * 3_600_000 }

export type CyberCounts = {
  open: number
  openBySeverity: Record<CyberSeverity, number>
  /** Open and never acknowledged (status `new`). */
  unacknowledged: number
  newInWindow: number
  acknowledgedInWindow: number
  /** Sum of time-to-acknowledge over `acknowledgedInWindow`, ms. */
  ackDelaySumMs: number
}

export type CyberStats = {
  readonly rollup: Rollup<CyberCounts>
  readonly computedAt: number
}

const emptyCounts = (): CyberCounts => ({
  open: 0,
  openBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  unacknowledged: 0,
  newInWindow: 0,
  acknowledgedInWindow: 0,
  ackDelaySumMs: 0,
})

/** Acknowledged within the MTTA window (the alerts a mean time to acknowledge is over). */
export function isAckedInWindow(a: CyberAlert, now: number, windows: CyberWindows): boolean {
  return a.ack !== null && a.ack.at >= now - windows.ackWithinMs
}

/** Fresh zeroed cyber counters. */
export const emptyCyberCounts = (): CyberCounts => emptyCounts()

/**
 * The time to acknowledge `a` counts in the mean (ms), or null when it is not acknowledged within
 * the window.
 */
export function ackDelayOf(a: CyberAlert, now: number, windows: CyberWindows): number | null {
  return a.ack !== null && isAckedInWindow(a, now, windows) ? Math.max(0, a.ack.at - a.firstSeen) : null
}

/** First seen within the "new" window. */
export function isNewInWindow(a: CyberAlert, now: number, windows: CyberWindows): boolean {
  return a.firstSeen >= now - windows.newWithinMs
}

/**
 * Adds an alert to `c` (`d` = 1) or takes it back out (`d` = -1, with the flags it was added
 * with): counts and a sum of integers, so taking out undoes adding exactly (kpiIncremental.ts).
 */
export function addAlert(
  c: CyberCounts,
  a: CyberAlert,
  isNew: boolean,
  ackDelay: number | null,
  d: 1 | -1 = 1,
): void {
  if (a.status !== 'resolved') {
    c.open += d
    c.openBySeverity[a.severity] += d
    if (a.status === 'new') c.unacknowledged += d
  }
  if (isNew) c.newInWindow += d
  if (ackDelay !== null) {
    c.acknowledgedInWindow += d
    c.ackDelaySumMs += d * ackDelay
  }
}

/** Counts alerts per trust, site and ward. Alerts without a site count for the trust only. */
export function computeCyberStats(
  alerts: ReadonlyMap<string, CyberAlert>,
  index: SiteIndex | null,
  now: number,
  windows: CyberWindows = DEFAULT_CYBER_WINDOWS,
): CyberStats {
  const trust = emptyCounts()
  const sites = new Map<string, CyberCounts>()
  const wards = new Map<string, CyberCounts>()
  for (const a of alerts.values()) {
    const isNew = isNewInWindow(a, now, windows)
    const ackDelay = ackDelayOf(a, now, windows)
    addAlert(trust, a, isNew, ackDelay)
    if (a.siteId !== null) addAlert(counterFor(sites, a.siteId, emptyCounts), a, isNew, ackDelay)
    const wardId = a.unitId === null ? undefined : index?.wardOfUnit.get(a.unitId)
    if (wardId !== undefined) addAlert(counterFor(wards, wardId, emptyCounts), a, isNew, ackDelay)
  }
  return { rollup: { trust, sites, wards }, computedAt: now }
}

/** Mean time to acknowledge in minutes, or null when nothing was acknowledged in the window. */
export function meanTimeToAckMin(c: CyberCounts): number | null {
  return c.acknowledgedInWindow === 0 ? null : c.ackDelaySumMs / c.acknowledgedInWindow / 60_000
}
