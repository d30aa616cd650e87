import { useState, type ReactElement } from 'react'
import type { AlertRespondRequest } from '../../../shared/contracts/cyberResponse.ts'
import type { AlertResponseAction, CyberAlert } from '../../../shared/contracts/entities.ts'
import type { Role } from '../../../shared/contracts/feed.ts'
import { mayTake } from '../../../shared/domain/cyber/respondToAlert.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { useHost } from '../../host/HostProvider.tsx'

/** The buttons, in the order of the response; each shows only where the rule allows it. */
const ACTIONS: ReadonlyArray<{ readonly action: AlertResponseAction; readonly label: string }> = [
  { action: 'acknowledge', label: 'Acknowledge' },
  { action: 'investigate', label: 'Investigating' },
  { action: 'update', label: 'Add update' },
  { action: 'resolve', label: 'Resolved' },
]

/**
 * The response to one alert: a note (required: the log records why) and the steps the role may
 * take from the alert's status now (shared/domain/cyber/respondToAlert.ts decides both here and
 * at the gateway). An NHS cyber alert also takes its owner and whether it applies.
 */
export function CyberResponseForm({
  alert,
  role,
}: {
  readonly alert: CyberAlert
  readonly role: Role
}): ReactElement | null {
  const host = useHost()
  const [note, setNote] = useState('')
  const [owner, setOwner] = useState('')
  const [applicability, setApplicability] = useState<'' | 'applicable' | 'not-applicable'>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = ACTIONS.filter((a) => mayTake(alert, a.action, role))
  if (open.length === 0) return null
  const nhs = alert.nhs

  const send = async (action: AlertResponseAction): Promise<void> => {
    const request: AlertRespondRequest = { alertId: alert.id, action, note }
    if (nhs !== undefined && owner.trim() !== '') request.owner = owner.trim()
    if (nhs !== undefined && applicability !== '') request.applicability = applicability
    setBusy(true)
    const response = await host.respondToAlert(request)
    setBusy(false)
    if (response.ok) {
      setNote('')
      setOwner('')
      setApplicability('')
      setError(null)
    } else setError(response.error)
  }

  return (
    <form className="cyber-respond" aria-label="Respond to the alert" onSubmit={(e) => e.preventDefault()}>
      <label className="cyber-field">
        <span>Note</span>
        <textarea
          name="note"
          value={note}
          maxLength={500}
          rows={2}
          required
          placeholder="What was done, or why (required)"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {nhs === undefined ? null : (
        <div className="cyber-nhs-fields">
          <label className="cyber-field">
            <span>Owner</span>
            <input
              name="owner"
              value={owner}
              maxLength={64}
              placeholder={nhs.owner ?? 'you, if left empty'}
              onChange={(e) => setOwner(e.target.value)}
            />
          </label>
          <label className="cyber-field">
            <span>Applies to the trust?</span>
            <select
              name="applicability"
              value={applicability}
              onChange={(e) => setApplicability(e.target.value as typeof applicability)}
            >
              <option value="">
                {nhs.applicability === 'unassessed' ? 'not yet assessed' : 'unchanged'}
              </option>
              <option value="applicable">Applies</option>
              <option value="not-applicable">Does not apply</option>
            </select>
          </label>
        </div>
      )}
      <div className="cyber-actions">
        {open.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            data-action={action}
            disabled={busy || note.trim() === ''}
            onClick={() => runDetached(send(action), logDetachedFailure(`cyber alert ${action}`))}
          >
            {label}
          </button>
        ))}
      </div>
      {error === null ? null : (
        <p className="cyber-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
