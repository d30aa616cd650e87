/**
 * Every KPI counter kept up to date from the entity tables' change logs: O(changes) per update,
 * not a pass over 12,000 beds and 40,000 tags. The result is the same `KpiStats` as
 * `computeKpiStats` at the same `now` — `kpiIncremental.test.ts` holds the two equal after every
 * step of seeded random sequences of upserts, patches, removes, resyncs and clock moves, for every
 * KPI definition and scope.
 *
 * How it stays equal to a full pass:
 * - **Contributions.** For every entity it keeps what the entity added (the entity object, its
 *   scope, its flags and its row-set fact word, worked out by the same functions the full pass
 *   uses). A changed entity (the ids `EntityTable.changedSince` lists) is taken out with what it
 *   added and put back with its new values: counters are counts and integer sums, so taking out
 *   undoes adding exactly.
 * - **Scopes.** Each entity is added to the trust, its site and its ward, as the full pass does; a
 *   site or ward is dropped when its last entity leaves (a scope with nothing in it has no entry,
 *   which KPIs read as "no value").
 * - **Extremes** (oldest housekeeping request, worst latency and loss, busiest links) cannot be
 *   taken out: a scope whose extreme left is recomputed from its own members (a ward's beds, a
 *   site's devices), and the trust's readings are folded from its sites'. Ties break by id, in
 *   the full pass too, so neither depends on the order entities were read in.
 * - **The clock.** Facts that change with time alone — a clean turning overdue, a tag turning
 *   missing after 24 h, an alert leaving the "new in the last hour" or the 24 h acknowledgement
 *   window — change at an instant known from the entity (`requestedAt + 30 min`, `lastSeen + 24 h`…).
 *   Each entity's next such instant sits in a min-heap; an update at `now` re-adds exactly the
 *   entities whose instant has passed, so a quiet feed costs nothing until a fact actually turns.
 *   Turnaround means are re-summarised when a clean completes or the oldest in the 24 h window
 *   leaves it. A clock that goes backwards recomputes everything.
 * - **Fallbacks.** A table the change log cannot follow (a resync: new storage; a log that no
 *   longer reaches back; a plain `Map`), a new site model or a new configuration: that topic (or
 *   every topic) is rebuilt from its entities — a full pass.
 */
import type {
  Asset,
  AssetType,
  Bed,
  CyberAlert,
  NetworkDevice,
  RealtimeTopic,
} from '../../contracts/entities.ts'
import type { EntityMaps } from '../../contracts/hub.ts'
import { changedIds, EntityTable } from '../../util/EntityTable.ts'
import {
  addAsset,
  emptyAssetCounts,
  evaluatePar,
  isAssetMissing,
  isBatteryLow,
  isEquipment,
  isOutsideHome,
  parUnitsOf,
  type AssetCounts,
  type AssetStats,
} from './computeAssetStats.ts'
import {
  addBed,
  cloneBedCounts,
  emptyBedCounts,
  inCapacity,
  isHousekeepingOverdue,
  type BedCounts,
  type BedStats,
} from './computeBedStats.ts'
import {
  ackDelayOf,
  addAlert,
  emptyCyberCounts,
  isNewInWindow,
  type CyberCounts,
  type CyberStats,
} from './computeCyberStats.ts'
import {
  DEFAULT_KPI_CONFIG,
  rowConfigOf,
  type KpiConfig,
  type KpiStats,
  type KpiStatsInput,
} from './computeKpiStats.ts'
import {
  addDeviceStatus,
  clearDeviceReadings,
  emptyNetworkCounts,
  mergeDeviceReadings,
  offerDeviceReadings,
  type NetworkCounts,
  type NetworkStats,
} from './computeNetworkStats.ts'
import {
  bedFacts,
  factsOfAlert,
  factsOfAsset,
  factsOfDevice,
  ROW_SETS,
  type RowContext,
  type RowCounts,
} from './kpiRows.ts'
import type { Rollup } from './kpiScope.ts'
import type { BedPlaceInfo, SiteIndex } from './siteIndex.ts'
import type { TurnaroundSummary, TurnaroundTracker } from './turnaroundTracker.ts'

/** What the last update did, in entities (load-independent: the bench and the debug overlay). */
export type KpiUpdateWork = {
  /** Topics rebuilt from all their entities (a first update, a resync, a new model or config). */
  readonly rebuilt: readonly RealtimeTopic[]
  /** Entities re-added because the change log listed them. */
  readonly changed: number
  /** Entities re-added because a time-dependent fact of theirs turned. */
  readonly turned: number
  /** Entities read to recompute an extreme whose holder left (a ward's beds, a site's devices). */
  readonly rescanned: number
  /** Entities read by rebuilds. */
  readonly rebuiltEntities: number
}

type Ctx = {
  readonly index: SiteIndex | null
  readonly now: number
  readonly config: KpiConfig
  readonly rows: RowContext
}

// ---------------------------------------------------------------------------------------------
// Scopes: the trust, each site and each ward, with counters, row counts and a population.

type Entry<C, X> = {
  readonly c: C
  readonly r: number[]
  /** Entities counted here: the entry is dropped at zero. */
  n: number
  readonly x: X
  /** Changed since last published. */
  dirty: boolean
  pub: C | null
  pubRows: readonly number[] | null
}

class Scopes<C, X> {
  trust: Entry<C, X>
  readonly sites = new Map<string, Entry<C, X>>()
  readonly wards = new Map<string, Entry<C, X>>()
  readonly #empty: () => C
  readonly #extra: () => X
  readonly #sets: number
  #published: { stats: Rollup<C>; rows: Rollup<readonly number[]> } | null = null

  constructor(empty: () => C, extra: () => X, sets: number) {
    this.#empty = empty
    this.#extra = extra
    this.#sets = sets
    this.trust = this.#entry()
  }

  #entry(): Entry<C, X> {
    return {
      c: this.#empty(),
      r: new Array<number>(this.#sets).fill(0),
      n: 0,
      x: this.#extra(),
      dirty: true,
      pub: null,
      pubRows: null,
    }
  }

  /** The entries an entity in (site, ward) counts in, counted in: trust, then site, then ward. */
  enter(siteId: string | null, wardId: string | null, out: Entry<C, X>[]): Entry<C, X>[] {
    out.length = 0
    out.push(this.trust)
    if (siteId !== null) {
      let e = this.sites.get(siteId)
      if (e === undefined) this.sites.set(siteId, (e = this.#entry()))
      out.push(e)
    }
    if (wardId !== null) {
      let e = this.wards.get(wardId)
      if (e === undefined) this.wards.set(wardId, (e = this.#entry()))
      out.push(e)
    }
    for (const e of out) {
      e.n += 1
      e.dirty = true
    }
    return out
  }

  /** The entries an entity in (site, ward) counted in, counted out (dropped when empty, at publish). */
  leave(siteId: string | null, wardId: string | null, out: Entry<C, X>[]): Entry<C, X>[] {
    out.length = 0
    out.push(this.trust)
    const site = siteId === null ? undefined : this.sites.get(siteId)
    if (site !== undefined) out.push(site)
    const ward = wardId === null ? undefined : this.wards.get(wardId)
    if (ward !== undefined) out.push(ward)
    for (const e of out) {
      e.n -= 1
      e.dirty = true
    }
    return out
  }

  /**
   * The counters as published objects: copies of the entries changed since the last publish, the
   * previous copies of the others (so an unchanged ward keeps its object).
   */
  publish(clone: (c: C) => C): { stats: Rollup<C>; rows: Rollup<readonly number[]> } {
    const pubOf = (e: Entry<C, X>): void => {
      if (e.dirty || e.pub === null || e.pubRows === null) {
        e.pub = clone(e.c)
        e.pubRows = e.r.slice()
        e.dirty = false
      }
    }
    const level = (
      entries: Map<string, Entry<C, X>>,
    ): { stats: Map<string, C>; rows: Map<string, readonly number[]> } => {
      const stats = new Map<string, C>()
      const rows = new Map<string, readonly number[]>()
      for (const [key, e] of entries) {
        if (e.n <= 0) {
          entries.delete(key)
          continue
        }
        pubOf(e)
        stats.set(key, e.pub as C)
        rows.set(key, e.pubRows as readonly number[])
      }
      return { stats, rows }
    }
    pubOf(this.trust)
    const sites = level(this.sites)
    const wards = level(this.wards)
    this.#published = {
      stats: { trust: this.trust.pub as C, sites: sites.stats, wards: wards.stats },
      rows: { trust: this.trust.pubRows as readonly number[], sites: sites.rows, wards: wards.rows },
    }
    return this.#published
  }

  /** Every entry with entities (the trust first). */
  *entries(): IterableIterator<Entry<C, X>> {
    yield this.trust
    for (const e of this.sites.values()) if (e.n > 0) yield e
    for (const e of this.wards.values()) if (e.n > 0) yield e
  }
}

function tally(r: number[], masks: Int32Array, facts: number, d: 1 | -1): void {
  for (let i = 0; i < masks.length; i += 1) {
    const need = masks[i] as number
    if ((facts & need) === need) r[i] = (r[i] as number) + d
  }
}

// ---------------------------------------------------------------------------------------------
// The clock: each entity's next instant at which a time-dependent fact turns.

type Due<T> = { at: number; id: string; e: T }

/** A binary min-heap on `at`. Stale entries (for an entity object since replaced) are skipped. */
class DueHeap<T> {
  #items: Due<T>[] = []

  get size(): number {
    return this.#items.length
  }

  clear(): void {
    this.#items = []
  }

  push(item: Due<T>): void {
    const a = this.#items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if ((a[p] as Due<T>).at <= item.at) break
      a[i] = a[p] as Due<T>
      i = p
    }
    a[i] = item
  }

  peek(): Due<T> | undefined {
    return this.#items[0]
  }

  pop(): Due<T> | undefined {
    const a = this.#items
    const top = a[0]
    const last = a.pop()
    if (top === undefined || last === undefined || a.length === 0) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= a.length) break
      const r = l + 1
      const c = r < a.length && (a[r] as Due<T>).at < (a[l] as Due<T>).at ? r : l
      if ((a[c] as Due<T>).at >= last.at) break
      a[i] = a[c] as Due<T>
      i = c
    }
    a[i] = last
    return top
  }

  /** Keeps only the entries `live` accepts (drops those of replaced entities), rebuilt as a heap. */
  compact(live: (item: Due<T>) => boolean): void {
    const kept = this.#items.filter(live)
    this.#items = []
    for (const item of kept) this.push(item)
  }
}

/** The earliest of `times` not yet passed at `now` (a fact turns when `now` exceeds it), or Infinity. */
function nextInstant(now: number, a: number, b: number = Number.POSITIVE_INFINITY): number {
  const x = a >= now ? a : Number.POSITIVE_INFINITY
  const y = b >= now ? b : Number.POSITIVE_INFINITY
  return x < y ? x : y
}

// ---------------------------------------------------------------------------------------------
// One topic: contributions, scopes, the clock.

type Counted<T> = { readonly e: T }

abstract class TopicCounters<T extends { readonly id: string }, K extends Counted<T>> {
  readonly #contribs = new Map<string, K>()
  readonly #due = new DueHeap<T>()
  #table: ReadonlyMap<string, T> | null = null
  /** Something changed since the last publish. */
  changed = true
  changedEntities = 0
  turnedEntities = 0
  rescannedEntities = 0
  rebuiltEntities = 0

  get contribs(): ReadonlyMap<string, K> {
    return this.#contribs
  }

  protected abstract add(e: T, ctx: Ctx): K
  protected abstract remove(k: K, ctx: Ctx): void
  /** When a time-dependent fact of `e` next turns (Infinity: never, while `e` is unchanged). */
  protected abstract nextTurn(e: T, now: number, ctx: Ctx): number
  /** Forgets every counter (before a rebuild). */
  protected abstract clear(ctx: Ctx): void

  /** Brings the counters up to `table`; returns true when it had to rebuild. */
  follow(table: ReadonlyMap<string, T>, ctx: Ctx, rebuild: boolean): boolean {
    // A plain Map may have changed in place under the same reference: only a table's log can say.
    const touched = rebuild || !(table instanceof EntityTable) ? null : changedIds(this.#table, table)
    this.#table = table
    if (touched === null) {
      this.#contribs.clear()
      this.#due.clear()
      this.clear(ctx)
      for (const e of table.values()) this.#put(e, ctx)
      this.rebuiltEntities += table.size
      this.changed = true
      return true
    }
    for (const id of touched) {
      const e = table.get(id)
      const old = this.#contribs.get(id)
      if (old !== undefined && old.e === e) continue
      if (old !== undefined) {
        this.remove(old, ctx)
        this.#contribs.delete(id)
      }
      if (e !== undefined) this.#put(e, ctx)
      this.changedEntities += 1
      this.changed = true
    }
    return false
  }

  /** Re-adds the entities whose time-dependent facts turned before `ctx.now`. */
  turn(ctx: Ctx): void {
    const due = this.#due
    for (let top = due.peek(); top !== undefined && top.at < ctx.now; top = due.peek()) {
      due.pop()
      const k = this.#contribs.get(top.id)
      if (k === undefined || k.e !== top.e) continue
      this.remove(k, ctx)
      this.#contribs.delete(top.id)
      this.#put(top.e, ctx)
      this.turnedEntities += 1
      this.changed = true
    }
    // Entries of replaced entities wait in the heap until due; keep the heap near the live size.
    if (due.size > 2 * this.#contribs.size + 1024)
      due.compact((item) => this.#contribs.get(item.id)?.e === item.e)
  }

  #put(e: T, ctx: Ctx): void {
    this.#contribs.set(e.id, this.add(e, ctx))
    const at = this.nextTurn(e, ctx.now, ctx)
    if (at !== Number.POSITIVE_INFINITY) this.#due.push({ at, id: e.id, e })
  }

  resetWork(): void {
    this.changedEntities = 0
    this.turnedEntities = 0
    this.rescannedEntities = 0
    this.rebuiltEntities = 0
  }
}

const masksOf = (topic: RealtimeTopic): Int32Array =>
  Int32Array.from(ROW_SETS[topic] as readonly { readonly facts: number }[], (s) => s.facts)

// Beds ----------------------------------------------------------------------------------------

type BedX = {
  /** Housekeeping requests of the beds here (id → requestedAt), for the oldest when it leaves. */
  readonly requests: Map<string, number>
  /** The oldest request left: recompute it from `requests` before publishing. */
  oldestLeft: boolean
}
type BedK = {
  readonly e: Bed
  /** null: no place in the site model (counted in `unplaced`); false: not in capacity. */
  readonly place: BedPlaceInfo | null
  readonly counted: boolean
  readonly overdue: boolean
  readonly facts: number
}

class BedCounters extends TopicCounters<Bed, BedK> {
  readonly #masks = masksOf('beds')
  #scopes = this.#newScopes()
  #unplaced = 0
  readonly #out: Entry<BedCounts, BedX>[] = []

  #newScopes(): Scopes<BedCounts, BedX> {
    return new Scopes(emptyBedCounts, () => ({ requests: new Map(), oldestLeft: false }), this.#masks.length)
  }

  protected clear(): void {
    this.#scopes = this.#newScopes()
    this.#unplaced = 0
  }

  protected add(bed: Bed, ctx: Ctx): BedK {
    const place = ctx.index?.bedPlaces.get(bed.id) ?? null
    if (place === null) {
      this.#unplaced += 1
      return { e: bed, place, counted: false, overdue: false, facts: 0 }
    }
    if (!inCapacity(bed, place)) return { e: bed, place, counted: false, overdue: false, facts: 0 }
    const overdue = isHousekeepingOverdue(bed, ctx.now, ctx.config.housekeepingTargets)
    const facts = bedFacts(bed, place, ctx.rows)
    const hk = bed.status === 'housekeeping' ? bed.housekeeping : null
    for (const s of this.#scopes.enter(place.siteId, place.wardId, this.#out)) {
      addBed(s.c, bed, place, overdue, 1)
      tally(s.r, this.#masks, facts, 1)
      if (hk !== null) s.x.requests.set(bed.id, hk.requestedAt)
    }
    return { e: bed, place, counted: true, overdue, facts }
  }

  protected remove(k: BedK): void {
    if (k.place === null) {
      this.#unplaced -= 1
      return
    }
    if (!k.counted) return
    const bed = k.e
    const hk = bed.status === 'housekeeping' ? bed.housekeeping : null
    for (const s of this.#scopes.leave(k.place.siteId, k.place.wardId, this.#out)) {
      addBed(s.c, bed, k.place, k.overdue, -1)
      tally(s.r, this.#masks, k.facts, -1)
      if (hk !== null) {
        s.x.requests.delete(bed.id)
        if (s.c.oldestHousekeepingRequestedAt === hk.requestedAt) s.x.oldestLeft = true
      }
    }
  }

  protected nextTurn(bed: Bed, now: number, ctx: Ctx): number {
    const hk = bed.housekeeping
    if (bed.status !== 'housekeeping' || hk === null) return Number.POSITIVE_INFINITY
    // isHousekeepingOverdue: overdue once the wait exceeds the response target (not started) or
    // the total target.
    const t = ctx.config.housekeepingTargets
    return nextInstant(
      now,
      hk.startedAt === null ? hk.requestedAt + t.responseMin * 60_000 : Number.POSITIVE_INFINITY,
      hk.requestedAt + t.totalMin * 60_000,
    )
  }

  publish(now: number): { stats: BedStats; rows: RowCounts } {
    for (const s of this.#scopes.entries()) {
      if (!s.x.oldestLeft) continue
      let oldest: number | null = null
      for (const at of s.x.requests.values()) if (oldest === null || at < oldest) oldest = at
      this.rescannedEntities += s.x.requests.size
      s.c.oldestHousekeepingRequestedAt = oldest
      s.x.oldestLeft = false
    }
    const { stats, rows } = this.#scopes.publish(cloneBedCounts)
    this.changed = false
    return {
      stats: { rollup: stats, unplaced: this.#unplaced, computedAt: now },
      rows: { topic: 'beds', rollup: rows },
    }
  }
}

// Assets --------------------------------------------------------------------------------------

type AssetK = {
  readonly e: Asset
  readonly siteId: string
  readonly wardId: string | null
  readonly equipment: boolean
  readonly missing: boolean
  readonly outside: boolean
  readonly low: boolean
  readonly facts: number
  /** The PAR units it counts as available in, or null. */
  readonly par: readonly string[] | null
}

class AssetCounters extends TopicCounters<Asset, AssetK> {
  readonly #masks = masksOf('assets')
  #scopes = this.#newScopes()
  #parUnits: ReadonlySet<string> = new Set()
  readonly #parCounts = new Map<string, Map<AssetType, number>>()
  #parChanged = true
  #par: Pick<AssetStats, 'par' | 'parRollup'> | null = null
  readonly #out: Entry<AssetCounts, null>[] = []

  #newScopes(): Scopes<AssetCounts, null> {
    return new Scopes(emptyAssetCounts, () => null, this.#masks.length)
  }

  protected clear(ctx: Ctx): void {
    this.#scopes = this.#newScopes()
    this.#parUnits = new Set(ctx.config.par.map((p) => p.unitId))
    this.#parCounts.clear()
    this.#parChanged = true
  }

  protected add(a: Asset, ctx: Ctx): AssetK {
    const index = ctx.index
    const thresholds = ctx.config.assetThresholds
    // The same tests as computeAssetStats and countRows.
    const equipment = isEquipment(a)
    const missing = isAssetMissing(a, ctx.now, thresholds)
    const outside = isOutsideHome(a, index)
    const low = isBatteryLow(a, thresholds)
    const wardId = a.zoneId === null ? null : (index?.wardOfUnit.get(a.zoneId) ?? null)
    const facts = factsOfAsset(a, ctx.rows, index === null ? undefined : wardId)
    for (const s of this.#scopes.enter(a.siteId, wardId, this.#out)) {
      addAsset(s.c, equipment, a, missing, outside, low, 1)
      tally(s.r, this.#masks, facts, 1)
    }
    const par = parUnitsOf(a, equipment, missing, this.#parUnits, index)
    if (par !== null) this.#countPar(par, a.type, 1)
    return { e: a, siteId: a.siteId, wardId, equipment, missing, outside, low, facts, par }
  }

  protected remove(k: AssetK): void {
    for (const s of this.#scopes.leave(k.siteId, k.wardId, this.#out)) {
      addAsset(s.c, k.equipment, k.e, k.missing, k.outside, k.low, -1)
      tally(s.r, this.#masks, k.facts, -1)
    }
    if (k.par !== null) this.#countPar(k.par, k.e.type, -1)
  }

  #countPar(units: readonly string[], type: AssetType, d: 1 | -1): void {
    for (const unit of units) {
      let byType = this.#parCounts.get(unit)
      if (byType === undefined) this.#parCounts.set(unit, (byType = new Map()))
      byType.set(type, (byType.get(type) ?? 0) + d)
    }
    this.#parChanged = true
  }

  protected nextTurn(a: Asset, now: number, ctx: Ctx): number {
    // isAssetMissing: equipment turns missing once unseen for longer than the threshold.
    return isEquipment(a)
      ? nextInstant(now, a.lastSeen + ctx.config.assetThresholds.missingAfterMs)
      : Number.POSITIVE_INFINITY
  }

  publish(now: number, ctx: Ctx): { stats: AssetStats; rows: RowCounts } {
    if (this.#parChanged || this.#par === null) {
      // PAR levels are configuration (a few per ward), evaluated again only when a count moved.
      this.#par = evaluatePar(ctx.config.par, this.#parCounts, ctx.index)
      this.#parChanged = false
    }
    const { stats, rows } = this.#scopes.publish((c) => ({ ...c }))
    this.changed = false
    return {
      stats: { rollup: stats, par: this.#par.par, parRollup: this.#par.parRollup, computedAt: now },
      rows: { topic: 'assets', rollup: rows },
    }
  }
}

// Network devices -----------------------------------------------------------------------------

type DeviceX = {
  /** Down devices serving each unit here: `unitsAffected` holds the units counted above zero. */
  readonly units: Map<string, number>
  /** The devices here (sites only), to recompute the readings when their holder left. */
  readonly members: Set<string>
  readingsLeft: boolean
}
type DeviceK = { readonly e: NetworkDevice; readonly facts: number }

class NetworkCounters extends TopicCounters<NetworkDevice, DeviceK> {
  readonly #masks = masksOf('network')
  #scopes = this.#newScopes()
  readonly #out: Entry<NetworkCounts, DeviceX>[] = []

  #newScopes(): Scopes<NetworkCounts, DeviceX> {
    return new Scopes(
      emptyNetworkCounts,
      () => ({ units: new Map(), members: new Set(), readingsLeft: false }),
      this.#masks.length,
    )
  }

  protected clear(): void {
    this.#scopes = this.#newScopes()
  }

  protected add(d: NetworkDevice): DeviceK {
    const facts = factsOfDevice(d)
    const scopes = this.#scopes.enter(d.siteId, null, this.#out)
    for (const s of scopes) {
      addDeviceStatus(s.c, d, 1)
      tally(s.r, this.#masks, facts, 1)
      if (d.status === 'down') {
        for (const unit of d.servesUnitIds) {
          const n = (s.x.units.get(unit) ?? 0) + 1
          s.x.units.set(unit, n)
          if (n === 1) s.c.unitsAffected.add(unit)
        }
      }
    }
    // The site's readings; the trust's are folded from its sites' when published.
    const site = scopes[1] as Entry<NetworkCounts, DeviceX>
    site.x.members.add(d.id)
    if (!site.x.readingsLeft) offerDeviceReadings(site.c, d)
    return { e: d, facts }
  }

  protected remove(k: DeviceK): void {
    const d = k.e
    for (const s of this.#scopes.leave(d.siteId, null, this.#out)) {
      addDeviceStatus(s.c, d, -1)
      tally(s.r, this.#masks, k.facts, -1)
      if (d.status === 'down') {
        for (const unit of d.servesUnitIds) {
          const n = (s.x.units.get(unit) ?? 0) - 1
          if (n > 0) s.x.units.set(unit, n)
          else {
            s.x.units.delete(unit)
            s.c.unitsAffected.delete(unit)
          }
        }
      }
      if (s === this.#scopes.trust) continue
      s.x.members.delete(d.id)
      const c = s.c
      if (
        c.worstLatency?.deviceId === d.id ||
        c.worstLoss?.deviceId === d.id ||
        c.busiestLinks.some((l) => l.deviceId === d.id)
      )
        s.x.readingsLeft = true
    }
  }

  protected nextTurn(): number {
    return Number.POSITIVE_INFINITY
  }

  publish(now: number): { stats: NetworkStats; rows: RowCounts } {
    const trust = this.#scopes.trust.c
    clearDeviceReadings(trust)
    for (const [, site] of this.#scopes.sites) {
      if (site.n <= 0) continue
      if (site.x.readingsLeft) {
        clearDeviceReadings(site.c)
        for (const id of site.x.members) {
          const k = this.contribs.get(id)
          if (k !== undefined) offerDeviceReadings(site.c, k.e)
        }
        this.rescannedEntities += site.x.members.size
        site.x.readingsLeft = false
      }
      mergeDeviceReadings(trust, site.c)
    }
    const { stats, rows } = this.#scopes.publish((c) => ({
      ...c,
      busiestLinks: [...c.busiestLinks],
      unitsAffected: new Set(c.unitsAffected),
    }))
    this.changed = false
    return {
      stats: { rollup: { trust: stats.trust, sites: stats.sites, wards: new Map() }, computedAt: now },
      rows: { topic: 'network', rollup: rows },
    }
  }
}

// Cyber alerts --------------------------------------------------------------------------------

type AlertK = {
  readonly e: CyberAlert
  readonly wardId: string | null
  readonly isNew: boolean
  readonly ackDelay: number | null
  readonly facts: number
}

class CyberCounters extends TopicCounters<CyberAlert, AlertK> {
  readonly #masks = masksOf('cyber')
  #scopes = this.#newScopes()
  readonly #out: Entry<CyberCounts, null>[] = []

  #newScopes(): Scopes<CyberCounts, null> {
    return new Scopes(emptyCyberCounts, () => null, this.#masks.length)
  }

  protected clear(): void {
    this.#scopes = this.#newScopes()
  }

  protected add(a: CyberAlert, ctx: Ctx): AlertK {
    const windows = ctx.config.cyberWindows
    const isNew = isNewInWindow(a, ctx.now, windows)
    const ackDelay = ackDelayOf(a, ctx.now, windows)
    const wardId = a.unitId === null ? null : (ctx.index?.wardOfUnit.get(a.unitId) ?? null)
    const facts = factsOfAlert(a, ctx.rows)
    for (const s of this.#scopes.enter(a.siteId, wardId, this.#out)) {
      addAlert(s.c, a, isNew, ackDelay, 1)
      tally(s.r, this.#masks, facts, 1)
    }
    return { e: a, wardId, isNew, ackDelay, facts }
  }

  protected remove(k: AlertK): void {
    for (const s of this.#scopes.leave(k.e.siteId, k.wardId, this.#out)) {
      addAlert(s.c, k.e, k.isNew, k.ackDelay, -1)
      tally(s.r, this.#masks, k.facts, -1)
    }
  }

  protected nextTurn(a: CyberAlert, now: number, ctx: Ctx): number {
    // New while first seen within the window; acknowledged-in-window while the ack is within it.
    const w = ctx.config.cyberWindows
    return nextInstant(
      now,
      a.firstSeen + w.newWithinMs,
      a.ack === null ? Number.POSITIVE_INFINITY : a.ack.at + w.ackWithinMs,
    )
  }

  publish(now: number): { stats: CyberStats; rows: RowCounts } {
    const { stats, rows } = this.#scopes.publish((c) => ({ ...c, openBySeverity: { ...c.openBySeverity } }))
    this.changed = false
    return { stats: { rollup: stats, computedAt: now }, rows: { topic: 'cyber', rollup: rows } }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Follows the entity tables and returns `KpiStats` equal to `computeKpiStats(input)` for every
 * KPI, per update in O(entities changed or turned). Returns the previous object when nothing moved
 * (no entity changed, no fact turned, no turnaround completed or left its window).
 */
export class IncrementalKpiStats {
  readonly #beds = new BedCounters()
  readonly #assets = new AssetCounters()
  readonly #network = new NetworkCounters()
  readonly #cyber = new CyberCounters()
  #index: SiteIndex | null | undefined = undefined
  #config: KpiConfig | null = null
  #lastNow = Number.NEGATIVE_INFINITY
  #stats: KpiStats | null = null
  #turnaround: {
    readonly tracker: TurnaroundTracker
    readonly version: number
    readonly validUntil: number
    readonly config: KpiConfig
    readonly rollup: Rollup<TurnaroundSummary>
  } | null = null
  #work: KpiUpdateWork = { rebuilt: [], changed: 0, turned: 0, rescanned: 0, rebuiltEntities: 0 }

  /** What the last `update` did (entities touched). */
  get lastWork(): KpiUpdateWork {
    return this.#work
  }

  /** Drops everything: the next update rebuilds every topic. */
  reset(): void {
    this.#index = undefined
    this.#config = null
    this.#stats = null
    this.#turnaround = null
  }

  update(input: KpiStatsInput): KpiStats {
    const { entities, index, now } = input
    const config = input.config ?? DEFAULT_KPI_CONFIG
    // A new model or configuration changes every entity's place or facts; a clock that went back
    // un-turns facts the heap has spent: rebuild.
    const rebuild = index !== this.#index || config !== this.#config || now < this.#lastNow
    this.#index = index
    this.#config = config
    this.#lastNow = now
    const ctx: Ctx = { index, now, config, rows: { index, now, config: rowConfigOf(config) } }
    const rebuilt: RealtimeTopic[] = []
    const topics = [this.#assets, this.#network, this.#cyber] as const
    for (const t of [this.#beds, ...topics]) t.resetWork()

    // Beds need places: with no site model they count nowhere (null), as in the full pass.
    if (index !== null) {
      if (this.#beds.follow(entities.beds, ctx, rebuild)) rebuilt.push('beds')
      this.#beds.turn(ctx)
    }
    if (this.#assets.follow(entities.assets, ctx, rebuild)) rebuilt.push('assets')
    this.#assets.turn(ctx)
    if (this.#network.follow(entities.network, ctx, rebuild)) rebuilt.push('network')
    if (this.#cyber.follow(entities.cyber, ctx, rebuild)) rebuilt.push('cyber')
    this.#cyber.turn(ctx)

    const turnaround = this.#summariseTurnarounds(input, now, config)
    const previous = this.#stats
    let stats: KpiStats
    if (
      previous !== null &&
      !rebuild &&
      !(index !== null && this.#beds.changed) &&
      !topics.some((t) => t.changed) &&
      turnaround === previous.turnaround
    ) {
      stats = previous
    } else {
      const beds =
        index === null ? null : this.#beds.changed || !previous?.beds ? this.#beds.publish(now) : null
      const assets = this.#assets.changed || previous === null ? this.#assets.publish(now, ctx) : null
      const network = this.#network.changed || previous === null ? this.#network.publish(now) : null
      const cyber = this.#cyber.changed || previous === null ? this.#cyber.publish(now) : null
      const keep = previous as KpiStats
      stats = {
        computedAt: now,
        config,
        index,
        beds: index === null ? null : (beds?.stats ?? keep.beds),
        turnaround,
        assets: assets?.stats ?? keep.assets,
        network: network?.stats ?? keep.network,
        cyber: cyber?.stats ?? keep.cyber,
        rows: {
          beds: index === null ? null : (beds?.rows ?? keep.rows.beds),
          assets: assets?.rows ?? keep.rows.assets,
          network: network?.rows ?? keep.rows.network,
          cyber: cyber?.rows ?? keep.rows.cyber,
        },
      }
    }
    this.#stats = stats
    const all = [this.#beds, ...topics]
    this.#work = {
      rebuilt,
      changed: all.reduce((n, t) => n + t.changedEntities, 0),
      turned: all.reduce((n, t) => n + t.turnedEntities, 0),
      rescanned: all.reduce((n, t) => n + t.rescannedEntities, 0),
      rebuiltEntities: all.reduce((n, t) => n + t.rebuiltEntities, 0),
    }
    return stats
  }

  /** The turnaround summary, summarised again only when a clean completed or one left the window. */
  #summariseTurnarounds(
    input: KpiStatsInput,
    now: number,
    config: KpiConfig,
  ): Rollup<TurnaroundSummary> | null {
    const tracker = input.turnarounds
    if (!tracker) {
      this.#turnaround = null
      return null
    }
    const since = now - config.turnaroundWindowMs
    const cached = this.#turnaround
    if (
      cached !== null &&
      cached.tracker === tracker &&
      cached.version === tracker.version &&
      cached.config === config &&
      since <= cached.validUntil
    )
      return cached.rollup
    const rollup = tracker.summarise(since, config.housekeepingTargets)
    const earliest = tracker.earliestDoneAtSince(since)
    this.#turnaround = {
      tracker,
      version: tracker.version,
      config,
      // The summary over [since, …) holds while since has not passed the earliest completion in it.
      validUntil: earliest ?? Number.POSITIVE_INFINITY,
      rollup,
    }
    return rollup
  }
}

/** The entity maps the engine follows (the real-time topics). */
export type KpiEntities = { readonly [T in RealtimeTopic]: EntityMaps[T] }
