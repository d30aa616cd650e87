/**
 * The demo trust's synthetic patient tracking list: RTT pathways whose counts are shaped like the
 * published monthly RTT statistics (about three in five within 18 weeks, a few per cent past a
 * year, a handful past 78 weeks; treatment functions in the national proportions), scaled to a
 * twelfth of what a real trust of the same bed count holds so a demo wall stays light. No real data:
 * ids are made up, and each pathway carries only what a pseudonymised PTL row carries.
 *
 * Deterministic with its own stream (`ptl` forked from the demo seed), so it never shifts the
 * simulator's draws; the trust's pressure per specialty comes from the seed too, so two demo
 * trusts of a collaborative (different seeds) differ where a real collaborative's partners would —
 * one with the shorter wait in some specialties, the other in others. Also a day summary for each
 * of the last `TREND_DAYS` days, drifting as recovering lists do (long waits falling), so the
 * trend panel has history on a fresh start.
 */
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type { KeyedHash } from '../../security/createKeyedHash.ts'
import {
  WAIT_BANDS,
  type CalendarDate,
  type RttPriority,
  type RttStage,
  type WaitBand,
  type WaitingDay,
  type WaitingPathway,
} from '../../../shared/contracts/waiting.ts'
import { addDays, summariseDay } from '../../../shared/domain/waiting/rttWaits.ts'
import { createPrng, type Prng } from './prng.ts'

/**
 * Pathways per bed: a twelfth of a real acute trust's (≈ 60 per bed). The shape is what the demo
 * shows; the count is kept small so a demo gateway starts and restarts quickly.
 */
export const PATHWAYS_PER_BED = 5
/** Days of trend history made up at start. */
export const TREND_DAYS = 42

/** Share of the national list by treatment function (RTT statistics, rounded). */
const TREATMENT_FUNCTIONS: Readonly<Record<string, number>> = {
  '110': 9.5,
  '130': 8,
  '502': 8,
  '120': 7.5,
  '100': 6,
  '330': 6,
  '301': 5.5,
  '320': 5.5,
  '101': 5,
  '140': 3.5,
  '340': 3,
  '400': 3,
  '410': 2,
  '160': 2,
  '300': 2,
  '150': 0.8,
  '170': 0.5,
  '430': 0.5,
}

/** Share of pathways by weeks-waiting band at average pressure. */
const BAND_SHARE: Readonly<Record<WaitBand, number>> = {
  '0-18': 0.59,
  '18-52': 0.385,
  '52-65': 0.019,
  '65-78': 0.005,
  '78+': 0.001,
}

const BAND_WEEKS: Readonly<Record<WaitBand, readonly [number, number]>> = {
  '0-18': [0, 18],
  '18-52': [18, 52],
  '52-65': [52, 65],
  '65-78': [65, 78],
  '78+': [78, 104],
}

const STAGES: Readonly<Record<RttStage, number>> = { outpatient: 0.66, diagnostic: 0.12, admitted: 0.22 }
const ADMITTED_PRIORITIES: Readonly<Record<RttPriority, number>> = { P1: 0.01, P2: 0.18, P3: 0.38, P4: 0.43 }

export type DemoPtl = {
  readonly pathways: readonly WaitingPathway[]
  readonly days: readonly WaitingDay[]
}

function bandFor(prng: Prng, pressure: number): WaitBand {
  // Pressure > 1 moves pathways out of 0–18 into the longer bands (a specialty under strain).
  const within = Math.min(0.85, Math.max(0.3, BAND_SHARE['0-18'] / pressure))
  if (prng.next() < within) return '0-18'
  // Past 18 weeks, in proportion to the national shares; long waits grow faster than linearly
  // with pressure.
  const longer = WAIT_BANDS.slice(1).map(
    (band) => [band, band === '18-52' ? BAND_SHARE[band] : BAND_SHARE[band] * pressure ** 2] as const,
  )
  const x = prng.next() * longer.reduce((sum, [, weight]) => sum + weight, 0)
  let acc = 0
  for (const [band, weight] of longer) {
    acc += weight
    if (x < acc) return band
  }
  return '78+'
}

export function generateDemoPtl(options: {
  readonly seed: number
  readonly trustId: string
  readonly beds: number
  readonly siteCodes: readonly string[]
  readonly today: CalendarDate
  readonly now: number
  readonly keyedHash: KeyedHash
  readonly source: string
}): DemoPtl {
  const prng = createPrng(options.seed).fork('ptl')
  const { today, now, trustId, source } = options
  const count = Math.max(200, Math.round(options.beds * PATHWAYS_PER_BED))
  const pressure = new Map(Object.keys(TREATMENT_FUNCTIONS).map((tf) => [tf, prng.range(0.75, 1.45)]))
  const sites = options.siteCodes.length > 0 ? options.siteCodes : ['RZZ01']
  const pathways: WaitingPathway[] = []
  for (let i = 0; i < count; i += 1) {
    const treatmentFunction = prng.weighted(TREATMENT_FUNCTIONS)
    const band = bandFor(prng, pressure.get(treatmentFunction) ?? 1)
    const [low, high] = BAND_WEEKS[band]
    // Within 0–18 the recent referrals are the most numerous; elsewhere spread evenly.
    const weeks = band === '0-18' ? Math.min(17.9, prng.exponential(6)) : prng.range(low, high)
    const clockStart = addDays(today, -Math.floor(weeks * 7))
    const stage = prng.weighted(STAGES)
    const priority: RttPriority | null =
      stage === 'admitted'
        ? prng.weighted(ADMITTED_PRIORITIES)
        : prng.chance(0.1)
          ? prng.pick(['P2', 'P3', 'P4'])
          : null
    let tciDate: CalendarDate | null = null
    if (stage === 'admitted' && prng.chance(0.35)) {
      // Most booked dates are ahead; a few have passed (cancelled on the day, not yet rebooked).
      tciDate = prng.chance(0.06) ? addDays(today, -prng.int(1, 21)) : addDays(today, prng.int(1, 70))
    }
    const pasId = `DEMO-${options.seed}-${String(i).padStart(7, '0')}`
    pathways.push({
      kind: 'pathway',
      id: `pw:${options.keyedHash('ptl-pathway-id', pasId).slice(0, 32)}`,
      trustId,
      source,
      treatmentFunction,
      priority,
      clockStart,
      stage,
      tciDate,
      siteCode: prng.pick(sites),
      updatedAt: now,
    })
  }
  const current = summariseDay(pathways, today)
  const days: WaitingDay[] = []
  for (let back = TREND_DAYS; back >= 0; back -= 1) {
    const date = addDays(today, -back)
    // Going back in time: long waits were more numerous (recovery), the list a little shorter.
    const factorOf = (band: WaitBand): number =>
      band === '0-18' ? 1 - 0.0015 * back : band === '18-52' ? 1 + 0.001 * back : 1 + 0.012 * back
    const scaled = (bands: Readonly<Record<WaitBand, number>>): Record<WaitBand, number> =>
      Object.fromEntries(
        WAIT_BANDS.map((b) => [
          b,
          back === 0 ? bands[b] : Math.max(0, Math.round(bands[b] * factorOf(b) * prng.range(0.98, 1.02))),
        ]),
      ) as Record<WaitBand, number>
    days.push({
      kind: 'day',
      id: `day:${trustId}:${date}`,
      trustId,
      source,
      date,
      bands: scaled(current.bands),
      p2Overdue: back === 0 ? current.p2Overdue : Math.round(current.p2Overdue * (1 + 0.01 * back)),
      byTreatmentFunction: Object.fromEntries(
        Object.entries(current.byTreatmentFunction).map(([tf, bands]) => [tf, scaled(bands)]),
      ),
      updatedAt: now,
    })
  }
  return { pathways, days }
}

/** The PTL as source operations, for the demo adapter to emit at start. */
export function demoPtlOps(ptl: DemoPtl): SourceOp[] {
  return [...ptl.pathways, ...ptl.days].map((entity) => ({ topic: 'waiting', op: 'upsert', entity }))
}
