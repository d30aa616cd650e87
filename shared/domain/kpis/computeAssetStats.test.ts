import { describe, expect, it } from 'vitest'
import { computeAssetStats, parCompliancePct, parResultsIn, type ParLevel } from './computeAssetStats.ts'
import { byId, HOUR, makeAsset, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

const index = buildSiteIndex(SITE_MODEL)

const PAR: ParLevel[] = [
  { unitId: 'w1', assetType: 'infusion-pump', min: 3, critical: 1 },
  { unitId: 'w1', assetType: 'wheelchair', min: 2, critical: 1 },
  { unitId: 'w3', assetType: 'infusion-pump', min: 2, critical: 1 },
]

/*
 * a1 pump available in W1-A (home W1), battery 80
 * a2 pump available in W1 itself (home W1), battery 15 → low
 * a3 pump in use in W1-B (home W1)
 * a4 pump available in W3-A, home W1 → outside home; site S
 * a5 wheelchair available in W1-A, last seen 25 h ago → missing
 * a6 wheelchair available, between zones (zone null), home W1 → neither outside nor on a PAR shelf
 * a7 staff badge in W3, home W1, battery 5 → battery low only (badges are not equipment)
 * a8 ventilator in maintenance in W2-A, no battery reading
 * a9 pump available in W3-B, home W3, battery 19.9 → low
 */
const ASSETS = [
  makeAsset({ id: 'a1', zoneId: 'w1-a', homeUnitId: 'w1', battery: 80 }),
  makeAsset({ id: 'a2', zoneId: 'w1', homeUnitId: 'w1', battery: 15 }),
  makeAsset({ id: 'a3', zoneId: 'w1-b', homeUnitId: 'w1', state: 'in-use' }),
  makeAsset({ id: 'a4', siteId: 'site-s', zoneId: 'w3-a', homeUnitId: 'w1' }),
  makeAsset({ id: 'a5', type: 'wheelchair', zoneId: 'w1-a', homeUnitId: 'w1', lastSeen: NOW - 25 * HOUR }),
  makeAsset({ id: 'a6', type: 'wheelchair', zoneId: null, homeUnitId: 'w1' }),
  makeAsset({ id: 'a7', type: 'staff-badge', siteId: 'site-s', zoneId: 'w3', homeUnitId: 'w1', battery: 5 }),
  makeAsset({
    id: 'a8',
    type: 'ventilator',
    zoneId: 'w2-a',
    homeUnitId: 'w2',
    state: 'maintenance',
    battery: null,
  }),
  makeAsset({ id: 'a9', siteId: 'site-s', zoneId: 'w3-b', homeUnitId: 'w3', battery: 19.9 }),
]

const stats = computeAssetStats(byId(ASSETS), index, PAR, NOW)

describe('computeAssetStats', () => {
  it('counts trust-wide equipment, missing, outside home and battery low', () => {
    const t = stats.rollup.trust
    expect(t.equipment).toBe(8) // all but the badge a7
    expect(t.available).toBe(6) // a1 a2 a4 a5 a6 a9
    expect(t.inUse).toBe(1) // a3
    expect(t.missing).toBe(1) // a5: 25 h > 24 h
    expect(t.outsideHome).toBe(1) // a4 (a6 is between zones, a7 is a badge)
    expect(t.batteryLow).toBe(3) // a2 15 %, a7 5 %, a9 19.9 % (< 20); a8 reports none
  })

  it("rolls up by site (the tag's site) and ward (the ward it is in now)", () => {
    // site N: a1 a2 a3 a5 a6 a8 = 6 equipment
    expect(stats.rollup.sites.get('site-n')?.equipment).toBe(6)
    // W1 by zone: a1 (W1-A) a2 (W1) a3 (W1-B) a5 (W1-A) = 4; a6 has no zone
    expect(stats.rollup.wards.get('w1')?.equipment).toBe(4)
    // W3: a4 a9 equipment, a7 badge counts only for battery → equipment 2, battery low a7 a9 = 2
    expect(stats.rollup.wards.get('w3')).toMatchObject({ equipment: 2, batteryLow: 2, outsideHome: 1 })
  })

  it('evaluates PAR levels from available, present equipment in the unit or inside it', () => {
    expect(stats.par.map((p) => [p.unitId, p.assetType, p.count, p.status])).toEqual([
      // W1 pumps: a1 (in W1-A) + a2 (in W1) = 2; a3 is in use → 2 < min 3 but ≥ critical 1
      ['w1', 'infusion-pump', 2, 'below-min'],
      // W1 wheelchairs: a5 is missing, a6 is between zones → 0 < critical 1
      ['w1', 'wheelchair', 0, 'below-critical'],
      // W3 pumps: a4 (W3-A) + a9 (W3-B) = 2 ≥ min 2
      ['w3', 'infusion-pump', 2, 'ok'],
    ])
    // 1 of 3 met → 33.3 %; site N 0 of 2 → 0 %; site S 1 of 1 → 100 %
    expect(parCompliancePct(stats.parRollup.trust)).toBeCloseTo(33.333, 2)
    expect(stats.parRollup.trust.belowCritical).toBe(1)
    expect(
      parCompliancePct(stats.parRollup.sites.get('site-n') ?? { met: 0, total: 0, belowCritical: 0 }),
    ).toBe(0)
    expect(
      parCompliancePct(stats.parRollup.sites.get('site-s') ?? { met: 0, total: 0, belowCritical: 0 }),
    ).toBe(100)
  })

  it('lists the PAR levels a PAR tile counts in its scope, worst first (its Details)', () => {
    const listed = (scope: { siteId?: string; wardId?: string }): string[] =>
      parResultsIn(stats.par, scope, index).map((p) => `${p.unitId}:${p.assetType}:${p.status}`)
    expect(listed({})).toEqual([
      'w1:wheelchair:below-critical',
      'w1:infusion-pump:below-min',
      'w3:infusion-pump:ok',
    ])
    // The same levels the rollup counts: site N holds W1's two, ward W3 its one.
    expect(listed({ siteId: 'site-n' })).toHaveLength(stats.parRollup.sites.get('site-n')?.total ?? -1)
    expect(listed({ wardId: 'w3' })).toEqual(['w3:infusion-pump:ok'])
    expect(listed({ wardId: 'w2' })).toEqual([])
  })
})
