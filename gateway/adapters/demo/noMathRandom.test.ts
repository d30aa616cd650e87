import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('demo trust determinism', () => {
  it('never draws from Math.random: every random choice comes from the seeded PRNG', () => {
    const dir = import.meta.dirname
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(sources.length).toBeGreaterThan(5)
    const offenders = sources.filter((f) =>
      /Math\s*\.\s*random|crypto\.randomUUID|getRandomValues/.test(readFileSync(join(dir, f), 'utf8')),
    )
    expect(offenders).toEqual([])
  })
})
