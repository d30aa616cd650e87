/**
 * Search to locate: a tag or asset label, a bed, a device, a ward — or a question like "nearest
 * available infusion pump to Ward 7" (the NHS RTLS guidance's "nearest asset of a type").
 */
import type { Asset, AssetType, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel, Unit } from '../../../shared/contracts/places.ts'

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

export function searchMap(
  query: string,
  siteModel: SiteModel,
  assets: ReadonlyMap<string, Asset>,
  devices: ReadonlyMap<string, NetworkDevice>,
  limit = 10,
): SearchHit[] {
  const q = query.trim()
  if (q.length < 2) return []
  const nearest = NEAREST.exec(q)
  if (nearest) {
    const type = assetTypeOf(nearest[2] ?? '')
    const place = findUnit(siteModel, nearest[3] ?? '')
    if (type && place) return nearestAssets(type, Boolean(nearest[1]), place, siteModel, assets, limit)
  }
  return textSearch(q.toLowerCase(), siteModel, assets, devices, limit)
}

export function assetTypeOf(words: string): AssetType | null {
  const w = words.toLowerCase().trim()
  for (const [pattern, type] of TYPE_WORDS) if (new RegExp(`^(?:${pattern.source})$`).test(w)) return type
  return null
}

/** The ward or department best matching a name: exact, then word-boundary prefix ("ward 7" ≠ "ward 70"). */
export function findUnit(siteModel: SiteModel, name: string): Unit | null {
  const n = name.toLowerCase().trim()
  const candidates = siteModel.units.filter((u) => u.kind === 'ward' || u.kind === 'department')
  const exact = candidates.find((u) => u.name.toLowerCase() === n)
  if (exact) return exact
  const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const prefix = new RegExp(`^${escaped}(?![0-9a-z])`)
  return candidates.find((u) => prefix.test(u.name.toLowerCase())) ?? null
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
    hits.push(assetHit(a, distance, level?.name ?? a.levelId))
  }
  return hits.sort((x, y) => (x.distance ?? 0) - (y.distance ?? 0)).slice(0, limit)
}

function textSearch(
  q: string,
  siteModel: SiteModel,
  assets: ReadonlyMap<string, Asset>,
  devices: ReadonlyMap<string, NetworkDevice>,
  limit: number,
): SearchHit[] {
  const hits: SearchHit[] = []
  const levelName = new Map(siteModel.levels.map((l) => [l.id, l.name]))
  const wardName = new Map(siteModel.units.map((u) => [u.id, u.name]))
  for (const a of assets.values()) {
    if (hits.length >= limit) return hits
    if (SEARCHABLE(a) && (a.id.toLowerCase().includes(q) || a.label.toLowerCase().includes(q)))
      hits.push(assetHit(a, null, levelName.get(a.levelId) ?? a.levelId))
  }
  for (const b of siteModel.beds) {
    if (hits.length >= limit) return hits
    const ward = wardName.get(b.wardId) ?? ''
    const full = `${ward} ${b.label}`.toLowerCase()
    if (b.id.toLowerCase() === q || full.includes(q))
      hits.push({
        kind: 'bed',
        id: b.id,
        label: `${ward} · ${b.label}`,
        detail: b.bayLabel ?? (b.sideRoom ? 'Side room' : ''),
        siteId: b.siteId,
        levelId: b.levelId,
        x: b.at[0],
        y: b.at[1],
        distance: null,
      })
  }
  for (const d of devices.values()) {
    if (hits.length >= limit) return hits
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
        detail: `${d.kind} · ${d.status}`,
        siteId: d.siteId,
        levelId: d.levelId,
        x: d.x,
        y: d.y,
        distance: null,
      })
  }
  for (const u of siteModel.units) {
    if (hits.length >= limit) return hits
    if ((u.kind === 'ward' || u.kind === 'department') && u.name.toLowerCase().includes(q))
      hits.push({
        kind: 'unit',
        id: u.id,
        label: u.name,
        detail: u.specialty ?? u.kind,
        siteId: u.siteId,
        levelId: u.levelId,
        x: u.labelAt[0],
        y: u.labelAt[1],
        distance: null,
      })
  }
  return hits
}

function assetHit(a: Asset, distance: number | null, levelLabel: string): SearchHit {
  return {
    kind: 'asset',
    id: a.id,
    label: a.label,
    detail: `${a.type} · ${a.state} · ${levelLabel}`,
    siteId: a.siteId,
    levelId: a.levelId,
    x: a.x,
    y: a.y,
    distance,
  }
}
