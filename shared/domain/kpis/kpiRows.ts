/**
 * The rows behind a KPI. A count KPI is "how many entities match this row set, in this scope";
 * its Details shows the entities that match the same row set in the same scope. Both go through
 * `entityScope` and the set's `match`, so a tile and its drill-down cannot disagree (a tile saying
 * `Cleans overdue 4` opens exactly those 4 beds, `G&A occupancy` only G&A beds).
 *
 * A ratio KPI (occupancy, NCTR share, availability) reads two row sets; its Details shows the
 * population it is a share of (every open G&A bed for G&A occupancy), with the numerator visible
 * in the table's columns.
 *
 * Every row set is counted for the trust, each site and each ward in one pass per topic
 * (`countRows`), so reading a count is a lookup, like every other KPI.
 */
import type { Asset, Bed, CyberAlert, EntityOf, NetworkDevice, Topic } from '../../contracts/entities.ts'
import {
  DEFAULT_ASSET_THRESHOLDS,
  isAssetMissing,
  isBatteryLow,
  isEquipment,
  isOutsideHome,
  type AssetThresholds,
} from './computeAssetStats.ts'
import {
  DEFAULT_HOUSEKEEPING_TARGETS,
  inCapacity,
  isHousekeepingOverdue,
  type HousekeepingTargets,
} from './computeBedStats.ts'
import { DEFAULT_CYBER_WINDOWS, isAckedInWindow, type CyberWindows } from './computeCyberStats.ts'
import { counterFor, pickScope, type KpiScope, type Rollup } from './kpiScope.ts'
import type { BedPlaceInfo, SiteIndex } from './siteIndex.ts'

/** The part of a trust's KPI configuration that decides which rows a set holds. */
export type RowConfig = {
  readonly housekeepingTargets: HousekeepingTargets
  readonly assetThresholds: AssetThresholds
  readonly cyberWindows: CyberWindows
}

export const DEFAULT_ROW_CONFIG: RowConfig = {
  housekeepingTargets: DEFAULT_HOUSEKEEPING_TARGETS,
  assetThresholds: DEFAULT_ASSET_THRESHOLDS,
  cyberWindows: DEFAULT_CYBER_WINDOWS,
}

/** What a row test reads besides the entity: places, the clock, the configuration. */
export type RowContext = {
  readonly index: SiteIndex | null
  readonly now: number
  readonly config: RowConfig
}

/** A named set of entities of one topic. */
export type RowSet<T extends Topic> = {
  readonly id: string
  readonly entity: T
  /** What the rows are, for a drill-down's title: "cleans overdue", "open G&A beds". */
  readonly label: string
  /** Whether the entity is in the set (scope aside). */
  readonly match: (entity: EntityOf[T], ctx: RowContext) => boolean
}

/** A row set of any topic (a union over the topics, so `entity` tells which). */
export type AnyRowSet = { [T in Topic]: RowSet<T> }[Topic]

// ---------------------------------------------------------------------------------------------
// Beds: only beds with a place that are in capacity (core, or escalation while open) are rows of
// any bed set — the same rule as every bed counter (computeBedStats.ts).

type BedTest = (bed: Bed, place: BedPlaceInfo, ctx: RowContext) => boolean
type BedRowSet = RowSet<'beds'> & { readonly test: BedTest }

function bedRows(id: string, label: string, test: BedTest): BedRowSet {
  return {
    id,
    entity: 'beds',
    label,
    test,
    match: (bed, ctx) => {
      const place = ctx.index?.bedPlaces.get(bed.id)
      return place !== undefined && inCapacity(bed, place) && test(bed, place, ctx)
    },
  }
}

const occupied = (bed: Bed): boolean => bed.status === 'occupied'
const notClosed = (bed: Bed): boolean => bed.status !== 'closed'
const losAtLeast = (bed: Bed, days: number): boolean =>
  occupied(bed) && bed.lengthOfStayDays !== null && bed.lengthOfStayDays >= days

export const BED_ROWS = {
  capacity: bedRows('beds.capacity', 'beds in capacity (core and open escalation)', () => true),
  open: bedRows('beds.open', 'open beds (not closed)', notClosed),
  coreOpen: bedRows('beds.core-open', 'open core beds', (b, p) => !p.escalation && notClosed(b)),
  escalationOpen: bedRows(
    'beds.escalation-open',
    'open escalation beds',
    (b, p) => p.escalation && notClosed(b),
  ),
  occupied: bedRows('beds.occupied', 'occupied beds', occupied),
  free: bedRows('beds.free', 'available beds (unoccupied)', (b) => b.status === 'unoccupied'),
  housekeeping: bedRows('beds.housekeeping', 'beds being cleaned', (b) => b.status === 'housekeeping'),
  housekeepingOverdue: bedRows('beds.housekeeping-overdue', 'cleans overdue', (b, _p, ctx) =>
    isHousekeepingOverdue(b, ctx.now, ctx.config.housekeepingTargets),
  ),
  closed: bedRows('beds.closed', 'closed beds', (b) => b.status === 'closed'),
  closedDv: bedRows(
    'beds.closed-dv',
    'beds closed for D&V',
    (b) => b.status === 'closed' && b.closedReason === 'infection-dv',
  ),
  isolated: bedRows('beds.isolated', 'isolated beds', (b) => b.status === 'isolated'),
  expectedDischarges: bedRows(
    'beds.expected-discharges',
    'expected discharges today',
    (b) => occupied(b) && b.expectedDischargeToday,
  ),
  nctr: bedRows('beds.nctr', 'patients with no criteria to reside', (b) => occupied(b) && b.nctr),
  los7: bedRows('beds.los-7', 'stays of 7+ days', (b) => losAtLeast(b, 7)),
  los14: bedRows('beds.los-14', 'stays of 14+ days', (b) => losAtLeast(b, 14)),
  los21: bedRows('beds.los-21', 'stays of 21+ days', (b) => losAtLeast(b, 21)),
  gaOpen: bedRows('beds.ga-open', 'open G&A beds', (b, p) => p.generalAndAcute && notClosed(b)),
  gaOccupied: bedRows('beds.ga-occupied', 'occupied G&A beds', (b, p) => p.generalAndAcute && occupied(b)),
  gaCoreOccupied: bedRows(
    'beds.ga-core-occupied',
    'occupied G&A core beds',
    (b, p) => p.generalAndAcute && !p.escalation && occupied(b),
  ),
  gaEscalationOpen: bedRows(
    'beds.ga-escalation-open',
    'open G&A escalation beds',
    (b, p) => p.generalAndAcute && p.escalation && notClosed(b),
  ),
  gaFree: bedRows(
    'beds.ga-free',
    'available G&A beds',
    (b, p) => p.generalAndAcute && b.status === 'unoccupied',
  ),
} as const

// ---------------------------------------------------------------------------------------------
// Equipment. Staff badges are people, not equipment: they count for battery only.

const assetRows = (id: string, label: string, match: RowSet<'assets'>['match']): RowSet<'assets'> => ({
  id,
  entity: 'assets',
  label,
  match,
})

export const ASSET_ROWS = {
  equipment: assetRows('assets.equipment', 'tracked equipment', isEquipment),
  missing: assetRows('assets.missing', 'equipment unseen for 24 h', (a, ctx) =>
    isAssetMissing(a, ctx.now, ctx.config.assetThresholds),
  ),
  outsideHome: assetRows('assets.outside-home', 'equipment outside its home', (a, ctx) =>
    isOutsideHome(a, ctx.index),
  ),
  batteryLow: assetRows('assets.battery-low', 'tags with a low battery', (a, ctx) =>
    isBatteryLow(a, ctx.config.assetThresholds),
  ),
} as const

// ---------------------------------------------------------------------------------------------
// Network devices

const deviceRows = (id: string, label: string, match: (d: NetworkDevice) => boolean): RowSet<'network'> => ({
  id,
  entity: 'network',
  label,
  match,
})

export const NETWORK_ROWS = {
  known: deviceRows('network.known', 'devices with a known status', (d) => d.status !== 'unknown'),
  answering: deviceRows(
    'network.answering',
    'devices up or degraded',
    (d) => d.status === 'up' || d.status === 'degraded',
  ),
  down: deviceRows('network.down', 'devices down', (d) => d.status === 'down'),
  degraded: deviceRows('network.degraded', 'devices degraded', (d) => d.status === 'degraded'),
  withLatency: deviceRows('network.with-latency', 'devices reporting latency', (d) => d.latencyMs !== null),
  withLoss: deviceRows('network.with-loss', 'devices reporting packet loss', (d) => d.lossPct !== null),
  withLinkLoad: deviceRows('network.with-link-load', 'devices reporting link load', (d) =>
    d.links.some((l) => l.utilisationPct !== null),
  ),
} as const

// ---------------------------------------------------------------------------------------------
// Cyber alerts

const open = (a: CyberAlert): boolean => a.status !== 'resolved'
const alertRows = (id: string, label: string, match: RowSet<'cyber'>['match']): RowSet<'cyber'> => ({
  id,
  entity: 'cyber',
  label,
  match,
})

export const CYBER_ROWS = {
  open: alertRows('cyber.open', 'open alerts', open),
  openCritical: alertRows(
    'cyber.open-critical',
    'open critical alerts',
    (a) => open(a) && a.severity === 'critical',
  ),
  openHigh: alertRows('cyber.open-high', 'open high alerts', (a) => open(a) && a.severity === 'high'),
  unacknowledged: alertRows('cyber.unacknowledged', 'unacknowledged alerts', (a) => a.status === 'new'),
  newInWindow: alertRows(
    'cyber.new-in-window',
    'alerts first seen in the last hour',
    (a, ctx) => a.firstSeen >= ctx.now - ctx.config.cyberWindows.newWithinMs,
  ),
  ackedInWindow: alertRows('cyber.acked-in-window', 'alerts acknowledged in the last 24 h', (a, ctx) =>
    isAckedInWindow(a, ctx.now, ctx.config.cyberWindows),
  ),
} as const

/** Every row set of each topic, in counting order. */
export const ROW_SETS: { readonly [T in Topic]: readonly RowSet<T>[] } = {
  beds: Object.values(BED_ROWS),
  assets: Object.values(ASSET_ROWS),
  network: Object.values(NETWORK_ROWS),
  cyber: Object.values(CYBER_ROWS),
}

const setsById = new Map<string, AnyRowSet>(
  [...ROW_SETS.beds, ...ROW_SETS.assets, ...ROW_SETS.network, ...ROW_SETS.cyber].map((s) => [s.id, s]),
)

/** The row set with this id, or undefined (a drill-down request naming a set that does not exist). */
export function rowSetById(id: string): AnyRowSet | undefined {
  return setsById.get(id)
}

// ---------------------------------------------------------------------------------------------
// Scopes

/** Where an entity counts: its site and ward (either may be unknown); null: counted nowhere. */
export type EntityScope = { readonly siteId: string | null; readonly wardId: string | null }

/**
 * The site and ward an entity counts in, as every KPI rolls it up: a bed by its place in the site
 * model (a bed without one, or a closed escalation bed, counts nowhere); a tag by the ward of the
 * zone it is in now; a device by its site (devices serve wards, they do not sit in one); an
 * alert by its site and the ward of its unit.
 */
export function entityScope<T extends Topic>(
  topic: T,
  entity: EntityOf[T],
  index: SiteIndex | null,
): EntityScope | null {
  switch (topic) {
    case 'beds': {
      const bed = entity as Bed
      const place = index?.bedPlaces.get(bed.id)
      if (place === undefined || !inCapacity(bed, place)) return null
      return { siteId: place.siteId, wardId: place.wardId }
    }
    case 'assets': {
      const a = entity as Asset
      return {
        siteId: a.siteId,
        wardId: a.zoneId === null ? null : (index?.wardOfUnit.get(a.zoneId) ?? null),
      }
    }
    case 'network':
      return { siteId: (entity as NetworkDevice).siteId, wardId: null }
    case 'cyber': {
      const a = entity as CyberAlert
      return {
        siteId: a.siteId,
        wardId: a.unitId === null ? null : (index?.wardOfUnit.get(a.unitId) ?? null),
      }
    }
    default:
      return null
  }
}

/**
 * The scope a topic is read at: network devices belong to sites, so a ward scope reads the
 * ward's site (an unknown ward reads nothing rather than the whole trust).
 */
export function topicScope(topic: Topic, scope: KpiScope, index: SiteIndex | null): KpiScope {
  if (topic !== 'network' || scope.wardId === undefined) return scope
  return { siteId: index?.siteOfWard.get(scope.wardId) ?? `unknown-ward:${scope.wardId}` }
}

/** Whether an entity is inside a KPI scope — the same rule the counts are rolled up by. */
export function inScope<T extends Topic>(
  topic: T,
  entity: EntityOf[T],
  scope: KpiScope,
  index: SiteIndex | null,
): boolean {
  const at = entityScope(topic, entity, index)
  if (at === null) return false
  const s = topicScope(topic, scope, index)
  if (s.wardId !== undefined) return at.wardId === s.wardId
  if (s.siteId !== undefined) return at.siteId === s.siteId
  return true
}

/** Whether an entity is a row of `set` in `scope`: what a drill-down shows. */
export function isRowOf<T extends Topic>(
  set: RowSet<T>,
  entity: EntityOf[T],
  scope: KpiScope,
  ctx: RowContext,
): boolean {
  return inScope(set.entity, entity, scope, ctx.index) && set.match(entity, ctx)
}

// ---------------------------------------------------------------------------------------------
// Counting

/** Counts of every row set of a topic, per trust, site and ward (indexed like `ROW_SETS[topic]`). */
export type RowCounts = {
  readonly topic: Topic
  readonly rollup: Rollup<readonly number[]>
}

const positions = new Map<string, number>()
for (const sets of Object.values(ROW_SETS)) sets.forEach((s, i) => positions.set(s.id, i))

/** Counts every row set of `topic` over its entities, in one pass. */
export function countRows<T extends Topic>(
  topic: T,
  entities: ReadonlyMap<string, EntityOf[T]>,
  ctx: RowContext,
): RowCounts {
  const sets = ROW_SETS[topic] as readonly RowSet<T>[]
  const n = sets.length
  const create = (): number[] => new Array<number>(n).fill(0)
  const trust = create()
  const sites = new Map<string, number[]>()
  const wards = new Map<string, number[]>()
  const hits = new Array<boolean>(n)
  const bedSets = topic === 'beds' ? (sets as readonly unknown[] as readonly BedRowSet[]) : null
  const add = (counts: number[]): void => {
    for (let i = 0; i < n; i += 1) if (hits[i]) counts[i] = (counts[i] ?? 0) + 1
  }
  for (const entity of entities.values()) {
    const at = entityScope(topic, entity, ctx.index)
    if (at === null) continue
    if (bedSets !== null) {
      // entityScope found the place; test the sets on it without looking it up again.
      const bed = entity as Bed
      const place = ctx.index?.bedPlaces.get(bed.id) as BedPlaceInfo
      for (let i = 0; i < n; i += 1) hits[i] = (bedSets[i] as BedRowSet).test(bed, place, ctx)
    } else {
      for (let i = 0; i < n; i += 1) hits[i] = (sets[i] as RowSet<T>).match(entity, ctx)
    }
    // Counters exist for every scope holding an entity of the topic, so "none" reads 0, not "—".
    add(trust)
    if (at.siteId !== null) add(counterFor(sites, at.siteId, create))
    if (at.wardId !== null) add(counterFor(wards, at.wardId, create))
  }
  return { topic, rollup: { trust, sites, wards } }
}

/**
 * How many rows `setId` holds in `scope`: 0 for a known scope with none, null for a scope with
 * nothing of the topic in it at all (an unknown ward, a site without beds) — never a made-up 0.
 */
export function rowCount(
  counts: RowCounts,
  setId: string,
  scope: KpiScope,
  index: SiteIndex | null,
): number | null {
  const at = positions.get(setId)
  if (at === undefined) return null
  const c = pickScope(counts.rollup, topicScope(counts.topic, scope, index))
  return c === undefined ? null : (c[at] ?? 0)
}
