import { useEffect, useState } from 'react'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { SampleRing } from '../../../shared/util/ringBuffer.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { useHost } from '../../host/HostProvider.tsx'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { useKpiSeries } from './kpiEngine.ts'
import { seederFor } from './seedSeries.ts'

/**
 * A tile's sparkline ring (`useKpiSeries`), seeded once from the gateway's history when the tile
 * mounts on it (a new scope or site is a new ring, seeded in turn); the tile re-renders once when
 * the history lands, so the chart draws it without waiting for the engine's next pass.
 */
export function useSeededSeries(kpiId: string, scope: KpiScope): SampleRing {
  const ring = useKpiSeries(kpiId, scope)
  const host = useHost()
  const [, setSeeded] = useState(0)
  const { siteId, wardId } = scope
  useEffect(() => {
    let mounted = true
    const ringScope: KpiScope = {
      ...(siteId === undefined ? {} : { siteId }),
      ...(wardId === undefined ? {} : { wardId }),
    }
    runDetached(
      seederFor(host)
        .seed(ring, kpiId, ringScope)
        .then((outcome) => {
          if (mounted && outcome === 'seeded') setSeeded((n) => n + 1)
        }),
      logDetachedFailure('seeding a sparkline'),
    )
    return () => {
      mounted = false
    }
  }, [host, ring, kpiId, siteId, wardId])
  return ring
}
