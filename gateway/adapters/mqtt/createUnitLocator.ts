import type { SiteModel, Unit } from '../../../shared/contracts/places.ts'

/** Finds the unit a point lies in on a level, or null when it lies in none (a corridor). */
export type UnitLocator = (levelId: string, x: number, y: number) => string | null

type IndexedUnit = { readonly id: string; readonly outline: readonly (readonly [number, number])[] }

/**
 * Builds a locator over the site model's unit outlines. Where units nest (a bay inside a ward),
 * the smallest containing unit wins: "in Bay 3" is what the operator needs, not "in Ward 7".
 * Units are pre-sorted by area per level, so a lookup stops at the first hit.
 */
export function createUnitLocator(siteModel: SiteModel): UnitLocator {
  const byLevel = new Map<string, IndexedUnit[]>()
  const sorted = [...siteModel.units].sort((a, b) => areaOf(a) - areaOf(b))
  for (const unit of sorted) {
    let list = byLevel.get(unit.levelId)
    if (list === undefined) {
      list = []
      byLevel.set(unit.levelId, list)
    }
    list.push({ id: unit.id, outline: unit.outline })
  }
  return (levelId, x, y) => {
    const units = byLevel.get(levelId)
    if (units === undefined) return null
    for (const unit of units) {
      if (containsPoint(unit.outline, x, y)) return unit.id
    }
    return null
  }
}

function areaOf(unit: Unit): number {
  let twice = 0
  const points = unit.outline
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i] as [number, number]
    const [x2, y2] = points[(i + 1) % points.length] as [number, number]
    twice += x1 * y2 - x2 * y1
  }
  return Math.abs(twice) / 2
}

/** Even-odd ray casting; the outline is closed implicitly. */
function containsPoint(outline: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [xi, yi] = outline[i] as readonly [number, number]
    const [xj, yj] = outline[j] as readonly [number, number]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
