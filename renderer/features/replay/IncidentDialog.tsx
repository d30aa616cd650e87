/**
 * The incident record from the desktop: mark an incident (start, end, title, note), see the ones
 * the gateway keeps, replay one from its start, export its report. The gateway records who and
 * when; a viewer's token is refused there (and the form says why).
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react'
import type { Incident } from '../../../shared/contracts/incidents.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import type { Host } from '../../host/Host.ts'
import { selectReplay } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { ModalBackdrop } from '../../ui/ModalBackdrop.tsx'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { formatReplayClock, fromDateTimeLocal, toDateTimeLocal } from './replayTime.ts'

/** The Incidents button of the desktop's board bar, and its dialog. */
export function IncidentsButton({ host }: { readonly host: Host }): ReactElement {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="replay-launch"
        data-testid="incidents-open"
        onClick={() => setOpen(true)}
      >
        Incidents…
      </button>
      {open ? <IncidentDialog host={host} onClose={() => setOpen(false)} /> : null}
    </>
  )
}

function IncidentDialog({
  host,
  onClose,
}: {
  readonly host: Host
  readonly onClose: () => void
}): ReactElement {
  const replay = useWatchfloor(selectReplay)
  const [incidents, setIncidents] = useState<readonly Incident[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [note, setNote] = useState('')
  const [start, setStart] = useState(() => toDateTimeLocal((replay?.at ?? Date.now()) - 15 * 60_000))
  const [end, setEnd] = useState('')

  const refresh = useCallback(() => {
    runDetached(
      host.incidents.list().then((result) => {
        if (result.ok) setIncidents(result.value)
        else setMessage(result.error)
      }),
      logDetachedFailure('incident list'),
    )
  }, [host])
  useEffect(refresh, [refresh])

  const mark = (): void => {
    const startAt = fromDateTimeLocal(start)
    const endAt = end === '' ? null : fromDateTimeLocal(end)
    if (startAt === null || (end !== '' && endAt === null)) {
      setMessage('Give the start (and the end, if it is over) as a date and time')
      return
    }
    runDetached(
      host.incidents.save({ title, note, start: startAt, end: endAt }).then((result) => {
        setMessage(result.ok ? `Marked “${result.incident.title}”` : result.error)
        if (result.ok) {
          setTitle('')
          setNote('')
          refresh()
        }
      }),
      logDetachedFailure('incident save'),
    )
  }
  const exportReport = (incident: Incident): void => {
    runDetached(
      host.incidents.exportReport(incident).then((result) => {
        setMessage(result.ok ? `Report saved: ${result.value}` : result.error)
      }),
      logDetachedFailure('incident report'),
    )
  }
  const replayFrom = (incident: Incident): void => {
    runDetached(
      host.replay({ type: 'seek', at: incident.start, rangeFrom: incident.start - 15 * 60_000 }),
      logDetachedFailure('replay an incident'),
    )
    onClose()
  }

  return (
    <ModalBackdrop className="incident-backdrop" onClose={onClose}>
      <div
        className="incident-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Incidents"
        data-testid="incident-dialog"
      >
        <header className="incident-dialog-head">
          <h2>Incidents</h2>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </header>
        <form
          className="incident-form"
          onSubmit={(e) => {
            e.preventDefault()
            mark()
          }}
        >
          <label>
            Title{' '}
            <input
              data-testid="incident-title"
              value={title}
              maxLength={120}
              required
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label>
            Start{' '}
            <input
              type="datetime-local"
              step={1}
              data-testid="incident-start"
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
          </label>
          <label>
            End{' '}
            <input
              type="datetime-local"
              step={1}
              data-testid="incident-end"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          </label>
          <label>
            Note{' '}
            <textarea
              data-testid="incident-note"
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="incident-mark">
            Mark incident
          </button>
        </form>
        {message === null ? null : (
          <p role="status" data-testid="incident-message">
            {message}
          </p>
        )}
        <ul className="incident-list" data-testid="incident-list">
          {incidents.map((incident) => (
            <li key={incident.id} data-incident={incident.id}>
              <strong>{incident.title}</strong> {new Date(incident.start).toLocaleDateString('en-GB')}{' '}
              {formatReplayClock(incident.start)}–
              {incident.end === null ? 'open' : formatReplayClock(incident.end)} · {incident.createdBy}{' '}
              <button type="button" onClick={() => replayFrom(incident)}>
                Replay
              </button>{' '}
              <button type="button" data-testid="incident-export" onClick={() => exportReport(incident)}>
                Export report
              </button>
            </li>
          ))}
        </ul>
      </div>
    </ModalBackdrop>
  )
}
