/**
 * Lays out one floor of a ward block the way UK hospital floors are usually built (HBN 04-01
 * proportions): two clinical areas either side of a central core (stairs, lifts, comms cupboard),
 * each a corridor spine with rooms both sides — 6-bed bays about 7 × 7 m, single side rooms about
 * 4 × 4.4 m with an en-suite, a nurses' base opposite the bays, utility rooms, a day room.
 *
 * Everything is an axis-aligned rectangle in local metres, which keeps "is this point in that
 * room" trivial for the asset simulation and the IMDF export exact.
 */
import type { BaySex, BedPlace, Unit, UnitKind } from '../../../shared/contracts/places.ts'
import type { LocalPoint } from '../../../shared/domain/geo.ts'
import type {
  ApSpot,
  AssetRoom,
  ImdfUnitCategory,
  LevelPlan,
  NhsUnitKind,
  PlanFixture,
  PlanOpening,
  Rect,
  UnitStyle,
} from './demoWorld.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import { rectCentre, rectOutline } from './demoWorld.ts'

/** Depth of the rooms either side of the corridor, and the corridor's width (metres). */
export const ROOM_DEPTH = 7
export const CORRIDOR_WIDTH = 2.4
export const FLOOR_DEPTH = ROOM_DEPTH * 2 + CORRIDOR_WIDTH
export const CORE_WIDTH = 10
const CORRIDOR_Y0 = ROOM_DEPTH
const CORRIDOR_Y1 = ROOM_DEPTH + CORRIDOR_WIDTH
/** Access points every ~6.5 m of corridor: a dense clinical deployment for voice and RTLS. */
const AP_SPACING = 6.5

export type SpineModule =
  | { readonly type: 'bay'; readonly label: string; readonly beds: number; readonly sex: BaySex }
  | { readonly type: 'sideroom'; readonly label: string }
  | { readonly type: 'nursebase' }
  | {
      readonly type: 'room'
      readonly name: string
      readonly width: number
      readonly kind: UnitKind
      readonly nhsKind: NhsUnitKind
      readonly imdfCategory: ImdfUnitCategory
      /** Escalation beds kept in this room (a day room converted under pressure). */
      readonly escalationBeds?: number
    }

export type SpineArea = {
  readonly id: string
  readonly name: string
  readonly kind: 'ward' | 'department'
  readonly specialty: string | null
  readonly generalAndAcute: boolean
  readonly south: readonly SpineModule[]
  readonly north: readonly SpineModule[]
  /** Critical-care bed spaces are larger. */
  readonly largeBeds: boolean
  /** Rooms that fill a side shorter than the floor, in order (then plain stores). */
  readonly fillers: readonly string[]
}

export function moduleWidth(m: SpineModule): number {
  switch (m.type) {
    case 'bay':
      return 7
    case 'sideroom':
      return 4
    case 'nursebase':
      return 5
    case 'room':
      return m.width
    default:
      return assertNever(m, 'spine module')
  }
}

/** The length of corridor an area's modules need. */
export function spineLength(area: SpineArea): number {
  const side = (mods: readonly SpineModule[]): number => mods.reduce((s, m) => s + moduleWidth(m), 0)
  return Math.max(side(area.south), side(area.north))
}

/** Collects everything a floor contributes to the world. */
export type PlanSink = {
  readonly units: Unit[]
  readonly beds: BedPlace[]
  readonly unitStyles: Map<string, UnitStyle>
  readonly unitRects: Map<string, Rect>
  readonly openings: PlanOpening[]
  readonly fixtures: PlanFixture[]
  readonly levelPlans: LevelPlan[]
}

export type LevelPlace = {
  readonly siteId: string
  readonly buildingId: string
  readonly levelId: string
}

type Ctx = LevelPlace & {
  readonly sink: PlanSink
  readonly apSpots: ApSpot[]
  readonly assetRooms: AssetRoom[]
}

function addUnit(
  ctx: Ctx,
  u: {
    id: string
    name: string
    kind: UnitKind
    parentUnitId: string | null
    specialty: string | null
    generalAndAcute: boolean
    rect: Rect
    style: UnitStyle
  },
): void {
  ctx.sink.units.push({
    id: u.id,
    physicalType: u.kind === 'ward' || u.kind === 'department' ? 'wa' : 'ro',
    kind: u.kind,
    siteId: ctx.siteId,
    buildingId: ctx.buildingId,
    levelId: ctx.levelId,
    parentUnitId: u.parentUnitId,
    name: u.name,
    specialty: u.specialty,
    generalAndAcute: u.generalAndAcute,
    outline: rectOutline(u.rect),
    labelAt: rectCentre(u.rect),
  })
  ctx.sink.unitStyles.set(u.id, u.style)
  ctx.sink.unitRects.set(u.id, u.rect)
}

function door(
  ctx: Ctx,
  unitId: string,
  from: LocalPoint,
  to: LocalPoint,
  category: 'pedestrian' | 'service',
): void {
  ctx.sink.openings.push({ levelId: ctx.levelId, unitId, from, to, category })
}

/** A door of `width` centred at x on the corridor edge of a side. */
function corridorDoor(
  ctx: Ctx,
  unitId: string,
  cx: number,
  south: boolean,
  width: number,
  category: 'pedestrian' | 'service' = 'pedestrian',
): void {
  const y = south ? CORRIDOR_Y0 : CORRIDOR_Y1
  door(ctx, unitId, [cx - width / 2, y], [cx + width / 2, y], category)
}

/** A rotated rectangle (bed or desk) as a closed-implicitly polygon. */
function orientedRect(centre: LocalPoint, length: number, width: number, rotationDeg: number): LocalPoint[] {
  const a = (rotationDeg * Math.PI) / 180
  const ux = Math.cos(a)
  const uy = Math.sin(a)
  const hl = length / 2
  const hw = width / 2
  const corners: [number, number][] = [
    [-hl, -hw],
    [hl, -hw],
    [hl, hw],
    [-hl, hw],
  ]
  return corners.map(
    ([l, w]) => [round2(centre[0] + l * ux - w * uy), round2(centre[1] + l * uy + w * ux)] as const,
  )
}

function round2(v: number): number {
  return Math.round(v * 100) / 100
}

function addBed(
  ctx: Ctx,
  area: SpineArea,
  bed: Omit<BedPlace, 'physicalType' | 'siteId' | 'levelId' | 'wardId'>,
): void {
  ctx.sink.beds.push({
    ...bed,
    physicalType: 'bd',
    siteId: ctx.siteId,
    levelId: ctx.levelId,
    wardId: area.id,
  })
  const length = area.largeBeds ? 2.3 : 2.1
  const width = area.largeBeds ? 1.1 : 0.95
  ctx.sink.fixtures.push({
    levelId: ctx.levelId,
    unitId: bed.roomId,
    category: 'furniture',
    nhsKind: 'bed',
    name: `Bed ${bed.label}`,
    polygon: orientedRect(bed.at, length, width, bed.rotation),
    bedId: bed.id,
  })
}

/**
 * Lays out one clinical area between x0 and x0 + length (length ≥ spineLength(area)); the
 * corridor's `entrance` end opens onto the core's lift lobby.
 */
function layoutArea(ctx: Ctx, area: SpineArea, x0: number, length: number, entrance: 'west' | 'east'): void {
  const areaRect: Rect = { x0, y0: 0, x1: x0 + length, y1: FLOOR_DEPTH }
  addUnit(ctx, {
    id: area.id,
    name: area.name,
    kind: area.kind,
    parentUnitId: null,
    specialty: area.specialty,
    generalAndAcute: area.generalAndAcute,
    rect: areaRect,
    style: { imdfCategory: 'nonpublic', nhsKind: area.kind },
  })
  const corridorId = `${area.id}-cor`
  const corridorRect: Rect = { x0, y0: CORRIDOR_Y0, x1: x0 + length, y1: CORRIDOR_Y1 }
  const child = (id: string, name: string, kind: UnitKind, rect: Rect, style: UnitStyle): void =>
    addUnit(ctx, {
      id,
      name,
      kind,
      parentUnitId: area.id,
      specialty: null,
      generalAndAcute: false,
      rect,
      style,
    })
  child(corridorId, `${shortName(area)} corridor`, 'corridor', corridorRect, {
    imdfCategory: 'walkway',
    nhsKind: 'corridor',
  })
  ctx.assetRooms.push({ unitId: corridorId, rect: corridorRect, areaId: area.id })
  const entranceX = entrance === 'west' ? x0 : x0 + length
  door(ctx, corridorId, [entranceX, CORRIDOR_Y0 + 0.3], [entranceX, CORRIDOR_Y1 - 0.3], 'pedestrian')

  const moduleCentres: { cx: number; unitId: string }[] = []
  let storeCount = 0
  let fillerIndex = 0
  const nextFiller = (): string => {
    const name = area.fillers[fillerIndex]
    fillerIndex += 1
    if (name !== undefined) return name
    storeCount += 1
    return `Store ${storeCount}`
  }
  const placeSide = (mods: readonly SpineModule[], south: boolean): void => {
    let x = x0
    const padded = [...mods]
    const used = mods.reduce((s, m) => s + moduleWidth(m), 0)
    let gap = length - used
    // A sliver is absorbed by the last plain room (a bigger day room or store) rather than drawn
    // as a cupboard no one could enter; larger gaps become stores of at least 2.5 m.
    const last = padded[padded.length - 1]
    if (gap > 0.05 && gap < 2.5 && last?.type === 'room') {
      padded[padded.length - 1] = { ...last, width: last.width + gap }
      gap = 0
    }
    while (gap > 0.05) {
      const w = gap > 6 && gap - 6 < 2.5 ? gap / 2 : Math.min(gap, 6)
      const name = nextFiller()
      const lower = name.toLowerCase()
      padded.push({
        type: 'room',
        name,
        width: w,
        kind: lower.includes('office') ? 'office' : 'room',
        nhsKind: 'room',
        imdfCategory: lower.includes('store') ? 'storage' : lower.includes('office') ? 'office' : 'room',
      })
      gap -= w
    }
    for (const m of padded) {
      const w = moduleWidth(m)
      const rect: Rect = south
        ? { x0: x, y0: 0, x1: x + w, y1: ROOM_DEPTH }
        : { x0: x, y0: CORRIDOR_Y1, x1: x + w, y1: FLOOR_DEPTH }
      const cx = x + w / 2
      // Distance from the corridor wall into the room, and towards the outer wall, as y.
      const outer = south ? 0 : FLOOR_DEPTH
      const dir = south ? -1 : 1 // from corridor towards the outer wall
      const yAt = (fromOuter: number): number => outer - dir * fromOuter
      switch (m.type) {
        case 'bay': {
          const id = `${area.id}-bay-${m.label.toLowerCase()}`
          child(id, `Bay ${m.label}`, 'bay', rect, { imdfCategory: 'room', nhsKind: 'bay' })
          ctx.assetRooms.push({ unitId: id, rect, areaId: area.id })
          corridorDoor(ctx, id, cx, south, 1.8)
          moduleCentres.push({ cx, unitId: id })
          const westCount = Math.ceil(m.beds / 2)
          const eastCount = m.beds - westCount
          const bedLen = area.largeBeds ? 2.3 : 2.1
          let n = 0
          const wall = (count: number, west: boolean): void => {
            // Beds stand heads to the side walls, leaving the corridor end clear for the door.
            const span = ROOM_DEPTH - 0.4 - 1.4
            const pitch = span / Math.max(count, 1)
            for (let i = 0; i < count; i++) {
              n += 1
              const fromOuter = 0.4 + pitch * (i + 0.5)
              const bx = west ? x + 0.15 + bedLen / 2 : x + w - 0.15 - bedLen / 2
              addBed(ctx, area, {
                id: `${area.id}-${m.label.toLowerCase()}${n}`,
                roomId: id,
                label: `${m.label}${n}`,
                escalation: false,
                sideRoom: false,
                bayLabel: `Bay ${m.label}`,
                sexOfBay: m.sex,
                at: [round2(bx), round2(yAt(fromOuter))],
                rotation: west ? 0 : 180,
              })
            }
          }
          wall(westCount, true)
          wall(eastCount, false)
          break
        }
        case 'sideroom': {
          const id = `${area.id}-${m.label.toLowerCase()}`
          const ensuiteDepth = 2.6
          const roomRect: Rect = south
            ? { x0: x, y0: ensuiteDepth, x1: x + w, y1: ROOM_DEPTH }
            : { x0: x, y0: CORRIDOR_Y1, x1: x + w, y1: FLOOR_DEPTH - ensuiteDepth }
          const ensRect: Rect = south
            ? { x0: x, y0: 0, x1: x + w, y1: ensuiteDepth }
            : { x0: x, y0: FLOOR_DEPTH - ensuiteDepth, x1: x + w, y1: FLOOR_DEPTH }
          child(id, `Side room ${m.label.replace(/^SR/, '')}`, 'room', roomRect, {
            imdfCategory: 'room',
            nhsKind: 'sideroom',
          })
          child(`${id}-ens`, `${m.label} en-suite`, 'room', ensRect, {
            imdfCategory: 'restroom',
            nhsKind: 'ensuite',
          })
          ctx.assetRooms.push({ unitId: id, rect: roomRect, areaId: area.id })
          corridorDoor(ctx, id, cx, south, 1.2)
          const ensY = south ? ensuiteDepth : FLOOR_DEPTH - ensuiteDepth
          door(ctx, `${id}-ens`, [x + w - 1.4, ensY], [x + w - 0.5, ensY], 'pedestrian')
          moduleCentres.push({ cx, unitId: id })
          const bedLen = area.largeBeds ? 2.3 : 2.1
          addBed(ctx, area, {
            id: `${area.id}-${m.label.toLowerCase()}`,
            roomId: id,
            label: m.label,
            escalation: false,
            sideRoom: true,
            bayLabel: null,
            sexOfBay: 'mixed',
            // Head to the en-suite wall, foot towards the corridor.
            at: [round2(x + 1.6), round2(yAt(ensuiteDepth + 0.15 + bedLen / 2))],
            rotation: south ? 90 : 270,
          })
          break
        }
        case 'nursebase': {
          const id = `${area.id}-nb`
          const alcoveDepth = 3
          const alcove: Rect = south
            ? { x0: x, y0: ROOM_DEPTH - alcoveDepth, x1: x + w, y1: ROOM_DEPTH }
            : { x0: x, y0: CORRIDOR_Y1, x1: x + w, y1: CORRIDOR_Y1 + alcoveDepth }
          const office: Rect = south
            ? { x0: x, y0: 0, x1: x + w, y1: ROOM_DEPTH - alcoveDepth }
            : { x0: x, y0: CORRIDOR_Y1 + alcoveDepth, x1: x + w, y1: FLOOR_DEPTH }
          child(id, 'Nurses’ station', 'corridor', alcove, { imdfCategory: 'walkway', nhsKind: 'nursebase' })
          child(`${id}-office`, 'Ward manager’s office', 'office', office, {
            imdfCategory: 'office',
            nhsKind: 'room',
          })
          ctx.assetRooms.push({ unitId: id, rect: alcove, areaId: area.id })
          const deskY = south ? ROOM_DEPTH - alcoveDepth + 0.9 : CORRIDOR_Y1 + alcoveDepth - 0.9
          ctx.sink.fixtures.push({
            levelId: ctx.levelId,
            unitId: id,
            category: 'desk',
            nhsKind: 'nursestation',
            name: 'Nurses’ station',
            polygon: orientedRect([cx, deskY], 3.2, 0.9, 0),
            bedId: null,
          })
          const officeWallY = south ? ROOM_DEPTH - alcoveDepth : CORRIDOR_Y1 + alcoveDepth
          door(ctx, `${id}-office`, [x + 0.4, officeWallY], [x + 1.3, officeWallY], 'pedestrian')
          moduleCentres.push({ cx, unitId: id })
          break
        }
        case 'room': {
          const slug = m.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '')
          const id = `${area.id}-${slug}`
          child(id, m.name, m.kind, rect, { imdfCategory: m.imdfCategory, nhsKind: m.nhsKind })
          ctx.assetRooms.push({ unitId: id, rect, areaId: area.id })
          corridorDoor(ctx, id, cx, south, Math.min(1.2, w - 0.4))
          moduleCentres.push({ cx, unitId: id })
          for (let i = 0; i < (m.escalationBeds ?? 0); i++) {
            const bedLen = area.largeBeds ? 2.3 : 2.1
            addBed(ctx, area, {
              id: `${area.id}-esc${i + 1}`,
              roomId: id,
              label: `ESC${i + 1}`,
              escalation: true,
              sideRoom: false,
              bayLabel: null,
              sexOfBay: 'mixed',
              at: [round2(x + (w / (m.escalationBeds ?? 1)) * (i + 0.5)), round2(yAt(0.2 + bedLen / 2))],
              rotation: south ? 90 : 270,
            })
          }
          break
        }
        default:
          assertNever(m, 'spine module')
      }
      x += w
    }
  }
  placeSide(area.south, true)
  placeSide(area.north, false)

  // Access points along the corridor, each serving the rooms nearest to it and the area itself.
  const apCount = Math.max(2, Math.round(length / AP_SPACING))
  const pitch = length / apCount
  const served: string[][] = Array.from({ length: apCount }, () => [area.id])
  for (const mc of moduleCentres) {
    const i = Math.min(apCount - 1, Math.max(0, Math.floor((mc.cx - x0) / pitch)))
    served[i]?.push(mc.unitId)
  }
  for (let i = 0; i < apCount; i++) {
    ctx.apSpots.push({
      at: [round2(x0 + pitch * (i + 0.5)), CORRIDOR_Y0 + CORRIDOR_WIDTH / 2],
      servesUnitIds: served[i] ?? [area.id],
    })
  }
}

function shortName(area: SpineArea): string {
  const dash = area.name.indexOf(' — ')
  return dash > 0 ? area.name.slice(0, dash) : area.name
}

/**
 * Lays out the central core: lift lobby, two lifts, two stairs, the comms cupboard and riser, and
 * a store (the site's equipment library on the main block's ground floor).
 */
function layoutCore(
  ctx: Ctx,
  c0: number,
  storeName: string,
  storeKind: NhsUnitKind,
): { comms: Rect; storeId: string } {
  const L = ctx.levelId
  const core = (id: string, name: string, kind: UnitKind, rect: Rect, style: UnitStyle): void =>
    addUnit(ctx, { id, name, kind, parentUnitId: null, specialty: null, generalAndAcute: false, rect, style })
  const lobby: Rect = { x0: c0, y0: CORRIDOR_Y0, x1: c0 + CORE_WIDTH, y1: CORRIDOR_Y1 }
  core(`${L}-lobby`, 'Lift lobby', 'corridor', lobby, { imdfCategory: 'lobby', nhsKind: 'lobby' })
  ctx.assetRooms.push({ unitId: `${L}-lobby`, rect: lobby, areaId: null })
  const stairsA: Rect = { x0: c0, y0: 0, x1: c0 + 4, y1: ROOM_DEPTH }
  core(`${L}-stairs-a`, 'Stairs A', 'plant', stairsA, { imdfCategory: 'stairs', nhsKind: 'stairs' })
  corridorDoor(ctx, `${L}-stairs-a`, c0 + 2, true, 1.2)
  const riser: Rect = { x0: c0 + 4, y0: 0, x1: c0 + 7, y1: 3 }
  core(`${L}-riser`, 'Riser', 'plant', riser, { imdfCategory: 'nonpublic', nhsKind: 'riser' })
  const comms: Rect = { x0: c0 + 4, y0: 3, x1: c0 + 7, y1: ROOM_DEPTH }
  core(`${L}-comms`, 'Comms room', 'plant', comms, { imdfCategory: 'nonpublic', nhsKind: 'comms' })
  corridorDoor(ctx, `${L}-comms`, c0 + 5.5, true, 1.0, 'service')
  const store: Rect = { x0: c0 + 7, y0: 0, x1: c0 + CORE_WIDTH, y1: ROOM_DEPTH }
  const storeId = `${L}-${storeKind === 'equipmentlibrary' ? 'library' : 'store'}`
  core(storeId, storeName, 'room', store, { imdfCategory: 'storage', nhsKind: storeKind })
  ctx.assetRooms.push({ unitId: storeId, rect: store, areaId: null })
  corridorDoor(ctx, storeId, c0 + 8.5, true, 1.2)
  for (const [i, lx] of [c0, c0 + 3].entries()) {
    const lift: Rect = { x0: lx, y0: CORRIDOR_Y1, x1: lx + 3, y1: CORRIDOR_Y1 + 3 }
    core(`${L}-lift-${i + 1}`, `Lift ${i + 1}`, 'plant', lift, { imdfCategory: 'elevator', nhsKind: 'lift' })
    corridorDoor(ctx, `${L}-lift-${i + 1}`, lx + 1.5, false, 1.4)
  }
  const plant: Rect = { x0: c0, y0: CORRIDOR_Y1 + 3, x1: c0 + 6, y1: FLOOR_DEPTH }
  core(`${L}-plant`, 'Plant room', 'plant', plant, { imdfCategory: 'nonpublic', nhsKind: 'room' })
  const stairsB: Rect = { x0: c0 + 6, y0: CORRIDOR_Y1, x1: c0 + CORE_WIDTH, y1: FLOOR_DEPTH }
  core(`${L}-stairs-b`, 'Stairs B', 'plant', stairsB, { imdfCategory: 'stairs', nhsKind: 'stairs' })
  corridorDoor(ctx, `${L}-stairs-b`, c0 + 8, false, 1.2)
  ctx.apSpots.push({
    at: [c0 + CORE_WIDTH / 2, CORRIDOR_Y0 + CORRIDOR_WIDTH / 2],
    servesUnitIds: [`${L}-lobby`, storeId],
  })
  return { comms, storeId }
}

/**
 * Lays out a floor: `west` area, the core, `east` area, each area padded to its side's length
 * (the same on every floor of a building, so cores stack and footprints line up). Returns the id
 * of the core's store (the equipment library when asked for one).
 */
export function layoutLevel(
  sink: PlanSink,
  place: LevelPlace,
  areas: { readonly west: SpineArea; readonly east: SpineArea },
  lengths: { readonly west: number; readonly east: number },
  store: { readonly name: string; readonly kind: NhsUnitKind },
): string {
  const ctx: Ctx = { ...place, sink, apSpots: [], assetRooms: [] }
  layoutArea(ctx, areas.west, 0, lengths.west, 'east')
  const { comms, storeId } = layoutCore(ctx, lengths.west, store.name, store.kind)
  layoutArea(ctx, areas.east, lengths.west + CORE_WIDTH, lengths.east, 'west')
  sink.levelPlans.push({
    levelId: place.levelId,
    siteId: place.siteId,
    buildingId: place.buildingId,
    footprint: { x0: 0, y0: 0, x1: lengths.west + CORE_WIDTH + lengths.east, y1: FLOOR_DEPTH },
    apSpots: ctx.apSpots,
    commsRoom: comms,
    areaIds: [areas.west.id, areas.east.id],
    assetRooms: ctx.assetRooms,
  })
  return storeId
}
