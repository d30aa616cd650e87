/**
 * The alarm history: lifecycle transitions newest first — when, which alarm, from → to, who and why.
 * In Electron they are main's journal, read over IPC while this view is open; until it has arrived
 * (or where there is none) it lists the operator actions the gateway relays (acknowledge, shelve).
 */
import type { ReactElement } from 'react'
import type { AlarmLifecycleState, AlarmTransition } from '../../../shared/contracts/alarms.ts'
import { selectAlarmActions } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { useAlarmHistory, useAlarmHistoryViewer } from '../../state/alarmHistoryStore.ts'
import { PRIORITY_MARK } from './alarmPresentation.ts'

const STATE_WORD: Readonly<Record<AlarmLifecycleState, string>> = {
  normal: 'normal',
  unacknowledged: 'unacknowledged',
  acknowledged: 'acknowledged',
  'rtn-unacknowledged': 'cleared, unack',
  shelved: 'shelved',
  'out-of-service': 'out of service',
}

const ROWS = 200

function time(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour12: false })
}

/** The history: the engine's transitions where this window has them, else the relayed actions. */
export function AlarmHistory(): ReactElement {
  useAlarmHistoryViewer()
  const transitions = useAlarmHistory((s) => s.transitions)
  const available = useAlarmHistory((s) => s.available)
  const actions = useWatchfloor(selectAlarmActions)
  if (!available) {
    const rows = [...actions].reverse().slice(0, ROWS)
    return (
      <table className="alarm-history" data-history="actions">
        <thead>
          <tr>
            <th>Time</th>
            <th>Action</th>
            <th>Alarm</th>
            <th>By</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{time(a.at)}</td>
              <td>{a.action}</td>
              <td className="alarm-history-what">{a.fingerprint}</td>
              <td>{a.by}</td>
              <td className="alarm-history-what">{a.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )
  }
  return <TransitionTable transitions={transitions} />
}

/** Transitions newest first (the last 200). */
export function TransitionTable({
  transitions,
}: {
  readonly transitions: readonly AlarmTransition[]
}): ReactElement {
  const rows = transitions.slice(-ROWS).reverse()
  return (
    <table className="alarm-history" data-history="transitions">
      <thead>
        <tr>
          <th>Time</th>
          <th>Priority</th>
          <th>Alarm</th>
          <th>Transition</th>
          <th>By</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={6}>No transitions since this page opened.</td>
          </tr>
        ) : null}
        {rows.map((t, i) => (
          <tr key={`${t.at}-${t.fingerprint}-${i}`} data-to={t.to}>
            <td>{time(t.at)}</td>
            <td>
              {PRIORITY_MARK[t.priority]} {t.priority}
            </td>
            <td className="alarm-history-what">
              <strong>{t.title}</strong> — {t.detail}
            </td>
            <td>
              {STATE_WORD[t.from]} → {STATE_WORD[t.to]}
            </td>
            <td>{t.by ?? ''}</td>
            <td className="alarm-history-what">{t.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
