import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Asset } from '../../../../shared/contracts/entities.ts'
import { EntityTable } from '../../../../shared/util/EntityTable.ts'
import { makeAsset, T0 } from '../../../../tests/support/builders.ts'
import { STALE_COLOUR } from '../mapPalette.ts'
import {
  ageAlpha,
  AssetPointsTracker,
  clusterAssetPoints,
  packAssetPoints,
  type AssetPoints,
} from './assetPoints.ts'

/** Row order is arbitrary: compare points as id → [x, y, r, g, b, a]. */
function byId(points: AssetPoints): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (let i = 0; i < points.length; i++) {
    out.set(points.ids[i] ?? '', [
      points.positions[i * 2] ?? NaN,
      points.positions[i * 2 + 1] ?? NaN,
      ...points.colours.subarray(i * 4, i * 4 + 4),
    ])
  }
  return out
}

const LEVELS = ['lvl-a1', 'lvl-a2', 'lvl-b1'] as const
type Step =
  | { kind: 'move'; tag: number; level: number; x: number; seenAgoMin: number }
  | { kind: 'remove'; tag: number }
  | { kind: 'tick'; minutes: number }
  | { kind: 'stale'; stale: boolean }
  | { kind: 'resync' }
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      tag: fc.integer({ min: 0, max: 30 }),
      level: fc.integer({ min: 0, max: 2 }),
      x: fc.integer({ min: 0, max: 100 }),
      seenAgoMin: fc.integer({ min: 0, max: 2000 }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('remove' as const), tag: fc.integer({ min: 0, max: 30 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 120 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('stale' as const), stale: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'resync' as const }), weight: 1 },
)

describe('AssetPointsTracker', () => {
  it('following the table change by change shows exactly what a fresh pack of the level shows', () => {
    fc.assert(
      fc.property(fc.array(fc.array(stepArb, { maxLength: 6 }), { maxLength: 25 }), (flushes) => {
        let table = EntityTable.of<Asset>(
          Array.from({ length: 20 }, (_, i) =>
            makeAsset({
              id: `t${i}`,
              levelId: LEVELS[i % 3],
              x: i,
              y: i,
              type: i % 2 ? 'wheelchair' : 'infusion-pump',
            }),
          ),
        )
        let now = T0
        let stale = false
        const tracker = new AssetPointsTracker()
        for (const flush of flushes) {
          const upserts: Asset[] = []
          const removes: string[] = []
          for (const step of flush) {
            if (step.kind === 'move')
              upserts.push(
                makeAsset({
                  id: `t${step.tag}`,
                  levelId: LEVELS[step.level],
                  x: step.x,
                  y: step.tag,
                  lastSeen: now - step.seenAgoMin * 60_000,
                }),
              )
            else if (step.kind === 'remove') removes.push(`t${step.tag}`)
            else if (step.kind === 'tick') now += step.minutes * 60_000
            else if (step.kind === 'stale') stale = step.stale
            else table = EntityTable.of([...table.values()], table.version + 1)
          }
          table = table.apply(upserts, removes)
          const followed = tracker.update(table, 'lvl-a1', now, stale)
          expect(byId(followed)).toEqual(byId(packAssetPoints(table, 'lvl-a1', now, stale)))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('hands back the same result when nothing on its level changed, a new one when something did', () => {
    const tracker = new AssetPointsTracker()
    let table = EntityTable.of([makeAsset({ id: 'a' }), makeAsset({ id: 'b', levelId: 'lvl-a2' })])
    const first = tracker.update(table, 'lvl-a1', T0, false)
    table = table.apply([makeAsset({ id: 'b', levelId: 'lvl-a2', x: 50 })])
    expect(tracker.update(table, 'lvl-a1', T0, false)).toBe(first)
    table = table.apply([makeAsset({ id: 'a', x: 42 })])
    const moved = tracker.update(table, 'lvl-a1', T0, false)
    expect(moved).not.toBe(first)
    expect(moved.positions[0]).toBe(42)
    // deck.gl uploads a binary attribute only when it is handed a new array object.
    expect(moved.positions).not.toBe(first.positions)
  })

  it('fades tags as the clock moves, and greys them all while the feed is stale', () => {
    const tracker = new AssetPointsTracker()
    const table = EntityTable.of([makeAsset({ id: 'a', lastSeen: T0 })])
    expect(tracker.update(table, 'lvl-a1', T0, false).colours[3]).toBe(255)
    const later = T0 + 6 * 3_600_000
    expect(tracker.update(table, 'lvl-a1', later, false).colours[3]).toBe(ageAlpha(T0, later))
    expect([...tracker.update(table, 'lvl-a1', later, true).colours]).toEqual([...STALE_COLOUR])
  })
})

describe('ageAlpha (how sure a tag position looks)', () => {
  const MIN = 60_000
  it('draws a tag at full opacity up to 5 minutes after its last sighting, and fades it just after', () => {
    expect(ageAlpha(T0, T0)).toBe(255)
    expect(ageAlpha(T0, T0 + 5 * MIN)).toBe(255)
    expect(ageAlpha(T0, T0 + 5 * MIN + 1_000)).toBeLessThan(255)
    expect(ageAlpha(T0, T0 + 5 * MIN + 1_000)).toBeGreaterThanOrEqual(229)
  })

  it('keeps fading to a floor of 50 at 24 hours (missing), never below, never brighter with age', () => {
    let previous = 255
    for (let age = 0; age <= 30 * 60 * MIN; age += 7 * MIN) {
      const alpha = ageAlpha(T0, T0 + age)
      expect(alpha).toBeLessThanOrEqual(previous)
      expect(alpha).toBeGreaterThanOrEqual(50)
      previous = alpha
    }
    expect(ageAlpha(T0, T0 + 24 * 60 * MIN)).toBe(50)
    expect(ageAlpha(T0, T0 + 12 * 60 * MIN)).toBeGreaterThan(50)
  })

  it('the clock moving over tags whose fade did not change hands deck.gl the same points (no upload, no redraw)', () => {
    const table = EntityTable.of([makeAsset({ id: 'fresh', lastSeen: T0 - MIN })])
    const tracker = new AssetPointsTracker()
    const first = tracker.update(table, 'lvl-a1', T0, false)
    expect(tracker.update(table, 'lvl-a1', T0 + 10_000, false)).toBe(first)
    expect(tracker.update(table, 'lvl-a1', T0 + 3 * MIN, false)).toBe(first)
    // Past 5 minutes it fades: new colours, so a new reference.
    const faded = tracker.update(table, 'lvl-a1', T0 + 4 * MIN + 10_000, false)
    expect(faded).not.toBe(first)
    expect(byId(faded).get('fresh')?.[5]).toBeLessThan(255)
  })

  it('packs a tag seen 4 minutes ago opaque and one seen 6 minutes ago faded', () => {
    const table = EntityTable.of([
      makeAsset({ id: 'fresh', lastSeen: T0 - 4 * MIN }),
      makeAsset({ id: 'older', lastSeen: T0 - 6 * MIN }),
    ])
    const points = byId(packAssetPoints(table, 'lvl-a1', T0, false))
    expect(points.get('fresh')?.[5]).toBe(255)
    expect(points.get('older')?.[5]).toBeLessThan(255)
  })
})

describe('clusterAssetPoints', () => {
  it('merges tags in one screen cell into a counted circle at their mean, and keeps far ones apart', () => {
    const table = EntityTable.of([
      makeAsset({ id: 'a', x: 1, y: 2 }),
      makeAsset({ id: 'b', x: 3, y: 4 }),
      makeAsset({ id: 'c', x: -500, y: 300 }),
    ])
    const clusters = clusterAssetPoints(packAssetPoints(table, 'lvl-a1', T0, false), 0)
    expect(clusters).toHaveLength(2)
    expect(clusters).toContainEqual({ x: 2, y: 3, count: 2 })
    expect(clusters).toContainEqual({ x: -500, y: 300, count: 1 })
  })
})

describe('clusterAssetPoints on a sparse grid', () => {
  it('clusters the same way when the points are spread over a grid far larger than their count', () => {
    const table = EntityTable.of([
      makeAsset({ id: 'a', x: 0, y: 0 }),
      makeAsset({ id: 'b', x: 0.5, y: 0.5 }),
      makeAsset({ id: 'c', x: 90_000, y: 90_000 }),
    ])
    const clusters = clusterAssetPoints(packAssetPoints(table, 'lvl-a1', T0, false), 4)
    expect(clusters).toHaveLength(2)
    expect(clusters).toContainEqual({ x: 0.25, y: 0.25, count: 2 })
    expect(clusters).toContainEqual({ x: 90_000, y: 90_000, count: 1 })
  })
})
