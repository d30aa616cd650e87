/**
 * Bed counters for the bed meeting and the UEC daily sitrep, rolled up trust → site → ward in one
 * pass over the beds.
 *
 * Definitions (written down because every trust argues about them):
 * - **Capacity**: core beds, plus escalation beds only while `escalationOpen` — a closed escalation
 *   area is not capacity (UEC sitrep: escalation beds are reported apart and only when open).
 * - **Open** beds: capacity minus beds in status `closed`. The sitrep calls these "available" beds;
 *   we say "open" so as not to confuse them with free beds.
 * - **Free** (available to take a patient now): status `unoccupied` (see `isAvailable`).
 * - **G&A occupancy**: occupied ÷ open, over G&A wards only (`Unit.generalAndAcute`).
 * - NCTR, expected discharges and long stays count occupied beds only (they describe an occupant).
 * - Long stays are cumulative like the sitrep's: a 22-day stay counts in 7+, 14+ and 21+.
 */
import type { Bed, BedClosedReason } from '../../contracts/entities.ts'
import type { BaySex } from '../../contracts/places.ts'
import { assertNever } from '../../util/assertNever.ts'
import { counterFor, type Rollup } from './kpiScope.ts'
import type { BedPlaceInfo, SiteIndex } from './siteIndex.ts'

/** EVS turnaround targets in minutes (TeleTracking best practice: response 30, clean 30, total 60). */
export type HousekeepingTargets = {
  readonly responseMin: number
  readonly cleanMin: number
  readonly totalMin: number
}

export const DEFAULT_HOUSEKEEPING_TARGETS: HousekeepingTargets = {
  responseMin: 30,
  cleanMin: 30,
  totalMin: 60,
}

/** Core or escalation G&A beds, as the sitrep reports them. */
export type GaBedCounts = {
  /** Beds in capacity (for escalation: open escalation beds). */
  beds: number
  /** Beds not closed: the sitrep's "available" beds. */
  open: number
  occupied: number
  /** Free to take a patient now. */
  free: number
  closed: number
}

export type BedCounts = {
  /** Core beds plus open escalation beds. */
  capacity: number
  occupied: number
  /** Free: status `unoccupied`. */
  free: number
  housekeeping: number
  /** In housekeeping and cleaning not yet started. */
  housekeepingAwaitingStart: number
  /** In housekeeping past the response target (not started) or the total target (not done). */
  housekeepingOverdue: number
  /** When the longest-waiting housekeeping request was made, or null when none. */
  oldestHousekeepingRequestedAt: number | null
  reserved: number
  /**
   * No message has said what these beds are (see BED_STATUSES): counted apart, and in neither
   * the occupied nor the open beds of an occupancy, so they never read as free or as full.
   */
  unknown: number
  isolated: number
  contaminated: number
  closed: number
  closedByReason: Record<BedClosedReason, number>
  /** Escalation beds currently open. */
  escalationOpen: number
  freeBySex: Record<BaySex, number>
  freeBySpecialty: Map<string, number>
  expectedDischargesToday: number
  nctr: number
  longStay7: number
  longStay14: number
  longStay21: number
  /** G&A beds, core and escalation apart (sitrep). */
  gaCore: GaBedCounts
  gaEscalation: GaBedCounts
  /** Closed G&A beds by reason (the sitrep reports D&V closures). */
  gaClosedByReason: Record<BedClosedReason, number>
  gaOccupied: number
  gaNctr: number
  gaLongStay7: number
  gaLongStay14: number
  gaLongStay21: number
}

export type BedStats = {
  readonly rollup: Rollup<BedCounts>
  /** Bed entities with no place in the site model: counted nowhere, reported so nobody is fooled. */
  readonly unplaced: number
  readonly computedAt: number
}

const NO_SPECIALTY = 'Unspecified'

function emptyGa(): GaBedCounts {
  return { beds: 0, open: 0, occupied: 0, free: 0, closed: 0 }
}

function emptyReasons(): Record<BedClosedReason, number> {
  return { 'infection-dv': 0, 'infection-other': 0, staffing: 0, estates: 0, other: 0 }
}

/** Fresh zeroed counters. */
export function emptyBedCounts(): BedCounts {
  return {
    capacity: 0,
    occupied: 0,
    free: 0,
    housekeeping: 0,
    housekeepingAwaitingStart: 0,
    housekeepingOverdue: 0,
    oldestHousekeepingRequestedAt: null,
    reserved: 0,
    unknown: 0,
    isolated: 0,
    contaminated: 0,
    closed: 0,
    closedByReason: emptyReasons(),
    escalationOpen: 0,
    freeBySex: { male: 0, female: 0, mixed: 0 },
    freeBySpecialty: new Map(),
    expectedDischargesToday: 0,
    nctr: 0,
    longStay7: 0,
    longStay14: 0,
    longStay21: 0,
    gaCore: emptyGa(),
    gaEscalation: emptyGa(),
    gaClosedByReason: emptyReasons(),
    gaOccupied: 0,
    gaNctr: 0,
    gaLongStay7: 0,
    gaLongStay14: 0,
    gaLongStay21: 0,
  }
}

/** A copy of `c` sharing nothing mutable with it (the incremental engine publishes copies). */
export function cloneBedCounts(c: BedCounts): BedCounts {
  return {
    ...c,
    closedByReason: { ...c.closedByReason },
    freeBySex: { ...c.freeBySex },
    freeBySpecialty: new Map(c.freeBySpecialty),
    gaCore: { ...c.gaCore },
    gaEscalation: { ...c.gaEscalation },
    gaClosedByReason: { ...c.gaClosedByReason },
  }
}

/**
 * Adds one bed in capacity to `c` (`d` = 1), or takes it back out (`d` = -1: the incremental engine,
 * kpiIncremental.ts, with the bed and `overdue` it added). Every counter is a count, so taking out
 * undoes adding exactly — except the oldest housekeeping request (a minimum), which only an add
 * moves; the incremental engine recomputes it when the bed holding it leaves.
 */
export function addBed(c: BedCounts, bed: Bed, place: BedPlaceInfo, overdue: boolean, d: 1 | -1 = 1): void {
  c.capacity += d
  if (place.escalation) c.escalationOpen += d
  const ga = place.generalAndAcute ? (place.escalation ? c.gaEscalation : c.gaCore) : null
  if (ga !== null) ga.beds += d

  const status = bed.status
  switch (status) {
    case 'occupied': {
      c.occupied += d
      if (bed.expectedDischargeToday) c.expectedDischargesToday += d
      if (bed.nctr) c.nctr += d
      const los = bed.lengthOfStayDays
      if (los !== null && los >= 7) {
        c.longStay7 += d
        if (los >= 14) c.longStay14 += d
        if (los >= 21) c.longStay21 += d
      }
      if (ga !== null) {
        ga.occupied += d
        c.gaOccupied += d
        if (bed.nctr) c.gaNctr += d
        if (los !== null && los >= 7) {
          c.gaLongStay7 += d
          if (los >= 14) c.gaLongStay14 += d
          if (los >= 21) c.gaLongStay21 += d
        }
      }
      break
    }
    case 'unoccupied': {
      c.free += d
      c.freeBySex[place.sexOfBay] += d
      const specialty = place.specialty ?? NO_SPECIALTY
      const free = (c.freeBySpecialty.get(specialty) ?? 0) + d
      // A specialty with no free bed has no entry, as if it had never been counted.
      if (free === 0) c.freeBySpecialty.delete(specialty)
      else c.freeBySpecialty.set(specialty, free)
      if (ga !== null) ga.free += d
      break
    }
    case 'housekeeping': {
      c.housekeeping += d
      const hk = bed.housekeeping
      if (hk !== null) {
        if (hk.startedAt === null) c.housekeepingAwaitingStart += d
        if (
          d > 0 &&
          (c.oldestHousekeepingRequestedAt === null || hk.requestedAt < c.oldestHousekeepingRequestedAt)
        ) {
          c.oldestHousekeepingRequestedAt = hk.requestedAt
        }
      }
      if (overdue) c.housekeepingOverdue += d
      break
    }
    case 'closed': {
      c.closed += d
      const reason = bed.closedReason ?? 'other'
      c.closedByReason[reason] += d
      if (ga !== null) {
        ga.closed += d
        c.gaClosedByReason[reason] += d
      }
      break
    }
    case 'isolated':
      c.isolated += d
      break
    case 'contaminated':
      c.contaminated += d
      break
    case 'reserved':
      c.reserved += d
      break
    case 'unknown':
      c.unknown += d
      break
    default:
      assertNever(status, 'bed status')
  }
  if (ga !== null && status !== 'closed' && status !== 'unknown') ga.open += d
}

/** In capacity: a core bed, or an escalation bed while it is open. */
export function inCapacity(bed: Bed, place: BedPlaceInfo): boolean {
  return !place.escalation || bed.escalationOpen
}

/** In housekeeping past the response target (not started) or the total target (not done). */
export function isHousekeepingOverdue(bed: Bed, now: number, targets: HousekeepingTargets): boolean {
  const hk = bed.housekeeping
  if (bed.status !== 'housekeeping' || hk === null) return false
  const waitedMin = (now - hk.requestedAt) / 60_000
  if (hk.startedAt === null && waitedMin > targets.responseMin) return true
  return waitedMin > targets.totalMin
}

/**
 * Counts beds per trust, site and ward in one pass. Beds without a place in the site model are
 * counted in `unplaced` only; escalation beds that are not open are not capacity and are skipped.
 */
export function computeBedStats(
  beds: ReadonlyMap<string, Bed>,
  index: SiteIndex,
  now: number,
  targets: HousekeepingTargets = DEFAULT_HOUSEKEEPING_TARGETS,
): BedStats {
  const trust = emptyBedCounts()
  const sites = new Map<string, BedCounts>()
  const wards = new Map<string, BedCounts>()
  let unplaced = 0
  // Cache the last ward's counters: beds usually arrive grouped by ward, so this saves two Map
  // lookups per bed at bench scale.
  let lastWardId: string | null = null
  let lastSiteId: string | null = null
  let lastWard: BedCounts = trust
  let lastSite: BedCounts = trust

  for (const bed of beds.values()) {
    const place = index.bedPlaces.get(bed.id)
    if (place === undefined) {
      unplaced += 1
      continue
    }
    if (!inCapacity(bed, place)) continue
    // Worked out once per bed, then added to the trust, site and ward counters.
    const overdue = isHousekeepingOverdue(bed, now, targets)
    // Both compared: a ward whose beds say different sites (bad model data) still counts each bed
    // in its own site, whatever order the beds come in.
    if (place.wardId !== lastWardId || place.siteId !== lastSiteId) {
      lastWardId = place.wardId
      lastSiteId = place.siteId
      lastWard = counterFor(wards, place.wardId, emptyBedCounts)
      lastSite = counterFor(sites, place.siteId, emptyBedCounts)
    }
    addBed(trust, bed, place, overdue)
    addBed(lastSite, bed, place, overdue)
    addBed(lastWard, bed, place, overdue)
  }
  return { rollup: { trust, sites, wards }, unplaced, computedAt: now }
}

/** G&A occupancy in percent (occupied ÷ open, core and escalation together), or null with no open beds. */
export function gaOccupancyPct(c: BedCounts): number | null {
  const open = c.gaCore.open + c.gaEscalation.open
  return open === 0 ? null : (100 * (c.gaCore.occupied + c.gaEscalation.occupied)) / open
}

/** NCTR as a percentage of occupied beds, or null with none occupied. */
export function nctrPct(c: BedCounts): number | null {
  return c.occupied === 0 ? null : (100 * c.nctr) / c.occupied
}
