import { describe, expect, it } from 'vitest'
import { toLocalMetres } from '../../../shared/domain/geo.ts'
import { createDemoTrust } from './createDemoTrust.ts'
import type { ImdfFeature, ImdfPolygon } from './imdf.ts'
import { validateImdf } from '../../../tests/support/validateImdf.ts'

const trust = createDemoTrust({ seed: 21 })

describe('buildFloorPlans', () => {
  it('gives every level of the site model a plan that passes the IMDF checks', () => {
    expect([...trust.floorPlans.keys()].sort()).toEqual(trust.siteModel.levels.map((l) => l.id).sort())
    for (const [levelId, plan] of trust.floorPlans) {
      const result = validateImdf(plan)
      expect(result.ok ? [] : result.errors.map((e) => `${levelId}: ${e}`)).toEqual([])
    }
  })

  it('passes the IMDF checks at scale 10 too', () => {
    const big = createDemoTrust({ seed: 21, scale: 10 })
    let checked = 0
    for (const plan of big.floorPlans.values()) {
      const result = validateImdf(plan)
      if (!result.ok) expect(result.errors).toEqual([])
      checked += 1
    }
    expect(checked).toBe(big.siteModel.levels.length)
  }, 60_000)

  it('keeps ids unique across all plans, except the shared venue, building and address', () => {
    const seen = new Map<string, string>()
    for (const plan of trust.floorPlans.values()) {
      for (const f of plan.features) {
        const previous = seen.get(f.id)
        if (previous !== undefined) expect(['venue', 'building', 'address']).toContain(f.feature_type)
        if (previous !== undefined) expect(previous).toBe(f.feature_type)
        seen.set(f.id, f.feature_type)
      }
    }
  })

  it('draws each unit exactly where the site model puts it (IMDF → local metres round trip)', () => {
    const units = new Map(trust.siteModel.units.map((u) => [u.id, u]))
    const levels = new Map(trust.siteModel.levels.map((l) => [l.id, l]))
    let compared = 0
    for (const [levelId, plan] of trust.floorPlans) {
      const origin = levels.get(levelId)?.origin as [number, number]
      for (const f of plan.features.filter((x) => x.feature_type === 'unit')) {
        const unit = units.get(f.properties['nhs:unitId'] as string)
        expect(unit?.levelId).toBe(levelId)
        const ring = (f.geometry as ImdfPolygon).coordinates[0] ?? []
        expect(ring).toHaveLength((unit?.outline.length ?? 0) + 1)
        ring.slice(0, -1).forEach((p, i) => {
          const [x, y] = toLocalMetres(p, origin)
          const expected = unit?.outline[i] as [number, number]
          expect(Math.abs(x - expected[0])).toBeLessThan(0.01)
          expect(Math.abs(y - expected[1])).toBeLessThan(0.01)
        })
        compared += 1
      }
    }
    expect(compared).toBe(trust.siteModel.units.length)
  })

  it('marks wards, bays and side rooms with the hospital extension and every bed as a fixture', () => {
    const all: ImdfFeature[] = [...trust.floorPlans.values()].flatMap((p) => [...p.features])
    const kinds = new Set(all.filter((f) => f.feature_type === 'unit').map((f) => f.properties['nhs:kind']))
    for (const k of ['ward', 'department', 'bay', 'sideroom', 'corridor', 'comms'])
      expect(kinds.has(k)).toBe(true)
    const bedFixtures = all.filter((f) => f.feature_type === 'fixture' && f.properties['nhs:kind'] === 'bed')
    expect(bedFixtures.map((f) => f.properties['nhs:bedId']).sort()).toEqual(
      trust.siteModel.beds.map((b) => b.id).sort(),
    )
    expect(all.some((f) => f.feature_type === 'fixture' && f.properties['nhs:kind'] === 'nursestation')).toBe(
      true,
    )
    const doors = all.filter((f) => f.feature_type === 'opening')
    expect(doors.length).toBeGreaterThan(trust.siteModel.units.length / 2)
    const venues = new Set(all.filter((f) => f.feature_type === 'venue').map((f) => f.id))
    expect(venues.size).toBe(3)
  })

  it('puts each bed fixture around its bed position', () => {
    const beds = new Map(trust.siteModel.beds.map((b) => [b.id, b]))
    const levels = new Map(trust.siteModel.levels.map((l) => [l.id, l]))
    for (const [levelId, plan] of trust.floorPlans) {
      const origin = levels.get(levelId)?.origin as [number, number]
      for (const f of plan.features) {
        if (f.feature_type !== 'fixture' || f.properties['nhs:kind'] !== 'bed') continue
        const bed = beds.get(f.properties['nhs:bedId'] as string)
        const ring = ((f.geometry as ImdfPolygon).coordinates[0] ?? [])
          .slice(0, -1)
          .map((p) => toLocalMetres(p, origin))
        const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length
        const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length
        expect(Math.hypot(cx - (bed?.at[0] ?? NaN), cy - (bed?.at[1] ?? NaN))).toBeLessThan(0.05)
      }
    }
  })
})
