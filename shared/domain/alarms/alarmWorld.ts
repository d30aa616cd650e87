/**
 * The state an alarm engine evaluates against: the replica's entities, indexed the way rules need
 * them (bed → ward via the site model, unit → parent), plus the connection and per-topic freshness.
 * Kept by the engine itself so it can be driven from anywhere a replica lives (Electron hub, page hub).
 */
import type { ConnectionStatus } from '../../contracts/hub.ts'
import type { Asset, Bed, CyberAlert, EntityOf, NetworkDevice, Topic } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'
import type { BedPlace, SiteModel, Unit } from '../../contracts/places.ts'
import type { WaitingEntity } from '../../contracts/waiting.ts'

export type AlarmWorld = {
  readonly beds: Map<string, Bed>
  readonly assets: Map<string, Asset>
  readonly devices: Map<string, NetworkDevice>
  readonly cyber: Map<string, CyberAlert>
  /** No rule reads waiting-list entities yet; kept so every topic has its map. */
  readonly waiting: Map<string, WaitingEntity>
  bedPlaces: Map<string, BedPlace>
  units: Map<string, Unit>
  siteModel: SiteModel | null
  connection: { status: ConnectionStatus; since: number }
  readonly confirmedAt: Record<Topic, number | null>
  /** When the engine started: the reference for feeds never confirmed. */
  readonly startedAt: number
}

export function createAlarmWorld(startedAt: number): AlarmWorld {
  return {
    beds: new Map(),
    assets: new Map(),
    devices: new Map(),
    cyber: new Map(),
    waiting: new Map(),
    bedPlaces: new Map(),
    units: new Map(),
    siteModel: null,
    connection: { status: 'connecting', since: startedAt },
    confirmedAt: { beds: null, assets: null, network: null, cyber: null, waiting: null },
    startedAt,
  }
}

/** The world's entities of one topic, by id. */
export function entitiesOf(world: AlarmWorld, topic: Topic): Map<string, EntityOf[Topic]> {
  switch (topic) {
    case 'beds':
      return world.beds
    case 'assets':
      return world.assets
    case 'network':
      return world.devices
    case 'cyber':
      return world.cyber
    case 'waiting':
      return world.waiting
    default:
      return assertNever(topic, 'topic')
  }
}

export function indexSiteModel(world: AlarmWorld, model: SiteModel | null): void {
  world.siteModel = model
  world.bedPlaces = new Map((model?.beds ?? []).map((b) => [b.id, b]))
  world.units = new Map((model?.units ?? []).map((u) => [u.id, u]))
}

/**
 * The ward or department a unit (room, bay) belongs to: the nearest ancestor of kind ward or
 * department, or the unit itself when the site model does not know it.
 */
export function clinicalUnitOf(world: AlarmWorld, unitId: string): string {
  let current = world.units.get(unitId)
  for (let hops = 0; current !== undefined && hops < 16; hops += 1) {
    if (current.kind === 'ward' || current.kind === 'department') return current.id
    if (current.parentUnitId === null) return current.id
    current = world.units.get(current.parentUnitId)
  }
  return unitId
}

/** Whether `unitId` is `ancestorId` or lies inside it. */
export function isWithinUnit(world: AlarmWorld, unitId: string, ancestorId: string): boolean {
  let id: string | null = unitId
  for (let hops = 0; id !== null && hops < 16; hops += 1) {
    if (id === ancestorId) return true
    id = world.units.get(id)?.parentUnitId ?? null
  }
  return false
}

/** The top-level unit (ward or department) a unit sits in, as the KPI engine's site index has it. */
export function topUnitOf(world: AlarmWorld, unitId: string): string {
  let current = world.units.get(unitId)
  for (let hops = 0; current !== undefined && current.parentUnitId !== null && hops < 16; hops += 1) {
    const parent = world.units.get(current.parentUnitId)
    if (parent === undefined) break
    current = parent
  }
  return current?.id ?? unitId
}
