/**
 * Equipment types as the map's legend shows them: a name for each type, grouped by the dot colour
 * they share (a colour-blind-safe palette has few colours; the names say the rest), and which
 * types a map hides to start with — staff badges on a wall, always (docs/floor-map.md: staff location is
 * not wall material, even for a role the gateway sends it to).
 */
import { ASSET_TYPES, type AssetType } from '../../../shared/contracts/entities.ts'
import { ASSET_TYPE_COLOUR } from './layers/assetPoints.ts'
import type { Rgba } from './mapPalette.ts'

export const ASSET_TYPE_LABEL: Readonly<Record<AssetType, string>> = {
  'infusion-pump': 'Infusion pump',
  'syringe-driver': 'Syringe driver',
  'patient-monitor': 'Patient monitor',
  ventilator: 'Ventilator',
  defibrillator: 'Defibrillator',
  wheelchair: 'Wheelchair',
  bed: 'Bed',
  hoist: 'Hoist',
  'bladder-scanner': 'Bladder scanner',
  ultrasound: 'Ultrasound',
  ecg: 'ECG',
  suction: 'Suction',
  'staff-badge': 'Staff badge',
}

export type EquipmentGroup = { readonly colour: Rgba; readonly types: readonly AssetType[] }

/** The types in contract order, grouped by dot colour (first appearance order). */
export const EQUIPMENT_GROUPS: readonly EquipmentGroup[] = (() => {
  const groups: { colour: Rgba; types: AssetType[] }[] = []
  for (const type of ASSET_TYPES) {
    const colour = ASSET_TYPE_COLOUR[type]
    const group = groups.find((g) => g.colour.join() === colour.join())
    if (group) group.types.push(type)
    else groups.push({ colour, types: [type] })
  }
  return groups
})()

/**
 * The types hidden when a map opens: those the panel's `assetTypes` leaves out, else on a wall the
 * staff badges. The same set object for the same inputs is not promised: callers keep it in state.
 */
export function initialHiddenTypes(
  shown: readonly AssetType[] | undefined,
  wall: boolean,
): ReadonlySet<AssetType> {
  if (shown !== undefined) return new Set(ASSET_TYPES.filter((t) => !shown.includes(t)))
  return new Set<AssetType>(wall ? ['staff-badge'] : [])
}

/** The hidden set with `type` toggled (a new set: the map rebuilds on a new reference). */
export function toggleType(hidden: ReadonlySet<AssetType>, type: AssetType): ReadonlySet<AssetType> {
  const next = new Set(hidden)
  if (next.has(type)) next.delete(type)
  else next.add(type)
  return next
}
