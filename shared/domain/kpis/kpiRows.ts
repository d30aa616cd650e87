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
import type {
  Asset,
  Bed,
  CyberAlert,
  EntityOf,
  NetworkDevice,
  RealtimeTopic,
} from '../../contracts/entities.ts'
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
import { assertNever } from '../../util/assertNever.ts'
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

/**
 * A named set of entities of one topic: those having every one of `facts` (bits of the topic's
 * fact word, below). The facts carry the rules once per topic; a KPI pass works each entity's
 * facts out once and tests it against every set with integer masks — at bench scale ~400,000
 * (entity, set) pairs a pass, where a function call per pair doubled the pass.
 */
export type RowSet<T extends RealtimeTopic> = {
  readonly id: string
  readonly entity: T
  /** What the rows are, for a drill-down's title: "cleans overdue", "open G&A beds". */
  readonly label: string
  /** The facts an entity must all have (0: every entity that counts at all). */
  readonly facts: number
  /** Whether the entity is in the set (scope aside). */
  readonly match: (entity: EntityOf[T], ctx: RowContext) => boolean
}

/** A row set of any topic (a union over the topics, so `entity` tells which). */
export type AnyRowSet = { [T in RealtimeTopic]: RowSet<T> }[RealtimeTopic]

// ---------------------------------------------------------------------------------------------
// Beds: only beds with a place that are in capacity (core, or escalation while open) are rows of
// any bed set — the same rule as every bed counter (computeBedStats.ts).

/**
 * What a bed is, as bits: each fact worked out once per bed (`bedFacts`), and each bed row set a
 * combination of facts that must all hold. The facts carry the rules — an expected discharge, an
 * NCTR flag or a long stay counts only for an occupied bed; "open" is anything but closed — and a
 * set cannot bend them. A KPI pass then tests a bed against every set with integer masks, not a
 * function call per set (12,000 beds × 21 sets at bench scale).
 */
export const BED_FACT = {
  open: 1 << 0,
  occupied: 1 << 1,
  free: 1 << 2,
  housekeeping: 1 << 3,
  overdue: 1 << 4,
  closed: 1 << 5,
  closedDv: 1 << 6,
  isolated: 1 << 7,
  expectedDischarge: 1 << 8,
  nctr: 1 << 9,
  los7: 1 << 10,
  los14: 1 << 11,
  los21: 1 << 12,
  generalAndAcute: 1 << 13,
  escalation: 1 << 14,
  core: 1 << 15,
} as const

/** The facts of a bed in capacity at its place. */
export function bedFacts(bed: Bed, place: BedPlaceInfo, ctx: RowContext): number {
  const F = BED_FACT
  let f = place.generalAndAcute ? F.generalAndAcute : 0
  f |= place.escalation ? F.escalation : F.core
  switch (bed.status) {
    case 'occupied': {
      f |= F.open | F.occupied
      if (bed.expectedDischargeToday) f |= F.expectedDischarge
      if (bed.nctr) f |= F.nctr
      const los = bed.lengthOfStayDays
      if (los !== null && los >= 7) f |= F.los7 | (los >= 14 ? F.los14 : 0) | (los >= 21 ? F.los21 : 0)
      return f
    }
    case 'unoccupied':
      return f | F.open | F.free
    case 'housekeeping':
      return (
        f |
        F.open |
        F.housekeeping |
        (isHousekeepingOverdue(bed, ctx.now, ctx.config.housekeepingTargets) ? F.overdue : 0)
      )
    case 'closed':
      return f | F.closed | (bed.closedReason === 'infection-dv' ? F.closedDv : 0)
    case 'isolated':
      return f | F.open | F.isolated
    case 'contaminated':
    case 'reserved':
      return f | F.open
    case 'unknown':
      // No message has said what the bed is: counted apart, in no occupancy (see BED_STATUSES).
      return f
    default:
      return assertNever(bed.status, 'bed status')
  }
}

/** A bed's facts, or null for a bed that counts nowhere (no place, or a shut escalation bed). */
export function factsOfBed(bed: Bed, ctx: RowContext): number | null {
  const place = ctx.index?.bedPlaces.get(bed.id)
  return place === undefined || !inCapacity(bed, place) ? null : bedFacts(bed, place, ctx)
}

/** The set of `entity` entities whose facts (from `factsOf`) include all of `facts`. */
function rowSet<T extends RealtimeTopic>(
  entity: T,
  factsOf: (e: EntityOf[T], ctx: RowContext) => number | null,
  id: string,
  label: string,
  facts: number,
): RowSet<T> {
  return {
    id,
    entity,
    label,
    facts,
    match: (e, ctx) => {
      const f = factsOf(e, ctx)
      return f !== null && (f & facts) === facts
    },
  }
}
const bedRows = (id: string, label: string, facts: number): RowSet<'beds'> =>
  rowSet('beds', factsOfBed, id, label, facts)

const F = BED_FACT
export const BED_ROWS = {
  capacity: bedRows('beds.capacity', 'beds in capacity (core and open escalation)', 0),
  open: bedRows('beds.open', 'open beds (not closed)', F.open),
  coreOpen: bedRows('beds.core-open', 'open core beds', F.core | F.open),
  escalationOpen: bedRows('beds.escalation-open', 'open escalation beds', F.escalation | F.open),
  occupied: bedRows('beds.occupied', 'occupied beds', F.occupied),
  free: bedRows('beds.free', 'available beds (unoccupied)', F.free),
  housekeeping: bedRows('beds.housekeeping', 'beds being cleaned', F.housekeeping),
  housekeepingOverdue: bedRows('beds.housekeeping-overdue', 'cleans overdue', F.overdue),
  closed: bedRows('beds.closed', 'closed beds', F.closed),
  closedDv: bedRows('beds.closed-dv', 'beds closed for D&V', F.closedDv),
  isolated: bedRows('beds.isolated', 'isolated beds', F.isolated),
  expectedDischarges: bedRows('beds.expected-discharges', 'expected discharges today', F.expectedDischarge),
  nctr: bedRows('beds.nctr', 'patients with no criteria to reside', F.nctr),
  los7: bedRows('beds.los-7', 'stays of 7+ days', F.los7),
  los14: bedRows('beds.los-14', 'stays of 14+ days', F.los14),
  los21: bedRows('beds.los-21', 'stays of 21+ days', F.los21),
  gaOpen: bedRows('beds.ga-open', 'open G&A beds', F.generalAndAcute | F.open),
  gaOccupied: bedRows('beds.ga-occupied', 'occupied G&A beds', F.generalAndAcute | F.occupied),
  gaCoreOccupied: bedRows(
    'beds.ga-core-occupied',
    'occupied G&A core beds',
    F.generalAndAcute | F.core | F.occupied,
  ),
  gaEscalationOpen: bedRows(
    'beds.ga-escalation-open',
    'open G&A escalation beds',
    F.generalAndAcute | F.escalation | F.open,
  ),
  gaFree: bedRows('beds.ga-free', 'available G&A beds', F.generalAndAcute | F.free),
} as const

// ---------------------------------------------------------------------------------------------
// Equipment. Staff badges are people, not equipment: they count for battery only.

export const ASSET_FACT = {
  equipment: 1 << 0,
  missing: 1 << 1,
  outsideHome: 1 << 2,
  batteryLow: 1 << 3,
} as const

/**
 * A tag's facts (the same tests as computeAssetStats.ts). `zoneWard`, when the caller has it, is
 * the ward of the tag's zone.
 */
export function factsOfAsset(a: Asset, ctx: RowContext, zoneWard?: string | null): number {
  const A = ASSET_FACT
  return (
    (isEquipment(a) ? A.equipment : 0) |
    (isAssetMissing(a, ctx.now, ctx.config.assetThresholds) ? A.missing : 0) |
    (isOutsideHome(a, ctx.index, zoneWard) ? A.outsideHome : 0) |
    (isBatteryLow(a, ctx.config.assetThresholds) ? A.batteryLow : 0)
  )
}
const assetRows = (id: string, label: string, facts: number): RowSet<'assets'> =>
  rowSet('assets', (a, ctx) => factsOfAsset(a, ctx), id, label, facts)

export const ASSET_ROWS = {
  equipment: assetRows('assets.equipment', 'tracked equipment', ASSET_FACT.equipment),
  missing: assetRows('assets.missing', 'equipment unseen for 24 h', ASSET_FACT.missing),
  outsideHome: assetRows('assets.outside-home', 'equipment outside its home', ASSET_FACT.outsideHome),
  batteryLow: assetRows('assets.battery-low', 'tags with a low battery', ASSET_FACT.batteryLow),
} as const

// ---------------------------------------------------------------------------------------------
// Network devices

export const DEVICE_FACT = {
  known: 1 << 0,
  answering: 1 << 1,
  down: 1 << 2,
  degraded: 1 << 3,
  latency: 1 << 4,
  loss: 1 << 5,
  linkLoad: 1 << 6,
} as const

/**
 * A device's facts. `unknown` (no recent poll) is neither answering nor down: a poller outage is
 * not a network outage (computeNetworkStats.ts).
 */
export function factsOfDevice(d: NetworkDevice): number {
  const D = DEVICE_FACT
  let f = 0
  switch (d.status) {
    case 'up':
      f = D.known | D.answering
      break
    case 'degraded':
      f = D.known | D.answering | D.degraded
      break
    case 'down':
      f = D.known | D.down
      break
    case 'unknown':
      break
    default:
      assertNever(d.status, 'device status')
  }
  if (d.latencyMs !== null) f |= D.latency
  if (d.lossPct !== null) f |= D.loss
  if (d.links.some((l) => l.utilisationPct !== null)) f |= D.linkLoad
  return f
}
const deviceRows = (id: string, label: string, facts: number): RowSet<'network'> =>
  rowSet('network', factsOfDevice, id, label, facts)

export const NETWORK_ROWS = {
  known: deviceRows('network.known', 'devices with a known status', DEVICE_FACT.known),
  answering: deviceRows('network.answering', 'devices up or degraded', DEVICE_FACT.answering),
  down: deviceRows('network.down', 'devices down', DEVICE_FACT.down),
  degraded: deviceRows('network.degraded', 'devices degraded', DEVICE_FACT.degraded),
  withLatency: deviceRows('network.with-latency', 'devices reporting latency', DEVICE_FACT.latency),
  withLoss: deviceRows('network.with-loss', 'devices reporting packet loss', DEVICE_FACT.loss),
  withLinkLoad: deviceRows('network.with-link-load', 'devices reporting link load', DEVICE_FACT.linkLoad),
} as const

// ---------------------------------------------------------------------------------------------
// Cyber alerts

export const ALERT_FACT = {
  open: 1 << 0,
  critical: 1 << 1,
  high: 1 << 2,
  unacknowledged: 1 << 3,
  newInWindow: 1 << 4,
  ackedInWindow: 1 << 5,
} as const

/** An alert's facts: open is any status but resolved; unacknowledged is status `new`. */
export function factsOfAlert(a: CyberAlert, ctx: RowContext): number {
  const C = ALERT_FACT
  return (
    (a.status !== 'resolved' ? C.open : 0) |
    (a.severity === 'critical' ? C.critical : 0) |
    (a.severity === 'high' ? C.high : 0) |
    (a.status === 'new' ? C.unacknowledged : 0) |
    (a.firstSeen >= ctx.now - ctx.config.cyberWindows.newWithinMs ? C.newInWindow : 0) |
    (isAckedInWindow(a, ctx.now, ctx.config.cyberWindows) ? C.ackedInWindow : 0)
  )
}
const alertRows = (id: string, label: string, facts: number): RowSet<'cyber'> =>
  rowSet('cyber', factsOfAlert, id, label, facts)

export const CYBER_ROWS = {
  open: alertRows('cyber.open', 'open alerts', ALERT_FACT.open),
  openCritical: alertRows(
    'cyber.open-critical',
    'open critical alerts',
    ALERT_FACT.open | ALERT_FACT.critical,
  ),
  openHigh: alertRows('cyber.open-high', 'open high alerts', ALERT_FACT.open | ALERT_FACT.high),
  unacknowledged: alertRows('cyber.unacknowledged', 'unacknowledged alerts', ALERT_FACT.unacknowledged),
  newInWindow: alertRows('cyber.new-in-window', 'alerts first seen in the last hour', ALERT_FACT.newInWindow),
  ackedInWindow: alertRows(
    'cyber.acked-in-window',
    'alerts acknowledged in the last 24 h',
    ALERT_FACT.ackedInWindow,
  ),
} as const

/** Every row set of each topic, in counting order. */
export const ROW_SETS: { readonly [T in RealtimeTopic]: readonly RowSet<T>[] } = {
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
export function entityScope<T extends RealtimeTopic>(
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
export function topicScope(topic: RealtimeTopic, scope: KpiScope, index: SiteIndex | null): KpiScope {
  if (topic !== 'network' || scope.wardId === undefined) return scope
  return { siteId: index?.siteOfWard.get(scope.wardId) ?? `unknown-ward:${scope.wardId}` }
}

/** Whether an entity is inside a KPI scope — the same rule the counts are rolled up by. */
export function inScope<T extends RealtimeTopic>(
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
export function isRowOf<T extends RealtimeTopic>(
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
  readonly topic: RealtimeTopic
  readonly rollup: Rollup<readonly number[]>
}

const positions = new Map<string, number>()
for (const sets of Object.values(ROW_SETS)) sets.forEach((s, i) => positions.set(s.id, i))

/**
 * Counts every row set of `topic` over its entities, in one pass. Each entity is counted once, in
 * its most specific scope (its ward, else its site, else the trust alone); sites and the trust are
 * sums of those at the end — a KPI pass at bench scale tests ~400,000 (entity, set) pairs, so
 * nothing is counted three times and nothing is allocated per entity.
 */
export function countRows<T extends RealtimeTopic>(
  topic: T,
  entities: ReadonlyMap<string, EntityOf[T]>,
  ctx: RowContext,
): RowCounts {
  const sets = ROW_SETS[topic] as readonly RowSet<T>[]
  const n = sets.length
  const masks = Int32Array.from(sets, (set) => set.facts)
  const index = ctx.index
  type Leaf = { readonly siteId: string | null; readonly wardId: string | null; readonly counts: Int32Array }
  const wardLeaves = new Map<string, Leaf>()
  const siteLeaves = new Map<string, Leaf>()
  // An entity whose site is not its ward's site (bad source data) still counts where it says.
  const oddLeaves = new Map<string, Leaf>()
  const trustOnly = new Int32Array(n)
  let lastLeaf: Leaf | null = null
  const leafFor = (siteId: string | null, wardId: string | null): Int32Array => {
    // Beds arrive grouped by ward: two compares instead of a Map lookup per bed.
    if (lastLeaf !== null && lastLeaf.wardId === wardId && lastLeaf.siteId === siteId) return lastLeaf.counts
    let leaf: Leaf | undefined
    if (wardId !== null) {
      leaf = wardLeaves.get(wardId)
      if (leaf === undefined) {
        leaf = { siteId, wardId, counts: new Int32Array(n) }
        wardLeaves.set(wardId, leaf)
      } else if (leaf.siteId !== siteId) {
        const key = `${siteId ?? ''}\u0000${wardId}`
        leaf = oddLeaves.get(key)
        if (leaf === undefined) {
          leaf = { siteId, wardId, counts: new Int32Array(n) }
          oddLeaves.set(key, leaf)
        }
      }
    } else if (siteId !== null) {
      leaf = siteLeaves.get(siteId)
      if (leaf === undefined) {
        leaf = { siteId, wardId, counts: new Int32Array(n) }
        siteLeaves.set(siteId, leaf)
      }
    } else {
      return trustOnly
    }
    lastLeaf = leaf
    return leaf.counts
  }

  const tally = (counts: Int32Array, facts: number): void => {
    for (let i = 0; i < n; i += 1) {
      const need = masks[i] as number
      if ((facts & need) === need) counts[i] = (counts[i] as number) + 1
    }
  }
  // One loop per topic, so each fact function is called from one place, and the scope read as
  // entityScope reads it, without its object.
  switch (topic) {
    case 'beds':
      for (const bed of (entities as ReadonlyMap<string, Bed>).values()) {
        const place = index?.bedPlaces.get(bed.id)
        if (place === undefined || !inCapacity(bed, place)) continue
        tally(leafFor(place.siteId, place.wardId), bedFacts(bed, place, ctx))
      }
      break
    case 'assets':
      for (const a of (entities as ReadonlyMap<string, Asset>).values()) {
        const wardId = a.zoneId === null ? null : (index?.wardOfUnit.get(a.zoneId) ?? null)
        tally(leafFor(a.siteId, wardId), factsOfAsset(a, ctx, index === null ? undefined : wardId))
      }
      break
    case 'network':
      for (const d of (entities as ReadonlyMap<string, NetworkDevice>).values())
        tally(leafFor(d.siteId, null), factsOfDevice(d))
      break
    case 'cyber':
      for (const a of (entities as ReadonlyMap<string, CyberAlert>).values()) {
        const wardId = a.unitId === null ? null : (index?.wardOfUnit.get(a.unitId) ?? null)
        tally(leafFor(a.siteId, wardId), factsOfAlert(a, ctx))
      }
      break
    default:
      assertNever(topic as never, 'topic')
  }

  // Roll the leaves up: every scope holding an entity of the topic gets counters (0, not "—").
  const add = (into: number[], from: Int32Array): void => {
    for (let i = 0; i < n; i += 1) into[i] = (into[i] as number) + (from[i] as number)
  }
  const zeros = (): number[] => new Array<number>(n).fill(0)
  const trust = zeros()
  const sites = new Map<string, number[]>()
  const wards = new Map<string, number[]>()
  add(trust, trustOnly)
  for (const leaf of [...wardLeaves.values(), ...siteLeaves.values(), ...oddLeaves.values()]) {
    add(trust, leaf.counts)
    if (leaf.siteId !== null) add(counterFor(sites, leaf.siteId, zeros), leaf.counts)
    if (leaf.wardId !== null) add(counterFor(wards, leaf.wardId, zeros), leaf.counts)
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
