/**
 * Generates the RTLS asset register: which tags exist, what they are attached to, and which unit
 * each belongs to. The mix follows what trusts tag first — infusion pumps dominate, then syringe
 * drivers, monitors and tagged beds; a few staff badges (duress), never drawn as trails.
 */
import type { AssetType } from '../../../shared/contracts/entities.ts'
import type { DemoWorld } from './demoWorld.ts'
import type { Prng } from './prng.ts'

export type AssetSpec = {
  readonly id: string
  readonly type: AssetType
  readonly label: string
  readonly siteId: string
  /** The ward, department or equipment library the asset belongs to. */
  readonly homeUnitId: string
  /** Some older tags do not report their battery. */
  readonly reportsBattery: boolean
}

const LABEL_PREFIX: Readonly<Record<AssetType, string>> = {
  'infusion-pump': 'IP',
  'syringe-driver': 'SD',
  'patient-monitor': 'PM',
  ventilator: 'VEN',
  defibrillator: 'DEF',
  wheelchair: 'WC',
  bed: 'BED',
  hoist: 'HST',
  'bladder-scanner': 'BSC',
  ultrasound: 'US',
  ecg: 'ECG',
  suction: 'SUC',
  'staff-badge': 'SB',
}

type Mix = Partial<Record<AssetType, number>>

/** Per bed on a general ward (fractions accumulate), plus fixed counts per ward. */
const WARD_PER_BED: Mix = { 'infusion-pump': 1.0, 'syringe-driver': 0.15, 'patient-monitor': 0.2, bed: 0.25 }
const WARD_FIXED: Mix = {
  wheelchair: 3,
  hoist: 2,
  'bladder-scanner': 1,
  ecg: 1,
  suction: 2,
  defibrillator: 1,
  'staff-badge': 2,
}
const ITU_PER_BED: Mix = {
  'infusion-pump': 4,
  'syringe-driver': 2,
  ventilator: 1.2,
  'patient-monitor': 1.1,
  suction: 1,
}
const ITU_FIXED: Mix = { defibrillator: 2, ultrasound: 1, ecg: 1, 'staff-badge': 4 }
const DEPARTMENT_FIXED: Readonly<Record<string, Mix>> = {
  ed: {
    'infusion-pump': 30,
    'patient-monitor': 30,
    wheelchair: 20,
    bed: 25,
    defibrillator: 4,
    ecg: 4,
    suction: 8,
    ultrasound: 2,
    'staff-badge': 6,
  },
  theatres: {
    'infusion-pump': 20,
    'syringe-driver': 12,
    'patient-monitor': 10,
    ventilator: 6,
    defibrillator: 2,
    ultrasound: 2,
    suction: 8,
  },
  miu: { wheelchair: 6, ecg: 1, defibrillator: 1, 'patient-monitor': 2 },
  opd: { wheelchair: 8, ecg: 2, 'bladder-scanner': 1, defibrillator: 1 },
}
/** The equipment library's pool per site at scale 1 (the site's share of spare pumps). */
const LIBRARY_FIXED: Readonly<Record<string, Mix>> = {
  ngh: { 'infusion-pump': 420, 'syringe-driver': 70, 'patient-monitor': 30, 'bladder-scanner': 6, hoist: 6 },
  sah: { 'infusion-pump': 200, 'syringe-driver': 30, 'patient-monitor': 15, 'bladder-scanner': 3, hoist: 3 },
  hch: { 'infusion-pump': 50, 'syringe-driver': 12, hoist: 2 },
}

export function generateAssets(prng: Prng, world: DemoWorld, scale: number): AssetSpec[] {
  const assets: AssetSpec[] = []
  const counters = new Map<AssetType, number>()
  const bedsPerWard = new Map<string, number>()
  for (const b of world.siteModel.beds) bedsPerWard.set(b.wardId, (bedsPerWard.get(b.wardId) ?? 0) + 1)

  const emit = (mix: Mix, multiplier: number, siteId: string, homeUnitId: string): void => {
    for (const [type, perUnit] of Object.entries(mix) as [AssetType, number][]) {
      const exact = perUnit * multiplier
      // Round stochastically so fractional mixes average out across wards.
      const count = Math.floor(exact) + (prng.chance(exact - Math.floor(exact)) ? 1 : 0)
      for (let i = 0; i < count; i++) {
        const n = (counters.get(type) ?? 0) + 1
        counters.set(type, n)
        const label =
          type === 'staff-badge'
            ? `SB-${String(n).padStart(5, '0')} ${prng.pick(['Nurse', 'HCA', 'Porter', 'Security'])}`
            : `${LABEL_PREFIX[type]}-${String(n).padStart(5, '0')}`
        assets.push({
          id: `tag-${(assets.length + 1).toString(16).padStart(6, '0')}`,
          type,
          label,
          siteId,
          homeUnitId,
          reportsBattery: !prng.chance(0.05),
        })
      }
    }
  }

  for (const unit of world.siteModel.units) {
    if (unit.parentUnitId !== null) continue
    if (unit.kind === 'ward') {
      const beds = bedsPerWard.get(unit.id) ?? 0
      const itu = unit.specialty === 'Critical Care'
      emit(itu ? ITU_PER_BED : WARD_PER_BED, itu ? beds * scale : beds, unit.siteId, unit.id)
      emit(itu ? ITU_FIXED : WARD_FIXED, itu ? scale : 1, unit.siteId, unit.id)
    } else if (unit.kind === 'department') {
      const key = unit.id.slice(unit.siteId.length + 1)
      const mix = DEPARTMENT_FIXED[key]
      // A bigger trust's front door and theatres see proportionally more patients.
      if (mix) emit(mix, scale, unit.siteId, unit.id)
    }
  }
  for (const [siteId, libraryId] of world.libraryUnitIds) {
    const mix = LIBRARY_FIXED[siteId]
    if (mix) emit(mix, scale, siteId, libraryId)
  }
  return assets
}
