/**
 * The `alarm-list` panel: every alarm not in the normal state — annunciated, shelved and out of
 * service — with acknowledge/shelve/unshelve on a desktop, and the history of transitions.
 */
import { useState, type ReactElement } from 'react'
import type { PanelProps } from '../../board/panelTypes.ts'
import { mayActOnAlarms } from '../../../shared/domain/alarms/alarmPermissions.ts'
import { selectAlarms, selectConnection, selectHello } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { useHost } from '../../host/HostProvider.tsx'
import { AlarmHistory } from './AlarmHistory.tsx'
import { AlarmLine } from './AlarmLine.tsx'
import './alarms.css'

export function AlarmListPanel({ theme }: PanelProps): ReactElement {
  const alarms = useWatchfloor(selectAlarms)
  const host = useHost()
  const [view, setView] = useState<'active' | 'history'>('active')
  // A viewer (a wall's token) sees the list without controls the gateway would refuse.
  const role = useWatchfloor(selectHello)?.role ?? null
  const operable = theme !== 'wall' && role !== null && mayActOnAlarms(role)
  const connected = useWatchfloor(selectConnection).status === 'connected'
  return (
    <div className="alarm-panel">
      <div className="alarm-panel-tabs" role="group" aria-label="Alarm view">
        <button type="button" aria-pressed={view === 'active'} onClick={() => setView('active')}>
          Active ({alarms.length})
        </button>
        <button type="button" aria-pressed={view === 'history'} onClick={() => setView('history')}>
          History
        </button>
      </div>
      {/* Focusable so a keyboard can scroll the list where it holds no buttons (a wall's, a viewer's). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- see above */}
      <div className="alarm-panel-scroll" tabIndex={0} role="region" aria-label="Alarm list">
        {view === 'history' ? (
          <AlarmHistory />
        ) : alarms.length === 0 ? (
          // An empty list while disconnected is not an all-clear.
          <PanelMessage>{connected ? 'No alarms.' : 'Alarms unknown — not connected.'}</PanelMessage>
        ) : (
          <ul className="alarm-lines">
            {alarms.map((a) => (
              <AlarmLine key={a.fingerprint} alarm={a} send={operable ? host.alarmAction : null} />
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}
