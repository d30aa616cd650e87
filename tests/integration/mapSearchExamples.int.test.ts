/**
 * Every search example documented in docs/floor-map.md ("Search examples") works on the demo
 * trust: the table is read from the doc, each row becomes a test, and a row without a check here
 * fails — so the documentation cannot promise a search the map does not do. The map box's
 * placeholder example is held to the same rule.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Asset, NetworkDevice } from '../../shared/contracts/entities.ts'
import { createDemoTrust } from '../../gateway/adapters/demo/createDemoTrust.ts'
import { searchMap, type SearchHit } from '../../renderer/features/floor-map/mapSearch.ts'

const doc = readFileSync(new URL('../../docs/floor-map.md', import.meta.url), 'utf8')
const box = readFileSync(
  new URL('../../renderer/features/floor-map/MapSearchBox.tsx', import.meta.url),
  'utf8',
)

/** The first-column examples of the "Search examples" table. */
function documentedExamples(): string[] {
  const section = doc.split(/^### Search examples$/m)[1]?.split(/^#{2,3} /m)[0] ?? ''
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string)
}

const trust = createDemoTrust({})
const sim = trust.simulate(Date.UTC(2026, 10, 20, 10, 0))
const ops = sim.initialOps()
const assets = new Map<string, Asset>()
const devices = new Map<string, NetworkDevice>()
for (const op of ops) {
  if (op.op !== 'upsert') continue
  if (op.topic === 'assets') assets.set((op.entity as Asset).id, op.entity as Asset)
  if (op.topic === 'network') devices.set((op.entity as NetworkDevice).id, op.entity as NetworkDevice)
}
const ward7 = trust.siteModel.units.find((u) => u.name.startsWith('Ward 7 '))
const search = (q: string): SearchHit[] => searchMap(q, trust.siteModel, assets, devices, 8)

/** What the first result of each documented example must be. */
const CHECKS: Readonly<Record<string, (hits: readonly SearchHit[]) => void>> = {
  'IP-00412': (hits) => {
    expect(hits[0]).toMatchObject({ kind: 'asset', label: 'IP-00412' })
    // The place in ward words, not "Level 0".
    expect(hits[0]?.detail).toMatch(/^infusion-pump · [a-z-]+ · Ward \d+ — /)
  },
  'ward 7 b3': (hits) => {
    expect(hits.map((h) => h.label)).toEqual(['Ward 7 — Respiratory Medicine · B3'])
    expect(hits[0]).toMatchObject({ kind: 'bed', levelId: ward7?.levelId })
    expect(hits[0]?.detail).toMatch(/^Bay B · /)
  },
  'ward 7 sr2': (hits) => {
    expect(hits.map((h) => h.label)).toEqual(['Ward 7 — Respiratory Medicine · SR2'])
  },
  'ward 7 bay b': (hits) => {
    expect(hits[0]).toMatchObject({ kind: 'unit', label: 'Bay B' })
    expect(trust.siteModel.units.find((u) => u.id === hits[0]?.id)?.parentUnitId).toBe(ward7?.id)
  },
  'ward 7': (hits) => {
    expect(hits[0]).toMatchObject({ kind: 'unit', id: ward7?.id })
    expect(hits.some((h) => /Ward 7\d/.test(h.label))).toBe(false)
  },
  respiratory: (hits) => {
    // The wards first (then their beds, whose place names them too).
    const wards = trust.siteModel.units.filter((u) => u.name.includes('Respiratory')).map((u) => u.id)
    expect(wards.length).toBeGreaterThan(0)
    expect(hits.slice(0, wards.length).map((h) => [h.kind, h.id])).toEqual(wards.map((id) => ['unit', id]))
  },
  'NGH-B2-L2-AS-01': (hits) => {
    expect(hits[0]).toMatchObject({ kind: 'device', label: 'NGH-B2-L2-AS-01' })
    expect(hits[0]?.detail).toMatch(/^access-switch · (up|down|degraded|unknown) · .*Tower A, Level 2$/)
  },
  'nearest available infusion pump to Ward 7': (hits) => {
    expect(hits.length).toBeGreaterThan(0)
    for (const h of hits) {
      const a = assets.get(h.id)
      expect(a).toMatchObject({ type: 'infusion-pump', state: 'available', siteId: ward7?.siteId })
    }
    const distances = hits.map((h) => h.distance ?? Infinity)
    expect(distances).toEqual([...distances].sort((x, y) => x - y))
  },
  'nearest pump to Ward 7': (hits) => {
    expect(hits.length).toBeGreaterThan(0)
    for (const h of hits) expect(assets.get(h.id)?.type).toBe('infusion-pump')
  },
}

describe('documented map search examples, on the demo trust', () => {
  const examples = documentedExamples()

  it('the doc lists examples, the box’s placeholder among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8)
    const placeholder = /placeholder="([^"]+)"/.exec(box)?.[1] ?? ''
    for (const quoted of placeholder.matchAll(/'([^']+)'/g)) expect(examples).toContain(quoted[1])
  })

  for (const example of examples) {
    it(`"${example}"`, () => {
      const check = CHECKS[example]
      if (check === undefined) throw new Error(`documented example "${example}" has no check in this test`)
      check(search(example))
    })
  }

  it('never finds a staff badge', () => {
    const badge = [...assets.values()].find((a) => a.type === 'staff-badge')
    expect(badge).toBeDefined()
    expect(search(badge?.label ?? '')).toEqual([])
  })
})
