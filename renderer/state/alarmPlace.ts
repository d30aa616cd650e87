/**
 * Where an alarm is. An alarm's subject names a device, an asset, a cyber alert, a bed or a KPI
 * scope; this resolves it to a level of the site model, the units it concerns and, when the thing
 * has a position, its point — so a map can go there: a wall follows unacknowledged high and medium
 * alarms, a desktop offers "Show" on the alarm. Pure (state and entities in, place out); shared by
 * the alarms, the floor map and the trust overview, so none of them imports another.
 */
import type { ActiveAlarm, AlarmPriority } from '../../shared/contracts/alarms.ts'
import type { Asset, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { BedPlace, Level, SiteModel, Unit } from '../../shared/contracts/places.ts'
import { ALARM_PRIORITY_RANK } from '../../shared/domain/alarms/alarmPriority.ts'
import { assertNever } from '../../shared/util/assertNever.ts'
import type { LevelArea, MapFocus } from './types.ts'

export type AlarmPlace = {
  readonly siteId: string
  readonly levelId: string
  /** Units on the level to frame and mark: an outage's footprint, a PC's ward, an asset's room. */
  readonly unitIds: readonly string[]
  /** The thing itself when it has a position on the level (the failed switch, the asset). */
  readonly point: readonly [number, number] | null
}

/** What a place is resolved against: the site model and the live entities. */
export type PlaceWorld = {
  readonly siteModel: SiteModel
  readonly devices: ReadonlyMap<string, NetworkDevice>
  readonly assets: ReadonlyMap<string, Asset>
  readonly alerts: ReadonlyMap<string, CyberAlert>
}

type PlaceIndex = {
  readonly levels: ReadonlyMap<string, Level>
  readonly units: ReadonlyMap<string, Unit>
  readonly beds: ReadonlyMap<string, BedPlace>
}
const indexes = new WeakMap<SiteModel, PlaceIndex>()

function placeIndex(siteModel: SiteModel): PlaceIndex {
  const cached = indexes.get(siteModel)
  if (cached) return cached
  const index: PlaceIndex = {
    levels: new Map(siteModel.levels.map((l) => [l.id, l])),
    units: new Map(siteModel.units.map((u) => [u.id, u])),
    beds: new Map(siteModel.beds.map((b) => [b.id, b])),
  }
  indexes.set(siteModel, index)
  return index
}

/** The subject ids folded into a flood line (fingerprints are `rule@subject`), else the subject. */
function subjectIds(alarm: ActiveAlarm): readonly string[] {
  if (alarm.members.length <= 1) return [alarm.subject.id]
  const prefix = `${alarm.ruleId}@`
  const ids = alarm.members.filter((m) => m.startsWith(prefix)).map((m) => m.slice(prefix.length))
  return ids.length > 0 ? ids : [alarm.subject.id]
}

function placeOn(
  index: PlaceIndex,
  levelId: string | null,
  unitIds: Iterable<string>,
  point: readonly [number, number] | null,
): AlarmPlace | null {
  const level = levelId === null ? undefined : index.levels.get(levelId)
  if (!level) return null
  const onLevel: string[] = []
  for (const id of unitIds)
    if (index.units.get(id)?.levelId === level.id && !onLevel.includes(id)) onLevel.push(id)
  return { siteId: level.siteId, levelId: level.id, unitIds: onLevel, point }
}

function pointOf(thing: { readonly x: number | null; readonly y: number | null }): [number, number] | null {
  return thing.x === null || thing.y === null ? null : [thing.x, thing.y]
}

/** The place an alarm stands for, or null when it has none on a plan (a feed, the gateway, a trust KPI). */
export function placeOfAlarm(alarm: ActiveAlarm, world: PlaceWorld): AlarmPlace | null {
  const index = placeIndex(world.siteModel)
  const { subject } = alarm
  const unitLevel = (unitId: string | null): string | null =>
    unitId === null ? null : (index.units.get(unitId)?.levelId ?? null)
  switch (subject.kind) {
    case 'device': {
      // A flood line under a failed switch: the switch's level, and every folded device's areas.
      const root = world.devices.get(subject.id)
      const levelId = root?.levelId ?? subject.levelId ?? unitLevel(subject.unitId)
      const units: string[] = []
      for (const id of subjectIds(alarm)) units.push(...(world.devices.get(id)?.servesUnitIds ?? []))
      if (units.length === 0 && subject.unitId !== null) units.push(subject.unitId)
      return placeOn(index, levelId, units, root ? pointOf(root) : null)
    }
    case 'asset': {
      const asset = world.assets.get(subject.id)
      if (!asset) return placeOn(index, subject.levelId ?? unitLevel(subject.unitId), [], null)
      return placeOn(index, asset.levelId, asset.zoneId === null ? [] : [asset.zoneId], [asset.x, asset.y])
    }
    case 'cyber-alert': {
      // A ward PC's alert names its ward; the switch it is patched into only places it when no
      // unit is known (a server, a device alert).
      const alert = world.alerts.get(subject.id)
      const unitId = alert?.unitId ?? subject.unitId
      const device = alert?.deviceId ? world.devices.get(alert.deviceId) : undefined
      const levelId = unitLevel(unitId) ?? device?.levelId ?? subject.levelId
      return placeOn(
        index,
        levelId,
        unitId === null ? [] : [unitId],
        unitId === null && device ? pointOf(device) : null,
      )
    }
    case 'bed': {
      const bed = index.beds.get(subject.id)
      if (bed) return placeOn(index, bed.levelId, [bed.roomId], bed.at)
      return placeOn(
        index,
        subject.levelId ?? unitLevel(subject.unitId),
        subject.unitId === null ? [] : [subject.unitId],
        null,
      )
    }
    case 'kpi':
      return placeOn(
        index,
        subject.levelId ?? unitLevel(subject.unitId),
        subject.unitId === null ? [] : [subject.unitId],
        null,
      )
    case 'feed':
    case 'gateway':
      return null
    default:
      return assertNever(subject.kind, 'alarm subject kind')
  }
}

/** Metres added around a framed place, and the smallest area framed (a point is not a plan). */
const MARGIN_M = 3
const MIN_SPAN_M = 24

/** The area to frame for a place: its units' outlines and its point, with a margin. */
export function areaOfPlace(place: AlarmPlace, siteModel: SiteModel): LevelArea | null {
  const index = placeIndex(siteModel)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const add = (x: number, y: number): void => {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x)
    maxY = Math.max(maxY, y)
  }
  for (const id of place.unitIds) for (const [x, y] of index.units.get(id)?.outline ?? []) add(x, y)
  if (place.point) add(place.point[0], place.point[1])
  if (minX === Infinity) return null
  const grow = (lo: number, hi: number): [number, number] => {
    const pad = Math.max(MARGIN_M, (MIN_SPAN_M - (hi - lo)) / 2)
    return [lo - pad, hi + pad]
  }
  const [x0, x1] = grow(minX, maxX)
  const [y0, y1] = grow(minY, maxY)
  return [x0, y0, x1, y1]
}

/** The priorities a wall's map follows: high and medium (low alarms are steady, not urgent). */
export const FOLLOWED_PRIORITIES: readonly AlarmPriority[] = ['high', 'medium']

/**
 * The alarm a wall's map follows: an unacknowledged high or medium alarm that has a place — the
 * highest priority, then the oldest, so a second alarm does not pull the map away from the first
 * (the same order the rotation holds on). Null when there is none: the map shows the operator's
 * choice again.
 */
export function followedAlarm(
  alarms: readonly ActiveAlarm[],
  hasPlace: (alarm: ActiveAlarm) => boolean,
): ActiveAlarm | null {
  let best: ActiveAlarm | null = null
  for (const a of alarms) {
    if (a.state !== 'unacknowledged' || !FOLLOWED_PRIORITIES.includes(a.priority)) continue
    if (
      best !== null &&
      (ALARM_PRIORITY_RANK[a.priority] < ALARM_PRIORITY_RANK[best.priority] ||
        (a.priority === best.priority && a.raisedAt >= best.raisedAt))
    )
      continue
    if (hasPlace(a)) best = a
  }
  return best
}

const PRIORITY_WORD: Readonly<Record<AlarmPriority, string>> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' }

/** Why the map shows a place, in the alarm's words: "HIGH · Network device down — SW-1 is down". */
export function alarmReason(alarm: ActiveAlarm): string {
  return `${PRIORITY_WORD[alarm.priority]} · ${alarm.title} — ${alarm.detail}`
}

/** The map request for an alarm's "Show": its level, its footprint framed, the reason; null when it has no place. */
export function mapFocusForAlarm(
  alarm: ActiveAlarm,
  world: PlaceWorld,
): Omit<MapFocus, 'seq' | 'pending'> | null {
  const place = placeOfAlarm(alarm, world)
  if (!place) return null
  return {
    levelId: place.levelId,
    area: areaOfPlace(place, world.siteModel),
    reason: alarmReason(alarm),
    fingerprint: alarm.fingerprint,
  }
}
