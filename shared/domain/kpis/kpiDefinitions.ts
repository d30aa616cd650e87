/**
 * KPI definitions as data: what a tile shows, in what unit, with which RAG thresholds, read from
 * which counters, and which table lies behind it. Computing a KPI is a lookup into `KpiStats`
 * (computed once per pass), never a re-scan of the entities.
 */
import type { Topic } from '../../contracts/entities.ts'
import type { KpiStats } from './computeKpiStats.ts'
import { gaOccupancyPct, nctrPct, type BedCounts } from './computeBedStats.ts'
import { parCompliancePct, type AssetCounts, type ParCompliance } from './computeAssetStats.ts'
import { availabilityPct, type NetworkCounts } from './computeNetworkStats.ts'
import { meanTimeToAckMin, type CyberCounts } from './computeCyberStats.ts'
import { computeEscalationLevel, escalationInputsOf } from './computeEscalationLevel.ts'
import { pickScope, type KpiScope } from './kpiScope.ts'
import type { TurnaroundSummary } from './turnaroundTracker.ts'

export type KpiUnit = '%' | 'beds' | 'min' | 'ms' | 'count' | 'level'

/**
 * RAG thresholds. `higher-is-worse`: value ≥ red is red, ≥ amber is amber. `lower-is-worse`:
 * value ≤ red is red, ≤ amber is amber. Everything else is green.
 */
export type KpiThresholds = {
  readonly amber: number
  readonly red: number
  readonly direction: 'higher-is-worse' | 'lower-is-worse'
}

/** The table (and facet) a tile drills down to on the desktop. */
export type KpiDrillDown = {
  readonly entity: Topic
  readonly facets?: Readonly<Record<string, readonly string[]>>
  /** How to sort the table, when the KPI is about the extremes (e.g. the longest-waiting cleans). */
  readonly sort?: { readonly id: string; readonly desc: boolean }
  /** Columns to show instead of the table's defaults. */
  readonly columns?: readonly string[]
}

export type KpiDefinition = {
  readonly id: string
  readonly label: string
  readonly unit: KpiUnit
  /** Null: informational, no RAG (e.g. expected discharges — neither good nor bad in itself). */
  readonly thresholds: KpiThresholds | null
  /** The feed whose freshness is this KPI's data age. */
  readonly topic: Topic
  readonly drillDown: KpiDrillDown | null
  /** Reads the value for a scope; null when there is nothing to measure (no beds, no data yet). */
  readonly compute: (stats: KpiStats, scope: KpiScope) => number | null
}

const beds =
  (read: (c: BedCounts) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    if (s.beds === null) return null
    const c = pickScope(s.beds.rollup, scope)
    return c === undefined ? null : read(c)
  }
const turnaround =
  (read: (c: TurnaroundSummary) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    if (s.turnaround === null) return null
    const c = pickScope(s.turnaround, scope)
    return c === undefined ? null : read(c)
  }
const assets =
  (read: (c: AssetCounts) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const c = pickScope(s.assets.rollup, scope)
    return c === undefined ? null : read(c)
  }
const par =
  (read: (c: ParCompliance) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const c = pickScope(s.assets.parRollup, scope)
    return c === undefined ? null : read(c)
  }
// Network devices belong to sites, not wards: a ward scope reads its site's figures.
const network =
  (read: (c: NetworkCounts) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const c = pickScope(s.network.rollup, { siteId: scope.siteId })
    return c === undefined ? null : read(c)
  }
const cyber =
  (read: (c: CyberCounts) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const c = pickScope(s.cyber.rollup, scope)
    return c === undefined ? null : read(c)
  }

const higher = (amber: number, red: number): KpiThresholds => ({ amber, red, direction: 'higher-is-worse' })
const lower = (amber: number, red: number): KpiThresholds => ({ amber, red, direction: 'lower-is-worse' })

/** Every KPI Watchfloor knows. Thresholds are defaults; a trust overrides them by id. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  // Beds ------------------------------------------------------------------------------------
  {
    id: 'beds.ga-occupancy',
    label: 'G&A occupancy',
    unit: '%',
    // docs/alarms.md: ≥ 92 % amber (NHS Improvement), ≥ 95 % red.
    thresholds: higher(92, 95),
    topic: 'beds',
    drillDown: { entity: 'beds' },
    compute: beds(gaOccupancyPct),
  },
  {
    id: 'beds.ga-core-occupied',
    label: 'G&A core beds occupied',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['occupied'] } },
    compute: beds((c) => c.gaCore.occupied),
  },
  {
    id: 'beds.ga-escalation-open',
    label: 'G&A escalation beds open',
    unit: 'beds',
    thresholds: higher(1, 10),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { bedType: ['escalation'] } },
    compute: beds((c) => c.gaEscalation.beds),
  },
  {
    id: 'beds.free',
    label: 'Beds available',
    unit: 'beds',
    thresholds: lower(10, 3),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['unoccupied'] } },
    compute: beds((c) => c.free),
  },
  {
    id: 'beds.ga-free',
    label: 'G&A beds available',
    unit: 'beds',
    thresholds: lower(10, 3),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['unoccupied'] } },
    compute: beds((c) => c.gaCore.free + c.gaEscalation.free),
  },
  {
    id: 'beds.housekeeping',
    label: 'Beds being cleaned',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['housekeeping'] } },
    compute: beds((c) => c.housekeeping),
  },
  {
    id: 'beds.housekeeping-overdue',
    label: 'Cleans overdue',
    unit: 'beds',
    thresholds: higher(1, 5),
    topic: 'beds',
    drillDown: {
      entity: 'beds',
      facets: { status: ['housekeeping'] },
      // Overdue depends on the clock: the longest-waiting requests first, which are the overdue ones.
      sort: { id: 'cleaningRequested', desc: false },
      columns: ['label', 'site', 'ward', 'status', 'cleaningRequested', 'cleaningStarted'],
    },
    compute: beds((c) => c.housekeepingOverdue),
  },
  {
    id: 'beds.turnaround-response',
    label: 'Clean response (mean)',
    unit: 'min',
    // EVS best practice: response under 30 min.
    thresholds: higher(30, 45),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['housekeeping'] } },
    compute: turnaround((t) => t.meanResponseMin),
  },
  {
    id: 'beds.turnaround-clean',
    label: 'Clean time (mean)',
    unit: 'min',
    thresholds: higher(30, 45),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['housekeeping'] } },
    compute: turnaround((t) => t.meanCleanMin),
  },
  {
    id: 'beds.turnaround-total',
    label: 'Bed turnaround (mean)',
    unit: 'min',
    thresholds: higher(60, 90),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['housekeeping'] } },
    compute: turnaround((t) => t.meanTotalMin),
  },
  {
    id: 'beds.closed',
    label: 'Beds closed',
    unit: 'beds',
    thresholds: higher(10, 25),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['closed'] } },
    compute: beds((c) => c.closed),
  },
  {
    id: 'beds.closed-dv',
    label: 'Closed for D&V',
    unit: 'beds',
    thresholds: higher(1, 6),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { closedReason: ['infection-dv'] } },
    compute: beds((c) => c.closedByReason['infection-dv']),
  },
  {
    id: 'beds.isolated',
    label: 'Isolated beds',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { status: ['isolated'] } },
    compute: beds((c) => c.isolated),
  },
  {
    id: 'beds.expected-discharges',
    label: 'Expected discharges today',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { expectedDischargeToday: ['yes'] } },
    compute: beds((c) => c.expectedDischargesToday),
  },
  {
    id: 'beds.nctr',
    label: 'No criteria to reside',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { nctr: ['yes'] } },
    compute: beds((c) => c.nctr),
  },
  {
    id: 'beds.nctr-pct',
    label: 'NCTR share of occupied',
    unit: '%',
    thresholds: higher(10, 15),
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { nctr: ['yes'] } },
    compute: beds(nctrPct),
  },
  {
    id: 'beds.los-7',
    label: 'Stays 7+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { longStay: ['7+', '14+', '21+'] } },
    compute: beds((c) => c.longStay7),
  },
  {
    id: 'beds.los-14',
    label: 'Stays 14+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { longStay: ['14+', '21+'] } },
    compute: beds((c) => c.longStay14),
  },
  {
    id: 'beds.los-21',
    label: 'Stays 21+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    drillDown: { entity: 'beds', facets: { longStay: ['21+'] } },
    compute: beds((c) => c.longStay21),
  },
  {
    id: 'beds.opel',
    label: 'Escalation level (OPEL)',
    unit: 'level',
    thresholds: higher(2, 3),
    topic: 'beds',
    drillDown: { entity: 'beds' },
    compute: (s, scope) => {
      if (s.beds === null) return null
      const c = pickScope(s.beds.rollup, scope)
      return c === undefined ? null : computeEscalationLevel(escalationInputsOf(c), s.config.escalation).level
    },
  },
  // Assets ----------------------------------------------------------------------------------
  {
    id: 'assets.par-compliance',
    label: 'PAR compliance',
    unit: '%',
    thresholds: lower(95, 85),
    topic: 'assets',
    drillDown: { entity: 'assets', facets: { state: ['available'] } },
    compute: par(parCompliancePct),
  },
  {
    id: 'assets.par-critical',
    label: 'Below critical PAR',
    unit: 'count',
    thresholds: higher(1, 3),
    topic: 'assets',
    drillDown: { entity: 'assets', facets: { state: ['available'] } },
    compute: par((c) => c.belowCritical),
  },
  {
    id: 'assets.missing',
    label: 'Assets missing (24 h)',
    unit: 'count',
    thresholds: higher(20, 100),
    topic: 'assets',
    drillDown: { entity: 'assets', facets: { flags: ['missing'] } },
    compute: assets((c) => c.missing),
  },
  {
    id: 'assets.outside-home',
    label: 'Outside home zone',
    unit: 'count',
    thresholds: null,
    topic: 'assets',
    drillDown: { entity: 'assets', facets: { flags: ['outside-home'] } },
    compute: assets((c) => c.outsideHome),
  },
  {
    id: 'assets.battery-low',
    label: 'Tag battery low',
    unit: 'count',
    thresholds: higher(50, 200),
    topic: 'assets',
    drillDown: { entity: 'assets', facets: { flags: ['battery-low'] } },
    compute: assets((c) => c.batteryLow),
  },
  // Network ---------------------------------------------------------------------------------
  {
    id: 'network.availability',
    label: 'Network availability',
    unit: '%',
    thresholds: lower(99.5, 98),
    topic: 'network',
    drillDown: { entity: 'network' },
    compute: network(availabilityPct),
  },
  {
    id: 'network.down',
    label: 'Devices down',
    unit: 'count',
    thresholds: higher(1, 5),
    topic: 'network',
    drillDown: { entity: 'network', facets: { status: ['down'] } },
    compute: network((c) => c.down),
  },
  {
    id: 'network.degraded',
    label: 'Devices degraded',
    unit: 'count',
    thresholds: higher(5, 20),
    topic: 'network',
    drillDown: { entity: 'network', facets: { status: ['degraded'] } },
    compute: network((c) => c.degraded),
  },
  {
    id: 'network.worst-latency',
    label: 'Worst latency',
    unit: 'ms',
    thresholds: higher(50, 150),
    topic: 'network',
    drillDown: { entity: 'network' },
    compute: network((c) => c.worstLatency?.value ?? null),
  },
  {
    id: 'network.worst-loss',
    label: 'Worst packet loss',
    unit: '%',
    thresholds: higher(1, 5),
    topic: 'network',
    drillDown: { entity: 'network' },
    compute: network((c) => c.worstLoss?.value ?? null),
  },
  {
    id: 'network.busiest-link',
    label: 'Busiest link',
    unit: '%',
    thresholds: higher(70, 90),
    topic: 'network',
    drillDown: { entity: 'network' },
    compute: network((c) => c.busiestLinks[0]?.utilisationPct ?? null),
  },
  // Cyber -----------------------------------------------------------------------------------
  {
    id: 'cyber.open',
    label: 'Open cyber alerts',
    unit: 'count',
    thresholds: null,
    topic: 'cyber',
    drillDown: { entity: 'cyber', facets: { status: ['new', 'acknowledged', 'investigating'] } },
    compute: cyber((c) => c.open),
  },
  {
    id: 'cyber.open-critical',
    label: 'Critical alerts open',
    unit: 'count',
    thresholds: higher(1, 1),
    topic: 'cyber',
    drillDown: { entity: 'cyber', facets: { severity: ['critical'] } },
    compute: cyber((c) => c.openBySeverity.critical),
  },
  {
    id: 'cyber.open-high',
    label: 'High alerts open',
    unit: 'count',
    thresholds: higher(1, 5),
    topic: 'cyber',
    drillDown: { entity: 'cyber', facets: { severity: ['high'] } },
    compute: cyber((c) => c.openBySeverity.high),
  },
  {
    id: 'cyber.new-last-hour',
    label: 'New alerts (1 h)',
    unit: 'count',
    thresholds: higher(10, 30),
    topic: 'cyber',
    drillDown: { entity: 'cyber' },
    compute: cyber((c) => c.newInWindow),
  },
  {
    id: 'cyber.unacknowledged',
    label: 'Unacknowledged alerts',
    unit: 'count',
    thresholds: higher(1, 10),
    topic: 'cyber',
    drillDown: { entity: 'cyber', facets: { status: ['new'] } },
    compute: cyber((c) => c.unacknowledged),
  },
  {
    id: 'cyber.mtta',
    label: 'Mean time to acknowledge',
    unit: 'min',
    thresholds: higher(15, 30),
    topic: 'cyber',
    drillDown: { entity: 'cyber', facets: { status: ['acknowledged', 'investigating'] } },
    compute: cyber(meanTimeToAckMin),
  },
]

const byId = new Map(KPI_DEFINITIONS.map((d) => [d.id, d]))

/** The definition of a KPI id, or undefined for an unknown id (a board naming a KPI that does not exist). */
export function kpiDefinition(id: string): KpiDefinition | undefined {
  return byId.get(id)
}
