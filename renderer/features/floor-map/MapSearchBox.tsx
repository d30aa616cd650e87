/** Search to locate: type a tag, bed, device or "nearest available pump to Ward 7". */
import { useMemo, useState, type ReactElement } from 'react'
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { searchMap, type SearchHit } from './mapSearch.ts'

type Props = {
  readonly siteModel: SiteModel
  readonly assets: ReadonlyMap<string, Asset>
  readonly devices: ReadonlyMap<string, NetworkDevice>
  readonly onLocate: (hit: SearchHit) => void
}

export function MapSearchBox({ siteModel, assets, devices, onLocate }: Props): ReactElement {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  // Results are computed on the query, not on every feed update: a list that reorders under the
  // pointer is worse than one a second old.
  const hits = useMemo(
    () => (open ? searchMap(query, siteModel, assets, devices, 8) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on the query, not on every feed update (above)
    [query, open, siteModel],
  )
  return (
    <div className="fm-search">
      <input
        type="search"
        placeholder="Find: tag, 'ward 7 b3', device, or 'nearest pump to Ward 7'"
        aria-label="Search the map"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hits[0]) {
            onLocate(hits[0])
            setOpen(false)
          }
          if (e.key === 'Escape') setOpen(false)
        }}
      />
      {open && hits.length > 0 && (
        <ul className="fm-search-results" role="listbox">
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`} data-level={hit.levelId} data-kind={hit.kind}>
              <button
                type="button"
                onClick={() => {
                  onLocate(hit)
                  setOpen(false)
                }}
              >
                <strong>{hit.label}</strong> <span>{hit.detail}</span>
                {hit.distance !== null && <em>{Math.round(hit.distance)} m</em>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
