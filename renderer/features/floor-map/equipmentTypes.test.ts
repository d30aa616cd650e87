import { describe, expect, it } from 'vitest'
import { ASSET_TYPES } from '../../../shared/contracts/entities.ts'
import { makeAsset, tableOf } from '../../../tests/support/builders.ts'
import { ASSET_TYPE_COLOUR, packAssetPoints } from './layers/assetPoints.ts'
import { ASSET_TYPE_LABEL, EQUIPMENT_GROUPS, initialHiddenTypes, toggleType } from './equipmentTypes.ts'

describe('equipment legend groups', () => {
  it('names every type once, each in the group of its dot colour', () => {
    const listed = EQUIPMENT_GROUPS.flatMap((g) => g.types)
    expect([...listed].sort()).toEqual([...ASSET_TYPES].sort())
    for (const g of EQUIPMENT_GROUPS) for (const t of g.types) expect(ASSET_TYPE_COLOUR[t]).toEqual(g.colour)
    // Different groups are different colours: the swatch tells them apart.
    expect(new Set(EQUIPMENT_GROUPS.map((g) => g.colour.join())).size).toBe(EQUIPMENT_GROUPS.length)
    for (const t of ASSET_TYPES) expect(ASSET_TYPE_LABEL[t].length).toBeGreaterThan(0)
  })

  it('hides staff badges on a wall to start with, nothing on a desk, or what the panel leaves out', () => {
    expect([...initialHiddenTypes(undefined, true)]).toEqual(['staff-badge'])
    expect([...initialHiddenTypes(undefined, false)]).toEqual([])
    const shownPumps = initialHiddenTypes(['infusion-pump', 'syringe-driver'], true)
    expect(shownPumps.has('infusion-pump')).toBe(false)
    expect(shownPumps.has('ventilator')).toBe(true)
    expect(shownPumps.size).toBe(ASSET_TYPES.length - 2)
  })

  it('filters the dots by type: a hidden type is not drawn, and can be brought back', () => {
    const table = tableOf([
      makeAsset({ id: 'p', type: 'infusion-pump' }),
      makeAsset({ id: 'w', type: 'wheelchair' }),
      makeAsset({ id: 's', type: 'staff-badge' }),
    ])
    const wall = initialHiddenTypes(undefined, true)
    expect(packAssetPoints(table, 'lvl-a1', 0, false, wall).ids).toEqual(['p', 'w'])
    const noChairs = toggleType(wall, 'wheelchair')
    expect(packAssetPoints(table, 'lvl-a1', 0, false, noChairs).ids).toEqual(['p'])
    expect(packAssetPoints(table, 'lvl-a1', 0, false, toggleType(noChairs, 'wheelchair')).ids).toEqual([
      'p',
      'w',
    ])
    expect(toggleType(wall, 'wheelchair')).not.toBe(wall)
  })
})
