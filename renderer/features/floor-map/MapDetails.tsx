/** Details of what the pointer is on, or what was clicked: read from the store by id. */
import type { ReactElement } from 'react'
import { BED_STATUS_LABEL } from '../../../shared/domain/bedStatus.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { formatTimeInStatus } from './layers/bedLayers.ts'
import { placeName } from './mapSearch.ts'
import { outageFootprint } from './outageFootprint.ts'

export type MapPick =
  | { readonly kind: 'bed' | 'asset' | 'device' | 'cyber-alert'; readonly id: string }
  | { readonly kind: 'unit'; readonly id: string; readonly name: string }

export function MapDetails({
  pick,
  now,
}: {
  readonly pick: MapPick | null
  readonly now: number
}): ReactElement | null {
  const siteModel = useWatchfloor((s) => s.siteModel)
  const entities = useWatchfloor((s) => s.entities)
  if (!pick || !siteModel) return null
  let body: ReactElement | null = null
  switch (pick.kind) {
    case 'bed': {
      const place = siteModel.beds.find((b) => b.id === pick.id)
      const bed = entities.beds.get(pick.id)
      const ward = siteModel.units.find((u) => u.id === place?.wardId)
      body = (
        <>
          <h3>
            {ward?.name} · {place?.label}
          </h3>
          <p>
            {bed
              ? `${BED_STATUS_LABEL[bed.status]} for ${formatTimeInStatus(bed.statusSince, now)}`
              : 'No state yet'}
            {place?.escalation ? ' · escalation bed' : ''}
            {bed?.nctr ? ' · NCTR' : ''}
            {bed?.expectedDischargeToday ? ' · discharge today' : ''}
          </p>
          <p>
            {place?.sideRoom ? 'Side room' : (place?.bayLabel ?? '')} · {place?.sexOfBay}
          </p>
        </>
      )
      break
    }
    case 'asset': {
      const a = entities.assets.get(pick.id)
      body = a ? (
        <>
          <h3>{a.label}</h3>
          <p>
            {a.type} · {a.state}
          </p>
          <p>{placeName(siteModel, a.zoneId, a.levelId)}</p>
          <p>
            Seen {formatTimeInStatus(a.lastSeen, now)} ago
            {a.battery !== null ? ` · battery ${a.battery}%` : ''}
          </p>
        </>
      ) : null
      break
    }
    case 'device': {
      const d = entities.network.get(pick.id)
      if (!d) break
      const footprint =
        d.status === 'down' ? outageFootprint(siteModel, new Map([[d.id, d]]), entities.assets) : null
      body = (
        <>
          <h3>{d.name}</h3>
          <p>
            {d.kind} · {d.status} for {formatTimeInStatus(d.statusSince, now)}
            {d.latencyMs !== null ? ` · ${d.latencyMs.toFixed(0)} ms` : ''}
          </p>
          {footprint && (
            <p className="fm-outage">
              Serves {footprint.bedIds.size} beds and {footprint.assetIds.size} tracked assets now without
              network
            </p>
          )}
        </>
      )
      break
    }
    case 'cyber-alert': {
      const c = entities.cyber.get(pick.id)
      body = c ? (
        <>
          <h3>{c.title}</h3>
          <p>
            {c.severity} · {c.category} · {c.status}
            {c.tactic ? ` · ${c.tactic}` : ''}
          </p>
          <p>
            {c.host ?? 'host hidden for this role'} · seen {c.count}×
          </p>
        </>
      ) : null
      break
    }
    case 'unit':
      body = <h3>{pick.name}</h3>
      break
  }
  return body ? (
    <div className="fm-details" data-testid="map-details">
      {body}
    </div>
  ) : null
}
