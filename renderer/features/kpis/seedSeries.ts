/**
 * Seeds a tile's sparkline from the gateway's history (`GET /v1/history/kpi-series`, through the
 * host's `fetchKpiSeries`), so a fresh window draws the last hours at once instead of
 * `trend: collecting`. Once per series ring: when its tile mounts (a new scope is a new ring);
 * live points are then appended by the engine's passes as before (`SampleRing.seed` keeps the
 * history strictly before the first live sample).
 *
 * A host without the capability, a failed fetch or an answer that does not parse leaves the ring
 * as it is (`trend: collecting` until the window has two samples of its own). Each kind of
 * problem is counted and logged once per window, never retried in a loop: a failed ring is asked
 * again only when a tile mounts on it again, and not before `retryAfterMs`.
 */
import { kpiSeriesAnswerSchema, type KpiSeriesRequest } from '../../../shared/contracts/kpiSeries.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { SampleRing } from '../../../shared/util/ringBuffer.ts'
import type { Host } from '../../host/Host.ts'

/** What one call did: `seeded` added history; `empty` got an answer with nothing older to add. */
export type SeedOutcome = 'seeded' | 'empty' | 'skipped' | 'unavailable' | 'failed' | 'invalid'

export type SeriesSeederStats = {
  readonly requests: number
  readonly seeded: number
  /** Requests the host or the gateway refused or could not answer. */
  readonly failed: number
  /** Answers that did not parse, or were for another KPI. */
  readonly invalid: number
}

export type SeriesSeeder = {
  seed(ring: SampleRing, kpiId: string, scope: KpiScope): Promise<SeedOutcome>
  stats(): SeriesSeederStats
}

export type SeriesSeederOptions = {
  readonly fetch: Host['fetchKpiSeries']
  readonly clock?: () => number
  /** A ring whose request failed is asked again on a later mount, not sooner than this. */
  readonly retryAfterMs?: number
  /** Where the once-per-kind lines go (the page's console by default). */
  readonly warn?: (text: string) => void
}

type RingState = { readonly kind: 'pending' | 'done' } | { readonly kind: 'failed'; readonly at: number }

// eslint-disable-next-line no-console -- the page's console is the renderer's log (logDetachedFailure.ts)
const consoleWarn = (text: string): void => console.warn(text)

export function createSeriesSeeder(options: SeriesSeederOptions): SeriesSeeder {
  const clock = options.clock ?? Date.now
  const retryAfterMs = options.retryAfterMs ?? 60_000
  const warn = options.warn ?? consoleWarn
  const rings = new WeakMap<SampleRing, RingState>()
  const logged = new Set<SeedOutcome>()
  const counts = { requests: 0, seeded: 0, failed: 0, invalid: 0 }
  const once = (kind: SeedOutcome, text: string): void => {
    if (logged.has(kind)) return
    logged.add(kind)
    warn(`watchfloor: sparkline history: ${text}`)
  }

  return {
    stats: () => ({ ...counts }),
    seed: async (ring, kpiId, scope) => {
      if (options.fetch === null) {
        once('unavailable', "this window's host keeps no KPI history; sparklines fill from this window")
        return 'unavailable'
      }
      const state = rings.get(ring)
      if (state?.kind === 'pending' || state?.kind === 'done') return 'skipped'
      if (state?.kind === 'failed' && clock() - state.at < retryAfterMs) return 'skipped'
      rings.set(ring, { kind: 'pending' })
      const request: KpiSeriesRequest = {
        kpiId,
        ...(scope.siteId === undefined ? {} : { siteId: scope.siteId }),
        ...(scope.wardId === undefined ? {} : { wardId: scope.wardId }),
      }
      counts.requests += 1
      let raw: unknown
      try {
        raw = await options.fetch(request)
      } catch (error) {
        counts.failed += 1
        rings.set(ring, { kind: 'failed', at: clock() })
        const reason = error instanceof Error ? error.message : String(error)
        once('failed', `${kpiId}: ${reason} (${counts.failed} failed so far; trend: collecting)`)
        return 'failed'
      }
      const parsed = kpiSeriesAnswerSchema.safeParse(raw)
      const problem = !parsed.success
        ? `the answer does not parse at ${parsed.error.issues[0]?.path.join('.') || 'its top'}`
        : parsed.data.kpiId !== kpiId
          ? `the answer is for "${parsed.data.kpiId.slice(0, 64)}"`
          : null
      if (problem !== null || !parsed.success) {
        counts.invalid += 1
        // Asking again would get the same answer: the ring keeps its own samples only.
        rings.set(ring, { kind: 'done' })
        once('invalid', `${kpiId}: ${problem ?? 'no answer'}, ignored (${counts.invalid} so far)`)
        return 'invalid'
      }
      rings.set(ring, { kind: 'done' })
      const added = ring.seed(parsed.data.points.map((p) => ({ t: p.at, v: p.value })))
      if (added === 0) return 'empty'
      counts.seeded += 1
      return 'seeded'
    },
  }
}

const seeders = new WeakMap<Host, SeriesSeeder>()

/** The window's seeder for its host (one per host, so its logs and counts are the window's). */
export function seederFor(host: Host): SeriesSeeder {
  let seeder = seeders.get(host)
  if (seeder === undefined) {
    seeder = createSeriesSeeder({ fetch: host.fetchKpiSeries })
    seeders.set(host, seeder)
  }
  return seeder
}
