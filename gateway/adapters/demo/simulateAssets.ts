/**
 * The demo trust's tracked equipment and staff badges: periodic RTLS reports (jitter inside the room),
 * moves between rooms, state changes, battery drain and replacement, tags that stop reporting for
 * hours and turn up elsewhere.
 */
import type { Asset, AssetState } from '../../../shared/contracts/entities.ts'
import type { Rect } from './demoWorld.ts'
import type { AssetSpec } from './generateAssets.ts'
import { HOUR, clamp, round1, round2, type SimContext } from './simContext.ts'

type RoomRef = {
  readonly unitId: string
  readonly rect: Rect
  readonly areaId: string | null
  readonly levelId: string
  readonly siteId: string
}

type AssetSim = {
  readonly spec: AssetSpec
  entity: Asset
  room: RoomRef
  missingUntil: number | null
}

export type AssetSimulation = {
  /** Every asset as of the start, without emitting. */
  initial(): void
  /** One tick's RTLS reports. */
  tick(): void
  readonly entities: ReadonlyMap<string, Asset>
}

/** `reportsPerTick`: the share of the simulator's event rate spent on RTLS reports, per tick. */
export function createAssetSimulation(ctx: SimContext, reportsPerTick: number): AssetSimulation {
  const { model, prng, stats, now, emit } = ctx
  const { world } = model
  let assetBudget = 0

  const rooms: RoomRef[] = []
  const roomsByArea = new Map<string, RoomRef[]>()
  const roomsByLevel = new Map<string, RoomRef[]>()
  const roomsBySite = new Map<string, RoomRef[]>()
  const roomByUnit = new Map<string, RoomRef>()
  for (const plan of world.levelPlans) {
    for (const ar of plan.assetRooms) {
      const ref: RoomRef = { ...ar, levelId: plan.levelId, siteId: plan.siteId }
      rooms.push(ref)
      roomByUnit.set(ref.unitId, ref)
      const push = (m: Map<string, RoomRef[]>, k: string): void => {
        const list = m.get(k)
        if (list) list.push(ref)
        else m.set(k, [ref])
      }
      if (ref.areaId !== null) push(roomsByArea, ref.areaId)
      push(roomsByLevel, ref.levelId)
      push(roomsBySite, ref.siteId)
    }
  }
  const homeRooms = (spec: AssetSpec): readonly RoomRef[] => {
    const area = roomsByArea.get(spec.homeUnitId)
    if (area) return area
    const lib = roomByUnit.get(spec.homeUnitId)
    return lib ? [lib] : (roomsBySite.get(spec.siteId) ?? rooms)
  }
  const assetSims: AssetSim[] = []
  const assetEntities = new Map<string, Asset>()
  const pointIn = (r: Rect): [number, number] => {
    const m = 0.3
    return [round2(prng.range(r.x0 + m, r.x1 - m)), round2(prng.range(r.y0 + m, r.y1 - m))]
  }
  const setAsset = (a: AssetSim, next: Asset, publish = true): void => {
    a.entity = next
    assetEntities.set(next.id, next)
    if (publish) emit({ topic: 'assets', op: 'upsert', entity: next })
  }
  const placedAt = (room: RoomRef): Pick<Asset, 'siteId' | 'levelId' | 'x' | 'y' | 'zoneId'> => {
    const [x, y] = pointIn(room.rect)
    return { siteId: room.siteId, levelId: room.levelId, x, y, zoneId: room.unitId }
  }

  function initialAssets(): void {
    for (const spec of model.assets) {
      const home = homeRooms(spec)
      const isLibrary = roomsByArea.get(spec.homeUnitId) === undefined
      let room = prng.pick(home)
      if (isLibrary ? prng.chance(0.3) : prng.chance(0.12))
        room = prng.pick(roomsBySite.get(spec.siteId) ?? home)
      const state: AssetState =
        spec.type === 'staff-badge'
          ? 'in-use'
          : isLibrary
            ? prng.weighted<AssetState>({ available: 0.8, cleaning: 0.12, maintenance: 0.08 })
            : prng.weighted<AssetState>({ 'in-use': 0.55, available: 0.33, cleaning: 0.1, maintenance: 0.02 })
      const missing = prng.chance(0.01)
      const a: AssetSim = {
        spec,
        room,
        missingUntil: missing ? now() + Math.round(prng.exponential(12 * HOUR)) : null,
        entity: {
          id: spec.id,
          type: spec.type,
          label: spec.label,
          ...placedAt(room),
          homeUnitId: spec.homeUnitId,
          lastSeen: missing
            ? now() - Math.round(prng.range(1, 72) * HOUR)
            : now() - Math.round(prng.range(0, 120) * 1000),
          battery: spec.reportsBattery ? round1(prng.range(12, 100)) : null,
          state,
        },
      }
      assetSims.push(a)
      setAsset(a, a.entity, false)
    }
  }

  function chooseDestination(a: AssetSim): RoomRef {
    const home = homeRooms(a.spec)
    const away = a.room.areaId !== a.spec.homeUnitId && a.room.unitId !== a.spec.homeUnitId
    if (away && prng.chance(0.6)) return prng.pick(home)
    const r = prng.next()
    if (r < 0.75) return prng.pick(home)
    if (r < 0.9) return prng.pick(roomsByLevel.get(a.room.levelId) ?? home)
    return prng.pick(roomsBySite.get(a.spec.siteId) ?? home)
  }

  function assetReport(): void {
    if (assetSims.length === 0) return
    const a = prng.pick(assetSims)
    if (a.missingUntil !== null) {
      if (now() < a.missingUntil) return // still silent: out of coverage, in a cupboard, or a flat tag
      a.missingUntil = null
      a.room = prng.pick(roomsBySite.get(a.spec.siteId) ?? rooms)
      setAsset(a, {
        ...a.entity,
        ...placedAt(a.room),
        lastSeen: now(),
        battery: a.entity.battery === null ? null : 100,
      })
      return
    }
    if (prng.chance(0.0005)) {
      // Stops reporting: the wall sees its last-seen time age.
      stats.assetsWentMissing += 1
      a.missingUntil =
        now() + Math.round(prng.chance(0.2) ? prng.range(24, 72) * HOUR : prng.exponential(6 * HOUR))
      return
    }
    let next: Asset = { ...a.entity, lastSeen: now() }
    const moveChance = a.spec.type === 'staff-badge' ? 0.35 : 0.08
    if (prng.chance(moveChance)) {
      a.room = chooseDestination(a)
      next = { ...next, ...placedAt(a.room) }
    } else {
      const r = a.room.rect
      next = {
        ...next,
        x: round2(clamp(next.x + prng.normal(0, 0.4), r.x0 + 0.3, r.x1 - 0.3)),
        y: round2(clamp(next.y + prng.normal(0, 0.4), r.y0 + 0.3, r.y1 - 0.3)),
      }
    }
    if (a.spec.type !== 'staff-badge' && prng.chance(0.03)) {
      const s = next.state
      next = {
        ...next,
        state:
          s === 'available'
            ? 'in-use'
            : s === 'in-use'
              ? 'cleaning'
              : s === 'cleaning'
                ? 'available'
                : prng.chance(0.3)
                  ? 'available'
                  : 'maintenance',
      }
    }
    if (next.battery !== null) {
      const drained = next.battery - prng.range(0.002, 0.03)
      next = { ...next, battery: drained < 8 && prng.chance(0.02) ? 100 : round1(Math.max(0, drained)) }
    }
    setAsset(a, next)
  }

  return {
    initial: initialAssets,
    tick(): void {
      assetBudget += reportsPerTick
      while (assetBudget >= 1) {
        assetBudget -= 1
        assetReport()
      }
    },
    entities: assetEntities,
  }
}
