import { describe, expect, it } from 'vitest'
import { computeBedStats } from './computeBedStats.ts'
import {
  computeEscalationLevel,
  DEFAULT_ESCALATION_CONFIG,
  escalationInputsOf,
  type EscalationConfig,
  type EscalationInputs,
} from './computeEscalationLevel.ts'
import { BEDS, byId, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

const stats = computeBedStats(byId(BEDS), buildSiteIndex(SITE_MODEL), NOW)

describe('escalationInputsOf', () => {
  it('reads the inputs from the trust counters', () => {
    const inputs = escalationInputsOf(stats.rollup.trust)
    expect(inputs['ga-occupancy-pct']).toBe(50) // 7 / 14 (see computeBedStats.test.ts)
    expect(inputs['ga-free-beds']).toBe(4) // core b4 b8 b15 + escalation b21
    expect(inputs['ga-free-beds-pct']).toBeCloseTo(28.571, 3) // 4 / 14 open G&A
    expect(inputs['nctr-pct']).toBe(37.5) // 3 / 8 occupied
    expect(inputs['escalation-beds-open']).toBe(2) // b19 b21
    expect(inputs['escalation-beds-open-pct']).toBeCloseTo(11.111, 3) // 2 / (20 capacity − 2) core
    expect(inputs['housekeeping-overdue']).toBe(1) // b5
  })
})

describe('computeEscalationLevel', () => {
  const inputs = escalationInputsOf(stats.rollup.trust)

  it('takes the highest parameter level and names the inputs that drove it', () => {
    /*
     * Default levels (OPEL 2 / 3 / 4):
     *   occupancy 50 vs ≥85/92/97 → 1 · free 28.6 % vs ≤8/4/1 → 1 · NCTR 37.5 % vs ≥10/15/20 → 4
     *   escalation 11.1 % vs ≥1/3/6 → 4 · overdue 1 vs ≥5/15/30 → 1
     * highest = 4, driven by NCTR (level 4 × weight 2 = 8) then escalation beds (4 × 1 = 4).
     */
    const r = computeEscalationLevel(inputs, DEFAULT_ESCALATION_CONFIG)
    expect(r.level).toBe(4)
    expect(r.drivers).toEqual(['nctr-pct', 'escalation-beds-open-pct'])
    expect(r.parameters.map((p) => p.level)).toEqual([1, 1, 4, 4, 1])
  })

  it('averages weighted levels when configured so', () => {
    // weights 3,2,2,1,1 (sum 9); Σ w·level = 3·1 + 2·1 + 2·4 + 1·4 + 1·1 = 18 → 18 / 9 = 2 → OPEL 2
    const r = computeEscalationLevel(inputs, { ...DEFAULT_ESCALATION_CONFIG, method: 'weighted' })
    expect(r.level).toBe(2)
    expect(r.drivers).toEqual(['nctr-pct', 'escalation-beds-open-pct'])
  })

  it('is OPEL 1 with no drivers when nothing is under pressure, and ignores inputs without a value', () => {
    const calm: EscalationInputs = {
      'ga-occupancy-pct': 80,
      'ga-free-beds': 30,
      'ga-free-beds-pct': 20,
      'nctr-pct': null,
      'escalation-beds-open': 0,
      'escalation-beds-open-pct': 0,
      'housekeeping-overdue': 0,
    }
    const r = computeEscalationLevel(calm)
    expect(r.level).toBe(1)
    expect(r.drivers).toEqual([])
    expect(r.parameters.find((p) => p.input === 'nctr-pct')?.level).toBeNull()
  })

  it("uses a trust's own parameters and thresholds (inclusive at the boundary)", () => {
    const config: EscalationConfig = {
      method: 'highest',
      parameters: [
        {
          input: 'ga-free-beds',
          label: 'Free beds',
          unit: 'beds',
          direction: 'lower-is-worse',
          levels: [10, 5, 4],
          weight: 1,
        },
      ],
    }
    // 4 free beds ≤ 10 → 2, ≤ 5 → 3, ≤ 4 → 4
    expect(computeEscalationLevel(inputs, config).level).toBe(4)
    // 5 free beds → OPEL 3 (≤ 5 inclusive, not ≤ 4)
    expect(computeEscalationLevel({ ...inputs, 'ga-free-beds': 5 }, config).level).toBe(3)
  })
})
