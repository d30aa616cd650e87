import type { ReactElement } from 'react'
import type { PanelProps } from '../../board/panelTypes.ts'
import { selectOpenCyberAlerts } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { SeverityBadge } from '../../ui/SeverityBadge.tsx'
import { AgeText } from '../../ui/AgeText.tsx'

const MAX_ROWS = 40

/** Open cyber alerts, most severe and most recent first. */
export function CyberOpenPanel(_props: PanelProps): ReactElement {
  const alerts = useWatchfloor(selectOpenCyberAlerts)
  if (alerts.length === 0) return <PanelMessage>No open cyber alerts.</PanelMessage>
  const shown = alerts.slice(0, MAX_ROWS)
  return (
    <div className="list-panel">
      <table className="list-table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Alert</th>
            <th>Host</th>
            <th>Status</th>
            <th>Seen</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.id} data-severity={a.severity}>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td>
                {a.title}
                {a.count > 1 ? <span className="muted"> ×{a.count}</span> : null}
              </td>
              <td>{a.host ?? '—'}</td>
              <td>{a.status}</td>
              <td>
                <AgeText since={a.lastSeen} /> ago
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {alerts.length > shown.length ? (
        <div className="list-more">and {alerts.length - shown.length} more</div>
      ) : null}
    </div>
  )
}
