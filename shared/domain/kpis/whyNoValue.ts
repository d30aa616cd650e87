/**
 * Why a KPI has no value, in words a tile shows under its "—": an operator must be able to tell
 * "nothing to measure yet" from "broken", and never read a bare dash. Pure: the reasons come from
 * the same counters the value does.
 */
import type { KpiStats } from './computeKpiStats.ts'
import type { KpiDefinition } from './kpiDefinitions.ts'
import { pickScope, type KpiScope } from './kpiScope.ts'

const FEED_NOUN: Readonly<Record<KpiDefinition['topic'], string>> = {
  beds: 'bed',
  assets: 'equipment',
  network: 'network',
  cyber: 'cyber',
}

/** Why `def` reads null for `scope` (call it only when it does). */
export function whyNoValue(def: KpiDefinition, stats: KpiStats, scope: KpiScope): string {
  if (def.topic === 'beds' && stats.beds === null) return 'waiting for the site model'
  if (def.id.startsWith('beds.turnaround-')) {
    const t = stats.turnaround === null ? undefined : pickScope(stats.turnaround, scope)
    // The mean needs one finished clean; this window has been watching since it opened.
    if (t === undefined || t.count === 0) return 'no clean finished yet'
    return 'no cleaning start times sent'
  }
  switch (def.id) {
    case 'cyber.mtta':
      return 'none in 24 h'
    case 'beds.ga-occupancy':
    case 'beds.nctr-pct':
      return 'no open beds here'
    case 'assets.par-compliance':
      return 'no PAR levels set here'
    case 'network.worst-latency':
      return 'no device reports latency'
    case 'network.worst-loss':
      return 'no device reports loss'
    case 'network.busiest-link':
      return 'no link reports utilisation'
    case 'network.availability':
      return 'no devices here'
    default:
      return `no ${FEED_NOUN[def.topic]} data yet`
  }
}
