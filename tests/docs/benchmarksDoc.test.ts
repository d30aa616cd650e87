/**
 * docs/benchmarks.md lists every environment variable the benches read, so nobody has to read a
 * bench's source to learn how to run it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

describe('docs/benchmarks.md', () => {
  it('documents every environment variable a bench reads', () => {
    const sources = [
      ...readdirSync(join(ROOT, 'tests/bench'))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => `tests/bench/${name}`),
      'tests/support/browser.ts',
    ]
    const variables = new Set<string>()
    for (const file of sources) {
      for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(/process\.env\['([A-Z_]+)'\]/g)) {
        if (match[1] !== undefined) variables.add(match[1])
      }
    }
    expect(variables).toContain('BENCH_MAP_SECONDS')
    expect(variables).toContain('CHROMIUM_PATH')
    const doc = readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8')
    expect([...variables].filter((name) => !doc.includes(`\`${name}\``)).sort()).toEqual([])
  })
})
