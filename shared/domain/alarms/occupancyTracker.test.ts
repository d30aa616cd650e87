import { describe, expect, it } from 'vitest'
import type { Bed } from '../../contracts/entities.ts'
import { computeBedStats, gaOccupancyPct } from '../kpis/computeBedStats.ts'
import { buildSiteIndex } from '../kpis/siteIndex.ts'
import { createAlarmWorld, indexSiteModel } from './alarmWorld.ts'
import { OccupancyTracker } from './occupancyTracker.ts'
import { makeBed, makeSiteModel } from '../../../tests/support/alarmBuilders.ts'

describe('OccupancyTracker', () => {
  it('gives the same occupancy as the KPI engine’s G&A occupancy, per trust, site and ward, as beds change', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `b${i}`)
    const base = makeSiteModel(
      Object.fromEntries(ids.map((id, i) => [id, i % 2 === 0 ? 'ward-a' : 'ward-b'])),
    )
    // Ward B is not G&A, and two of ward A's beds are escalation beds.
    const model = {
      ...base,
      units: base.units.map((u) => (u.id === 'ward-b' ? { ...u, generalAndAcute: false } : u)),
      beds: base.beds.map((b, i) => (i < 4 && b.wardId === 'ward-a' ? { ...b, escalation: true } : b)),
    }
    const world = createAlarmWorld(0)
    indexSiteModel(world, model)
    const tracker = new OccupancyTracker(world)
    const statuses = [
      'occupied',
      'occupied',
      'unoccupied',
      'closed',
      'housekeeping',
      'occupied',
      'reserved',
    ] as const
    const check = (): void => {
      const stats = computeBedStats(world.beds, buildSiteIndex(model), 0)
      const kpi = (v: number | null | undefined): number | null =>
        v === null || v === undefined ? null : Math.round(v * 1000) / 1000
      const ours = (scope: 'trust' | 'site' | 'ward', id: string): number | null =>
        kpi(tracker.values('occupancy', scope).find((v) => v.subjectId === id)?.value ?? null)
      expect(ours('trust', 'trust')).toBe(kpi(gaOccupancyPct(stats.rollup.trust)))
      const site = stats.rollup.sites.get('site-a')
      expect(ours('site', 'site:site-a')).toBe(site === undefined ? null : kpi(gaOccupancyPct(site)))
      const wardA = stats.rollup.wards.get('ward-a')
      expect(ours('ward', 'ward:ward-a')).toBe(wardA === undefined ? null : kpi(gaOccupancyPct(wardA)))
      expect(ours('ward', 'ward:ward-b')).toBeNull()
    }
    for (let round = 0; round < 5; round += 1) {
      ids.forEach((id, i) => {
        const bed: Bed = makeBed({
          id,
          status: statuses[(i + round) % statuses.length] ?? 'occupied',
          escalationOpen: (i + round) % 3 === 0,
        })
        world.beds.set(id, bed)
        tracker.update(id, bed)
      })
      check()
    }
  })
})
