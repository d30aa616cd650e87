/**
 * Search to locate: a tag or asset label, a bed on a ward ("ward 7 b3"), a bay ("ward 7 bay b"),
 * a device, a ward — or a question like "nearest available infusion pump to Ward 7" (the NHS RTLS
 * guidance's "nearest asset of a type"). Every example in docs/floor-map.md is checked by
 * tests/integration/mapSearchExamples.int.test.ts against the demo trust.
 *
 * A result says where the thing is in the words a ward uses — the ward and the bay or room —
 * never only the floor ("Level 2" is not a place anyone is sent to).
 */
import type { Asset, AssetType, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel, Unit } from '../../../shared/contracts/places.ts'

export type SearchHit = {
  readonly kind: 'asset' | 'bed' | 'device' | 'unit'
  readonly id: string
  readonly label: string
  readonly detail: string
  readonly siteId: string
  readonly levelId: string
  readonly x: number
  readonly y: number
  /** Metres from the reference place, for "nearest" questions. */
  readonly distance: number | null
}

const TYPE_WORDS: ReadonlyArray<readonly [RegExp, AssetType]> = [
  [/infusion pumps?|pumps?/, 'infusion-pump'],
  [/syringe drivers?/, 'syringe-driver'],
  [/(patient )?monitors?/, 'patient-monitor'],
  [/ventilators?|vents?/, 'ventilator'],
  [/defibrillators?|defibs?/, 'defibrillator'],
  [/wheelchairs?|chairs?/, 'wheelchair'],
  [/hoists?/, 'hoist'],
  [/bladder scanners?/, 'bladder-scanner'],
  [/ultrasounds?|scanners?/, 'ultrasound'],
  [/ecgs?/, 'ecg'],
  [/suction( units?)?/, 'suction'],
  [/beds?/, 'bed'],
]

const NEAREST = /^(?:nearest|closest)\s+(available\s+|free\s+)?(.+?)\s+(?:to|near|for)\s+(.+)$/i

/** Staff badges are never searchable on a shared screen: locating people is not this tool's job. */
const SEARCHABLE = (a: Asset): boolean => a.type !== 'staff-badge'

/** Names of places, built once per site model. */
type Places = {
  readonly units: ReadonlyMap<string, Unit>
  /** Unit → the top-level unit (ward, department) it sits in. */
  readonly wardOf: ReadonlyMap<string, Unit>
  readonly levelName: ReadonlyMap<string, string>
  readonly buildingName: ReadonlyMap<string, string>
  readonly levelBuilding: ReadonlyMap<string, string>
  readonly bedsOfWard: ReadonlyMap<string, readonly BedPlace[]>
  readonly childrenOf: ReadonlyMap<string, readonly Unit[]>
}
const placesCache = new WeakMap<SiteModel, Places>()

function placesOf(siteModel: SiteModel): Places {
  const cached = placesCache.get(siteModel)
  if (cached) return cached
  const units = new Map(siteModel.units.map((u) => [u.id, u]))
  const wardOf = new Map<string, Unit>()
  const childrenOf = new Map<string, Unit[]>()
  for (const u of siteModel.units) {
    let top = u
    for (let hops = 0; top.parentUnitId !== null && hops < 16; hops += 1) {
      const parent = units.get(top.parentUnitId)
      if (!parent) break
      top = parent
    }
    wardOf.set(u.id, top)
    if (u.parentUnitId !== null) {
      const list = childrenOf.get(top.id) ?? []
      list.push(u)
      childrenOf.set(top.id, list)
    }
  }
  const bedsOfWard = new Map<string, BedPlace[]>()
  for (const b of siteModel.beds) {
    const ward = wardOf.get(b.wardId)?.id ?? b.wardId
    const list = bedsOfWard.get(ward) ?? []
    list.push(b)
    bedsOfWard.set(ward, list)
  }
  const places: Places = {
    units,
    wardOf,
    levelName: new Map(siteModel.levels.map((l) => [l.id, l.name])),
    buildingName: new Map(siteModel.buildings.map((b) => [b.id, b.name])),
    levelBuilding: new Map(siteModel.levels.map((l) => [l.id, l.buildingId])),
    bedsOfWard,
    childrenOf,
  }
  placesCache.set(siteModel, places)
  return places
}

/** "Tower A, Level 2": the floor, with its building, for things that are in no ward. */
function floorName(places: Places, levelId: string): string {
  const level = places.levelName.get(levelId) ?? levelId
  const building = places.buildingName.get(places.levelBuilding.get(levelId) ?? '')
  return building ? `${building}, ${level}` : level
}

/** Where a unit is, as a ward says it: "Ward 7 — Respiratory Medicine, Bay B". */
export function placeName(siteModel: SiteModel, unitId: string | null, levelId: string): string {
  const places = placesOf(siteModel)
  const unit = unitId === null ? undefined : places.units.get(unitId)
  if (!unit) return floorName(places, levelId)
  const ward = places.wardOf.get(unit.id) ?? unit
  return ward.id === unit.id ? ward.name : `${ward.name}, ${unit.name}`
}

export function searchMap(
  query: string,
  siteModel: SiteModel,
  assets: ReadonlyMap<string, Asset>,
  devices: ReadonlyMap<string, NetworkDevice>,
  limit = 10,
): SearchHit[] {
  const q = query.trim().replace(/\s+/g, ' ')
  if (q.length < 2) return []
  const nearest = NEAREST.exec(q)
  if (nearest) {
    const type = assetTypeOf(nearest[2] ?? '')
    const place = findUnit(siteModel, nearest[3] ?? '')
    if (type && place) return nearestAssets(type, Boolean(nearest[1]), place, siteModel, assets, limit)
  }
  const inWard = placeInWard(q, siteModel, limit)
  if (inWard.length > 0) return inWard
  return textSearch(q.toLowerCase(), siteModel, assets, devices, limit)
}

export function assetTypeOf(words: string): AssetType | null {
  const w = words.toLowerCase().trim()
  for (const [pattern, type] of TYPE_WORDS) if (new RegExp(`^(?:${pattern.source})$`).test(w)) return type
  return null
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** `text` starts with `prefix` at a word boundary: "ward 7" starts "ward 7 — acute", not "ward 70". */
const startsWord = (text: string, prefix: string): boolean =>
  new RegExp(`^${escapeRe(prefix)}(?![0-9a-z])`).test(text)

/** The ward or department best matching a name: exact, then word-boundary prefix ("ward 7" ≠ "ward 70"). */
export function findUnit(siteModel: SiteModel, name: string): Unit | null {
  const n = name.toLowerCase().trim()
  const candidates = siteModel.units.filter((u) => u.kind === 'ward' || u.kind === 'department')
  const exact = candidates.find((u) => u.name.toLowerCase() === n)
  if (exact) return exact
  return candidates.find((u) => startsWord(u.name.toLowerCase(), n)) ?? null
}

/**
 * "ward 7 b3", "ward 7 bay b", "ward 7 sr2": a ward named by the words at the start, then a bed
 * label, bay or room in it named by the rest. The longest leading words that name a ward win.
 */
function placeInWard(q: string, siteModel: SiteModel, limit: number): SearchHit[] {
  const words = q.split(' ')
  for (let n = words.length - 1; n >= 1; n -= 1) {
    const ward = findUnit(siteModel, words.slice(0, n).join(' '))
    if (!ward) continue
    const rest = words
      .slice(n)
      .join(' ')
      .toLowerCase()
      .replace(/^bed\s+/, '')
    const hits = inWard(ward, rest, siteModel, limit)
    if (hits.length > 0) return hits
  }
  return []
}

function inWard(ward: Unit, rest: string, siteModel: SiteModel, limit: number): SearchHit[] {
  const places = placesOf(siteModel)
  const beds = places.bedsOfWard.get(ward.id) ?? []
  const compact = rest.replace(/\s+/g, '')
  const exact = beds.filter((b) => b.label.toLowerCase() === compact)
  if (exact.length > 0) return exact.slice(0, limit).map((b) => bedHit(b, ward, siteModel))
  const rooms = (places.childrenOf.get(ward.id) ?? []).filter((u) => {
    const name = u.name.toLowerCase()
    return name === rest || startsWord(name, rest)
  })
  if (rooms.length > 0) return rooms.slice(0, limit).map((u) => unitHit(u, `${ward.name} · ${u.kind}`))
  return beds
    .filter((b) => b.label.toLowerCase().startsWith(compact))
    .slice(0, limit)
    .map((b) => bedHit(b, ward, siteModel))
}

function nearestAssets(
  type: AssetType,
  availableOnly: boolean,
  place: Unit,
  siteModel: SiteModel,
  assets: ReadonlyMap<string, Asset>,
  limit: number,
): SearchHit[] {
  const levels = new Map(siteModel.levels.map((l) => [l.id, l]))
  const placeLevel = levels.get(place.levelId)
  const hits: SearchHit[] = []
  for (const a of assets.values()) {
    if (a.type !== type || a.siteId !== place.siteId) continue
    if (availableOnly && a.state !== 'available') continue
    const level = levels.get(a.levelId)
    // Each floor between counts as 40 m of walking: stairs and lifts are slower than corridors.
    const floors = Math.abs((level?.ordinal ?? 0) - (placeLevel?.ordinal ?? 0))
    const distance = Math.hypot(a.x - place.labelAt[0], a.y - place.labelAt[1]) + floors * 40
    hits.push({ ...assetHit(a, siteModel), distance })
  }
  return hits.sort((x, y) => (x.distance ?? 0) - (y.distance ?? 0)).slice(0, limit)
}

/**
 * `text` contains `q`; a query ending in a digit must not run on into another ("ward 7" is not in
 * "ward 70", "ip-1" is not "ip-12" — but "ip-00" still finds every "ip-00…" tag by its start).
 */
function contains(text: string, q: string): boolean {
  if (!/[0-9]$/.test(q)) return text.includes(q)
  let at = text.indexOf(q)
  while (at >= 0) {
    if (!/[0-9]/.test(text.charAt(at + q.length))) return true
    at = text.indexOf(q, at + 1)
  }
  return false
}

function textSearch(
  q: string,
  siteModel: SiteModel,
  assets: ReadonlyMap<string, Asset>,
  devices: ReadonlyMap<string, NetworkDevice>,
  limit: number,
): SearchHit[] {
  const hits: SearchHit[] = []
  const places = placesOf(siteModel)
  const full = (): boolean => hits.length >= limit
  for (const a of assets.values()) {
    if (full()) return hits
    if (SEARCHABLE(a) && (a.id.toLowerCase().includes(q) || a.label.toLowerCase().includes(q)))
      hits.push(assetHit(a, siteModel))
  }
  // Wards before their beds: "ward 7" is first of all the ward.
  for (const u of siteModel.units) {
    if (full()) return hits
    if ((u.kind === 'ward' || u.kind === 'department') && contains(u.name.toLowerCase(), q))
      hits.push(unitHit(u, `${u.specialty ?? u.kind} · ${floorName(places, u.levelId)}`))
  }
  for (const d of devices.values()) {
    if (full()) return hits
    if (
      d.levelId &&
      d.x !== null &&
      d.y !== null &&
      (d.id.toLowerCase().includes(q) || d.name.toLowerCase().includes(q))
    )
      hits.push({
        kind: 'device',
        id: d.id,
        label: d.name,
        detail: `${d.kind} · ${d.status} · ${deviceWhere(d, d.levelId, siteModel)}`,
        siteId: d.siteId,
        levelId: d.levelId,
        x: d.x,
        y: d.y,
        distance: null,
      })
  }
  for (const b of siteModel.beds) {
    if (full()) return hits
    const ward = places.wardOf.get(b.wardId) ?? places.units.get(b.wardId)
    if (b.id.toLowerCase() === q || contains(`${ward?.name ?? ''} ${b.label}`.toLowerCase(), q))
      hits.push(bedHit(b, ward, siteModel))
  }
  return hits
}

/** A device is in no ward: say which ward it serves (an AP), on which floor. */
function deviceWhere(d: NetworkDevice, levelId: string, siteModel: SiteModel): string {
  const places = placesOf(siteModel)
  const served = d.servesUnitIds[0]
  const ward = served === undefined ? undefined : places.wardOf.get(served)
  const floor = floorName(places, levelId)
  return ward ? `serves ${ward.name} · ${floor}` : floor
}

function bedHit(b: BedPlace, ward: Unit | undefined, siteModel: SiteModel): SearchHit {
  const places = placesOf(siteModel)
  const room = b.bayLabel ?? (b.sideRoom ? 'Side room' : (places.units.get(b.roomId)?.name ?? ''))
  return {
    kind: 'bed',
    id: b.id,
    label: `${ward?.name ?? b.wardId} · ${b.label}`,
    detail: [room, floorName(places, b.levelId)].filter((p) => p !== '').join(' · '),
    siteId: b.siteId,
    levelId: b.levelId,
    x: b.at[0],
    y: b.at[1],
    distance: null,
  }
}

function unitHit(u: Unit, detail: string): SearchHit {
  return {
    kind: 'unit',
    id: u.id,
    label: u.name,
    detail,
    siteId: u.siteId,
    levelId: u.levelId,
    x: u.labelAt[0],
    y: u.labelAt[1],
    distance: null,
  }
}

function assetHit(a: Asset, siteModel: SiteModel): SearchHit {
  return {
    kind: 'asset',
    id: a.id,
    label: a.label,
    detail: `${a.type} · ${a.state} · ${placeName(siteModel, a.zoneId, a.levelId)}`,
    siteId: a.siteId,
    levelId: a.levelId,
    x: a.x,
    y: a.y,
    distance: null,
  }
}
