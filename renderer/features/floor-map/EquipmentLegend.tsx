/**
 * The equipment part of the map legend: each dot colour with the types it stands for, and on the
 * desktop a chip per type that shows or hides those dots (the type filter). Hidden types are
 * struck through, so a filtered map never passes for an empty one.
 */
import type { ReactElement } from 'react'
import type { AssetType } from '../../../shared/contracts/entities.ts'
import { ASSET_TYPE_LABEL, EQUIPMENT_GROUPS } from './equipmentTypes.ts'
import type { Rgba } from './mapPalette.ts'

/** Types listed only when the feed carries them: the gateway sends staff badges to few roles, if any. */
const OPTIONAL: ReadonlySet<AssetType> = new Set<AssetType>(['staff-badge'])

const css = (c: Rgba): string => `rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`

export function EquipmentLegend({
  hidden,
  present,
  interactive,
  onToggle,
  onShowAll,
}: {
  readonly hidden: ReadonlySet<AssetType>
  /** Types that may be absent from the feed altogether (staff badges: sent to few roles) are listed only when present. */
  readonly present: ReadonlySet<AssetType>
  readonly interactive: boolean
  readonly onToggle: (type: AssetType) => void
  readonly onShowAll: () => void
}): ReactElement {
  return (
    <div className="fm-equipment" data-testid="equipment-legend">
      <ul className="fm-equipment-groups">
        {EQUIPMENT_GROUPS.filter((g) => g.types.some((t) => !OPTIONAL.has(t) || present.has(t))).map((g) => (
          <li key={g.types.join()}>
            <span
              className="fm-swatch fm-round fm-dot"
              style={{ background: css(g.colour) }}
              aria-hidden="true"
            />
            {g.types.map((t) =>
              interactive ? (
                <button
                  key={t}
                  type="button"
                  className={`fm-type${hidden.has(t) ? ' fm-type-off' : ''}`}
                  aria-pressed={!hidden.has(t)}
                  data-type={t}
                  title={hidden.has(t) ? `Show ${ASSET_TYPE_LABEL[t]}` : `Hide ${ASSET_TYPE_LABEL[t]}`}
                  onClick={() => onToggle(t)}
                >
                  {ASSET_TYPE_LABEL[t]}
                </button>
              ) : hidden.has(t) ? null : (
                <span key={t} className="fm-type" data-type={t}>
                  {ASSET_TYPE_LABEL[t]}
                </span>
              ),
            )}
          </li>
        ))}
      </ul>
      {interactive && hidden.size > 0 ? (
        <div className="fm-legend-note" data-testid="equipment-filtered">
          {hidden.size} type{hidden.size === 1 ? '' : 's'} hidden{' '}
          <button type="button" className="fm-type" onClick={onShowAll}>
            Show all
          </button>
        </div>
      ) : null}
    </div>
  )
}
