import { describe, expect, it } from 'vitest'
import type { Unit } from '../../../shared/contracts/places.ts'
import type { Rect } from './demoWorld.ts'
import { generateTrust } from './generateTrust.ts'
import { createPrng } from './prng.ts'

const world = generateTrust(createPrng(77), 1)
const { siteModel } = world

const rectOf = (u: Unit): Rect => {
  const xs = u.outline.map((p) => p[0])
  const ys = u.outline.map((p) => p[1])
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }
}
const inside = (p: readonly [number, number], r: Rect, margin = 0): boolean =>
  p[0] >= r.x0 + margin && p[0] <= r.x1 - margin && p[1] >= r.y0 + margin && p[1] <= r.y1 - margin

describe('generateTrust', () => {
  it('gives every place a unique id and every bed a unique label on its ward', () => {
    for (const list of [
      siteModel.sites,
      siteModel.buildings,
      siteModel.levels,
      siteModel.units,
      siteModel.beds,
    ]) {
      const ids = list.map((x) => x.id)
      expect(new Set(ids).size).toBe(ids.length)
    }
    const labels = new Set(siteModel.beds.map((b) => `${b.wardId}/${b.label}`))
    expect(labels.size).toBe(siteModel.beds.length)
  })

  it('links the hierarchy: site → building → level → unit → bed', () => {
    const sites = new Set(siteModel.sites.map((s) => s.id))
    const buildings = new Map(siteModel.buildings.map((b) => [b.id, b]))
    const levels = new Map(siteModel.levels.map((l) => [l.id, l]))
    const units = new Map(siteModel.units.map((u) => [u.id, u]))
    for (const b of siteModel.buildings) expect(sites.has(b.siteId)).toBe(true)
    for (const l of siteModel.levels) expect(buildings.get(l.buildingId)?.siteId).toBe(l.siteId)
    for (const u of siteModel.units) {
      expect(levels.get(u.levelId)?.buildingId).toBe(u.buildingId)
      if (u.parentUnitId !== null) expect(units.get(u.parentUnitId)?.levelId).toBe(u.levelId)
    }
    for (const bed of siteModel.beds) {
      expect(units.get(bed.wardId)?.kind).toBe('ward')
      expect(units.get(bed.roomId)?.parentUnitId).toBe(bed.wardId)
    }
  })

  it('names wards the way trusts do, with a specialty, and has ED, theatres and ITU', () => {
    const wards = siteModel.units.filter((u) => u.kind === 'ward')
    expect(wards.length).toBeGreaterThan(30)
    for (const w of wards) {
      if (w.specialty !== 'Critical Care') expect(w.name).toMatch(/^Ward \d+ — .+/)
      expect(w.specialty).not.toBeNull()
    }
    const departments = siteModel.units.filter((u) => u.kind === 'department').map((u) => u.name)
    expect(departments).toContain('Emergency Department')
    expect(departments).toContain('Main Theatres')
    expect(wards.some((w) => w.name === 'Intensive Care Unit')).toBe(true)
  })

  it('builds wards of 4–6 bed bays (each bay one sex or mixed) and single side rooms', () => {
    const bedsByRoom = new Map<string, number>()
    for (const b of siteModel.beds)
      if (!b.escalation) bedsByRoom.set(b.roomId, (bedsByRoom.get(b.roomId) ?? 0) + 1)
    for (const u of siteModel.units) {
      if (u.kind === 'bay') expect(bedsByRoom.get(u.id)).toBeGreaterThanOrEqual(4)
      if (u.kind === 'bay') expect(bedsByRoom.get(u.id)).toBeLessThanOrEqual(6)
    }
    for (const b of siteModel.beds.filter((x) => x.sideRoom)) expect(bedsByRoom.get(b.roomId)).toBe(1)
    const sexes = new Map<string, Set<string>>()
    for (const b of siteModel.beds.filter((x) => !x.sideRoom && !x.escalation)) {
      const s = sexes.get(b.roomId) ?? new Set<string>()
      s.add(b.sexOfBay)
      sexes.set(b.roomId, s)
    }
    for (const s of sexes.values()) expect(s.size).toBe(1)
    expect(siteModel.beds.some((b) => b.escalation)).toBe(true)
  })

  it('uses realistic room sizes: a bay about 7 × 7 m, a side room about 4 × 4.4 m', () => {
    for (const u of siteModel.units) {
      const r = rectOf(u)
      const w = r.x1 - r.x0
      const h = r.y1 - r.y0
      if (u.kind === 'bay') {
        expect(w).toBeCloseTo(7, 5)
        expect(h).toBeCloseTo(7, 5)
      }
      if (u.kind === 'room' && world.unitStyles.get(u.id)?.nhsKind === 'sideroom') {
        expect(w).toBeCloseTo(4, 5)
        expect(h).toBeCloseTo(4.4, 5)
      }
    }
  })

  it('places every bed inside its room, clear of the walls', () => {
    const units = new Map(siteModel.units.map((u) => [u.id, u]))
    for (const bed of siteModel.beds) {
      const room = units.get(bed.roomId) as Unit
      expect(inside(bed.at, rectOf(room), 0.4)).toBe(true)
      expect([0, 90, 180, 270]).toContain(bed.rotation)
    }
  })

  it('keeps every unit inside its level footprint and every room inside its ward', () => {
    const plans = new Map(world.levelPlans.map((p) => [p.levelId, p]))
    const units = new Map(siteModel.units.map((u) => [u.id, u]))
    for (const u of siteModel.units) {
      const fp = plans.get(u.levelId)?.footprint as Rect
      for (const p of u.outline) expect(inside(p, fp)).toBe(true)
      if (u.parentUnitId !== null) {
        const parent = rectOf(units.get(u.parentUnitId) as Unit)
        for (const p of u.outline) expect(inside(p, parent)).toBe(true)
      }
    }
  })

  it('lays each ward along a corridor with a nurses’ station', () => {
    for (const ward of siteModel.units.filter((u) => u.kind === 'ward')) {
      const children = siteModel.units.filter((u) => u.parentUnitId === ward.id)
      expect(
        children.some((c) => c.kind === 'corridor' && world.unitStyles.get(c.id)?.nhsKind === 'corridor'),
      ).toBe(true)
      const base = children.find((c) => world.unitStyles.get(c.id)?.nhsKind === 'nursebase')
      expect(base).toBeDefined()
      expect(world.fixtures.some((f) => f.unitId === base?.id && f.nhsKind === 'nursestation')).toBe(true)
    }
  })
})
