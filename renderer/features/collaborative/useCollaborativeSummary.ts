import { useMemo } from 'react'
import { DEFAULT_STALE_AFTER_MS } from '../../../shared/domain/freshness.ts'
import type { SystemEscalationMethod } from '../../../shared/domain/kpis/computeSystemEscalation.ts'
import type { TrustReplicaState } from '../../../shared/contracts/hub.ts'
import { selectAssets, selectBeds, selectSiteModel } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { useClock } from '../../ui/sharedClock.ts'
import { useWakeAt } from '../../ui/useWakeAt.ts'
import { summariseCollaborative, type CollaborativeSummary } from './summariseCollaborative.ts'

/**
 * How often the summary is recomputed on the clock alone: its clock-dependent counters (cleans
 * overdue, equipment unseen) move at least this often with no data, as the KPI engine's do.
 */
export const COLLABORATIVE_CLOCK_MS = 5_000

/** When a trust's beds or equipment feed next turns STALE with nothing arriving (null: none due). */
export function nextFreshnessChange(trusts: readonly TrustReplicaState[], now: number): number | null {
  let next: number | null = null
  for (const trust of trusts) {
    if (trust.connection.status !== 'connected') continue
    for (const topic of ['beds', 'assets'] as const) {
      const confirmedAt = trust.topics[topic].confirmedAt
      if (confirmedAt === null) continue
      const at = confirmedAt + DEFAULT_STALE_AFTER_MS[topic]
      if (at >= now && (next === null || at < next)) next = at
    }
  }
  return next
}

/**
 * The collaborative board's summary, recomputed whenever the trusts, places, beds or equipment
 * change, at the moment a trust's feed turns STALE with nothing arriving, and every
 * `COLLABORATIVE_CLOCK_MS` for the clock-dependent counters — not every second (ages tick in the
 * badges' AgeText leaves, not here).
 */
export function useCollaborativeSummary(method?: SystemEscalationMethod): CollaborativeSummary {
  const tick = useClock(COLLABORATIVE_CLOCK_MS)
  const trusts = useWatchfloor((s) => s.trusts)
  const siteModel = useWatchfloor(selectSiteModel)
  const beds = useWatchfloor(selectBeds)
  const assets = useWatchfloor(selectAssets)
  const woken = useWakeAt(nextFreshnessChange(trusts, Date.now()))
  return useMemo(
    () =>
      summariseCollaborative({
        trusts,
        siteModel,
        beds,
        assets,
        now: Date.now(),
        ...(method === undefined ? {} : { method }),
      }),
    // `tick` and `woken` are the clock's triggers: the time is read when the memo runs.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
    [trusts, siteModel, beds, assets, tick, woken, method],
  )
}
