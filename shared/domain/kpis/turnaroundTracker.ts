/**
 * Cleaning (EVS) turnaround: the replica holds only each bed's current state, so a completed clean
 * exists only as a transition — a bed leaving `housekeeping`. The tracker watches transitions and
 * keeps the completed turnarounds in a bounded ring, from which response, clean and total times are
 * summarised against the targets.
 *
 * - response = requested → cleaning started
 * - clean    = started → done (the bed left housekeeping: its new `statusSince`)
 * - total    = requested → done
 *
 * A history starts when the tracker starts (a window load, or the hub's start): it is the recent
 * past, not a report of record.
 */
import type { Bed } from '../../contracts/entities.ts'
import { changedIds, EntityTable } from '../../util/EntityTable.ts'
import { RingBuffer } from '../../util/ringBuffer.ts'
import { DEFAULT_HOUSEKEEPING_TARGETS, type HousekeepingTargets } from './computeBedStats.ts'
import { counterFor, type Rollup } from './kpiScope.ts'
import type { SiteIndex } from './siteIndex.ts'

export type CompletedTurnaround = {
  readonly bedId: string
  readonly siteId: string | null
  readonly wardId: string | null
  readonly requestedAt: number
  /** Null when the source never reported the start of cleaning: then only the total is known. */
  readonly startedAt: number | null
  readonly doneAt: number
}

/** Turnaround figures in minutes over the completed cleans of a window. */
export type TurnaroundSummary = {
  count: number
  meanResponseMin: number | null
  meanCleanMin: number | null
  meanTotalMin: number | null
  /** Share of completed cleans whose total met the target, percent. */
  totalWithinTargetPct: number | null
}

type Accumulator = {
  count: number
  responseSum: number
  responseN: number
  cleanSum: number
  cleanN: number
  totalSum: number
  withinTarget: number
}

const newAccumulator = (): Accumulator => ({
  count: 0,
  responseSum: 0,
  responseN: 0,
  cleanSum: 0,
  cleanN: 0,
  totalSum: 0,
  withinTarget: 0,
})

function summarise(a: Accumulator): TurnaroundSummary {
  return {
    count: a.count,
    meanResponseMin: a.responseN === 0 ? null : a.responseSum / a.responseN / 60_000,
    meanCleanMin: a.cleanN === 0 ? null : a.cleanSum / a.cleanN / 60_000,
    meanTotalMin: a.count === 0 ? null : a.totalSum / a.count / 60_000,
    totalWithinTargetPct: a.count === 0 ? null : (100 * a.withinTarget) / a.count,
  }
}

/** Watches bed transitions and keeps the last `capacity` completed turnarounds. */
export class TurnaroundTracker {
  readonly #completed: RingBuffer<CompletedTurnaround>
  readonly #lastSeen = new Map<string, Bed>()
  /** The beds table of the last `observeAll`, to ask its change log what changed since. */
  #table: ReadonlyMap<string, Bed> | null = null
  #version = 0

  constructor(capacity = 5_000) {
    this.#completed = new RingBuffer<CompletedTurnaround>(capacity)
  }

  /**
   * Records a completed turnaround when a bed leaves housekeeping. `next` undefined (the bed was
   * removed) records nothing: we do not know when, or whether, the clean finished.
   */
  observe(prev: Bed | undefined, next: Bed | undefined, index: SiteIndex | null): void {
    if (prev === undefined || next === undefined) return
    if (prev.status !== 'housekeeping' || next.status === 'housekeeping') return
    const hk = prev.housekeeping
    if (hk === null) return
    const doneAt = next.statusSince
    if (doneAt < hk.requestedAt) return
    const place = index?.bedPlaces.get(next.id)
    this.#completed.push({
      bedId: next.id,
      siteId: place?.siteId ?? null,
      wardId: place?.wardId ?? null,
      requestedAt: hk.requestedAt,
      startedAt:
        hk.startedAt !== null && hk.startedAt >= hk.requestedAt && hk.startedAt <= doneAt
          ? hk.startedAt
          : null,
      doneAt,
    })
    this.#version += 1
  }

  /** Rises with every completed turnaround recorded: equal versions summarise alike. */
  get version(): number {
    return this.#version
  }

  /**
   * Observes every bed whose object changed since the last call. The replica's entity tables are
   * live views (an old view reads current contents), so the tracker keeps its own reference to
   * each bed's last object. An `EntityTable` says which beds it touched since the last table seen
   * (its change log), so a call costs O(changes); anything else (a plain `Map`, a resync) is
   * looked at whole, one Map lookup per bed.
   */
  observeAll(beds: ReadonlyMap<string, Bed>, index: SiteIndex | null): void {
    const seen = this.#lastSeen
    // A plain Map may have changed in place under the same reference: only a table's log can say.
    const touched = beds instanceof EntityTable ? changedIds(this.#table, beds) : null
    this.#table = beds
    if (touched !== null) {
      for (const id of touched) {
        const bed = beds.get(id)
        const before = seen.get(id)
        if (before === bed) continue
        if (bed === undefined) {
          seen.delete(id)
          continue
        }
        this.observe(before, bed, index)
        seen.set(id, bed)
      }
      return
    }
    for (const bed of beds.values()) {
      const before = seen.get(bed.id)
      if (before === bed) continue
      this.observe(before, bed, index)
      seen.set(bed.id, bed)
    }
    // Beds removed from the feed: forget them (rare, so only when the sizes disagree).
    if (seen.size > beds.size) {
      for (const id of seen.keys()) if (!beds.has(id)) seen.delete(id)
    }
  }

  /**
   * The earliest completion at or after `since`, or null: the summary over `[since, …)` stays the
   * same until `since` passes it (or a new turnaround is recorded).
   */
  earliestDoneAtSince(since: number): number | null {
    let earliest: number | null = null
    this.#completed.forEach((t) => {
      if (t.doneAt >= since && (earliest === null || t.doneAt < earliest)) earliest = t.doneAt
    })
    return earliest
  }

  /** The completed turnarounds, oldest first. */
  completed(): CompletedTurnaround[] {
    return this.#completed.toArray()
  }

  /** Summaries per trust, site and ward over turnarounds completed at or after `since`. */
  summarise(
    since: number,
    targets: HousekeepingTargets = DEFAULT_HOUSEKEEPING_TARGETS,
  ): Rollup<TurnaroundSummary> {
    const trust = newAccumulator()
    const sites = new Map<string, Accumulator>()
    const wards = new Map<string, Accumulator>()
    const totalTargetMs = targets.totalMin * 60_000
    this.#completed.forEach((t) => {
      if (t.doneAt < since) return
      const total = t.doneAt - t.requestedAt
      const targetsHit = total <= totalTargetMs ? 1 : 0
      const accs = [trust]
      if (t.siteId !== null) accs.push(counterFor(sites, t.siteId, newAccumulator))
      if (t.wardId !== null) accs.push(counterFor(wards, t.wardId, newAccumulator))
      for (const a of accs) {
        a.count += 1
        a.totalSum += total
        a.withinTarget += targetsHit
        if (t.startedAt !== null) {
          a.responseSum += t.startedAt - t.requestedAt
          a.responseN += 1
          a.cleanSum += t.doneAt - t.startedAt
          a.cleanN += 1
        }
      }
    })
    const mapOf = (m: Map<string, Accumulator>): Map<string, TurnaroundSummary> =>
      new Map([...m].map(([k, a]) => [k, summarise(a)]))
    return { trust: summarise(trust), sites: mapOf(sites), wards: mapOf(wards) }
  }
}
