/**
 * The `mutual-aid` panel: where the help is across the collaborative's trusts. Free beds by
 * specialty, trust by trust, and tracked equipment by type against each trust's PAR levels — the
 * surplus a trust could lend (available above its PAR minimums) and the shortfall it has (below
 * them). A trust whose data is not live is marked in its column: its numbers are the last known.
 */
import type { ReactElement } from 'react'
import type { AssetType } from '../../../shared/contracts/entities.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { FRESHNESS_MARK, FRESHNESS_WORD } from '../../ui/tones.ts'
import type { TrustBoardSummary } from './summariseCollaborative.ts'
import { useCollaborativeSummary } from './useCollaborativeSummary.ts'
import './collaborative.css'

const TYPE_LABEL: Partial<Record<AssetType, string>> = {
  'infusion-pump': 'Pumps',
  'syringe-driver': 'Syringe drivers',
  'patient-monitor': 'Monitors',
  ventilator: 'Ventilators',
  defibrillator: 'Defibrillators',
  wheelchair: 'Wheelchairs',
  bed: 'Beds (frames)',
  hoist: 'Hoists',
}

/** How many specialties fit: the ones with the most free beds in the system first. */
const MAX_SPECIALTIES = 4

function TrustHead({ trust }: { readonly trust: TrustBoardSummary }): ReactElement {
  const live = trust.freshness === 'live'
  const mark = FRESHNESS_MARK[trust.freshness]
  return (
    <th scope="col" className="num" data-trust={trust.key} title={trust.name}>
      {trust.key.toUpperCase()}
      {live ? null : (
        <span className={`collab-head-stale tone-${mark.tone}`}>
          {' '}
          {mark.glyph} {FRESHNESS_WORD[trust.freshness]}
        </span>
      )}
    </th>
  )
}

export function MutualAidPanel(_props: PanelProps): ReactElement {
  const summary = useCollaborativeSummary()
  const { trusts } = summary
  if (trusts.length === 0)
    return <PanelMessage>Mutual aid needs a collaborative of several trusts.</PanelMessage>
  const specialties = summary.specialties.slice(0, MAX_SPECIALTIES)
  return (
    <div className="collab-aid" data-testid="collab-mutual-aid">
      <section className="collab-aid-part" aria-label="Free beds by specialty">
        <div className="collab-caption">Free beds by specialty</div>
        <table className="list-table collab-table">
          <thead>
            <tr>
              <th scope="col">Specialty</th>
              {trusts.map((t) => (
                <TrustHead key={t.key} trust={t} />
              ))}
            </tr>
          </thead>
          <tbody>
            {specialties.length === 0 ? (
              <tr>
                <td colSpan={trusts.length + 1}>No free bed in any trust</td>
              </tr>
            ) : (
              specialties.map((specialty) => (
                <tr key={specialty}>
                  <td>{specialty}</td>
                  {trusts.map((t) => {
                    const free = t.freeBySpecialty.find(([s]) => s === specialty)?.[1] ?? 0
                    return (
                      <td
                        key={t.key}
                        className={`num${t.freshness === 'live' ? '' : ' is-not-live'}${free > 0 ? ' tone-ok' : ''}`}
                      >
                        {free > 0 ? free : '—'}
                      </td>
                    )
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
        {summary.specialties.length > MAX_SPECIALTIES ? (
          <div className="list-more">+{summary.specialties.length - MAX_SPECIALTIES} more specialties</div>
        ) : null}
      </section>
      <section className="collab-aid-part" aria-label="Equipment against PAR">
        <div className="collab-caption">Equipment against PAR: spare + / short −</div>
        <table className="list-table collab-table" data-testid="collab-equipment">
          <thead>
            <tr>
              <th scope="col">Type</th>
              {trusts.map((t) => (
                <TrustHead key={t.key} trust={t} />
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.equipmentTypes.map((type) => (
              <tr key={type}>
                <td>{TYPE_LABEL[type] ?? type}</td>
                {trusts.map((t) => {
                  const balance = t.equipment.get(type)
                  const notLive = t.assetsFreshness === 'live' ? '' : ' is-not-live'
                  if (balance === undefined)
                    return (
                      <td key={t.key} className={`num${notLive}`}>
                        —
                      </td>
                    )
                  return (
                    <td
                      key={t.key}
                      className={`num collab-balance${notLive}`}
                      title={`${t.name}: ${balance.surplus} spare above PAR, ${balance.shortfall} short, ${balance.belowCritical} wards below critical`}
                    >
                      <span className={balance.surplus > 0 ? 'tone-ok' : 'collab-muted'}>
                        +{balance.surplus}
                      </span>
                      {balance.shortfall > 0 ? (
                        <span className="tone-critical collab-short"> !−{balance.shortfall}</span>
                      ) : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
