import { describe, expect, it } from 'vitest'
import {
  computeEscalationLevel,
  DEFAULT_ESCALATION_CONFIG,
  type EscalationInputs,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import { driversText, formatParameterValue, formatThreshold } from './escalationText.ts'

const inputs: EscalationInputs = {
  'ga-occupancy-pct': 93.04,
  'ga-free-beds': 12,
  'ga-free-beds-pct': 6.96,
  'nctr-pct': 12.5,
  'escalation-beds-open': 3,
  'escalation-beds-open-pct': 0.5,
  'housekeeping-overdue': 2,
}

describe('escalation in words', () => {
  const result = computeEscalationLevel(inputs, DEFAULT_ESCALATION_CONFIG)

  it('names the parameters at the level, with their values and units, heaviest first', () => {
    // Occupancy 93.0 % ≥ 92 → OPEL 3, the highest; nothing else reaches 3.
    expect(result.level).toBe(3)
    expect(driversText(result)).toBe('G&A occ. 93 %')
    expect(driversText(result, false)).toBe('G&A occ.')
    expect(
      driversText(
        computeEscalationLevel({ ...inputs, 'ga-occupancy-pct': 50, 'nctr-pct': 1, 'ga-free-beds-pct': 50 }),
      ),
    ).toBe('No trigger reached')
  })

  it('writes each threshold with its direction', () => {
    const occupancy = result.parameters[0]
    const free = result.parameters[1]
    if (!occupancy || !free) throw new Error('default parameters changed')
    expect([2, 3, 4].map((l) => formatThreshold(occupancy, l as 2 | 3 | 4))).toEqual([
      '≥ 85 %',
      '≥ 92 %',
      '≥ 97 %',
    ])
    expect(formatThreshold(free, 3)).toBe('≤ 4 %')
  })

  it('formats values by unit, and no value as a dash', () => {
    expect(formatParameterValue(2.14, '% of core')).toBe('2.1 % of core')
    expect(formatParameterValue(7, 'beds')).toBe('7 beds')
    expect(formatParameterValue(null, '%')).toBe('—')
  })
})
