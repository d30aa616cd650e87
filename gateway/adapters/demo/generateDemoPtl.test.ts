import { describe, expect, it } from 'vitest'
import { waitingEntitySchema, type WaitingPathway } from '../../../shared/contracts/waiting.ts'
import {
  summariseDay,
  within18ShareOf,
  over52Of,
  bandTotal,
} from '../../../shared/domain/waiting/rttWaits.ts'
import { createKeyedHash } from '../../security/createKeyedHash.ts'
import { generateDemoPtl, TREND_DAYS } from './generateDemoPtl.ts'

const base = {
  seed: 20_260_101,
  trustId: 'ngt',
  beds: 1_200,
  siteCodes: ['ZZ901', 'ZZ902'],
  today: '2026-12-03',
  now: Date.UTC(2026, 11, 3, 9),
  keyedHash: createKeyedHash(Buffer.alloc(32, 3)),
  source: 'demo',
} as const

describe('generateDemoPtl', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const small = { ...base, beds: 60 }
    const a = generateDemoPtl(small)
    expect(generateDemoPtl(small)).toEqual(a)
    expect(generateDemoPtl({ ...small, seed: 7 }).pathways[0]).not.toEqual(a.pathways[0])
  })

  it('is shaped like the RTT statistics: most within 18 weeks, a few per cent past a year', () => {
    const { pathways, days } = generateDemoPtl(base)
    expect(pathways).toHaveLength(6_000)
    for (const entity of [...pathways.slice(0, 200), ...days])
      expect(waitingEntitySchema.safeParse(entity).success).toBe(true)
    const bands = summariseDay(pathways, base.today).bands
    const within = within18ShareOf(bands) ?? 0
    expect(within).toBeGreaterThan(0.45)
    expect(within).toBeLessThan(0.75)
    const over52 = over52Of(bands) / bandTotal(bands)
    expect(over52).toBeGreaterThan(0.005)
    expect(over52).toBeLessThan(0.08)
    expect(new Set(pathways.map((p: WaitingPathway) => p.treatmentFunction)).size).toBeGreaterThan(15)
    expect(days).toHaveLength(TREND_DAYS + 1)
    expect(days.at(-1)?.bands).toEqual(bands)
  }, 20_000)
})
