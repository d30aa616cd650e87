import { useState, type FormEvent, type ReactElement } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import type { AlarmActionRequest, AlarmActionResponse } from '../../../shared/contracts/feed.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'

/** How long a shelve lasts; ISA-18.2 shelving is always time-limited. */
const SHELVE_OPTIONS: ReadonlyArray<{ readonly label: string; readonly ms: number }> = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '4 h', ms: 4 * 60 * 60_000 },
  { label: '8 h', ms: 8 * 60 * 60_000 },
]

type Mode = 'idle' | 'acknowledge' | 'shelve'

/**
 * Acknowledge and shelve one alarm line (desktop only: a wall is read, not operated). Both go
 * through the gateway so every wall and desktop agrees; the note records why. A request names the
 * line's members as this screen shows them: an acknowledgement covers what the operator saw.
 */
export function AlarmActions({
  alarm,
  send,
}: {
  readonly alarm: ActiveAlarm
  readonly send: (request: AlarmActionRequest) => Promise<AlarmActionResponse>
}): ReactElement {
  const [mode, setMode] = useState<Mode>('idle')
  const [note, setNote] = useState('')
  const [shelveMs, setShelveMs] = useState(SHELVE_OPTIONS[1]?.ms ?? 3_600_000)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const request: AlarmActionRequest =
      mode === 'shelve'
        ? {
            action: 'shelve',
            fingerprint: alarm.fingerprint,
            note: note.trim(),
            until: Date.now() + shelveMs,
            members: [...alarm.members],
          }
        : {
            action: 'acknowledge',
            fingerprint: alarm.fingerprint,
            note: note.trim(),
            members: [...alarm.members],
          }
    setBusy(true)
    const response = await send(request)
    setBusy(false)
    if (response.ok) {
      setMode('idle')
      setNote('')
      setError(null)
    } else setError(response.error)
  }

  if (alarm.state === 'shelved') {
    return (
      <span className="alarm-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            runDetached(
              send({
                action: 'unshelve',
                fingerprint: alarm.fingerprint,
                note: '',
                members: [...alarm.members],
              }),
              logDetachedFailure('unshelving'),
            )
          }
        >
          Unshelve
        </button>
      </span>
    )
  }

  if (mode === 'idle') {
    const canAck = alarm.state === 'unacknowledged' || alarm.state === 'rtn-unacknowledged'
    return (
      <span className="alarm-actions">
        {canAck ? (
          <button type="button" className="alarm-ack" onClick={() => setMode('acknowledge')}>
            Acknowledge
          </button>
        ) : null}
        <button type="button" className="alarm-shelve" onClick={() => setMode('shelve')}>
          Shelve…
        </button>
      </span>
    )
  }

  const shelving = mode === 'shelve'
  return (
    <form
      className="alarm-actions alarm-form"
      onSubmit={(e) => runDetached(submit(e), logDetachedFailure('alarm action'))}
    >
      <input
        className="alarm-note"
        aria-label={shelving ? 'Reason for shelving' : 'Acknowledgement note'}
        placeholder={shelving ? 'Reason (required)' : 'Note (optional)'}
        value={note}
        maxLength={500}
        required={shelving}
        // The user just opened this form (Acknowledge or Shelve…): focus goes to its one field.
        // eslint-disable-next-line jsx-a11y/no-autofocus -- in answer to the user's click, not on load
        autoFocus
        onChange={(e) => setNote(e.target.value)}
      />
      {shelving ? (
        <select
          aria-label="Shelve for"
          value={shelveMs}
          onChange={(e) => setShelveMs(Number(e.target.value))}
        >
          {SHELVE_OPTIONS.map((o) => (
            <option key={o.ms} value={o.ms}>
              {o.label}
            </option>
          ))}
        </select>
      ) : null}
      <button type="submit" className="alarm-confirm" disabled={busy || (shelving && note.trim() === '')}>
        {shelving ? 'Shelve' : 'Confirm'}
      </button>
      <button type="button" onClick={() => setMode('idle')}>
        Cancel
      </button>
      {error === null ? null : (
        <span className="alarm-error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}
