/**
 * The `nhs-cyber-alerts` panel: the open NHS England cyber alerts with the time left to their
 * deadline (acknowledge within 48 h of issue, then an update every 3 days), soonest first,
 * overdue ones marked — readable across the room on a wall. On a desktop, a row selects the alert
 * (the response panel and the map follow) and IT can record a new one by hand.
 */
import { useState, type ReactElement } from 'react'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { mayRecordNhsAlert } from '../../../shared/domain/cyber/cyberPermissions.ts'
import { nhsDeadline } from '../../../shared/domain/cyber/nhsDeadlines.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import {
  memoByRef,
  selectConnection,
  selectCyber,
  selectHello,
  selectSelection,
} from '../../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { useClock } from '../../ui/sharedClock.ts'
import { describeNoNhsAlerts } from './describeNoNhsAlerts.ts'
import { formatTimeLeft } from './formatTimeLeft.ts'
import { listOpenNhsAlerts } from './listOpenNhsAlerts.ts'
import { NhsAlertForm } from './NhsAlertForm.tsx'
import './cyber.css'

const openNhsAlerts = memoByRef(listOpenNhsAlerts)

export function NhsAlertsPanel({ theme }: PanelProps): ReactElement {
  const cyber = useWatchfloor(selectCyber)
  const alerts = openNhsAlerts(cyber)
  const role = useWatchfloor(selectHello)?.role ?? null
  const connection = useWatchfloor(selectConnection)
  const connected = connection.status === 'connected'
  const selection = useWatchfloor(selectSelection)
  const now = useClock(10_000)
  const [recording, setRecording] = useState(false)
  const desktop = theme !== 'wall'
  const mayRecord = desktop && role !== null && mayRecordNhsAlert(role)
  return (
    <div className="nhs-alerts">
      {mayRecord ? (
        <div className="nhs-alerts-bar">
          <button type="button" onClick={() => setRecording(true)}>
            Record NHS cyber alert…
          </button>
        </div>
      ) : null}
      {alerts.length === 0 ? (
        // An empty list while disconnected is not an all-clear.
        connected ? (
          <NoNhsAlerts cyber={cyber} connectedSince={connection.since} now={now} />
        ) : (
          <PanelMessage>NHS cyber alerts unknown — not connected.</PanelMessage>
        )
      ) : (
        <ul className="nhs-alert-list">
          {alerts.map((alert) => {
            const deadline = nhsDeadline(alert)
            const overdue = deadline !== null && deadline.dueAt <= now
            const selected = selection?.kind === 'cyber-alert' && selection.id === alert.id
            const body = (
              <>
                <span className="nhs-ref">{alert.nhs?.reference}</span>
                <span className="nhs-title">{alert.title.replace(`${alert.nhs?.reference ?? ''} `, '')}</span>
                <span className={`cyber-status status-${alert.status}`}>{alert.status}</span>
                <span className={`nhs-left${overdue ? ' cyber-overdue' : ''}`} data-testid="nhs-time-left">
                  {deadline === null
                    ? 'no deadline'
                    : `${deadline.kind === 'acknowledge' ? 'Ack' : 'Update'} ${formatTimeLeft(deadline.dueAt - now)}`}
                </span>
                <span className="nhs-where muted">
                  {alert.nhs?.owner ?? 'no owner'} · {alert.nhs?.affected.length ?? 0} hosts
                </span>
              </>
            )
            return (
              <li
                key={alert.id}
                data-alert={alert.id}
                data-overdue={overdue}
                aria-current={selected || undefined}
              >
                {desktop ? (
                  <button
                    type="button"
                    className="nhs-alert-row"
                    onClick={() => watchfloorStore.getState().select({ kind: 'cyber-alert', id: alert.id })}
                  >
                    {body}
                  </button>
                ) : (
                  <div className="nhs-alert-row">{body}</div>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {recording ? <NhsAlertForm onClose={() => setRecording(false)} /> : null}
    </div>
  )
}

/** The empty list: nothing due to NHS England, and since when (describeNoNhsAlerts.ts). */
function NoNhsAlerts({
  cyber,
  connectedSince,
  now,
}: {
  readonly cyber: ReadonlyMap<string, CyberAlert>
  readonly connectedSince: number
  readonly now: number
}): ReactElement {
  const { headline, since } = describeNoNhsAlerts(cyber, connectedSince, now)
  return (
    <div className="nhs-none" data-testid="nhs-none">
      <span className="nhs-none-headline">{headline}</span>
      <span className="nhs-none-since muted">{since}</span>
    </div>
  )
}
