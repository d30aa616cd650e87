import { describe, expect, it } from 'vitest'
import { defaultParLevels } from './defaultParLevels.ts'
import { SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'

describe('defaultParLevels', () => {
  it('gives every top-level G&A ward the default levels, and nothing else', () => {
    const levels = defaultParLevels(SITE_MODEL)
    // G&A top-level wards: W1 and W3 (W2 is critical care; bays are not top-level) × 3 types = 6
    expect(levels).toHaveLength(6)
    expect(new Set(levels.map((l) => l.unitId))).toEqual(new Set(['w1', 'w3']))
    expect(levels.find((l) => l.unitId === 'w1' && l.assetType === 'infusion-pump')).toEqual({
      unitId: 'w1',
      assetType: 'infusion-pump',
      min: 4,
      critical: 2,
    })
  })
})
