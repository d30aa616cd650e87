import { describe, expect, it } from 'vitest'
import { createDemoTrust } from '../../gateway/adapters/demo/createDemoTrust.ts'
import type { ImdfFeature, ImdfFeatureCollection } from '../../gateway/adapters/demo/imdf.ts'
import { validateImdf } from './validateImdf.ts'

const plan = [...createDemoTrust({ seed: 3 }).floorPlans.values()][0] as ImdfFeatureCollection

/** A deep copy of the plan with one feature changed. */
function withFeature(type: string, change: (f: Record<string, unknown>) => void, nth = 0): unknown {
  const copy = JSON.parse(JSON.stringify(plan)) as { features: Record<string, unknown>[] }
  const target = copy.features.filter((f) => f.feature_type === type)[nth]
  if (!target) throw new Error(`no ${type} in the plan`)
  change(target)
  return copy
}

const errorsOf = (input: unknown): readonly string[] => {
  const r = validateImdf(input)
  return r.ok ? [] : r.errors
}

describe('validateImdf', () => {
  it('accepts a generated plan', () => {
    expect(errorsOf(plan)).toEqual([])
  })

  it('rejects something that is not a FeatureCollection', () => {
    expect(errorsOf({ type: 'Feature' })[0]).toMatch(/not a GeoJSON FeatureCollection/)
    expect(errorsOf(null)[0]).toMatch(/not a GeoJSON FeatureCollection/)
  })

  it('names a feature whose id is not a UUID, or repeats another', () => {
    expect(errorsOf(withFeature('unit', (f) => (f.id = 'bay-a')))).toEqual([
      expect.stringMatching(/^feature \d+ \(unit bay-a\): id must be a UUID$/),
    ])
    const dup = JSON.parse(JSON.stringify(plan)) as { features: ImdfFeature[] }
    dup.features.push(dup.features[dup.features.length - 1] as ImdfFeature)
    expect(errorsOf(dup).some((e) => e.endsWith('duplicate id'))).toBe(true)
  })

  it('rejects an unknown feature_type and an unknown category', () => {
    expect(errorsOf(withFeature('unit', (f) => (f.feature_type = 'ward')))[0]).toMatch(
      /unknown feature_type "ward"/,
    )
    expect(
      errorsOf(withFeature('unit', (f) => ((f.properties as Record<string, unknown>).category = 'ward')))[0],
    ).toMatch(/category "ward" is not an IMDF unit category/)
  })

  it('requires level properties: integer ordinal, boolean outdoor, a labels name', () => {
    const errors = errorsOf(
      withFeature('level', (f) => {
        const p = f.properties as Record<string, unknown>
        p.ordinal = 1.5
        p.outdoor = 'no'
        p.name = 'Level 1'
      }),
    )
    expect(errors.some((e) => e.endsWith('ordinal must be an integer'))).toBe(true)
    expect(errors.some((e) => e.endsWith('outdoor must be a boolean'))).toBe(true)
    expect(errors.some((e) => /name must be a labels object/.test(e))).toBe(true)
  })

  it('rejects an open polygon ring and the wrong geometry type', () => {
    const open = withFeature('unit', (f) => {
      const g = f.geometry as { coordinates: number[][][] }
      g.coordinates[0]?.pop()
    })
    expect(errorsOf(open)[0]).toMatch(/ring 0 (is not closed|: needs at least 4 positions)/)
    const point = withFeature('opening', (f) => (f.geometry = { type: 'Point', coordinates: [0, 51] }))
    expect(errorsOf(point)[0]).toMatch(/an opening's geometry must be a LineString, not Point/)
    const building = withFeature('building', (f) => (f.geometry = { type: 'Point', coordinates: [0, 51] }))
    expect(errorsOf(building)[0]).toMatch(/a building has no geometry/)
  })

  it('rejects a level_id that references no level', () => {
    const errors = errorsOf(
      withFeature(
        'fixture',
        (f) => ((f.properties as Record<string, unknown>).level_id = '00000000-0000-4000-8000-000000000000'),
      ),
    )
    expect(errors[0]).toMatch(
      /level_id "00000000-0000-4000-8000-000000000000" does not reference a level in this collection/,
    )
  })

  it('rejects a unit outside its level footprint', () => {
    const moved = withFeature('unit', (f) => {
      const g = f.geometry as { coordinates: number[][][] }
      for (const p of g.coordinates[0] ?? []) p[0] = (p[0] ?? 0) + 0.01 // about 700 m east
    })
    expect(errorsOf(moved)[0]).toMatch(/geometry lies outside its level's footprint/)
  })
})
