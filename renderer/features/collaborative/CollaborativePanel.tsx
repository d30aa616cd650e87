/**
 * The `collaborative` panel: the system's aggregate escalation level with its method stated, and
 * the trusts side by side — G&A occupancy, free beds (by specialty), NCTR, long stays, each trust's
 * OPEL level with what drives it — each judged by its own gateway's freshness, so one trust STALE
 * never greys the others. Drill from the system to a trust (its wards) to a ward (its beds).
 */
import { useState, type ReactElement } from 'react'
import type { BedStatus } from '../../../shared/contracts/entities.ts'
import type { EscalationResult, OpelLevel } from '../../../shared/domain/kpis/computeEscalationLevel.ts'
import { describeSystemMethod } from '../../../shared/domain/kpis/computeSystemEscalation.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { selectBeds, selectSiteModel } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { StaleBadge } from '../../ui/StaleBadge.tsx'
import { shortTrustName } from '../../ui/shortTrustName.ts'
import { BED_STATUS_MARK } from '../../ui/tones.ts'
import type { CollaborativeSummary, TrustBoardSummary, WardSummary } from './summariseCollaborative.ts'
import { useCollaborativeSummary } from './useCollaborativeSummary.ts'
import './collaborative.css'

/** OPEL levels as tone and glyph: colour is never the only cue. */
export const OPEL_MARK: Readonly<Record<OpelLevel, { readonly tone: string; readonly glyph: string }>> = {
  1: { tone: 'ok', glyph: '●' },
  2: { tone: 'warn', glyph: '▲' },
  3: { tone: 'critical', glyph: '▲▲' },
  4: { tone: 'critical', glyph: '✕' },
}

/** Free beds by specialty in a trust's column: the most first; the mutual-aid panel has them all. */
const SPECIALTIES_SHOWN = 3

type Drill = { readonly trust: string; readonly ward: string | null } | null

const pct = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)} %`)

/** The parameters that drive a trust's level, in words ("G&A occ. 94.1 % · NCTR 16.0 %"). */
export function describeDrivers(result: EscalationResult): string {
  if (result.drivers.length === 0) return 'No parameter above OPEL 1'
  // The two that weigh most: one line in a column read from across the room (Details has the rest).
  return result.drivers
    .slice(0, 2)
    .map((input) => {
      const p = result.parameters.find((parameter) => parameter.input === input)
      if (p === undefined || p.value === null) return null
      const value = p.unit === '%' ? `${p.value.toFixed(1)} %` : `${Math.round(p.value)} ${p.unit}`
      return `${p.shortLabel} ${value}`
    })
    .filter((text): text is string => text !== null)
    .join(' · ')
}

function OpelBadge({
  level,
  prefix,
}: {
  readonly level: OpelLevel | null
  readonly prefix?: string
}): ReactElement {
  if (level === null)
    return (
      <span className="collab-opel tone-neutral" data-level="none">
        {prefix ? `${prefix} ` : ''}OPEL ?
      </span>
    )
  const mark = OPEL_MARK[level]
  return (
    <span className={`collab-opel tone-${mark.tone}`} data-level={level}>
      <span aria-hidden="true">{mark.glyph} </span>
      {prefix ? `${prefix} ` : ''}OPEL {level}
    </span>
  )
}

function SystemHeader({ summary }: { readonly summary: CollaborativeSummary }): ReactElement {
  const { system, trusts } = summary
  const voting = system.voting.length
  return (
    <div className="collab-system" data-testid="collab-system" data-level={system.level ?? 'none'}>
      <OpelBadge level={system.level} prefix="System" />
      <div className="collab-system-text">
        <div className="collab-system-method" data-testid="collab-method">
          {describeSystemMethod(system.method)}
        </div>
        <div className="collab-system-votes">
          {voting} of {trusts.length} trusts
          {system.missing.length > 0 ? (
            <span className="tone-critical" data-testid="collab-missing">
              {' '}
              · not counted (not live): {system.missing.map((key) => key.toUpperCase()).join(', ')}
            </span>
          ) : null}
          {system.drivers.length > 0 ? (
            <span> · driven by {system.drivers.map((key) => key.toUpperCase()).join(', ')}</span>
          ) : null}
          {system.raisedByFloor ? <span> · raised to one below the highest trust</span> : null}
        </div>
      </div>
    </div>
  )
}

function TrustColumn({
  trust,
  onDrill,
}: {
  readonly trust: TrustBoardSummary
  readonly onDrill: () => void
}): ReactElement {
  const live = trust.freshness === 'live'
  const c = trust.counts
  return (
    <section
      className={`collab-trust${live ? '' : ' is-not-live'}`}
      data-testid="collab-trust"
      data-trust={trust.key}
      data-freshness={trust.freshness}
      aria-label={trust.name}
    >
      <header className="collab-trust-head">
        <button type="button" className="collab-trust-key" onClick={onDrill} title={`${trust.name}: wards`}>
          {trust.key.toUpperCase()} ›
        </button>
        <StaleBadge freshness={trust.freshness} confirmedAt={trust.confirmedAt} restored={trust.restored} />
      </header>
      <div className="collab-trust-name" title={trust.name}>
        {shortTrustName(trust.name)}
      </div>
      {c === null ? (
        <div className="collab-trust-empty">
          {trust.connection.status === 'connected'
            ? 'Loading places…'
            : (trust.connection.detail ?? 'Connecting…')}
        </div>
      ) : (
        <>
          <div className="collab-trust-level">
            <OpelBadge level={trust.escalation?.level ?? null} />
            <span className="collab-drivers">
              {trust.escalation ? describeDrivers(trust.escalation) : ''}
            </span>
          </div>
          <dl className="collab-figures">
            <div>
              <dt>G&amp;A occupancy</dt>
              <dd data-testid="collab-occupancy">{pct(trust.gaOccupancyPct)}</dd>
            </div>
            <div>
              <dt>G&amp;A free</dt>
              <dd>
                {trust.gaFree} <span className="collab-of">of {trust.gaOpenBeds}</span>
              </dd>
            </div>
            <div>
              <dt>NCTR</dt>
              <dd>
                {c.nctr} <span className="collab-of">{pct(trust.nctrPct)}</span>
              </dd>
            </div>
            <div>
              <dt>Stays 21+ d</dt>
              <dd>
                {c.longStay21} <span className="collab-of">14+ {c.longStay14}</span>
              </dd>
            </div>
          </dl>
          <div className="collab-specialties">
            <div className="collab-caption">
              Free by specialty
              {trust.freeBySpecialty.length > SPECIALTIES_SHOWN
                ? ` (+${trust.freeBySpecialty.length - SPECIALTIES_SHOWN} more)`
                : ''}
            </div>
            {trust.freeBySpecialty.length === 0 ? (
              <div className="collab-none">No free beds</div>
            ) : (
              <ul>
                {trust.freeBySpecialty.slice(0, SPECIALTIES_SHOWN).map(([specialty, free]) => (
                  <li key={specialty}>
                    <span className="collab-spec">{specialty}</span> <strong>{free}</strong>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  )
}

function TrustWards({
  trust,
  onBack,
  onWard,
}: {
  readonly trust: TrustBoardSummary
  readonly onBack: () => void
  readonly onWard: (ward: WardSummary) => void
}): ReactElement {
  return (
    <div className="collab-drill" data-testid="collab-drill-trust" data-trust={trust.key}>
      <div className="collab-drill-head">
        <button type="button" onClick={onBack}>
          ‹ System
        </button>
        <strong>{trust.name}</strong>
        <OpelBadge level={trust.escalation?.level ?? null} />
        <StaleBadge
          freshness={trust.freshness}
          confirmedAt={trust.confirmedAt}
          label={trust.key.toUpperCase()}
          restored={trust.restored}
        />
      </div>
      <div className="collab-scroll">
        <table className="list-table collab-table">
          <thead>
            <tr>
              <th scope="col">Ward</th>
              <th scope="col">Site</th>
              <th scope="col">Specialty</th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col" className="num">
                Occ.
              </th>
              <th scope="col" className="num">
                Free
              </th>
              <th scope="col" className="num">
                NCTR
              </th>
              <th scope="col" className="num">
                21+ d
              </th>
            </tr>
          </thead>
          <tbody>
            {trust.wards.map((ward) => (
              <tr key={ward.id}>
                <td>
                  <button type="button" className="collab-link" onClick={() => onWard(ward)}>
                    {ward.name}
                  </button>
                </td>
                <td>{ward.siteName}</td>
                <td>{ward.specialty ?? '—'}</td>
                <td className="num">{ward.open}</td>
                <td className="num">{ward.occupied}</td>
                <td className="num">{ward.free}</td>
                <td className="num">{ward.nctr}</td>
                <td className="num">{ward.longStay21}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

const STATUS_WORD: Readonly<Record<BedStatus, string>> = {
  occupied: 'Occupied',
  unoccupied: 'Free',
  housekeeping: 'Cleaning',
  closed: 'Closed',
  isolated: 'Isolated',
  contaminated: 'Contaminated',
  reserved: 'Reserved',
  unknown: 'Unknown',
}

function WardBeds({
  trust,
  ward,
  onBack,
}: {
  readonly trust: TrustBoardSummary
  readonly ward: WardSummary
  readonly onBack: () => void
}): ReactElement {
  const siteModel = useWatchfloor(selectSiteModel)
  const beds = useWatchfloor(selectBeds)
  const places = siteModel?.beds.filter((place) => place.wardId === ward.id) ?? []
  return (
    <div className="collab-drill" data-testid="collab-drill-ward" data-ward={ward.id}>
      <div className="collab-drill-head">
        <button type="button" onClick={onBack}>
          ‹ {trust.key.toUpperCase()} wards
        </button>
        <strong>
          {ward.name} · {ward.siteName}
        </strong>
        <span>
          {ward.free} free of {ward.open}
        </span>
        <StaleBadge
          freshness={trust.freshness}
          confirmedAt={trust.confirmedAt}
          label={trust.key.toUpperCase()}
          restored={trust.restored}
        />
      </div>
      <div className="collab-scroll">
        <table className="list-table collab-table">
          <thead>
            <tr>
              <th scope="col">Bed</th>
              <th scope="col">Bay</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Stay (d)
              </th>
              <th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {places.map((place) => {
              const bed = beds.get(place.id)
              const status = bed?.status ?? 'unknown'
              const mark = BED_STATUS_MARK[status]
              return (
                <tr key={place.id}>
                  <td>{place.label}</td>
                  <td>{place.bayLabel ?? (place.sideRoom ? 'Side room' : '—')}</td>
                  <td className={`tone-${mark.tone}`}>
                    <span aria-hidden="true">{mark.glyph} </span>
                    {STATUS_WORD[status]}
                  </td>
                  <td className="num">{bed?.lengthOfStayDays ?? '—'}</td>
                  <td>
                    {[bed?.nctr ? 'NCTR' : null, bed?.expectedDischargeToday ? 'EDD today' : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function CollaborativePanel(_props: PanelProps): ReactElement {
  const summary = useCollaborativeSummary()
  const [drill, setDrill] = useState<Drill>(null)
  if (summary.trusts.length === 0) {
    return (
      <PanelMessage>
        This app instance follows one trust. The collaborative board merges several trusts’ gateways: see
        docs/collaborative.md.
      </PanelMessage>
    )
  }
  const trust = drill === null ? undefined : summary.trusts.find((t) => t.key === drill.trust)
  if (drill !== null && trust !== undefined) {
    const ward = drill.ward === null ? undefined : trust.wards.find((w) => w.id === drill.ward)
    if (ward !== undefined)
      return <WardBeds trust={trust} ward={ward} onBack={() => setDrill({ trust: trust.key, ward: null })} />
    return (
      <TrustWards
        trust={trust}
        onBack={() => setDrill(null)}
        onWard={(w) => setDrill({ trust: trust.key, ward: w.id })}
      />
    )
  }
  return (
    <div className="collab-root" data-testid="collab-trusts">
      <SystemHeader summary={summary} />
      <div
        className="collab-columns"
        style={{ gridTemplateColumns: `repeat(${summary.trusts.length}, minmax(0, 1fr))` }}
      >
        {summary.trusts.map((t) => (
          <TrustColumn key={t.key} trust={t} onDrill={() => setDrill({ trust: t.key, ward: null })} />
        ))}
      </div>
    </div>
  )
}
