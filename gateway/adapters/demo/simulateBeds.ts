/**
 * The demo trust's beds: admissions (evening peak) and discharges (afternoon peak) around a target
 * occupancy, housekeeping with requested/started times and a turnaround, terminal cleans after
 * isolation, escalation beds opened when a site has no free bed and closed again when pressure eases,
 * bed closures, board-round flags (expected discharge today, NCTR), length of stay.
 */
import type { Bed, BedClosedReason, BedStatus } from '../../../shared/contracts/entities.ts'
import type { BedPlace } from '../../../shared/contracts/places.ts'
import { DAY, HOUR, MINUTE, TICK_MS, occurrences, type SimContext } from './simContext.ts'

/**
 * Occupancy the admissions controller steers towards, on average over a day: typical of an English
 * acute trust in winter. The day swings a few points around it — lowest mid-afternoon when
 * discharges peak, highest before the morning board round.
 */
const TARGET_OCCUPANCY = 0.93
/** How hard admissions lean against the gap to the target (per unit of occupancy). */
const CONTROLLER_GAIN = 6
const MEAN_LOS_DAYS = 4.5

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

const OCCUPIED_STATUSES: ReadonlySet<BedStatus> = new Set(['occupied', 'isolated', 'reserved'])

export type BedSimulation = {
  /** Every bed as of the start, without emitting (the simulator's initial upserts carry them). */
  initial(): void
  /** One tick's discharges, admissions and closures. */
  tick(): void
  /** One tick's share of the board round and length-of-stay sweep. */
  sweep(): void
  readonly entities: ReadonlyMap<string, Bed>
}

export function createBedSimulation(ctx: SimContext): BedSimulation {
  const { model, prng, clock, queue, stats, now, emit } = ctx
  const { world } = model
  const closuresPerMs = (6 * model.scale) / DAY

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
  const setBed = (b: BedSim, next: Bed, publish = true): void => {
    countBed(b, -1)
    b.entity = next
    countBed(b, 1)
    bedEntities.set(next.id, next)
    if (publish) emit({ topic: 'beds', op: 'upsert', entity: next })
  }
  const changeStatus = (b: BedSim, status: BedStatus, changes: Partial<Bed> = {}): void => {
    setBed(b, {
      ...b.entity,
      closedReason: null,
      housekeeping: null,
      ...changes,
      status,
      statusSince: now(),
      updatedAt: now(),
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
    const hour = clock.hour(now())
    // The last board round the initial flags stand for: today's once 08:00 has passed (the flags
    // below are sampled as if it ran), else yesterday's — so a simulator started at 06:00 still
    // runs today's round at 08:00 instead of counting it as done and leaving discharges at 0.
    const lastRoundDay = hour >= 8 ? clock.day(now()) : clock.day(now()) - 1
    for (const place of world.siteModel.beds) {
      const si = siteIndex.get(place.siteId) ?? 0
      const base: Bed = {
        id: place.id,
        status: 'unoccupied',
        statusSince: now() - Math.round(prng.range(5, 180) * MINUTE),
        closedReason: null,
        housekeeping: null,
        escalationOpen: false,
        nctr: false,
        expectedDischargeToday: false,
        lengthOfStayDays: null,
        updatedAt: now(),
      }
      const b: BedSim = { place, siteIndex: si, entity: base, admittedAt: null, roundDay: lastRoundDay }
      countBed(b, 1)
      bedSims.push(b)
      bedsBySite[si]?.push(b)
      let entity: Bed = base
      const occupy = (status: 'occupied' | 'isolated'): void => {
        const los = sampleLosDays()
        const admittedAt = now() - Math.round(los * DAY)
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
          const requestedAt = now() - Math.round(prng.range(1, 50) * MINUTE)
          const started = prng.chance(0.5)
          entity = {
            ...base,
            status: 'housekeeping',
            statusSince: requestedAt,
            housekeeping: {
              requestedAt,
              startedAt: started
                ? Math.min(now(), requestedAt + Math.round(prng.range(5, 30) * MINUTE))
                : null,
            },
          }
          scheduleCleaning(b, requestedAt, started)
        } else if (r < 0.045) {
          entity = {
            ...base,
            status: 'reserved',
            statusSince: now() - Math.round(prng.range(1, 40) * MINUTE),
          }
          queue.schedule(now() + Math.round(prng.range(5, 60) * MINUTE), () => arrive(b))
        } else if (r < 0.955) occupy(place.sideRoom && prng.chance(0.3) ? 'isolated' : 'occupied')
      }
      setBed(b, entity, false)
    }
  }

  function scheduleCleaning(b: BedSim, requestedAt: number, started: boolean, deep = false): void {
    const startIn = started
      ? 0
      : Math.max(MINUTE, requestedAt + Math.round((5 + prng.exponential(22)) * MINUTE) - now())
    const cleanFor = Math.round(prng.range(deep ? 60 : 20, deep ? 100 : 45) * MINUTE)
    if (!started) {
      queue.schedule(now() + startIn, () => {
        const hk = b.entity.housekeeping
        if (b.entity.status !== 'housekeeping' || hk === null) return
        setBed(b, {
          ...b.entity,
          housekeeping: { requestedAt: hk.requestedAt, startedAt: now() },
          updatedAt: now(),
        })
      })
    }
    queue.schedule(now() + startIn + cleanFor, () => {
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
    b.admittedAt = now()
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
      queue.schedule(now() + Math.round(prng.range(20, 90) * MINUTE), () => arrive(b))
    } else {
      chosen.admittedAt = now()
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
      if (b.admittedAt !== null && now() - b.admittedAt < 4 * HOUR) continue
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
      queue.schedule(now() + Math.round(prng.range(10, 40) * MINUTE), () => {
        if (b.entity.status !== 'contaminated') return
        changeStatus(b, 'housekeeping', { housekeeping: { requestedAt: now(), startedAt: null } })
        scheduleCleaning(b, now(), false, true)
      })
    } else {
      changeStatus(b, 'housekeeping', { ...flags, housekeeping: { requestedAt: now(), startedAt: null } })
      scheduleCleaning(b, now(), false)
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
    queue.schedule(now() + Math.round(prng.range(2, 12) * HOUR), () => {
      if (bed.entity.status === 'closed') changeStatus(bed, 'unoccupied')
    })
  }

  /** Board round and length of stay: a sweep over every bed each 10 simulated minutes. */
  let sweepCursor = 0
  let sweepBudget = 0
  const SWEEP_PERIOD_TICKS = (10 * MINUTE) / TICK_MS
  function sweepBeds(): void {
    sweepBudget += bedSims.length / SWEEP_PERIOD_TICKS
    const day = clock.day(now())
    const hour = clock.hour(now())
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
        const los = Math.floor((now() - b.admittedAt) / DAY)
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
      if (next !== e) setBed(b, { ...next, updatedAt: now() })
    }
  }

  return {
    initial: initialBeds,
    tick(): void {
      const hour = clock.hour(now())
      const dischargesPerMs = totalOccupied() / (MEAN_LOS_DAYS * DAY)
      const nDis = occurrences(prng, dischargesPerMs * (DISCHARGE_PROFILE[hour] ?? 1) * TICK_MS)
      for (let i = 0; i < nDis; i++) discharge()
      const correction = Math.max(0, 1 + CONTROLLER_GAIN * (TARGET_OCCUPANCY - occupancy()))
      const nAdm = occurrences(prng, dischargesPerMs * correction * (ADMISSION_PROFILE[hour] ?? 1) * TICK_MS)
      for (let i = 0; i < nAdm; i++) admit()
      if (prng.chance(closuresPerMs * TICK_MS)) closeRandomBed()
    },
    sweep: sweepBeds,
    entities: bedEntities,
  }
}
