/**
 * The legend a clinician reads correctly: every colour with its letter or mark and its words,
 * each layer's toggle, and a STALE flag on any layer whose feed is not live.
 */
import type { ReactElement } from 'react'
import {
  BED_STATUSES,
  DEVICE_STATUSES,
  CYBER_SEVERITIES,
  type AssetType,
} from '../../../shared/contracts/entities.ts'
import { BED_STATUS_LABEL } from '../../../shared/domain/bedStatus.ts'
import {
  BED_STATUS_COLOUR,
  BED_STATUS_LETTER,
  DEVICE_STATUS_COLOUR,
  DEVICE_STATUS_LETTER,
  SEVERITY_COLOUR,
  type Rgba,
} from './mapPalette.ts'
import { EquipmentLegend } from './EquipmentLegend.tsx'
import type { OutageFootprint } from './outageFootprint.ts'
import type { FeedLayerKey, LayerVisibility, MapLayerKey } from './useMapLayers.ts'

const css = (c: Rgba): string => `rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`

type Props = {
  readonly visibility: LayerVisibility
  readonly stale: Readonly<Record<FeedLayerKey, boolean>>
  /** Layers restored from the gateway's log: flagged RESTORED, not STALE, as the panels say. */
  readonly restored?: Readonly<Record<FeedLayerKey, boolean>> | undefined
  readonly interactive: boolean
  readonly onToggle: (key: MapLayerKey) => void
  readonly footprint: OutageFootprint
  readonly changeWindowMinutes: number
  /** Desktop only: jump to the outage. */
  readonly onShowOutage?: (() => void) | undefined
  /** Desktop only: the named wards, beds and equipment behind the outage. */
  readonly onListOutage?: (() => void) | undefined
  /** Equipment types left off the map, and (desktop) the type filter's toggles. */
  readonly hiddenAssetTypes: ReadonlySet<AssetType>
  /** Staff badges reach few roles: their legend entry shows only when some are in the feed. */
  readonly staffBadgesPresent: boolean
  readonly onToggleAssetType: (type: AssetType) => void
  readonly onShowAllAssetTypes: () => void
  /**
   * Desktop only: the key folded to the layer switches (and the outage), so it does not cover the
   * plan of a small map; the operator unfolds it with "Key".
   */
  readonly folded?: boolean
  readonly onFold?: ((folded: boolean) => void) | undefined
}

const STAFF: ReadonlySet<AssetType> = new Set<AssetType>(['staff-badge'])
const NO_TYPES: ReadonlySet<AssetType> = new Set<AssetType>()

const LAYER_LABEL: Readonly<Record<MapLayerKey, string>> = {
  beds: 'Beds',
  assets: 'Equipment',
  network: 'Network',
  cyber: 'Cyber',
  changes: 'Recent changes',
}

export function MapLegend({
  visibility,
  stale,
  restored,
  interactive,
  onToggle,
  footprint,
  changeWindowMinutes,
  onShowOutage,
  onListOutage,
  hiddenAssetTypes,
  staffBadgesPresent,
  onToggleAssetType,
  onShowAllAssetTypes,
  folded = false,
  onFold,
}: Props): ReactElement {
  // Folded: each layer's switch and STALE flag, no swatches or notes.
  const detail = !folded
  const header = (key: MapLayerKey): ReactElement => {
    const isStale = key !== 'changes' && stale[key]
    const isRestored = key !== 'changes' && restored?.[key] === true
    return (
      <div className="fm-legend-head">
        {interactive ? (
          <label>
            <input type="checkbox" checked={visibility[key]} onChange={() => onToggle(key)} />{' '}
            {LAYER_LABEL[key]}
          </label>
        ) : (
          <span>{LAYER_LABEL[key]}</span>
        )}
        {isStale && isRestored && (
          <span className="fm-stale fm-restored" data-testid={`map-restored-${key}`}>
            RESTORED
          </span>
        )}
        {isStale && !isRestored && (
          <span className="fm-stale" data-testid={`map-stale-${key}`}>
            STALE
          </span>
        )}
      </div>
    )
  }
  // A wall's legend is a band under the plan: only the layers drawn, the notes in a few words.
  const shows = (key: MapLayerKey): boolean => interactive || visibility[key]
  return (
    <aside className={`fm-legend${folded ? ' fm-legend-folded' : ''}`} aria-label="Map legend">
      {onFold && (
        <button
          type="button"
          className="fm-legend-fold"
          aria-expanded={!folded}
          onClick={() => onFold(!folded)}
        >
          Key {folded ? '▸' : '▾'}
        </button>
      )}
      {shows('beds') && (
        <section className="fm-legend-group">
          {header('beds')}
          {visibility.beds && detail && (
            <ul className="fm-legend-items">
              {BED_STATUSES.map((s) => (
                <li key={s}>
                  <span className="fm-swatch" style={{ background: css(BED_STATUS_COLOUR[s]) }}>
                    {BED_STATUS_LETTER[s]}
                  </span>
                  {BED_STATUS_LABEL[s]}
                </li>
              ))}
              <li className="fm-legend-note">E escalation · N no criteria to reside · D discharge today</li>
            </ul>
          )}
        </section>
      )}
      {shows('assets') && (
        <section className="fm-legend-group">
          {header('assets')}
          {visibility.assets && detail && (
            <>
              <EquipmentLegend
                hidden={hiddenAssetTypes}
                present={staffBadgesPresent ? STAFF : NO_TYPES}
                interactive={interactive}
                onToggle={onToggleAssetType}
                onShowAll={onShowAllAssetTypes}
              />
              <div className="fm-legend-note">
                {interactive
                  ? 'Dots fade as the last sighting ages; numbers are clusters'
                  : 'faded: not seen lately'}
              </div>
            </>
          )}
        </section>
      )}
      {shows('network') && (
        <section className="fm-legend-group">
          {header('network')}
          {visibility.network && (
            <ul className="fm-legend-items fm-single">
              {(detail ? DEVICE_STATUSES : []).map((s) => (
                <li key={s}>
                  <span className="fm-swatch fm-round" style={{ background: css(DEVICE_STATUS_COLOUR[s]) }}>
                    {DEVICE_STATUS_LETTER[s]}
                  </span>
                  {s}
                </li>
              ))}
              {interactive && footprint.deviceIds.length > 0 && (
                <li className="fm-outage" data-testid="outage-summary">
                  Outage: {footprint.deviceIds.length} device{footprint.deviceIds.length === 1 ? '' : 's'}{' '}
                  down · {footprint.bedIds.size} beds · {footprint.assetIds.size} assets affected
                  {onShowOutage && (
                    <button type="button" className="fm-show-outage" onClick={onShowOutage}>
                      Show
                    </button>
                  )}
                  {onListOutage && (
                    <button type="button" className="fm-show-outage" onClick={onListOutage}>
                      List
                    </button>
                  )}
                </li>
              )}
            </ul>
          )}
        </section>
      )}
      {shows('cyber') && (
        <section className="fm-legend-group">
          {header('cyber')}
          {visibility.cyber && detail && (
            <ul className="fm-legend-items fm-single">
              {CYBER_SEVERITIES.slice(0, 4).map((s) => (
                <li key={s}>
                  <span className="fm-swatch fm-round" style={{ borderColor: css(SEVERITY_COLOUR[s]) }} />
                  {s}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {shows('changes') && (
        <section className="fm-legend-group">
          {header('changes')}
          {visibility.changes && detail && (
            <div className="fm-legend-note">
              {interactive ? 'White rings: changed in the last ' : 'white ring: last '}
              {changeWindowMinutes} min
            </div>
          )}
        </section>
      )}
      {/* A wall gives the outage its own line, so the network's keys share a line with the cyber's.
          The line is there with or without an outage: the plan above keeps its size when one
          starts or ends (no jump as the operator looks, no canvas re-allocation). */}
      {!interactive && footprint.deviceIds.length > 0 && (
        <div className="fm-outage" data-testid="outage-summary">
          Outage: {footprint.deviceIds.length} device{footprint.deviceIds.length === 1 ? '' : 's'} down ·{' '}
          {footprint.bedIds.size} beds · {footprint.assetIds.size} assets affected
        </div>
      )}
      {!interactive && footprint.deviceIds.length === 0 && (
        <div className="fm-outage fm-outage-none" data-testid="outage-none">
          No network outage
        </div>
      )}
    </aside>
  )
}
