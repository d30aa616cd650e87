/**
 * The demo trust's dynamics, as a pure function of (seed, start time, simulated time): the adapter
 * calls `step(dtMs)` on its timer, tests call it directly. Time advances in fixed 100 ms ticks, so
 * stepping 1 s once or 100 ms ten times gives the same events.
 *
 * What moves:
 * - beds: admissions (evening peak) and discharges (afternoon peak) around a target occupancy,
 *   housekeeping with requested/started times and a turnaround, terminal cleans after isolation,
 *   escalation beds opened when a site has no free bed and closed again when pressure eases,
 *   bed closures, board-round flags (expected discharge today, NCTR), length of stay;
 * - assets: periodic RTLS reports (jitter inside the room), moves between rooms, state changes,
 *   battery drain and replacement, tags that stop reporting for hours and turn up elsewhere;
 * - network: polling jitter (latency, loss, utilisation, link load), brief degradations, an access
 *   switch failing now and then and taking its access points down until it recovers;
 * - cyber: background alerts, phishing waves, and malware on a ward PC that beacons out and moves
 *   laterally to other PCs; alerts repeat (count, last seen), resolve and are finally removed.
 */
import { assertNever } from '../../../shared/util/assertNever.ts'
import type {
  Asset,
  AssetState,
  Bed,
  BedClosedReason,
  BedStatus,
  CyberAlert,
  CyberSeverity,
  DeviceLink,
  NetworkDevice,
} from '../../../shared/contracts/entities.ts'
import type { BedPlace } from '../../../shared/contracts/places.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type { DemoWorld, Rect } from './demoWorld.ts'
import type { AssetSpec } from './generateAssets.ts'
import type { DemoNetwork, DeviceSpec, HostSpec } from './generateNetwork.ts'
import { createLondonClock } from './londonClock.ts'
import type { Prng } from './prng.ts'
import { createPrng } from './prng.ts'
import { EventQueue } from './scheduler.ts'

/** Everything generated once from the seed; shared by every simulator run. */
export type DemoModel = {
  readonly seed: number
  readonly scale: number
  readonly world: DemoWorld
  readonly network: DemoNetwork
  readonly assets: readonly AssetSpec[]
}

export type DemoSimulatorOptions = {
  /** Simulated epoch ms of the first tick (the adapter uses its clock at start). */
  readonly startAt: number
  /** Approximate events per second, on average (beds and cyber come on top at hospital pace). */
  readonly rate: number
  /** Names the cyber alerts' `source`. */
  readonly sourceId: string
  /** Scripted incidents, on top of the random ones. */
  readonly drills?: readonly { readonly kind: 'switch-failure'; readonly afterSeconds: number }[]
}

export type DemoSimulator = {
  /** Simulated time, epoch ms. */
  now(): number
  /** Upserts of every entity as of the start (call once, before stepping). */
  initialOps(): SourceOp[]
  /** Advances simulated time by `dtMs` and returns the operations that happened. */
  step(dtMs: number): SourceOp[]
  /** Read-only views of the current state, for tests and diagnostics. */
  beds(): ReadonlyMap<string, Bed>
  assets(): ReadonlyMap<string, Asset>
  devices(): ReadonlyMap<string, NetworkDevice>
  alerts(): ReadonlyMap<string, CyberAlert>
  /** Counters of notable happenings since the start. */
  stats(): Readonly<DemoStats>
}

export type DemoStats = {
  admissions: number
  discharges: number
  cleansCompleted: number
  escalationOpened: number
  escalationClosed: number
  switchFailures: number
  assetsWentMissing: number
  alertsRaised: number
}

export const TICK_MS = 100
const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Occupancy the admissions controller steers towards, on average over a day: typical of an English
 * acute trust in winter. The day swings a few points around it — lowest mid-afternoon when
 * discharges peak, highest before the morning board round.
 */
const TARGET_OCCUPANCY = 0.93
/** How hard admissions lean against the gap to the target (per unit of occupancy). */
const CONTROLLER_GAIN = 6
const MEAN_LOS_DAYS = 4.5
/** Share of the `rate` budget spent on RTLS reports; the rest is network polling. */
const ASSET_SHARE = 0.65

/** Discharges by local hour: few before the ward round, a peak mid-afternoon. */
const DISCHARGE_PROFILE = normalise([
  0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.1, 0.2, 0.4, 0.7, 1.1, 1.5, 1.9, 2.3, 2.7, 2.9, 2.7, 2.2, 1.6, 1.0,
  0.6, 0.35, 0.2, 0.1,
])
/** Admissions by local hour: flows from ED and assessment units, highest late afternoon to evening. */
const ADMISSION_PROFILE = normalise([
  0.55, 0.45, 0.4, 0.35, 0.33, 0.33, 0.4, 0.55, 0.75, 0.95, 1.15, 1.25, 1.35, 1.4, 1.45, 1.5, 1.55, 1.55, 1.5,
  1.45, 1.35, 1.15, 0.95, 0.75,
])

function normalise(values: readonly number[]): readonly number[] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  return values.map((v) => v / mean)
}

type BedSim = {
  readonly place: BedPlace
  readonly siteIndex: number
  entity: Bed
  admittedAt: number | null
  /** The local day the board round last looked at this bed. */
  roundDay: number
}

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

type DeviceSim = {
  readonly spec: DeviceSpec
  entity: NetworkDevice
  failed: boolean
  degradedUntil: number | null
}

type AlertSim = { entity: CyberAlert; resolved: boolean }

const OCCUPIED_STATUSES: ReadonlySet<BedStatus> = new Set(['occupied', 'isolated', 'reserved'])

export function createDemoSimulator(model: DemoModel, options: DemoSimulatorOptions): DemoSimulator {
  const prng: Prng = createPrng(model.seed).fork('simulation')
  const clock = createLondonClock()
  const queue = new EventQueue()
  const startAt = Math.round(options.startAt)
  const rate = Math.max(0, options.rate)
  const { world, network } = model
  let tick = 0
  let t = startAt
  let out: SourceOp[] = []
  const stats: DemoStats = {
    admissions: 0,
    discharges: 0,
    cleansCompleted: 0,
    escalationOpened: 0,
    escalationClosed: 0,
    switchFailures: 0,
    assetsWentMissing: 0,
    alertsRaised: 0,
  }

  // -------------------------------------------------------------------------------------------
  // Beds

  const siteIndex = new Map(world.siteModel.sites.map((s, i) => [s.id, i]))
  const siteCount = world.siteModel.sites.length
  const bedSims: BedSim[] = []
  const bedsBySite: BedSim[][] = world.siteModel.sites.map(() => [])
  const bedEntities = new Map<string, Bed>()
  /** Occupied (incl. isolated and reserved) and open (not closed) beds, per site. */
  const occupied = new Array<number>(siteCount).fill(0)
  const open = new Array<number>(siteCount).fill(0)

  const countBed = (b: BedSim, sign: 1 | -1): void => {
    if (OCCUPIED_STATUSES.has(b.entity.status)) occupied[b.siteIndex] = (occupied[b.siteIndex] ?? 0) + sign
    if (b.entity.status !== 'closed') open[b.siteIndex] = (open[b.siteIndex] ?? 0) + sign
  }
  const setBed = (b: BedSim, next: Bed, emit = true): void => {
    countBed(b, -1)
    b.entity = next
    countBed(b, 1)
    bedEntities.set(next.id, next)
    if (emit) out.push({ topic: 'beds', op: 'upsert', entity: next })
  }
  const changeStatus = (b: BedSim, status: BedStatus, changes: Partial<Bed> = {}): void => {
    setBed(b, {
      ...b.entity,
      closedReason: null,
      housekeeping: null,
      ...changes,
      status,
      statusSince: t,
      updatedAt: t,
    })
  }
  const occupancy = (site?: number): number => {
    if (site !== undefined) return (occupied[site] ?? 0) / Math.max(1, open[site] ?? 0)
    let o = 0
    let n = 0
    for (let i = 0; i < siteCount; i++) {
      o += occupied[i] ?? 0
      n += open[i] ?? 0
    }
    return o / Math.max(1, n)
  }
  const totalOccupied = (): number => occupied.reduce((s, v) => s + v, 0)

  const sampleLosDays = (): number =>
    prng.chance(0.1) ? prng.exponential(20) : prng.exponential(MEAN_LOS_DAYS)

  function initialBeds(): void {
    const hour = clock.hour(t)
    // The last board round the initial flags stand for: today's once 08:00 has passed (the flags
    // below are sampled as if it ran), else yesterday's — so a simulator started at 06:00 still
    // runs today's round at 08:00 instead of counting it as done and leaving discharges at 0.
    const lastRoundDay = hour >= 8 ? clock.day(t) : clock.day(t) - 1
    for (const place of world.siteModel.beds) {
      const si = siteIndex.get(place.siteId) ?? 0
      const base: Bed = {
        id: place.id,
        status: 'unoccupied',
        statusSince: t - Math.round(prng.range(5, 180) * MINUTE),
        closedReason: null,
        housekeeping: null,
        escalationOpen: false,
        nctr: false,
        expectedDischargeToday: false,
        lengthOfStayDays: null,
        updatedAt: t,
      }
      const b: BedSim = { place, siteIndex: si, entity: base, admittedAt: null, roundDay: lastRoundDay }
      countBed(b, 1)
      bedSims.push(b)
      bedsBySite[si]?.push(b)
      let entity: Bed = base
      const occupy = (status: 'occupied' | 'isolated'): void => {
        const los = sampleLosDays()
        const admittedAt = t - Math.round(los * DAY)
        const days = Math.floor(los)
        b.admittedAt = admittedAt
        const nctr = days >= 2 && prng.chance(Math.min(0.55, 0.03 * days))
        entity = {
          ...base,
          status,
          statusSince: admittedAt,
          escalationOpen: place.escalation,
          nctr,
          expectedDischargeToday: hour >= 8 && hour < 20 && days >= 1 && prng.chance(nctr ? 0.08 : 0.25),
          lengthOfStayDays: days,
        }
      }
      if (place.escalation) {
        if (prng.chance(0.25)) occupy('occupied')
        else entity = { ...base, status: 'closed', closedReason: 'staffing' }
      } else {
        const r = prng.next()
        if (r < 0.015)
          entity = {
            ...base,
            status: 'closed',
            closedReason: prng.pick<BedClosedReason>([
              'infection-dv',
              'infection-other',
              'staffing',
              'estates',
            ]),
          }
        else if (r < 0.035) {
          const requestedAt = t - Math.round(prng.range(1, 50) * MINUTE)
          const started = prng.chance(0.5)
          entity = {
            ...base,
            status: 'housekeeping',
            statusSince: requestedAt,
            housekeeping: {
              requestedAt,
              startedAt: started ? Math.min(t, requestedAt + Math.round(prng.range(5, 30) * MINUTE)) : null,
            },
          }
          scheduleCleaning(b, requestedAt, started)
        } else if (r < 0.045) {
          entity = { ...base, status: 'reserved', statusSince: t - Math.round(prng.range(1, 40) * MINUTE) }
          queue.schedule(t + Math.round(prng.range(5, 60) * MINUTE), () => arrive(b))
        } else if (r < 0.955) occupy(place.sideRoom && prng.chance(0.3) ? 'isolated' : 'occupied')
      }
      setBed(b, entity, false)
    }
  }

  function scheduleCleaning(b: BedSim, requestedAt: number, started: boolean, deep = false): void {
    const startIn = started
      ? 0
      : Math.max(MINUTE, requestedAt + Math.round((5 + prng.exponential(22)) * MINUTE) - t)
    const cleanFor = Math.round(prng.range(deep ? 60 : 20, deep ? 100 : 45) * MINUTE)
    if (!started) {
      queue.schedule(t + startIn, () => {
        const hk = b.entity.housekeeping
        if (b.entity.status !== 'housekeeping' || hk === null) return
        setBed(b, { ...b.entity, housekeeping: { requestedAt: hk.requestedAt, startedAt: t }, updatedAt: t })
      })
    }
    queue.schedule(t + startIn + cleanFor, () => {
      if (b.entity.status !== 'housekeeping') return
      stats.cleansCompleted += 1
      // An emptied escalation bed closes again once its site is off the boil.
      if (b.place.escalation && occupancy(b.siteIndex) < TARGET_OCCUPANCY) {
        stats.escalationClosed += 1
        changeStatus(b, 'closed', { closedReason: 'staffing', escalationOpen: false })
      } else changeStatus(b, 'unoccupied', { escalationOpen: b.place.escalation })
    })
  }

  /** A reserved bed's patient arrives from ED or theatre recovery. */
  function arrive(b: BedSim): void {
    if (b.entity.status !== 'reserved') return
    b.admittedAt = t
    changeStatus(b, b.place.sideRoom && prng.chance(0.15) ? 'isolated' : 'occupied', {
      escalationOpen: b.place.escalation,
      lengthOfStayDays: 0,
      nctr: false,
      expectedDischargeToday: false,
    })
  }

  function admit(): void {
    const sex: 'male' | 'female' = prng.chance(0.5) ? 'male' : 'female'
    // Choose a site in proportion to its open beds, then sample its beds for a free one.
    let site = 0
    let r = prng.next() * open.reduce((s, v) => s + v, 0)
    for (let i = 0; i < siteCount; i++) {
      r -= open[i] ?? 0
      if (r < 0) {
        site = i
        break
      }
    }
    const beds = bedsBySite[site] ?? []
    if (beds.length === 0) return
    const fits = (b: BedSim): boolean =>
      b.entity.status === 'unoccupied' && (b.place.sexOfBay === 'mixed' || b.place.sexOfBay === sex)
    let chosen: BedSim | undefined
    for (let i = 0; i < 24 && chosen === undefined; i++) {
      const b = prng.pick(beds)
      if (fits(b)) chosen = b
    }
    if (chosen === undefined) {
      // Sampling missed: look properly, from a random start so the same ward is not always first.
      const from = prng.int(0, beds.length - 1)
      for (let i = 0; i < beds.length && chosen === undefined; i++) {
        const b = beds[(from + i) % beds.length] as BedSim
        if (fits(b)) chosen = b
      }
    }
    if (chosen === undefined) {
      // No bed on the site: open an escalation bed (the site manager's call under pressure).
      const from = prng.int(0, beds.length - 1)
      for (let i = 0; i < beds.length && chosen === undefined; i++) {
        const b = beds[(from + i) % beds.length] as BedSim
        if (b.place.escalation && b.entity.status === 'closed') chosen = b
      }
      if (chosen === undefined) return // the patient waits in ED; the next admission tries again
      stats.escalationOpened += 1
      changeStatus(chosen, 'unoccupied', { escalationOpen: true })
    }
    stats.admissions += 1
    if (prng.chance(0.35)) {
      changeStatus(chosen, 'reserved', { escalationOpen: chosen.place.escalation })
      const b = chosen
      queue.schedule(t + Math.round(prng.range(20, 90) * MINUTE), () => arrive(b))
    } else {
      chosen.admittedAt = t
      changeStatus(chosen, chosen.place.sideRoom && prng.chance(0.15) ? 'isolated' : 'occupied', {
        escalationOpen: chosen.place.escalation,
        lengthOfStayDays: 0,
        nctr: false,
        expectedDischargeToday: false,
      })
    }
  }

  function discharge(): void {
    let best: BedSim | undefined
    let bestWeight = 0
    for (let i = 0; i < 6; i++) {
      const b = prng.pick(bedSims)
      const s = b.entity.status
      if (s !== 'occupied' && s !== 'isolated') continue
      if (b.admittedAt !== null && t - b.admittedAt < 4 * HOUR) continue
      const w = (b.entity.expectedDischargeToday ? 5 : 1) * (b.entity.nctr ? 0.3 : 1) * prng.range(0.5, 1)
      if (w > bestWeight) {
        best = b
        bestWeight = w
      }
    }
    if (best === undefined) return
    stats.discharges += 1
    const b = best
    b.admittedAt = null
    const flags = { nctr: false, expectedDischargeToday: false, lengthOfStayDays: null }
    if (b.entity.status === 'isolated') {
      // An infectious patient's room needs a terminal clean before the next patient.
      changeStatus(b, 'contaminated', flags)
      queue.schedule(t + Math.round(prng.range(10, 40) * MINUTE), () => {
        if (b.entity.status !== 'contaminated') return
        changeStatus(b, 'housekeeping', { housekeeping: { requestedAt: t, startedAt: null } })
        scheduleCleaning(b, t, false, true)
      })
    } else {
      changeStatus(b, 'housekeeping', { ...flags, housekeeping: { requestedAt: t, startedAt: null } })
      scheduleCleaning(b, t, false)
    }
  }

  function closeRandomBed(): void {
    // Only an empty core bed can be closed; most beds are occupied, so look for one.
    let b: BedSim | undefined
    for (let i = 0; i < 40 && b === undefined; i++) {
      const candidate = prng.pick(bedSims)
      if (!candidate.place.escalation && candidate.entity.status === 'unoccupied') b = candidate
    }
    if (b === undefined) return
    const bed = b
    changeStatus(bed, 'closed', {
      closedReason: prng.weighted<BedClosedReason>({
        'infection-dv': 0.3,
        'infection-other': 0.2,
        staffing: 0.3,
        estates: 0.2,
      }),
    })
    queue.schedule(t + Math.round(prng.range(2, 12) * HOUR), () => {
      if (bed.entity.status === 'closed') changeStatus(bed, 'unoccupied')
    })
  }

  /** Board round and length of stay: a sweep over every bed each 10 simulated minutes. */
  let sweepCursor = 0
  let sweepBudget = 0
  const SWEEP_PERIOD_TICKS = (10 * MINUTE) / TICK_MS
  function sweepBeds(): void {
    sweepBudget += bedSims.length / SWEEP_PERIOD_TICKS
    const day = clock.day(t)
    const hour = clock.hour(t)
    while (sweepBudget >= 1) {
      sweepBudget -= 1
      const b = bedSims[sweepCursor] as BedSim
      sweepCursor = (sweepCursor + 1) % bedSims.length
      const e = b.entity
      if (e.status !== 'occupied' && e.status !== 'isolated') {
        // An empty bed has no one to review today; a patient admitted before the round still gets one.
        if (hour >= 8) b.roundDay = day
        continue
      }
      let next = e
      if (b.admittedAt !== null) {
        const los = Math.floor((t - b.admittedAt) / DAY)
        if (los !== e.lengthOfStayDays) next = { ...next, lengthOfStayDays: los }
      }
      if (b.roundDay !== day && hour < 8 && next.expectedDischargeToday)
        next = { ...next, expectedDischargeToday: false }
      if (b.roundDay !== day && hour >= 8) {
        b.roundDay = day
        const los = next.lengthOfStayDays ?? 0
        const nctr = next.nctr || (los >= 2 && prng.chance(0.04))
        const edd = los >= 1 && prng.chance(nctr ? 0.1 : 0.3)
        if (nctr !== next.nctr || edd !== next.expectedDischargeToday)
          next = { ...next, nctr, expectedDischargeToday: edd }
      }
      if (next !== e) setBed(b, { ...next, updatedAt: t })
    }
  }

  // -------------------------------------------------------------------------------------------
  // Assets

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
  const setAsset = (a: AssetSim, next: Asset, emit = true): void => {
    a.entity = next
    assetEntities.set(next.id, next)
    if (emit) out.push({ topic: 'assets', op: 'upsert', entity: next })
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
        missingUntil: missing ? t + Math.round(prng.exponential(12 * HOUR)) : null,
        entity: {
          id: spec.id,
          type: spec.type,
          label: spec.label,
          ...placedAt(room),
          homeUnitId: spec.homeUnitId,
          lastSeen: missing
            ? t - Math.round(prng.range(1, 72) * HOUR)
            : t - Math.round(prng.range(0, 120) * 1000),
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
      if (t < a.missingUntil) return // still silent: out of coverage, in a cupboard, or a flat tag
      a.missingUntil = null
      a.room = prng.pick(roomsBySite.get(a.spec.siteId) ?? rooms)
      setAsset(a, {
        ...a.entity,
        ...placedAt(a.room),
        lastSeen: t,
        battery: a.entity.battery === null ? null : 100,
      })
      return
    }
    if (prng.chance(0.0005)) {
      // Stops reporting: the wall sees its last-seen time age.
      stats.assetsWentMissing += 1
      a.missingUntil =
        t + Math.round(prng.chance(0.2) ? prng.range(24, 72) * HOUR : prng.exponential(6 * HOUR))
      return
    }
    let next: Asset = { ...a.entity, lastSeen: t }
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

  // -------------------------------------------------------------------------------------------
  // Network

  const deviceSims: DeviceSim[] = []
  const devicesById = new Map<string, DeviceSim>()
  const deviceEntities = new Map<string, NetworkDevice>()
  const childrenOf = new Map<string, DeviceSim[]>()
  const setDevice = (d: DeviceSim, next: NetworkDevice, emit = true): void => {
    d.entity = next
    deviceEntities.set(next.id, next)
    if (emit) out.push({ topic: 'network', op: 'upsert', entity: next })
  }
  const diurnal = (): number => {
    const h = clock.hour(t)
    return h >= 8 && h < 18 ? 1.25 : h >= 18 && h < 23 ? 0.9 : 0.6
  }

  function initialDevices(): void {
    for (const spec of network.devices) {
      const d: DeviceSim = {
        spec,
        failed: false,
        degradedUntil: null,
        entity: {
          id: spec.id,
          name: spec.name,
          kind: spec.kind,
          siteId: spec.siteId,
          levelId: spec.levelId,
          x: spec.x,
          y: spec.y,
          status: 'up',
          statusSince: t - Math.round(prng.range(1, 60) * DAY),
          latencyMs: spec.baseLatencyMs,
          lossPct: 0,
          utilisationPct: spec.baseUtilisationPct,
          uplinkId: spec.uplinkId,
          links: spec.links.map((l) => ({
            peerId: l.peerId,
            ifName: l.ifName,
            status: 'up',
            utilisationPct: round1(spec.baseUtilisationPct * prng.range(0.3, 1)),
          })),
          servesUnitIds: [...spec.servesUnitIds],
          address: spec.address,
          lastPolledAt: t - Math.round(prng.range(0, 60) * 1000),
        },
      }
      deviceSims.push(d)
      devicesById.set(spec.id, d)
      if (spec.uplinkId !== null) {
        const list = childrenOf.get(spec.uplinkId)
        if (list) list.push(d)
        else childrenOf.set(spec.uplinkId, [d])
      }
      setDevice(d, d.entity, false)
    }
  }

  function poll(): void {
    if (deviceSims.length === 0) return
    const d = prng.pick(deviceSims)
    if (d.failed) return // a dead device answers no poll
    const e = d.entity
    let status = e.status
    let statusSince = e.statusSince
    if (d.degradedUntil !== null && t >= d.degradedUntil) {
      d.degradedUntil = null
      status = 'up'
      statusSince = t
    } else if (d.degradedUntil === null && prng.chance(0.002)) {
      d.degradedUntil = t + Math.round((2 + prng.exponential(8)) * MINUTE)
      status = 'degraded'
      statusSince = t
    }
    const degraded = status === 'degraded'
    const util = clamp(
      d.spec.baseUtilisationPct * diurnal() + prng.normal(0, 4) + (degraded ? 35 : 0),
      0,
      100,
    )
    setDevice(d, {
      ...e,
      status,
      statusSince,
      latencyMs: round2(d.spec.baseLatencyMs * Math.exp(prng.normal(0, 0.25)) * (degraded ? 12 : 1)),
      lossPct: degraded ? round1(prng.range(1, 9)) : prng.chance(0.04) ? 0.1 : 0,
      utilisationPct: round1(util),
      links: e.links.map((l) =>
        l.status === 'up' ? { ...l, utilisationPct: round1(clamp(util * prng.range(0.3, 1.1), 0, 100)) } : l,
      ),
      lastPolledAt: t,
    })
  }

  const setLink = (d: DeviceSim, peerId: string, status: DeviceLink['status']): DeviceLink[] =>
    d.entity.links.map((l) =>
      l.peerId === peerId ? { ...l, status, utilisationPct: status === 'up' ? l.utilisationPct : null } : l,
    )

  /** An access switch dies (PSU, a bad firmware push) and every AP on it goes dark. */
  function failSwitch(): void {
    const candidates = deviceSims.filter(
      (d) =>
        d.spec.kind === 'access-switch' &&
        !d.failed &&
        (childrenOf.get(d.spec.id) ?? []).some((c) => c.spec.kind === 'access-point'),
    )
    const sw = candidates.length > 0 ? prng.pick(candidates) : undefined
    if (sw === undefined) return
    stats.switchFailures += 1
    const down = (d: DeviceSim, peerIds: readonly string[]): void => {
      d.failed = true
      d.degradedUntil = null
      setDevice(d, {
        ...d.entity,
        status: 'down',
        statusSince: t,
        latencyMs: null,
        lossPct: 100,
        utilisationPct: null,
        links: d.entity.links.map((l) =>
          peerIds.includes(l.peerId) || peerIds.length === 0
            ? { ...l, status: 'down', utilisationPct: null }
            : l,
        ),
      })
    }
    down(sw, [])
    const aps = childrenOf.get(sw.spec.id) ?? []
    for (const ap of aps) down(ap, [sw.spec.id])
    const up = sw.spec.uplinkId === null ? undefined : devicesById.get(sw.spec.uplinkId)
    if (up && !up.failed) setDevice(up, { ...up.entity, links: setLink(up, sw.spec.id, 'down') })
    queue.schedule(t + Math.round(prng.range(4, 20) * MINUTE), () => {
      const recover = (d: DeviceSim): void => {
        d.failed = false
        setDevice(d, {
          ...d.entity,
          status: 'up',
          statusSince: t,
          latencyMs: d.spec.baseLatencyMs,
          lossPct: 0,
          utilisationPct: d.spec.baseUtilisationPct,
          links: d.entity.links.map((l) => ({
            ...l,
            status: 'up',
            utilisationPct: round1(d.spec.baseUtilisationPct),
          })),
          lastPolledAt: t,
        })
      }
      recover(sw)
      for (const ap of aps) recover(ap)
      const upNow = sw.spec.uplinkId === null ? undefined : devicesById.get(sw.spec.uplinkId)
      if (upNow && !upNow.failed)
        setDevice(upNow, { ...upNow.entity, links: setLink(upNow, sw.spec.id, 'up') })
    })
  }

  const scheduleSwitchFailure = (): void => {
    // Roughly one failure every 1.5 h at scale 1; bigger trusts have more switches to fail.
    const mean = (90 * MINUTE) / Math.sqrt(Math.max(1, model.scale))
    queue.schedule(t + Math.round(prng.exponential(mean)) + 5 * MINUTE, () => {
      failSwitch()
      scheduleSwitchFailure()
    })
  }

  // -------------------------------------------------------------------------------------------
  // Cyber

  const alertSims = new Map<string, AlertSim>()
  const alertEntities = new Map<string, CyberAlert>()
  let alertCounter = 0
  const workstations = network.hosts.filter((h) => h.kind === 'workstation')
  const servers = network.hosts.filter((h) => h.kind === 'server')

  type AlertTemplate = {
    readonly severity: CyberSeverity
    readonly category: string
    readonly title: string
    readonly tactic: string | null
    readonly technique: string | null
  }

  function raise(host: HostSpec, tpl: AlertTemplate, emit = true, at = t): AlertSim {
    alertCounter += 1
    stats.alertsRaised += 1
    const id = `demo-cy-${String(alertCounter).padStart(6, '0')}`
    const entity: CyberAlert = {
      id,
      source: options.sourceId,
      severity: tpl.severity,
      category: tpl.category,
      // The host name is redacted for roles other than it/admin, so titles say what kind of host
      // it is, never which one.
      title: tpl.title.replace('{host}', hostNoun(host)).slice(0, 200),
      tactic: tpl.tactic,
      technique: tpl.technique,
      host: host.host,
      deviceId: host.deviceId,
      siteId: host.siteId,
      unitId: host.unitId,
      firstSeen: at,
      lastSeen: at,
      count: 1,
      status: 'new',
      ack: null,
    }
    const sim: AlertSim = { entity, resolved: false }
    alertSims.set(id, sim)
    alertEntities.set(id, entity)
    if (emit) out.push({ topic: 'cyber', op: 'upsert', entity })
    // The SOC closes most alerts within hours; the entity is dropped a day after it was first seen.
    const resolveAt = Math.max(t + MINUTE, at + Math.round(prng.range(0.5, 8) * HOUR))
    queue.schedule(resolveAt, () => patchAlert(sim, { status: 'resolved' }))
    queue.schedule(Math.max(t + MINUTE, at + DAY), () => {
      alertSims.delete(id)
      alertEntities.delete(id)
      out.push({ topic: 'cyber', op: 'remove', id })
    })
    return sim
  }

  /** Patches (never upserts) a live alert, so an operator's acknowledgement recorded by the gateway survives. */
  function patchAlert(
    sim: AlertSim,
    changes: Partial<Pick<CyberAlert, 'status' | 'count' | 'lastSeen'>>,
  ): void {
    if (!alertSims.has(sim.entity.id) || sim.resolved) return
    if (changes.status === 'resolved') sim.resolved = true
    sim.entity = { ...sim.entity, ...changes }
    alertEntities.set(sim.entity.id, sim.entity)
    out.push({ topic: 'cyber', op: 'patch', id: sim.entity.id, changes })
  }

  function repeat(sim: AlertSim): void {
    patchAlert(sim, { count: sim.entity.count + 1, lastSeen: t })
  }

  const BACKGROUND: readonly (AlertTemplate & { readonly weight: number; readonly server: boolean })[] = [
    {
      weight: 3,
      server: true,
      severity: 'low',
      category: 'reconnaissance',
      title: 'Inbound port scan against {host}',
      tactic: 'TA0043',
      technique: 'T1595.001',
    },
    {
      weight: 2,
      server: true,
      severity: 'medium',
      category: 'brute-force',
      title: 'Repeated failed logons to {host}',
      tactic: 'TA0006',
      technique: 'T1110.001',
    },
    {
      weight: 2,
      server: false,
      severity: 'low',
      category: 'policy-violation',
      title: 'Unapproved USB storage connected to {host}',
      tactic: null,
      technique: null,
    },
    {
      weight: 2,
      server: false,
      severity: 'medium',
      category: 'suspicious-login',
      title: 'Sign-in from an unfamiliar location on {host}',
      tactic: 'TA0001',
      technique: 'T1078',
    },
    {
      weight: 1,
      server: false,
      severity: 'medium',
      category: 'malware',
      title: 'Potentially unwanted application quarantined on {host}',
      tactic: 'TA0002',
      technique: 'T1204.002',
    },
    {
      weight: 1,
      server: true,
      severity: 'medium',
      category: 'command-and-control',
      title: 'DNS queries to a newly registered domain from {host}',
      tactic: 'TA0011',
      technique: 'T1071.004',
    },
    {
      weight: 2,
      server: true,
      severity: 'info',
      category: 'vulnerability',
      title: 'Missing critical patch reported on {host}',
      tactic: null,
      technique: null,
    },
  ]

  function backgroundAlert(): void {
    const open = [...alertSims.values()].filter((a) => !a.resolved)
    if (open.length > 0 && prng.chance(0.3)) {
      repeat(prng.pick(open))
      return
    }
    let r = prng.next() * BACKGROUND.reduce((s, b) => s + b.weight, 0)
    let tpl = BACKGROUND[0] as (typeof BACKGROUND)[number]
    for (const b of BACKGROUND) {
      r -= b.weight
      if (r < 0) {
        tpl = b
        break
      }
    }
    const pool = tpl.server && servers.length > 0 && prng.chance(0.7) ? servers : workstations
    if (pool.length > 0) raise(prng.pick(pool), tpl)
  }

  const PHISHING_SUBJECTS = [
    'Invoice overdue — action required',
    'NHSmail password expiry notice',
    'Payroll: updated payslip available',
    'Shared document: Rota changes',
    'Parcel delivery failed',
  ]

  function phishingWave(): void {
    if (workstations.length === 0) return
    const subject = prng.pick(PHISHING_SUBJECTS)
    const count = Math.round(prng.int(8, 25) * Math.sqrt(Math.max(1, model.scale)))
    for (let i = 0; i < count; i++) {
      const host = prng.pick(workstations)
      queue.schedule(t + Math.round(prng.range(0, 15) * MINUTE), () => {
        const clicked = prng.chance(0.25)
        raise(host, {
          severity: clicked ? 'high' : 'medium',
          category: 'phishing',
          title: clicked
            ? `Link in phishing email "${subject}" clicked on {host}`
            : `Phishing email "${subject}" delivered to a user of {host}`,
          tactic: 'TA0001',
          technique: clicked ? 'T1566.002' : 'T1566.001',
        })
        if (clicked && prng.chance(0.4)) {
          queue.schedule(t + Math.round(prng.range(5, 20) * MINUTE), () =>
            raise(host, {
              severity: 'high',
              category: 'credential-access',
              title: 'Sign-in with harvested credentials after a phishing click on {host}',
              tactic: 'TA0006',
              technique: 'T1078',
            }),
          )
        }
      })
    }
    queue.schedule(t + Math.round((2 + prng.exponential(4)) * HOUR), phishingWave)
  }

  function malwareOutbreak(): void {
    const wardPcs = workstations.filter((w) => w.unitId !== null && /-w\d+$/.test(w.unitId))
    if (wardPcs.length === 0) return
    const patient0 = prng.pick(wardPcs)
    raise(patient0, {
      severity: 'high',
      category: 'malware',
      title: 'Malicious macro executed on {host}',
      tactic: 'TA0002',
      technique: 'T1204.002',
    })
    const at = (min: number, max: number): number => t + Math.round(prng.range(min, max) * MINUTE)
    queue.schedule(at(2, 6), () => {
      const c2 = raise(patient0, {
        severity: 'critical',
        category: 'command-and-control',
        title: 'Beaconing to known C2 infrastructure from {host}',
        tactic: 'TA0011',
        technique: 'T1071.001',
      })
      // The beacon keeps firing every few minutes until the SOC contains the host.
      const beacon = (): void => {
        if (c2.resolved || !alertSims.has(c2.entity.id)) return
        repeat(c2)
        queue.schedule(at(2, 5), beacon)
      }
      queue.schedule(at(2, 5), beacon)
    })
    queue.schedule(at(5, 12), () =>
      raise(patient0, {
        severity: 'medium',
        category: 'discovery',
        title: 'Network share enumeration from {host}',
        tactic: 'TA0007',
        technique: 'T1135',
      }),
    )
    const sameSite = workstations.filter((w) => w.siteId === patient0.siteId && w.host !== patient0.host)
    const hops = Math.min(sameSite.length, prng.int(2, 4))
    for (let i = 0; i < hops; i++) {
      const target = prng.pick(sameSite)
      queue.schedule(at(8, 25), () =>
        raise(target, {
          severity: 'high',
          category: 'lateral-movement',
          title: 'SMB lateral movement to {host} from another infected PC',
          tactic: 'TA0008',
          technique: 'T1021.002',
        }),
      )
    }
    queue.schedule(at(15, 30), () =>
      raise(patient0, {
        severity: 'critical',
        category: 'credential-access',
        title: 'LSASS memory read on {host}',
        tactic: 'TA0006',
        technique: 'T1003.001',
      }),
    )
    queue.schedule(t + Math.round((4 + prng.exponential(6)) * HOUR), malwareOutbreak)
  }

  function initialAlerts(): void {
    const n = prng.int(8, 15)
    for (let i = 0; i < n; i++) {
      const tpl = prng.pick(BACKGROUND)
      const pool = tpl.server && servers.length > 0 ? servers : workstations
      if (pool.length === 0) continue
      const at = t - Math.round(prng.range(10, 20 * 60) * MINUTE)
      const sim = raise(prng.pick(pool), tpl, false, at)
      if (at < t - 8 * HOUR) {
        sim.resolved = true
        sim.entity = { ...sim.entity, status: 'resolved' }
      }
      sim.entity = {
        ...sim.entity,
        count: prng.int(1, 6),
        lastSeen: Math.min(t, at + Math.round(prng.range(0, 120) * MINUTE)),
      }
      alertEntities.set(sim.entity.id, sim.entity)
    }
  }

  // -------------------------------------------------------------------------------------------
  // The clock

  let assetBudget = 0
  let pollBudget = 0
  const assetPerTick = (rate * ASSET_SHARE * TICK_MS) / 1000
  const pollPerTick = (rate * (1 - ASSET_SHARE) * TICK_MS) / 1000
  const closuresPerMs = (6 * model.scale) / DAY
  const backgroundAlertsPerMs = (4 * model.scale) / HOUR

  /** Fires with probability `expected` (which is < 1 per tick at any sane setting), or more. */
  const occurrences = (expected: number): number => {
    let n = Math.floor(expected)
    if (prng.chance(expected - n)) n += 1
    return n
  }

  function runTick(): void {
    tick += 1
    t = startAt + tick * TICK_MS
    for (let e = queue.popDue(t); e !== undefined; e = queue.popDue(t)) e.run()
    const hour = clock.hour(t)
    const dischargesPerMs = totalOccupied() / (MEAN_LOS_DAYS * DAY)
    const nDis = occurrences(dischargesPerMs * (DISCHARGE_PROFILE[hour] ?? 1) * TICK_MS)
    for (let i = 0; i < nDis; i++) discharge()
    const correction = Math.max(0, 1 + CONTROLLER_GAIN * (TARGET_OCCUPANCY - occupancy()))
    const nAdm = occurrences(dischargesPerMs * correction * (ADMISSION_PROFILE[hour] ?? 1) * TICK_MS)
    for (let i = 0; i < nAdm; i++) admit()
    if (prng.chance(closuresPerMs * TICK_MS)) closeRandomBed()
    if (prng.chance(backgroundAlertsPerMs * TICK_MS)) backgroundAlert()
    sweepBeds()
    assetBudget += assetPerTick
    while (assetBudget >= 1) {
      assetBudget -= 1
      assetReport()
    }
    pollBudget += pollPerTick
    while (pollBudget >= 1) {
      pollBudget -= 1
      poll()
    }
  }

  let started = false
  let acc = 0

  return {
    now: () => t,
    initialOps(): SourceOp[] {
      if (started) throw new Error('initialOps() called twice')
      started = true
      initialBeds()
      initialAssets()
      initialDevices()
      initialAlerts()
      scheduleSwitchFailure()
      for (const drill of options.drills ?? []) {
        switch (drill.kind) {
          case 'switch-failure':
            queue.schedule(t + Math.round(drill.afterSeconds * 1000), failSwitch)
            break
          default:
            assertNever(drill.kind, 'drill')
        }
      }
      queue.schedule(t + Math.round(prng.range(5, 25) * MINUTE), phishingWave)
      queue.schedule(t + Math.round(prng.range(20, 60) * MINUTE), malwareOutbreak)
      out = []
      const ops: SourceOp[] = []
      for (const e of bedEntities.values()) ops.push({ topic: 'beds', op: 'upsert', entity: e })
      for (const e of assetEntities.values()) ops.push({ topic: 'assets', op: 'upsert', entity: e })
      for (const e of deviceEntities.values()) ops.push({ topic: 'network', op: 'upsert', entity: e })
      for (const e of alertEntities.values()) ops.push({ topic: 'cyber', op: 'upsert', entity: e })
      return ops
    },
    step(dtMs: number): SourceOp[] {
      if (!started) throw new Error('call initialOps() before step()')
      out = []
      acc += Math.max(0, dtMs)
      while (acc >= TICK_MS) {
        acc -= TICK_MS
        runTick()
      }
      return out
    },
    beds: () => bedEntities,
    assets: () => assetEntities,
    devices: () => deviceEntities,
    alerts: () => alertEntities,
    stats: () => stats,
  }
}

function hostNoun(host: HostSpec): string {
  if (host.kind === 'server') return 'a server'
  return host.unitId !== null && /-w\d+$/.test(host.unitId) ? 'a ward PC' : 'a department PC'
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

function round1(v: number): number {
  return Math.round(v * 10) / 10
}

function round2(v: number): number {
  return Math.round(v * 100) / 100
}
