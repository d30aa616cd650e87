/**
 * The `cyber-response` panel: the cyber alert selected in a table or on the map, its response so
 * far (who acknowledged, investigated, updated, resolved — when and why) and, on a desktop, the
 * steps the user's role may take next. Every step goes through the gateway, so every wall and
 * desktop shows it and the change log keeps it.
 */
import { useMemo, type ReactElement } from 'react'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { nhsDeadline } from '../../../shared/domain/cyber/nhsDeadlines.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import { selectCyber, selectHello, selectSelection, selectSiteModel } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { SeverityBadge } from '../../ui/SeverityBadge.tsx'
import { useClock } from '../../ui/sharedClock.ts'
import { CyberResponseForm } from './CyberResponseForm.tsx'
import { formatTimeLeft } from './formatTimeLeft.ts'
import { formatWhen } from './formatWhen.ts'
import './cyber.css'

const STEP_WORD: Readonly<Record<string, string>> = {
  acknowledge: 'Acknowledged',
  investigate: 'Investigating',
  update: 'Update',
  resolve: 'Resolved',
}

const APPLICABILITY_WORD = {
  unassessed: 'not yet assessed',
  applicable: 'applies',
  'not-applicable': 'does not apply',
} as const

function useUnitNames(): ReadonlyMap<string, string> {
  const model = useWatchfloor(selectSiteModel)
  return useMemo(() => new Map((model?.units ?? []).map((u) => [u.id, u.name])), [model])
}

export function CyberResponsePanel({ theme }: PanelProps): ReactElement {
  const selection = useWatchfloor(selectSelection)
  const alerts = useWatchfloor(selectCyber)
  const role = useWatchfloor(selectHello)?.role ?? null
  // Minutes are the finest unit shown: the window's shared clock at 10 s, not a 1 s panel clock.
  const now = useClock(10_000)
  const units = useUnitNames()
  const alert = selection?.kind === 'cyber-alert' ? alerts.get(selection.id) : undefined
  if (alert === undefined)
    return (
      <PanelMessage>
        Select a cyber alert in a table, on the map or in the NHS alerts list to respond to it.
      </PanelMessage>
    )
  return (
    <div className="cyber-response" data-alert={alert.id} data-status={alert.status}>
      <div className="cyber-head">
        <SeverityBadge severity={alert.severity} />
        <h3 className="cyber-title">{alert.title}</h3>
        <span className={`cyber-status status-${alert.status}`} data-testid="cyber-status">
          {alert.status}
        </span>
      </div>
      <AlertFacts alert={alert} now={now} units={units} />
      {alert.updates === undefined || alert.updates.length === 0 ? null : (
        <ol className="cyber-steps" aria-label="Response so far">
          {alert.updates.map((u) => (
            <li key={`${u.at}-${u.action}`} data-action={u.action}>
              <span className="cyber-step-what">{STEP_WORD[u.action] ?? u.action}</span>{' '}
              <span className="muted">
                {u.by}, {formatWhen(u.at, now)}
              </span>
              {u.note === '' ? null : <span className="cyber-step-note"> — {u.note}</span>}
            </li>
          ))}
        </ol>
      )}
      {theme !== 'wall' && role !== null ? (
        <CyberResponseForm key={alert.id} alert={alert} role={role} />
      ) : null}
    </div>
  )
}

function AlertFacts({
  alert,
  now,
  units,
}: {
  readonly alert: CyberAlert
  readonly now: number
  readonly units: ReadonlyMap<string, string>
}): ReactElement {
  const nhs = alert.nhs
  const deadline = nhsDeadline(alert)
  const place = alert.unitId === null ? null : (units.get(alert.unitId) ?? alert.unitId)
  return (
    <dl className="cyber-facts">
      <dt>Host</dt>
      <dd>{alert.host ?? '—'}</dd>
      <dt>Where</dt>
      <dd>{place ?? '—'}</dd>
      <dt>First seen</dt>
      <dd>
        {formatWhen(alert.firstSeen, now)}
        {alert.count > 1 ? ` · seen ${alert.count}×` : ''}
      </dd>
      <dt>Acknowledged</dt>
      <dd>{alert.ack === null ? 'not yet' : `${alert.ack.by}, ${formatWhen(alert.ack.at, now)}`}</dd>
      {nhs === undefined ? null : (
        <>
          <dt>NHS alert</dt>
          <dd>
            {/* The address as text: a command-centre window never navigates or opens another. */}
            {nhs.reference} issued {formatWhen(nhs.issuedAt, now)}
            {nhs.url === null ? null : <span className="cyber-url">{nhs.url}</span>}
          </dd>
          <dt>Owner</dt>
          <dd>{nhs.owner ?? '—'}</dd>
          <dt>Applies</dt>
          <dd>{APPLICABILITY_WORD[nhs.applicability]}</dd>
          {deadline === null ? null : (
            <>
              <dt>{deadline.kind === 'acknowledge' ? 'Acknowledge by' : 'Next update by'}</dt>
              <dd className={deadline.dueAt <= now ? 'cyber-overdue' : undefined}>
                {formatWhen(deadline.dueAt, now)} · {formatTimeLeft(deadline.dueAt - now)}
              </dd>
            </>
          )}
          {nhs.affected.length === 0 ? null : (
            <>
              <dt>Affected</dt>
              <dd>
                {nhs.affected
                  .map((a) => {
                    const where = a.unitId === null ? null : (units.get(a.unitId) ?? a.unitId)
                    return `${a.host ?? 'host hidden'}${where === null ? '' : ` (${where})`}`
                  })
                  .join(', ')}
              </dd>
            </>
          )}
        </>
      )}
    </dl>
  )
}
