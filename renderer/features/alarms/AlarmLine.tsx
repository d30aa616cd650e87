/**
 * One alarm as a line: priority mark and words, title, flood count, detail, state (with who
 * acknowledged and why, or until when it is shelved), age, and on a desktop the actions. The
 * banner and the alarm-list panel draw alarms the same way, so an operator reads them the same way.
 */
import type { ReactElement } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import type { AlarmActionRequest, AlarmActionResponse } from '../../../shared/contracts/feed.ts'
import { AgeText } from '../../ui/AgeText.tsx'
import { SeverityBadge } from '../../ui/SeverityBadge.tsx'
import { AlarmActions } from './AlarmActions.tsx'
import { countLabel, flashes, PRIORITY_LABEL, PRIORITY_MARK, STATE_LABEL } from './alarmPresentation.ts'
import { ShowOnMapButton } from './ShowOnMapButton.tsx'

/** 24-hour wall-clock time, as the banner and the list show acknowledgements and expiries. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false })
}

export function AlarmLine({
  alarm,
  send,
}: {
  readonly alarm: ActiveAlarm
  /** How actions reach the gateway; null where the line only shows (a wall). */
  readonly send: ((request: AlarmActionRequest) => Promise<AlarmActionResponse>) | null
}): ReactElement {
  const count = countLabel(alarm)
  return (
    <li
      className={`alarm-line prio-${alarm.priority} state-${alarm.state}${flashes(alarm) ? ' flashing' : ''}`}
      data-fingerprint={alarm.fingerprint}
      data-priority={alarm.priority}
      data-state={alarm.state}
      data-count={alarm.groupCount}
      data-raised-at={alarm.raisedAt}
    >
      <span className="alarm-mark" aria-label={`${PRIORITY_LABEL[alarm.priority]} priority`}>
        {PRIORITY_MARK[alarm.priority]}
      </span>
      <span className="alarm-priority">{PRIORITY_LABEL[alarm.priority]}</span>
      <span className="alarm-text">
        <span className="alarm-title">{alarm.title}</span>
        {count === null ? null : <span className="alarm-count">{count}</span>}
        <span className="alarm-detail">{alarm.detail}</span>
        {alarm.alertSeverity === undefined ? null : (
          // The source's own vocabulary, labelled, beside (never inside) the alarm's priority.
          <span className="alarm-chip" title="Severity the security source gave the alert">
            <span className="alarm-chip-label">Alert severity</span>{' '}
            <SeverityBadge severity={alarm.alertSeverity} />
          </span>
        )}
      </span>
      <span className="alarm-state">
        {STATE_LABEL[alarm.state]}
        {alarm.escalated ? ' · ESCALATED' : ''}
        {alarm.ack !== null && alarm.state === 'acknowledged' ? (
          <span className="alarm-ack-by">
            {' '}
            by {alarm.ack.by} {clockTime(alarm.ack.at)}
            {alarm.ack.note === '' ? '' : ` — “${alarm.ack.note}”`}
          </span>
        ) : null}
        {alarm.state === 'shelved' && alarm.shelvedUntil !== null
          ? ` until ${clockTime(alarm.shelvedUntil)}`
          : ''}
      </span>
      <span className="alarm-age" title={new Date(alarm.raisedAt).toISOString()}>
        {/* The age ticks in a leaf on the shared clock: the line itself re-renders only on change. */}
        <AgeText since={alarm.raisedAt} />
      </span>
      {send ? <ShowOnMapButton alarm={alarm} /> : null}
      {send ? <AlarmActions alarm={alarm} send={send} /> : null}
    </li>
  )
}
