import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LIKELIHOODS, loadHazardLog, riskRating, SEVERITIES } from './hazardLog.ts'
import { HAZARD_LOG_MD, HAZARD_LOG_YAML, renderHazardLog } from './renderHazardLog.ts'

describe('the hazard log', () => {
  it('parses, and the committed hazard-log.md is what `npm run safety:render` makes of it', () => {
    const loaded = loadHazardLog(HAZARD_LOG_YAML)
    if (!loaded.ok) throw new Error(loaded.error)
    // On failure: run `npm run safety:render` and commit docs/safety/hazard-log.md.
    expect(readFileSync(HAZARD_LOG_MD, 'utf8')).toBe(renderHazardLog(loaded.log))
  })

  it('covers every hazard the issue lists, each with a control and a residual no worse than the initial risk', () => {
    const loaded = loadHazardLog(HAZARD_LOG_YAML)
    if (!loaded.ok) throw new Error(loaded.error)
    const titles = loaded.log.hazards.map((hazard) => hazard.title.toLowerCase())
    for (const words of [
      'stale or restored data',
      'wrong bed state',
      'alarm that does not sound',
      'all-clear',
      'patient-identifiable',
      'staff badges',
      'different place',
      'replayed past',
      'gateway overwhelmed',
      'collaborative view',
    ]) {
      expect(
        titles.some((title) => title.includes(words)),
        words,
      ).toBe(true)
    }
    for (const hazard of loaded.log.hazards) {
      const initial = riskRating(hazard.initial.severity, hazard.initial.likelihood)
      const residual = riskRating(hazard.residual.severity, hazard.residual.likelihood)
      expect(residual, hazard.id).toBeLessThanOrEqual(initial)
    }
  })
})

describe('riskRating (DCB0129 matrix)', () => {
  it('rates the corners and the diagonal as the standard matrix does', () => {
    expect(riskRating('minor', 'very low')).toBe(1)
    expect(riskRating('catastrophic', 'very low')).toBe(3)
    expect(riskRating('minor', 'very high')).toBe(3)
    expect(riskRating('catastrophic', 'very high')).toBe(5)
    expect(SEVERITIES.map((severity, index) => riskRating(severity, LIKELIHOODS[index] ?? 'low'))).toEqual([
      1, 2, 3, 4, 5,
    ])
  })

  it('never falls as severity or likelihood rises', () => {
    for (const likelihood of LIKELIHOODS) {
      const row = SEVERITIES.map((severity) => riskRating(severity, likelihood))
      expect(row).toEqual([...row].sort((a, b) => a - b))
    }
    for (const severity of SEVERITIES) {
      const column = LIKELIHOODS.map((likelihood) => riskRating(severity, likelihood))
      expect(column).toEqual([...column].sort((a, b) => a - b))
    }
  })
})

describe('the safety case', () => {
  it('summarises every hazard with the residual rating the hazard log gives it', () => {
    const loaded = loadHazardLog(HAZARD_LOG_YAML)
    if (!loaded.ok) throw new Error(loaded.error)
    const safetyCase = readFileSync(new URL('../../docs/safety/safety-case.md', import.meta.url), 'utf8')
    const summary = new Map(
      [...safetyCase.matchAll(/^\| (HAZ-\d{3}) \|[^|]+\| (\d) \|/gm)].map((row) => [row[1], Number(row[2])]),
    )
    expect(
      Object.fromEntries(
        loaded.log.hazards.map((hazard) => [
          hazard.id,
          riskRating(hazard.residual.severity, hazard.residual.likelihood),
        ]),
      ),
    ).toEqual(Object.fromEntries(summary))
  })
})
