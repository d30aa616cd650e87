/**
 * KPI definitions as data: what a tile shows, in what unit, with which RAG thresholds, read from
 * which counters, and what lies behind it. Computing a KPI is a lookup into `KpiStats` (computed
 * once per pass), never a re-scan of the entities.
 *
 * A count KPI is the size of a row set (kpiRows.ts) and its Details opens that same row set, so
 * the tile and the table behind it cannot disagree. A ratio KPI's Details opens the population it
 * is a share of. KPIs that are not about current rows (a mean of past cleans) have no Details.
 */
import type { RealtimeTopic } from '../../contracts/entities.ts'
import type { KpiStats } from './computeKpiStats.ts'
import { parCompliancePct, type ParCompliance } from './computeAssetStats.ts'
import type { NetworkCounts } from './computeNetworkStats.ts'
import { meanTimeToAckMin, type CyberCounts } from './computeCyberStats.ts'
import { computeEscalationLevel, escalationInputsOf } from './computeEscalationLevel.ts'
import {
  ASSET_ROWS,
  BED_ROWS,
  CYBER_ROWS,
  NETWORK_ROWS,
  rowCount,
  topicScope,
  type AnyRowSet,
} from './kpiRows.ts'
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

/** What a tile's Details opens (desktop). */
export type KpiDrillDown =
  /** The table of `rows` in the tile's scope: exactly the rows the tile counts. */
  | {
      readonly kind: 'rows'
      readonly rows: AnyRowSet
      /** How to sort the table, when the KPI is about the extremes (e.g. the longest-waiting cleans). */
      readonly sort?: { readonly id: string; readonly desc: boolean }
      /** Columns to show instead of the table's defaults. */
      readonly columns?: readonly string[]
    }
  /** The escalation level's parameters: each value, its thresholds and its level. */
  | { readonly kind: 'escalation' }
  /** The PAR levels in scope: unit, type, count against min and critical. */
  | { readonly kind: 'par' }

export type KpiDefinition = {
  readonly id: string
  readonly label: string
  /** For a line in a small comparison tile; the label when absent. */
  readonly shortLabel?: string
  readonly unit: KpiUnit
  /** Null: informational, no RAG (e.g. expected discharges — neither good nor bad in itself). */
  readonly thresholds: KpiThresholds | null
  /** The feed whose freshness is this KPI's data age. */
  readonly topic: RealtimeTopic
  /**
   * Which beds a bed KPI covers, shown on the tile ("all beds", "G&A beds"): the UEC sitrep
   * export counts G&A beds only, and a tile must not look like the sitrep's figure when it is not.
   */
  readonly population: string | null
  readonly drillDown: KpiDrillDown | null
  /**
   * How the value is computed, where the label alone does not say (a mean's window, what counts):
   * shown on the tile and in docs/kpis.md, so a figure on a wall can be checked by hand.
   */
  readonly method?: string
  /** Reads the value for a scope; null when there is nothing to measure (no beds, no data yet). */
  readonly compute: (stats: KpiStats, scope: KpiScope) => number | null
}

const ALL_BEDS = 'all beds'
const GA_BEDS = 'G&A beds'

/** The size of a row set in a scope. */
const count =
  (set: AnyRowSet) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const counts = s.rows[set.entity]
    return counts === null ? null : rowCount(counts, set.id, scope, s.index)
  }
/** `part` as a percentage of `whole` (both row sets), null with an empty whole. */
const ratio =
  (part: AnyRowSet, whole: AnyRowSet) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    const n = count(part)(s, scope)
    const d = count(whole)(s, scope)
    return n === null || d === null || d === 0 ? null : (100 * n) / d
  }
const rows = (
  set: AnyRowSet,
  extra: Omit<Extract<KpiDrillDown, { kind: 'rows' }>, 'kind' | 'rows'> = {},
): KpiDrillDown => ({
  kind: 'rows',
  rows: set,
  ...extra,
})

const turnaround =
  (read: (c: TurnaroundSummary) => number | null) =>
  (s: KpiStats, scope: KpiScope): number | null => {
    if (s.turnaround === null) return null
    const c = pickScope(s.turnaround, scope)
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
    const c = pickScope(s.network.rollup, topicScope('network', scope, s.index))
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
    shortLabel: 'G&A occ.',
    label: 'G&A occupancy',
    unit: '%',
    // docs/alarms.md: ≥ 92 % amber (NHS Improvement), ≥ 95 % red.
    thresholds: higher(92, 95),
    topic: 'beds',
    population: GA_BEDS,
    // Occupied ÷ open over G&A wards: Details lists the open G&A beds (never ITU).
    drillDown: rows(BED_ROWS.gaOpen),
    compute: ratio(BED_ROWS.gaOccupied, BED_ROWS.gaOpen),
  },
  {
    id: 'beds.ga-core-occupied',
    label: 'G&A core beds occupied',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: GA_BEDS,
    drillDown: rows(BED_ROWS.gaCoreOccupied),
    compute: count(BED_ROWS.gaCoreOccupied),
  },
  {
    id: 'beds.ga-escalation-open',
    label: 'G&A escalation beds open',
    unit: 'beds',
    thresholds: higher(1, 10),
    topic: 'beds',
    population: GA_BEDS,
    drillDown: rows(BED_ROWS.gaEscalationOpen),
    compute: count(BED_ROWS.gaEscalationOpen),
  },
  {
    id: 'beds.free',
    shortLabel: 'Available',
    label: 'Beds available',
    unit: 'beds',
    thresholds: lower(10, 3),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.free),
    compute: count(BED_ROWS.free),
  },
  {
    id: 'beds.ga-free',
    shortLabel: 'G&A available',
    label: 'G&A beds available',
    unit: 'beds',
    thresholds: lower(10, 3),
    topic: 'beds',
    population: GA_BEDS,
    drillDown: rows(BED_ROWS.gaFree),
    compute: count(BED_ROWS.gaFree),
  },
  {
    id: 'beds.housekeeping',
    label: 'Beds being cleaned',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.housekeeping),
    compute: count(BED_ROWS.housekeeping),
  },
  {
    id: 'beds.housekeeping-overdue',
    label: 'Cleans overdue',
    unit: 'beds',
    thresholds: higher(1, 5),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.housekeepingOverdue, {
      // The longest-waiting requests first.
      sort: { id: 'cleaningRequested', desc: false },
      columns: ['label', 'site', 'ward', 'status', 'cleaningRequested', 'cleaningStarted'],
    }),
    compute: count(BED_ROWS.housekeepingOverdue),
  },
  // Turnaround is a mean over cleans completed in the last 24 h: history, not rows of any table,
  // so these tiles have no Details rather than one showing other beds.
  {
    id: 'beds.turnaround-response',
    label: 'Clean response (mean)',
    unit: 'min',
    // EVS best practice: response under 30 min.
    thresholds: higher(30, 45),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: null,
    compute: turnaround((t) => t.meanResponseMin),
  },
  {
    id: 'beds.turnaround-clean',
    label: 'Clean time (mean)',
    unit: 'min',
    thresholds: higher(30, 45),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: null,
    compute: turnaround((t) => t.meanCleanMin),
  },
  {
    id: 'beds.turnaround-total',
    label: 'Bed turnaround (mean)',
    unit: 'min',
    thresholds: higher(60, 90),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: null,
    compute: turnaround((t) => t.meanTotalMin),
  },
  {
    id: 'beds.closed',
    label: 'Beds closed',
    unit: 'beds',
    thresholds: higher(10, 25),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.closed),
    compute: count(BED_ROWS.closed),
  },
  {
    id: 'beds.closed-dv',
    shortLabel: 'D&V closed',
    label: 'Closed for D&V',
    unit: 'beds',
    thresholds: higher(1, 6),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.closedDv),
    compute: count(BED_ROWS.closedDv),
  },
  {
    id: 'beds.isolated',
    label: 'Isolated beds',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.isolated),
    compute: count(BED_ROWS.isolated),
  },
  {
    id: 'beds.expected-discharges',
    shortLabel: 'Disch. today',
    label: 'Expected discharges today',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.expectedDischarges),
    compute: count(BED_ROWS.expectedDischarges),
  },
  {
    id: 'beds.nctr',
    shortLabel: 'NCTR',
    label: 'No criteria to reside',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.nctr),
    compute: count(BED_ROWS.nctr),
  },
  {
    id: 'beds.nctr-pct',
    label: 'NCTR share of occupied',
    unit: '%',
    thresholds: higher(10, 15),
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.occupied),
    compute: ratio(BED_ROWS.nctr, BED_ROWS.occupied),
  },
  {
    id: 'beds.los-7',
    label: 'Stays 7+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.los7, { sort: { id: 'los', desc: true } }),
    compute: count(BED_ROWS.los7),
  },
  {
    id: 'beds.los-14',
    label: 'Stays 14+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.los14, { sort: { id: 'los', desc: true } }),
    compute: count(BED_ROWS.los14),
  },
  {
    id: 'beds.los-21',
    shortLabel: 'Stays 21+ d',
    label: 'Stays 21+ days',
    unit: 'beds',
    thresholds: null,
    topic: 'beds',
    population: ALL_BEDS,
    drillDown: rows(BED_ROWS.los21, { sort: { id: 'los', desc: true } }),
    compute: count(BED_ROWS.los21),
  },
  {
    id: 'beds.opel',
    shortLabel: 'OPEL',
    label: 'Escalation level (OPEL)',
    unit: 'level',
    thresholds: higher(2, 3),
    topic: 'beds',
    population: null,
    drillDown: { kind: 'escalation' },
    compute: (s, scope) => {
      if (s.beds === null) return null
      const c = pickScope(s.beds.rollup, scope)
      return c === undefined ? null : computeEscalationLevel(escalationInputsOf(c), s.config.escalation).level
    },
  },
  // Assets ----------------------------------------------------------------------------------
  // PAR compliance counts unit × type levels, not tags: Details lists the levels.
  {
    id: 'assets.par-compliance',
    label: 'PAR compliance',
    unit: '%',
    thresholds: lower(95, 85),
    topic: 'assets',
    population: null,
    drillDown: { kind: 'par' },
    compute: par(parCompliancePct),
  },
  {
    id: 'assets.par-critical',
    label: 'Below critical PAR',
    unit: 'count',
    thresholds: higher(1, 3),
    topic: 'assets',
    population: null,
    drillDown: { kind: 'par' },
    compute: par((c) => c.belowCritical),
  },
  {
    id: 'assets.missing',
    label: 'Assets missing (24 h)',
    unit: 'count',
    thresholds: higher(20, 100),
    topic: 'assets',
    population: null,
    drillDown: rows(ASSET_ROWS.missing, { sort: { id: 'lastSeen', desc: false } }),
    compute: count(ASSET_ROWS.missing),
  },
  {
    id: 'assets.outside-home',
    label: 'Outside home zone',
    unit: 'count',
    thresholds: null,
    topic: 'assets',
    population: null,
    drillDown: rows(ASSET_ROWS.outsideHome),
    compute: count(ASSET_ROWS.outsideHome),
  },
  {
    id: 'assets.battery-low',
    label: 'Tag battery low',
    unit: 'count',
    thresholds: higher(50, 200),
    topic: 'assets',
    population: null,
    drillDown: rows(ASSET_ROWS.batteryLow, { sort: { id: 'battery', desc: false } }),
    compute: count(ASSET_ROWS.batteryLow),
  },
  // Network ---------------------------------------------------------------------------------
  {
    id: 'network.availability',
    label: 'Network availability',
    unit: '%',
    thresholds: lower(99.5, 98),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.known, { sort: { id: 'status', desc: false } }),
    compute: ratio(NETWORK_ROWS.answering, NETWORK_ROWS.known),
  },
  {
    id: 'network.down',
    label: 'Devices down',
    unit: 'count',
    thresholds: higher(1, 5),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.down),
    compute: count(NETWORK_ROWS.down),
  },
  {
    id: 'network.degraded',
    label: 'Devices degraded',
    unit: 'count',
    thresholds: higher(5, 20),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.degraded),
    compute: count(NETWORK_ROWS.degraded),
  },
  // The worst of a reading: Details lists every device reporting it, the worst first.
  {
    id: 'network.worst-latency',
    label: 'Worst latency',
    unit: 'ms',
    thresholds: higher(50, 150),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.withLatency, { sort: { id: 'latency', desc: true } }),
    compute: network((c) => c.worstLatency?.value ?? null),
  },
  {
    id: 'network.worst-loss',
    label: 'Worst packet loss',
    unit: '%',
    thresholds: higher(1, 5),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.withLoss, { sort: { id: 'loss', desc: true } }),
    compute: network((c) => c.worstLoss?.value ?? null),
  },
  {
    id: 'network.busiest-link',
    label: 'Busiest link',
    unit: '%',
    thresholds: higher(70, 90),
    topic: 'network',
    population: null,
    drillDown: rows(NETWORK_ROWS.withLinkLoad, { sort: { id: 'busiestLink', desc: true } }),
    compute: network((c) => c.busiestLinks[0]?.utilisationPct ?? null),
  },
  // Cyber -----------------------------------------------------------------------------------
  {
    id: 'cyber.open',
    label: 'Open cyber alerts',
    unit: 'count',
    thresholds: null,
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.open),
    compute: count(CYBER_ROWS.open),
  },
  {
    id: 'cyber.open-critical',
    label: 'Critical alerts open',
    unit: 'count',
    thresholds: higher(1, 1),
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.openCritical),
    compute: count(CYBER_ROWS.openCritical),
  },
  {
    id: 'cyber.open-high',
    label: 'High alerts open',
    unit: 'count',
    thresholds: higher(1, 5),
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.openHigh),
    compute: count(CYBER_ROWS.openHigh),
  },
  {
    id: 'cyber.new-last-hour',
    label: 'New alerts (1 h)',
    unit: 'count',
    thresholds: higher(10, 30),
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.newInWindow, { sort: { id: 'firstSeen', desc: true } }),
    compute: count(CYBER_ROWS.newInWindow),
  },
  {
    id: 'cyber.unacknowledged',
    // Words that wrap: a wall's quarter-width tile cannot hold "Unacknowledged" on one line.
    label: 'Not yet acknowledged',
    unit: 'count',
    thresholds: higher(1, 10),
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.unacknowledged),
    compute: count(CYBER_ROWS.unacknowledged),
  },
  {
    id: 'cyber.mtta',
    label: 'Mean time to acknowledge',
    unit: 'min',
    thresholds: higher(15, 30),
    topic: 'cyber',
    population: null,
    drillDown: rows(CYBER_ROWS.ackedInWindow),
    method:
      'Mean of (first acknowledgement − first seen), in minutes, over the cyber alerts of every ' +
      'severity whose first acknowledgement was in the last 24 h. Acknowledging, or starting to ' +
      'investigate, an alert acknowledges it; an alert closed by its source unacknowledged, or ' +
      'no longer held by the gateway, does not count. A repeat of an alert counts from its first sighting.',
    compute: cyber(meanTimeToAckMin),
  },
]

const byId = new Map(KPI_DEFINITIONS.map((d) => [d.id, d]))

/** The definition of a KPI id, or undefined for an unknown id (a board naming a KPI that does not exist). */
export function kpiDefinition(id: string): KpiDefinition | undefined {
  return byId.get(id)
}
