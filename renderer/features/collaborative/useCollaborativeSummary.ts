import { useMemo } from 'react'
import type { SystemEscalationMethod } from '../../../shared/domain/kpis/computeSystemEscalation.ts'
import { selectAssets, selectBeds, selectSiteModel } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { useNow } from '../../ui/useNow.ts'
import { summariseCollaborative, type CollaborativeSummary } from './summariseCollaborative.ts'

/**
 * The collaborative board's summary, recomputed once a second (ages and staleness must keep
 * counting when nothing arrives) and whenever the trusts, places, beds or equipment change.
 */
export function useCollaborativeSummary(method?: SystemEscalationMethod): CollaborativeSummary {
  const now = useNow(1000)
  const trusts = useWatchfloor((s) => s.trusts)
  const siteModel = useWatchfloor(selectSiteModel)
  const beds = useWatchfloor(selectBeds)
  const assets = useWatchfloor(selectAssets)
  return useMemo(
    () =>
      summariseCollaborative({
        trusts,
        siteModel,
        beds,
        assets,
        now,
        ...(method === undefined ? {} : { method }),
      }),
    [trusts, siteModel, beds, assets, now, method],
  )
}
