import { describe, expect, it } from 'vitest'
import { toLonLat } from '../../../shared/domain/geo.ts'
import { centroid, containsPoint, floorPlanFromImdf, signedArea } from './floorPlan.ts'

const ORIGIN = [-2.1, 52.6] as const
const ll = (x: number, y: number): number[] => toLonLat([x, y], ORIGIN)
const square = (x: number, y: number, s: number): number[][] => [
  ll(x, y),
  ll(x + s, y),
  ll(x + s, y + s),
  ll(x, y + s),
  ll(x, y),
]

function imdf(features: unknown[]): unknown {
  return { type: 'FeatureCollection', features }
}

describe('floorPlanFromImdf', () => {
  it('converts units, doors and fixtures into local metres with site-model links', () => {
    const result = floorPlanFromImdf(
      'lvl-1',
      ORIGIN,
      imdf([
        {
          id: 'l',
          feature_type: 'level',
          geometry: { type: 'Polygon', coordinates: [square(0, 0, 100)] },
          properties: { ordinal: 0 },
        },
        {
          id: 'u1',
          feature_type: 'unit',
          geometry: { type: 'Polygon', coordinates: [square(10, 10, 20)] },
          properties: {
            category: 'room',
            name: { en: 'Ward 7' },
            level_id: 'l',
            'nhs:kind': 'ward',
            'nhs:unitId': 'ward-7',
          },
        },
        {
          id: 'u2',
          feature_type: 'unit',
          geometry: { type: 'Polygon', coordinates: [square(12, 12, 5)] },
          properties: { category: 'room', name: { en: 'Bay A' }, level_id: 'l', 'nhs:kind': 'bay' },
        },
        {
          id: 'o',
          feature_type: 'opening',
          geometry: { type: 'LineString', coordinates: [ll(10, 15), ll(10, 17)] },
          properties: { category: 'pedestrian' },
        },
        {
          id: 'f',
          feature_type: 'fixture',
          geometry: { type: 'Polygon', coordinates: [square(13, 13, 1)] },
          properties: { category: 'furniture', 'nhs:bedId': 'bed-1' },
        },
        {
          id: 'a',
          feature_type: 'amenity',
          geometry: { type: 'Point', coordinates: ll(1, 1) },
          properties: {},
        },
      ]),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { plan } = result
    expect(plan.units.map((u) => u.name)).toEqual(['Ward 7', 'Bay A']) // larger first: bays draw over wards
    const ward = plan.units[0]!
    expect(ward.unitId).toBe('ward-7')
    expect(ward.kind).toBe('ward')
    expect(ward.area).toBeCloseTo(400, 0)
    // A ward's name sits above its outline (its centroid is in the corridor); a bay's at its centre.
    expect(ward.labelAt[0]).toBeCloseTo(20, 3)
    expect(ward.labelAt[1]).toBeCloseTo(31.5, 3)
    expect(plan.units[1]!.labelAt[0]).toBeCloseTo(14.5, 3)
    expect(plan.units[1]!.labelAt[1]).toBeCloseTo(14.5, 3)
    expect(plan.openings[0]!.path[0]![0]).toBeCloseTo(10, 3)
    expect(plan.fixtures[0]!.bedId).toBe('bed-1')
    expect(plan.bounds[2]).toBeCloseTo(100, 2)
  })

  it('returns an error value naming the bad field for something that is not IMDF', () => {
    const result = floorPlanFromImdf('lvl-1', ORIGIN, { type: 'FeatureCollection', features: [{ id: 1 }] })
    expect(result).toMatchObject({ ok: false })
    if (!result.ok) expect(result.error).toContain('features.0')
  })

  it('refuses a plan with nothing to draw', () => {
    expect(floorPlanFromImdf('lvl-1', ORIGIN, imdf([]))).toEqual({
      ok: false,
      error: 'floor plan lvl-1: no drawable features',
    })
  })
})

describe('polygon helpers', () => {
  const sq: [number, number][] = [
    [0, 0],
    [4, 0],
    [4, 2],
    [0, 2],
  ]
  it('computes area, centroid and containment', () => {
    expect(signedArea(sq)).toBe(8)
    expect(centroid(sq)).toEqual([2, 1])
    expect(containsPoint(sq, 1, 1)).toBe(true)
    expect(containsPoint(sq, 5, 1)).toBe(false)
  })
})
