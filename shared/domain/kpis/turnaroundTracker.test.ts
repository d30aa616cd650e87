import { describe, expect, it } from 'vitest'
import { TurnaroundTracker } from './turnaroundTracker.ts'
import { byId, makeBed, MIN, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'
import type { Bed } from '../../contracts/entities.ts'

const index = buildSiteIndex(SITE_MODEL)
const T0 = NOW

function cleaning(id: string, requestedMin: number, startedMin: number | null): Bed {
  return makeBed({
    id,
    status: 'housekeeping',
    housekeeping: {
      requestedAt: T0 + requestedMin * MIN,
      startedAt: startedMin === null ? null : T0 + startedMin * MIN,
    },
  })
}
const cleanAt = (id: string, doneMin: number): Bed =>
  makeBed({ id, status: 'unoccupied', statusSince: T0 + doneMin * MIN })

describe('TurnaroundTracker', () => {
  /*
   * b1 (W1): requested 0, started 20, done 45 → response 20, clean 25, total 45
   * b2 (W1): requested 0, started 40, done 90 → response 40, clean 50, total 90
   * b15 (W3): requested 60, start never reported, done 110 → total 50 only
   */
  function feed(tracker: TurnaroundTracker): void {
    tracker.observe(cleaning('b1', 0, 20), cleanAt('b1', 45), index)
    tracker.observe(cleaning('b2', 0, 40), cleanAt('b2', 90), index)
    tracker.observe(cleaning('b15', 60, null), cleanAt('b15', 110), index)
  }

  it('summarises response, clean and total against the 60-minute target', () => {
    const tracker = new TurnaroundTracker()
    feed(tracker)
    const t = tracker.summarise(0).trust
    expect(t.count).toBe(3)
    expect(t.meanResponseMin).toBe(30) // (20 + 40) / 2
    expect(t.meanCleanMin).toBe(37.5) // (25 + 50) / 2
    expect(t.meanTotalMin).toBeCloseTo(61.6667, 3) // (45 + 90 + 50) / 3 = 185 / 3
    expect(t.totalWithinTargetPct).toBeCloseTo(66.6667, 3) // 45 and 50 ≤ 60, 90 is not → 2 / 3
  })

  it('rolls up by ward and site', () => {
    const tracker = new TurnaroundTracker()
    feed(tracker)
    const r = tracker.summarise(0)
    expect(r.wards.get('w1')?.meanTotalMin).toBe(67.5) // (45 + 90) / 2
    expect(r.wards.get('w3')?.meanResponseMin).toBeNull() // start never reported
    expect(r.sites.get('site-s')?.meanTotalMin).toBe(50)
  })

  it('counts only turnarounds completed since the window start', () => {
    const tracker = new TurnaroundTracker()
    feed(tracker)
    // done at 45, 90, 110; since 60 → b2 and b15: totals 90 and 50 → 70
    expect(tracker.summarise(T0 + 60 * MIN).trust.meanTotalMin).toBe(70)
  })

  it('ignores changes that are not the end of a clean', () => {
    const tracker = new TurnaroundTracker()
    tracker.observe(cleaning('b1', 0, null), cleaning('b1', 0, 5), index) // clean started, still housekeeping
    tracker.observe(makeBed({ id: 'b1', status: 'occupied' }), cleanAt('b1', 10), index) // discharge, no clean
    tracker.observe(cleaning('b1', 0, 5), undefined, index) // bed removed
    expect(tracker.summarise(0).trust.count).toBe(0)
  })

  it('finds the beds that changed since the last look, and stays bounded', () => {
    const tracker = new TurnaroundTracker(2)
    const beds = byId([
      cleaning('b1', 0, 10),
      cleaning('b2', 0, 10),
      cleaning('b3', 0, 10),
      makeBed({ id: 'b4' }),
    ])
    tracker.observeAll(beds, index) // first look: nothing completed yet
    expect(tracker.completed()).toEqual([])
    // The replica updates its map in place: the tracker must compare with its own last look.
    beds.set('b1', cleanAt('b1', 30))
    beds.set('b2', cleanAt('b2', 40))
    beds.set('b3', cleanAt('b3', 50))
    tracker.observeAll(beds, index)
    // three completed, capacity 2 → the newest two (b2, b3) remain
    expect(tracker.completed().map((t) => t.bedId)).toEqual(['b2', 'b3'])
    tracker.observeAll(beds, index) // nothing changed since: nothing new
    expect(tracker.completed()).toHaveLength(2)
  })
})
