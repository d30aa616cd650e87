/**
 * The `alarm-list` panel: every alarm not in the normal state — annunciated, shelved and out of
 * service — with acknowledge/shelve/unshelve on a desktop, and the history of transitions.
 */
import { useState, type ReactElement } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import type { PanelProps } from '../../app/panelTypes.ts'
import { selectAlarms } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { formatAge } from '../../ui/formatAge.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { useNow } from '../../ui/useNow.ts'
import { AlarmActions } from './AlarmActions.tsx'
import { sendAlarmAction } from './alarmActionSender.ts'
import { AlarmHistory } from './AlarmHistory.tsx'
import { countLabel, flashes, PRIORITY_LABEL, PRIORITY_MARK, STATE_LABEL } from './alarmPresentation.ts'
import './alarms.css'

function Row({
  alarm,
  now,
  operable,
}: {
  readonly alarm: ActiveAlarm
  readonly now: number
  readonly operable: boolean
}): ReactElement {
  const count = countLabel(alarm)
  return (
    <li
      className={`alarm-line prio-${alarm.priority} state-${alarm.state}${flashes(alarm) ? ' flashing' : ''}`}
      data-fingerprint={alarm.fingerprint}
      data-state={alarm.state}
    >
      <span className="alarm-mark">{PRIORITY_MARK[alarm.priority]}</span>
      <span className="alarm-priority">{PRIORITY_LABEL[alarm.priority]}</span>
      <span className="alarm-text">
        <span className="alarm-title">{alarm.title}</span>
        {count === null ? null : <span className="alarm-count">{count}</span>}
        <span className="alarm-detail">{alarm.detail}</span>
      </span>
      <span className="alarm-state">
        {STATE_LABEL[alarm.state]}
        {alarm.state === 'shelved' && alarm.shelvedUntil !== null
          ? ` until ${new Date(alarm.shelvedUntil).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
          : ''}
      </span>
      <span className="alarm-age">{formatAge(now - alarm.raisedAt)}</span>
      {operable ? <AlarmActions alarm={alarm} send={sendAlarmAction} /> : null}
    </li>
  )
}

export function AlarmListPanel({ theme }: PanelProps): ReactElement {
  const alarms = useWatchfloor(selectAlarms)
  const now = useNow(1000)
  const [view, setView] = useState<'active' | 'history'>('active')
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
      <div className="alarm-panel-scroll">
        {view === 'history' ? (
          <AlarmHistory />
        ) : alarms.length === 0 ? (
          <PanelMessage>No alarms.</PanelMessage>
        ) : (
          <ul className="alarm-lines">
            {alarms.map((a) => (
              <Row key={a.fingerprint} alarm={a} now={now} operable={theme !== 'wall'} />
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}
