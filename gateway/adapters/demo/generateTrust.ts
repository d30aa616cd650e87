/**
 * Generates the places of the fictional demo trust — Northgate Teaching Hospitals NHS Foundation
 * Trust, three sites — from a seed and a scale. No real organisation, place or person is modelled;
 * the ODS code is deliberately not a real trust's.
 *
 * Scale multiplies the ward blocks of every site (each block: floors of two wards around a core),
 * so scale 10 is about ten times the beds, assets and devices, with the same three sites and
 * one main block (ED, AMU, theatres, ITU) per site.
 */
import type { BaySex, Building, Level, Site, Trust } from '../../../shared/contracts/places.ts'
import type { LonLat } from '../../../shared/domain/geo.ts'
import { toLonLat } from '../../../shared/domain/geo.ts'
import type { DemoWorld, LevelPlan, NhsUnitKind } from './demoWorld.ts'
import type { PlanSink, SpineArea, SpineModule } from './layoutLevel.ts'
import { layoutLevel, spineLength } from './layoutLevel.ts'
import type { Prng } from './prng.ts'

type SiteSpec = {
  readonly id: string
  readonly name: string
  readonly shortName: string
  readonly origin: LonLat
  readonly acute: boolean
  /** Ward blocks at scale 1. */
  readonly wardBlocks: number
  readonly floorsPerBlock: number
  readonly specialties: readonly string[]
}

const TRUST: Trust = { id: 'ngt', name: 'Northgate Teaching Hospitals NHS Foundation Trust', odsCode: 'ZZ9' }

const SITE_SPECS: readonly SiteSpec[] = [
  {
    id: 'ngh',
    name: 'Northgate General Hospital',
    shortName: 'NGH',
    origin: [-1.4702, 52.9381],
    acute: true,
    wardBlocks: 3,
    floorsPerBlock: 4,
    specialties: [
      'General Medicine',
      'Respiratory Medicine',
      'Cardiology',
      'Gastroenterology',
      'Care of the Elderly',
      'Stroke',
      'Trauma & Orthopaedics',
      'General Surgery',
      'Urology',
      'Vascular Surgery',
      'Haematology',
      'Oncology',
      'Renal Medicine',
      'Paediatrics',
      'Colorectal Surgery',
      'Endocrinology',
    ],
  },
  {
    id: 'sah',
    name: 'St Aldhelm’s Hospital',
    shortName: 'SAH',
    origin: [-1.5213, 52.9012],
    acute: true,
    wardBlocks: 1,
    floorsPerBlock: 5,
    specialties: [
      'General Medicine',
      'Care of the Elderly',
      'Respiratory Medicine',
      'Trauma & Orthopaedics',
      'General Surgery',
      'Gynaecology',
      'ENT',
      'Cardiology',
    ],
  },
  {
    id: 'hch',
    name: 'Harrowfield Community Hospital',
    shortName: 'HCH',
    origin: [-1.3905, 52.971],
    acute: false,
    wardBlocks: 1,
    floorsPerBlock: 3,
    specialties: [
      'Rehabilitation',
      'Care of the Elderly',
      'Intermediate Care',
      'Palliative Care',
      'Stroke Rehabilitation',
    ],
  },
]

/** Specialties whose beds are not General & Acute in the UEC sitrep. */
const NON_GA = new Set(['Intermediate Care', 'Palliative Care', 'Critical Care'])

const room = (
  name: string,
  width: number,
  nhsKind: NhsUnitKind = 'room',
  extra: Partial<SpineModule> = {},
): SpineModule =>
  ({
    type: 'room',
    name,
    width,
    kind: 'room',
    nhsKind,
    imdfCategory:
      name.startsWith('Store') || name.includes('utility') || name === 'Sluice'
        ? 'storage'
        : name.includes('Waiting')
          ? 'waitingroom'
          : 'room',
    ...extra,
  }) as SpineModule

function wardArea(prng: Prng, id: string, number: number, specialty: string): SpineArea {
  const paeds = specialty === 'Paediatrics'
  const bays = prng.weighted({ '4': 0.6, '3': 0.25, '5': 0.15 })
  const bayCount = Number(bays)
  const sideRooms = prng.int(4, 8)
  const escalation = Number(prng.weighted({ '0': 0.3, '1': 0.3, '2': 0.4 }))
  let sex: BaySex = prng.chance(0.5) ? 'male' : 'female'
  const bayMods: SpineModule[] = []
  for (let i = 0; i < bayCount; i++) {
    const beds = paeds ? 4 : Number(prng.weighted({ '6': 0.6, '5': 0.2, '4': 0.2 }))
    bayMods.push({ type: 'bay', label: String.fromCharCode(65 + i), beds, sex: paeds ? 'mixed' : sex })
    sex = sex === 'male' ? 'female' : 'male'
  }
  const srMods: SpineModule[] = Array.from(
    { length: sideRooms },
    (_, i) => ({ type: 'sideroom', label: `SR${i + 1}` }) as const,
  )
  const southBays = Math.ceil(bayCount / 2)
  const southSr = Math.floor(sideRooms / 2)
  const south: SpineModule[] = [
    ...bayMods.slice(0, southBays),
    room('Sluice', 3),
    room('Clean utility', 3),
    ...srMods.slice(0, southSr),
  ]
  const north: SpineModule[] = [
    ...bayMods.slice(southBays, southBays + 1),
    { type: 'nursebase' },
    ...bayMods.slice(southBays + 1),
    room('Day room', 6, 'room', escalation > 0 ? { escalationBeds: escalation } : {}),
    ...srMods.slice(southSr),
    room('Staff room', 3.5, 'room', { kind: 'office', imdfCategory: 'office' }),
  ]
  return {
    id,
    name: `Ward ${number} — ${specialty}`,
    kind: 'ward',
    specialty,
    generalAndAcute: !NON_GA.has(specialty),
    south,
    north,
    largeBeds: false,
    fillers: WARD_FILLERS,
  }
}

function numbered(
  prefix: string,
  count: number,
  width: number,
  nhsKind: NhsUnitKind = 'room',
): SpineModule[] {
  return Array.from({ length: count }, (_, i) => room(`${prefix} ${i + 1}`, width, nhsKind))
}

/** Rooms that pad a short side, per kind of area: what such floors really have spare rooms for. */
const WARD_FILLERS = [
  'Treatment room',
  'Linen store',
  'Equipment store',
  'Relatives’ room',
  'Doctors’ office',
  'Interview room',
  'Discharge lounge',
  'Seminar room',
]
const ED_FILLERS = [
  'Relatives’ room',
  'Mental health room',
  'Plaster room',
  'Ambulance handover',
  'Doctors’ office',
  'Equipment store',
]
const THEATRE_FILLERS = [
  'Scrub room',
  'Staff changing',
  'Theatre store',
  'Coordinator’s office',
  'Equipment store',
]
const ITU_FILLERS = [
  'Doctors’ office',
  'Procedures room',
  'Staff changing',
  'Equipment store',
  'Dirty utility',
  'Clean utility',
  'Seminar room',
  'Blood gas room',
  'Linen store',
]
const CLINIC_FILLERS = ['Reception', 'Phlebotomy', 'Equipment store', 'Office']

function departmentArea(
  id: string,
  name: string,
  south: SpineModule[],
  north: SpineModule[],
  fillers: readonly string[],
): SpineArea {
  return {
    id,
    name,
    kind: 'department',
    specialty: null,
    generalAndAcute: false,
    south,
    north,
    largeBeds: false,
    fillers,
  }
}

function edArea(id: string): SpineArea {
  return departmentArea(
    id,
    'Emergency Department',
    [...numbered('Resus', 3, 5), ...numbered('Majors', 8, 3)],
    [
      { type: 'nursebase' },
      ...numbered('Triage', 2, 3),
      ...numbered('Minors', 4, 3),
      room('Waiting room', 9),
    ],
    ED_FILLERS,
  )
}

function theatresArea(id: string): SpineArea {
  return departmentArea(
    id,
    'Main Theatres',
    [...numbered('Theatre', 4, 7)],
    [...numbered('Anaesthetic room', 4, 3), room('Recovery', 10), room('Sterile store', 4)],
    THEATRE_FILLERS,
  )
}

function ituArea(id: string, big: boolean): SpineArea {
  const bay = (label: string): SpineModule => ({ type: 'bay', label, beds: 4, sex: 'mixed' })
  return {
    id,
    name: 'Intensive Care Unit',
    kind: 'ward',
    specialty: 'Critical Care',
    generalAndAcute: false,
    south: [bay('A'), bay('B'), { type: 'sideroom', label: 'SR1' }, { type: 'sideroom', label: 'SR2' }],
    north: big
      ? [
          { type: 'nursebase' },
          bay('C'),
          { type: 'sideroom', label: 'SR3' },
          { type: 'sideroom', label: 'SR4' },
          room('Relatives’ room', 4),
        ]
      : [{ type: 'nursebase' }, { type: 'sideroom', label: 'SR3' }, room('Relatives’ room', 4)],
    largeBeds: true,
    fillers: ITU_FILLERS,
  }
}

function miuArea(id: string): SpineArea {
  return departmentArea(
    id,
    'Minor Injuries Unit',
    [...numbered('Treatment room', 4, 3.5), room('Plaster room', 4)],
    [{ type: 'nursebase' }, room('Waiting room', 8), room('X-ray', 6)],
    CLINIC_FILLERS,
  )
}

function outpatientsArea(id: string): SpineArea {
  return departmentArea(
    id,
    'Outpatients',
    numbered('Consulting room', 8, 3.5),
    [room('Waiting room', 10), ...numbered('Clinic room', 4, 3.5)],
    CLINIC_FILLERS,
  )
}

function levelName(ordinal: number): { name: string; shortName: string } {
  return ordinal === 0
    ? { name: 'Ground floor', shortName: 'G' }
    : { name: `Level ${ordinal}`, shortName: String(ordinal) }
}

const BLOCK_NAMES = [
  'Main Block',
  'Tower A',
  'Tower B',
  'Tower C',
  'Tower D',
  'Tower E',
  'Tower F',
  'Tower G',
  'Tower H',
]

/**
 * Who the demo trust is, when it is not Northgate (a collaborative's demo runs several): its name
 * and, optionally, its sites' names — as many sites as named, up to the three the layout knows.
 * Fictional names only.
 */
export type DemoTrustIdentity = {
  readonly trust: Trust
  readonly sites?: readonly { readonly name: string; readonly shortName: string }[]
}

/** Generates the trust's places and plan detail. */
export function generateTrust(prng: Prng, scale: number, identity?: DemoTrustIdentity): DemoWorld {
  const sink: PlanSink = {
    units: [],
    beds: [],
    unitStyles: new Map(),
    unitRects: new Map(),
    openings: [],
    fixtures: [],
    levelPlans: [],
  }
  const sites: Site[] = []
  const buildings: Building[] = []
  const levels: Level[] = []
  const libraryUnitIds = new Map<string, string>()
  let wardNumber = 0

  const named = identity?.sites
  const specs = named === undefined ? SITE_SPECS : SITE_SPECS.slice(0, Math.max(1, named.length))
  for (const [siteIndex, spec] of specs.entries()) {
    const sitePrng = prng.fork(spec.id)
    const siteName = named?.[siteIndex]
    sites.push({
      id: spec.id,
      physicalType: 'si',
      name: siteName?.name ?? spec.name,
      shortName: siteName?.shortName ?? spec.shortName,
    })
    // The main blocks do not scale, so ward blocks grow a little faster than `scale` to keep the
    // trust's totals (beds, tags, devices) roughly proportional to it.
    const blockCount = Math.max(1, Math.round(spec.wardBlocks * scale + (scale - 1) / 4))
    const cols = Math.ceil(Math.sqrt(blockCount + 1))
    const addBuilding = (index: number): { id: string; origin: LonLat } => {
      const id = `${spec.id}-b${index + 1}`
      const name = index < BLOCK_NAMES.length ? (BLOCK_NAMES[index] as string) : `Block ${index + 1}`
      buildings.push({ id, physicalType: 'bu', siteId: spec.id, name })
      // Blocks stand on a grid 130 m × 45 m apart so no two footprints overlap.
      const origin = toLonLat([(index % cols) * 130, Math.floor(index / cols) * 45], spec.origin)
      return { id, origin: [round7(origin[0]), round7(origin[1])] }
    }
    const addLevel = (buildingId: string, origin: LonLat, ordinal: number): string => {
      const id = `${buildingId}-l${ordinal}`
      levels.push({
        id,
        physicalType: 'lvl',
        siteId: spec.id,
        buildingId,
        ordinal,
        origin: [origin[0], origin[1]],
        ...levelName(ordinal),
      })
      return id
    }

    // Main block: the front door and the critical care floor.
    const main = addBuilding(0)
    const mainFloors: { west: SpineArea; east: SpineArea }[] = []
    if (spec.acute) {
      wardNumber += 1
      mainFloors.push({
        west: edArea(`${spec.id}-ed`),
        east: { ...wardArea(sitePrng, `${spec.id}-w${pad(wardNumber)}`, wardNumber, 'Acute Medicine') },
      })
      mainFloors.push({
        west: theatresArea(`${spec.id}-theatres`),
        east: ituArea(`${spec.id}-itu`, spec.wardBlocks > 1),
      })
    } else {
      mainFloors.push({ west: miuArea(`${spec.id}-miu`), east: outpatientsArea(`${spec.id}-opd`) })
    }
    const mainLengths = sideLengths(mainFloors)
    mainFloors.forEach((floor, ordinal) => {
      const levelId = addLevel(main.id, main.origin, ordinal)
      const place = { siteId: spec.id, buildingId: main.id, levelId }
      const storeId = layoutLevel(
        sink,
        place,
        floor,
        mainLengths,
        ordinal === 0
          ? { name: 'Medical equipment library', kind: 'equipmentlibrary' }
          : { name: 'Equipment store', kind: 'room' },
      )
      if (ordinal === 0) libraryUnitIds.set(spec.id, storeId)
    })

    // Ward blocks: floors of two wards.
    for (let b = 0; b < blockCount; b++) {
      const block = addBuilding(b + 1)
      const floors: { west: SpineArea; east: SpineArea }[] = []
      for (let f = 0; f < spec.floorsPerBlock; f++) {
        const pair: SpineArea[] = []
        for (let k = 0; k < 2; k++) {
          wardNumber += 1
          const specialty = sitePrng.pick(spec.specialties)
          pair.push(wardArea(sitePrng, `${spec.id}-w${pad(wardNumber)}`, wardNumber, specialty))
        }
        floors.push({ west: pair[0] as SpineArea, east: pair[1] as SpineArea })
      }
      const lengths = sideLengths(floors)
      floors.forEach((floor, ordinal) => {
        const levelId = addLevel(block.id, block.origin, ordinal)
        layoutLevel(sink, { siteId: spec.id, buildingId: block.id, levelId }, floor, lengths, {
          name: 'Equipment store',
          kind: 'room',
        })
      })
    }
  }

  const levelPlans: LevelPlan[] = sink.levelPlans
  return {
    siteModel: {
      trust: identity?.trust ?? TRUST,
      sites,
      buildings,
      levels,
      units: sink.units,
      beds: sink.beds,
    },
    levelPlans,
    unitStyles: sink.unitStyles,
    unitRects: sink.unitRects,
    openings: sink.openings,
    fixtures: sink.fixtures,
    libraryUnitIds,
  }
}

/** Each side's length on every floor of a building: the longest area on that side. */
function sideLengths(floors: readonly { readonly west: SpineArea; readonly east: SpineArea }[]): {
  west: number
  east: number
} {
  return {
    west: Math.max(...floors.map((f) => spineLength(f.west))),
    east: Math.max(...floors.map((f) => spineLength(f.east))),
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7
}
