/**
 * The 08:00 SitRep bed snapshot, taken by the gateway — which has the log and runs whether or not a
 * window is open — and kept in the change log as a `sitrep` event keyed by the trust-local day.
 * Any window can then export today's or a past day's (`GET /v1/history/sitrep?day=`):
 * - the day's record when the gateway was running at 08:00 (taken from the committed state within
 *   `GRACE_MS` of 08:00, the same rule the desktop used for "a fair 08:00 snapshot");
 * - otherwise computed from the log's state at 08:00 (`stateAt`), which is what the tiles would
 *   have counted then; null when the log no longer reaches back that far.
 * The rows come from the shared domain code the tiles use (`computeBedStats` → `buildBedSitrep`),
 * so the export equals the tiles' counts at 08:00.
 */
import type { AnyEntity, Bed } from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import { bedSitrepSchema, type SitrepAnswer } from '../../shared/contracts/sitrep.ts'
import { buildBedSitrep, type BedSitrep } from '../../shared/domain/kpis/bedSitrep.ts'
import { computeBedStats } from '../../shared/domain/kpis/computeBedStats.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import { latestLocalTime, localDayOf, localTimeOn } from '../../shared/domain/kpis/sitrepTime.ts'
import { runDetached } from '../../shared/util/runDetached.ts'
import type { Logger } from '../log/Logger.ts'
import type { ChangeLog } from '../store/changeLog.ts'
import type { EventLog } from '../store/eventLog.ts'
import type { SitrepConfig } from './sitrepConfigSchema.ts'

/** A pass this long after 08:00 still counts as the 08:00 snapshot; later ones compute from the log. */
export const GRACE_MS = 15 * 60_000
/** How often the clock is checked (a timer to 08:00 would miss a suspended or jumped clock). */
export const CHECK_EVERY_MS = 30_000

export type SitrepRecorder = {
  /** Takes and records today's snapshot when 08:00 has passed, within the grace, and none is kept. */
  check(): Promise<void>
  /** The day's snapshot (`YYYY-MM-DD`, trust-local); an error string when there is none to give. */
  forDay(day: string): Promise<SitrepAnswer | { readonly error: string; readonly status: number }>
  /** Starts checking every `CHECK_EVERY_MS`. */
  start(): void
  close(): void
}

export function createSitrepRecorder(deps: {
  readonly config: SitrepConfig
  readonly siteModel: SiteModel
  /** The log's events, when it keeps them (the embedded log does; a shared log may not). */
  readonly events: EventLog | null
  readonly changeLog: Pick<ChangeLog, 'stateAt'>
  /** The committed beds now (what the log holds, never what is still pending). */
  readonly committedBeds: () => Iterable<AnyEntity>
  readonly now: () => number
  readonly log: Logger
}): SitrepRecorder {
  const { timeZone, hour } = deps.config
  const index = buildSiteIndex(deps.siteModel)
  /** Days known to have a record (so a check is a clock read, not a query, once recorded). */
  const recordedDays = new Set<string>()
  let timer: ReturnType<typeof setInterval> | null = null
  let checking: Promise<void> | null = null

  const sitrepOf = (beds: Iterable<AnyEntity>, at: number): BedSitrep => {
    const map = new Map<string, Bed>()
    for (const bed of beds as Iterable<Bed>) map.set(bed.id, bed)
    // The snapshot's time is 08:00 itself: "long stay" and "in status" count to 08:00.
    return buildBedSitrep(computeBedStats(map, index, at), index, at)
  }

  const recordOf = async (day: string, due: number): Promise<SitrepAnswer | null> => {
    if (deps.events === null) return null
    const events = await deps.events.eventsBetween('sitrep', due, due + GRACE_MS, 10)
    for (const event of events) {
      if (event.key !== day) continue
      const body = event.body as { takenAt?: unknown; sitrep?: unknown }
      const parsed = bedSitrepSchema.safeParse(body.sitrep)
      if (!parsed.success || typeof body.takenAt !== 'number') {
        deps.log.warn('sitrep record unreadable: computing from the log instead', { day })
        continue
      }
      return { day, timeZone, source: 'recorded', takenAt: body.takenAt, sitrep: parsed.data }
    }
    return null
  }

  const runCheck = async (): Promise<void> => {
    const now = deps.now()
    const due = latestLocalTime(now, timeZone, hour)
    const day = localDayOf(due, timeZone)
    if (recordedDays.has(day) || now - due > GRACE_MS || deps.events === null) return
    if ((await recordOf(day, due)) !== null) {
      recordedDays.add(day)
      return
    }
    const sitrep = sitrepOf(deps.committedBeds(), due)
    await deps.events.appendEvents([{ kind: 'sitrep', key: day, at: now, body: { takenAt: now, sitrep } }])
    recordedDays.add(day)
    deps.log.info('sitrep snapshot recorded', { day, sites: sitrep.rows.length - 1 })
  }

  const check = (): Promise<void> => {
    // One check at a time: a slow write must not let the next tick record the day twice.
    checking ??= runCheck()
      .catch((error: unknown) => {
        deps.log.warn('sitrep snapshot not recorded', {
          reason: error instanceof Error ? error.message : String(error),
        })
      })
      .finally(() => {
        checking = null
      })
    return checking
  }

  return {
    check,
    forDay: async (day) => {
      const due = localTimeOn(day, hour, timeZone)
      if (due === null) return { status: 400, error: 'day: expected a date as YYYY-MM-DD' }
      if (due > deps.now())
        return { status: 404, error: `no ${String(hour).padStart(2, '0')}:00 snapshot yet for ${day}` }
      const recorded = await recordOf(day, due)
      if (recorded !== null) return recorded
      const state = await deps.changeLog.stateAt('beds', due)
      if (state === null)
        return { status: 404, error: `the change log no longer reaches back to ${day} ${hour}:00` }
      return { day, timeZone, source: 'computed', takenAt: deps.now(), sitrep: sitrepOf(state.entities, due) }
    },
    start: () => {
      if (timer !== null) return
      // `check` reports its own failures; a rejection here would be a bug, logged as one.
      const onError = (error: unknown): void =>
        deps.log.error('sitrep check failed', {
          reason: error instanceof Error ? error.message : String(error),
        })
      timer = setInterval(() => runDetached(check(), onError), CHECK_EVERY_MS)
      timer.unref()
      runDetached(check(), onError)
    },
    close: () => {
      if (timer !== null) clearInterval(timer)
      timer = null
    },
  }
}
