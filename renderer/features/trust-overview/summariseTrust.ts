/**
 * The trust at a glance: sites → buildings → levels → units, each with its worst state across the
 * four domains and the counts an operator asks for first (free beds, devices down, open cyber
 * alerts). A parent takes the worst state of its children, the way Zabbix's submaps inherit their
 * elements' severity, so a failed switch on one floor colours its level, its building and its site.
 *
 * Per unit (a ward or department) and per level:
 * - beds: a unit with beds and none free is `warn` ("full");
 * - network: a down device on the level makes the level `critical`, and the units it serves
 *   (its clinical footprint) too; degraded is `warn`, unknown is `unknown`;
 * - cyber: an open critical or high alert on a unit (or on a device on the level) is `critical`,
 *   medium is `warn`; low and info are counted only;
 * - alarms (equipment PARs, assets outside their zone, anything with a place): high `critical`,
 *   medium `warn`, wherever `placeOfAlarm` puts them.
 * A domain whose feed is not live contributes `unknown` — never `ok`: stale is never shown as
 * healthy. Order, worst first: critical, warn, unknown, ok.
 *
 * Pure and O(beds + devices + open alerts + alarms), with the site model's layout and names made
 * once per model (`skeletonOf`); the panel runs it at most once a second.
 */
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import type { Bed, CyberAlert, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel, Unit } from '../../../shared/contracts/places.ts'
import { placeOfAlarm, type PlaceWorld } from '../../state/alarmPlace.ts'

export const PLACE_STATES = ['critical', 'warn', 'unknown', 'ok'] as const
export type PlaceState = (typeof PLACE_STATES)[number]

const RANK: Readonly<Record<PlaceState, number>> = { critical: 3, warn: 2, unknown: 1, ok: 0 }

/** The worse of two states. */
export function worse(a: PlaceState, b: PlaceState): PlaceState {
  return RANK[b] > RANK[a] ? b : a
}

export type PlaceCounts = {
  /** Free (unoccupied) beds; null where there are no beds at all. */
  readonly freeBeds: number | null
  readonly beds: number
  readonly devicesDown: number
  readonly cyberOpen: number
}

export type UnitSummary = PlaceCounts & {
  readonly unitId: string
  readonly name: string
  /** What a block can say from 4 m: "Ward 7", "ED", "ICU" (see `unitShortName`). */
  readonly shortName: string
  /** The same where there is little room: "W7", "ED", "Theatres" (see `unitCompactName`). */
  readonly compactName: string
  readonly state: PlaceState
  /** Why it is not ok, in words: "no network", "full", "1 high cyber alert". */
  readonly reasons: readonly string[]
}

export type LevelSummary = PlaceCounts & {
  readonly levelId: string
  readonly name: string
  readonly shortName: string
  readonly ordinal: number
  readonly state: PlaceState
  readonly reasons: readonly string[]
  readonly units: readonly UnitSummary[]
}

export type BuildingSummary = PlaceCounts & {
  readonly buildingId: string
  readonly name: string
  readonly state: PlaceState
  /** Top floor first, as a building is drawn. */
  readonly levels: readonly LevelSummary[]
}

export type SiteSummary = PlaceCounts & {
  readonly siteId: string
  readonly name: string
  readonly shortName: string
  readonly state: PlaceState
  readonly buildings: readonly BuildingSummary[]
}

export type TrustSummary = {
  readonly state: PlaceState
  readonly sites: readonly SiteSummary[]
}

export type TrustInputs = {
  readonly siteModel: SiteModel
  readonly beds: ReadonlyMap<string, Bed>
  readonly devices: ReadonlyMap<string, NetworkDevice>
  readonly alerts: ReadonlyMap<string, CyberAlert>
  readonly assets: PlaceWorld['assets']
  readonly alarms: readonly ActiveAlarm[]
  /** Topics whose feed is not confirmed live: they contribute `unknown`. */
  readonly stale: Readonly<Record<'beds' | 'assets' | 'network' | 'cyber', boolean>>
}

const STOP_WORDS = new Set(['of', 'and', 'the', '&'])

/**
 * A unit's name for a block on the overview. The rule: the name before its specialty
 * ("Ward 7 — Acute Medicine" → "Ward 7"); kept whole up to 13 characters ("Main Theatres",
 * "Outpatients"); longer names by their initials ("Emergency Department" → "ED", "Intensive Care
 * Unit" → "ICU", "Minor Injuries Unit" → "MIU"). The full name is always the block's tooltip and
 * accessible name.
 */
export function unitShortName(name: string): string {
  const head = (name.split(' — ')[0] ?? name).trim()
  if (head.length <= 13) return head
  const initials = head
    .split(/\s+/)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w.toLowerCase()))
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
  return initials.length >= 2 ? initials : head.slice(0, 12)
}

/** Names NHS staff already say short; anything else follows the rule in `unitCompactName`. */
const COMPACT_NAMES: Readonly<Record<string, string>> = {
  'Main Theatres': 'Theatres',
  Outpatients: 'OPD',
  'Emergency Department': 'ED',
  'Intensive Care Unit': 'ICU',
  'Minor Injuries Unit': 'MIU',
  'Acute Medical Unit': 'AMU',
}

/**
 * A unit's name where the overview has little room (a small panel, a big trust): "Ward 7" → "W7",
 * the usual NHS short forms (ED, ICU, AMU, Theatres, OPD), else the short name's initials, else
 * its first six letters. Always with the full name as the block's tooltip and accessible name.
 */
export function unitCompactName(name: string): string {
  const head = (name.split(' — ')[0] ?? name).trim()
  const known = COMPACT_NAMES[head]
  if (known) return known
  const ward = /^Ward\s+(\S+)$/i.exec(head)
  if (ward) return `W${ward[1]}`
  const short = unitShortName(head)
  if (short.length <= 6) return short
  const words = short.split(/\s+/).filter((w) => !STOP_WORDS.has(w.toLowerCase()))
  return words.length >= 2 ? words.map((w) => w.charAt(0).toUpperCase()).join('') : short.slice(0, 6)
}

/** A mutable tally while summarising. */
type Tally = {
  state: PlaceState
  reasons: string[]
  freeBeds: number
  beds: number
  devicesDown: number
  cyberOpen: number
}

const newTally = (): Tally => ({
  state: 'ok',
  reasons: [],
  freeBeds: 0,
  beds: 0,
  devicesDown: 0,
  cyberOpen: 0,
})

function mark(t: Tally, state: PlaceState, reason: string): void {
  t.state = worse(t.state, state)
  if (state !== 'ok' && !t.reasons.includes(reason)) t.reasons.push(reason)
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The feed an alarm's subject lives on (a PAR KPI is equipment; other KPIs are beds). */
function feedOfAlarm(alarm: ActiveAlarm): keyof TrustInputs['stale'] {
  switch (alarm.subject.kind) {
    case 'device':
      return 'network'
    case 'cyber-alert':
      return 'cyber'
    case 'asset':
      return 'assets'
    case 'kpi':
      return alarm.subject.id.startsWith('par:') ? 'assets' : 'beds'
    default:
      return 'beds'
  }
}

const ALARM_STATE: Readonly<Record<ActiveAlarm['priority'], PlaceState>> = {
  high: 'critical',
  medium: 'warn',
  low: 'ok',
}

/** A unit's block on the overview: its place in the layout and its names, made once per site model. */
type UnitLayout = {
  readonly unit: Unit
  readonly shortName: string
  readonly compactName: string
}

/**
 * What a summary needs of the site model that does not change with the feeds, made once per site
 * model (the summary runs every second; the model changes when the trust's estate does): each
 * unit's block (a bay or side room counts for its ward), and the layout — sites, their buildings,
 * their levels top floor first, their blocks left to right — with the blocks' names.
 */
type Skeleton = {
  /**
   * Every unit's top-level unit (itself, or the ward a bay is part of): the block it counts for
   * when that is a block, and whose level an alert on it is on either way.
   */
  readonly topUnitOf: ReadonlyMap<string, Unit>
  readonly blockIds: readonly string[]
  readonly sites: readonly {
    readonly site: SiteModel['sites'][number]
    readonly buildings: readonly {
      readonly building: SiteModel['buildings'][number]
      readonly levels: readonly {
        readonly level: SiteModel['levels'][number]
        readonly units: readonly UnitLayout[]
      }[]
    }[]
  }[]
}

const skeletons = new WeakMap<SiteModel, Skeleton>()

function skeletonOf(siteModel: SiteModel): Skeleton {
  const cached = skeletons.get(siteModel)
  if (cached) return cached
  const units = new Map(siteModel.units.map((u) => [u.id, u]))
  const isBlock = (u: Unit): boolean =>
    u.parentUnitId === null && (u.kind === 'ward' || u.kind === 'department')
  // Climb to the top-level unit (bounded: bad data loops).
  const topUnitOf = new Map<string, Unit>()
  for (const start of siteModel.units) {
    let unit: Unit = start
    for (let hops = 0; unit.parentUnitId && hops < 16; hops++) unit = units.get(unit.parentUnitId) ?? unit
    topUnitOf.set(start.id, unit)
  }
  const unitsByLevel = new Map<string, UnitLayout[]>()
  for (const u of siteModel.units) {
    if (!isBlock(u)) continue
    const list = unitsByLevel.get(u.levelId) ?? []
    list.push({ unit: u, shortName: unitShortName(u.name), compactName: unitCompactName(u.name) })
    unitsByLevel.set(u.levelId, list)
  }
  for (const list of unitsByLevel.values()) list.sort((a, b) => a.unit.labelAt[0] - b.unit.labelAt[0])
  const skeleton: Skeleton = {
    topUnitOf,
    blockIds: siteModel.units.filter(isBlock).map((u) => u.id),
    sites: siteModel.sites.map((site) => ({
      site,
      buildings: siteModel.buildings
        .filter((b) => b.siteId === site.id)
        .map((building) => ({
          building,
          levels: siteModel.levels
            .filter((l) => l.buildingId === building.id)
            .sort((a, b) => b.ordinal - a.ordinal)
            .map((level) => ({ level, units: unitsByLevel.get(level.id) ?? [] })),
        })),
    })),
  }
  skeletons.set(siteModel, skeleton)
  return skeleton
}

/** Summarises the trust (see the file comment for the rules). */
export function summariseTrust(inputs: TrustInputs): TrustSummary {
  const { siteModel, beds, devices, alerts, alarms, stale } = inputs
  const skeleton = skeletonOf(siteModel)
  const unitTally = new Map<string, Tally>()
  const levelTally = new Map<string, Tally>()
  for (const id of skeleton.blockIds) unitTally.set(id, newTally())
  for (const l of siteModel.levels) levelTally.set(l.id, newTally())
  const topOf = (unitId: string | null): Unit | undefined =>
    unitId === null ? undefined : skeleton.topUnitOf.get(unitId)
  const tallyOfUnit = (unitId: string | null): Tally | undefined => {
    const top = topOf(unitId)
    return top ? unitTally.get(top.id) : undefined
  }

  // Beds: free counts per ward; a ward with beds and none free is full.
  const countBed = (t: Tally | undefined, free: boolean): void => {
    if (!t) return
    t.beds += 1
    if (free) t.freeBeds += 1
  }
  for (const place of siteModel.beds) {
    const bed = beds.get(place.id)
    // An escalation bed that is closed is not a bed anyone could use: it is not counted.
    if (place.escalation && (bed === undefined || bed.status === 'closed')) continue
    const free = bed?.status === 'unoccupied'
    countBed(tallyOfUnit(place.wardId), free)
    countBed(levelTally.get(place.levelId), free)
  }
  for (const t of unitTally.values()) {
    if (stale.beds) mark(t, 'unknown', 'beds not live')
    else if (t.beds > 0 && t.freeBeds === 0) mark(t, 'warn', 'full')
  }

  // Network: down devices on a level, and the units they serve.
  for (const device of devices.values()) {
    if (device.status === 'up') continue
    const level = device.levelId === null ? undefined : levelTally.get(device.levelId)
    if (stale.network) {
      if (level) mark(level, 'unknown', 'network not live')
      continue
    }
    if (device.status === 'down') {
      if (level) {
        level.devicesDown += 1
        mark(level, 'critical', 'devices down')
      }
      for (const unitId of device.servesUnitIds) {
        const unit = tallyOfUnit(unitId)
        if (unit) mark(unit, 'critical', 'no network')
      }
    } else if (device.status === 'degraded') {
      if (level) mark(level, 'warn', 'network degraded')
      for (const unitId of device.servesUnitIds) {
        const unit = tallyOfUnit(unitId)
        if (unit) mark(unit, 'warn', 'network degraded')
      }
    } else if (level) {
      mark(level, 'unknown', 'device state unknown')
    }
  }
  if (stale.network) for (const t of levelTally.values()) mark(t, 'unknown', 'network not live')

  // Cyber: open alerts on a unit, or on a device on a level.
  const countAlert = (t: Tally | undefined, state: PlaceState, reason: string): void => {
    if (!t) return
    t.cyberOpen += 1
    if (!stale.cyber) mark(t, state, reason)
  }
  for (const alert of alerts.values()) {
    if (alert.status === 'resolved') continue
    const unit = tallyOfUnit(alert.unitId)
    const device = alert.deviceId === null ? undefined : devices.get(alert.deviceId)
    const levelId = topOf(alert.unitId)?.levelId ?? device?.levelId ?? null
    const level = levelId === null ? undefined : levelTally.get(levelId)
    const state: PlaceState =
      alert.severity === 'critical' || alert.severity === 'high'
        ? 'critical'
        : alert.severity === 'medium'
          ? 'warn'
          : 'ok'
    const reason = `${alert.severity} cyber alert`
    countAlert(unit, state, reason)
    countAlert(level, state, reason)
  }
  if (stale.cyber) for (const t of levelTally.values()) mark(t, 'unknown', 'cyber not live')

  // Alarms with a place (equipment, PARs, anything the rules raise on a ward or level) — not those
  // on a feed that is not live: the map does not draw a stale outage, nor does the overview.
  const world: PlaceWorld = { siteModel, devices, assets: inputs.assets, alerts }
  for (const alarm of alarms) {
    if (alarm.state === 'shelved' || alarm.state === 'out-of-service') continue
    if (stale[feedOfAlarm(alarm)]) continue
    const state = ALARM_STATE[alarm.priority]
    if (state === 'ok') continue
    const place = placeOfAlarm(alarm, world)
    if (!place) continue
    mark(levelTally.get(place.levelId) ?? newTally(), state, alarm.title)
    for (const unitId of place.unitIds) {
      const unit = tallyOfUnit(unitId)
      if (unit) mark(unit, state, alarm.title)
    }
  }
  if (stale.assets) for (const t of levelTally.values()) mark(t, 'unknown', 'equipment not live')

  const counts = (t: Tally): PlaceCounts => ({
    freeBeds: t.beds === 0 ? null : t.freeBeds,
    beds: t.beds,
    devicesDown: t.devicesDown,
    cyberOpen: t.cyberOpen,
  })
  const sum = (parts: readonly PlaceCounts[]): PlaceCounts => {
    let beds = 0
    let free = 0
    let down = 0
    let cyber = 0
    for (const p of parts) {
      beds += p.beds
      free += p.freeBeds ?? 0
      down += p.devicesDown
      cyber += p.cyberOpen
    }
    return { freeBeds: beds === 0 ? null : free, beds, devicesDown: down, cyberOpen: cyber }
  }
  const worst = (parts: readonly { readonly state: PlaceState }[]): PlaceState =>
    parts.reduce<PlaceState>((s, p) => worse(s, p.state), 'ok')

  const sites = skeleton.sites.map(({ site, buildings: layout }): SiteSummary => {
    const buildings = layout.map(({ building, levels: levelLayout }): BuildingSummary => {
      const levels = levelLayout.map(({ level, units: unitLayout }): LevelSummary => {
        const t = levelTally.get(level.id) ?? newTally()
        const unitSummaries = unitLayout.map(({ unit: u, shortName, compactName }): UnitSummary => {
          const ut = unitTally.get(u.id) ?? newTally()
          return {
            unitId: u.id,
            name: u.name,
            shortName,
            compactName,
            state: ut.state,
            reasons: ut.reasons,
            ...counts(ut),
          }
        })
        const state = worse(t.state, worst(unitSummaries))
        const reasons = [...t.reasons]
        for (const u of unitSummaries) for (const r of u.reasons) if (!reasons.includes(r)) reasons.push(r)
        return {
          levelId: level.id,
          name: level.name,
          shortName: level.shortName,
          ordinal: level.ordinal,
          state,
          reasons,
          units: unitSummaries,
          ...counts(t),
        }
      })
      return { buildingId: building.id, name: building.name, state: worst(levels), levels, ...sum(levels) }
    })
    return {
      siteId: site.id,
      name: site.name,
      shortName: site.shortName,
      state: worst(buildings),
      buildings,
      ...sum(buildings),
    }
  })
  return { state: worst(sites), sites }
}

/** A level's counts in words for its tooltip and accessible name. */
export function describeCounts(c: PlaceCounts): string {
  const parts: string[] = []
  if (c.freeBeds !== null) parts.push(`${c.freeBeds} of ${c.beds} beds free`)
  if (c.devicesDown > 0) parts.push(plural(c.devicesDown, 'device') + ' down')
  if (c.cyberOpen > 0) parts.push(plural(c.cyberOpen, 'open cyber alert'))
  return parts.join(' · ')
}
