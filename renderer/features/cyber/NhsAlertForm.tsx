/**
 * Recording an NHS England cyber alert by hand, as it arrived from the "Respond to an NHS cyber
 * alert" service (by email or on the portal): its reference, title, severity, when it was issued
 * (the 48-hour clock runs from then) and the hosts it affects here. The gateway places each host
 * on the map through the network device of that name or address.
 */
import { createPortal } from 'react-dom'
import { useState, type FormEvent, type ReactElement } from 'react'
import type { NhsAlertRecordRequest } from '../../../shared/contracts/cyberResponse.ts'
import { CYBER_SEVERITIES, type CyberSeverity } from '../../../shared/contracts/entities.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { ModalBackdrop } from '../../ui/ModalBackdrop.tsx'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { useHost } from '../../host/HostProvider.tsx'

/** A `datetime-local` value for now, in the browser's zone. */
function localNow(): string {
  const d = new Date()
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset())
  return d.toISOString().slice(0, 16)
}

export function NhsAlertForm({ onClose }: { readonly onClose: () => void }): ReactElement {
  const host = useHost()
  const [reference, setReference] = useState('')
  const [title, setTitle] = useState('')
  const [severity, setSeverity] = useState<CyberSeverity>('high')
  const [issued, setIssued] = useState(localNow)
  const [url, setUrl] = useState('')
  const [hosts, setHosts] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const issuedAt = new Date(issued).getTime()
    const request: NhsAlertRecordRequest = {
      reference: reference.trim(),
      title: title.trim(),
      severity,
      affectedHosts: hosts
        .split(/[\n,]/)
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    }
    if (Number.isFinite(issuedAt)) request.issuedAt = issuedAt
    if (url.trim() !== '') request.url = url.trim()
    setBusy(true)
    const response = await host.recordNhsAlert(request)
    setBusy(false)
    if (response.ok) onClose()
    else setError(response.error)
  }

  return createPortal(
    <ModalBackdrop className="kpi-dialog-backdrop" onClose={onClose}>
      <div
        className="kpi-dialog nhs-form-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Record NHS cyber alert"
      >
        <header className="kpi-dialog-header">
          <h2>Record NHS cyber alert</h2>
          <button type="button" className="kpi-dialog-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <form
          className="kpi-dialog-body nhs-form"
          onSubmit={(e) => runDetached(submit(e), logDetachedFailure('recording an NHS cyber alert'))}
        >
          <label className="cyber-field">
            <span>Reference</span>
            <input
              name="reference"
              required
              pattern="[Cc][Cc]-\d{1,6}"
              placeholder="CC-4512"
              value={reference}
              // The user just opened this form: focus goes to its first field.
              // eslint-disable-next-line jsx-a11y/no-autofocus -- in answer to the user's click, not on load
              autoFocus
              onChange={(e) => setReference(e.target.value)}
            />
          </label>
          <label className="cyber-field">
            <span>Title</span>
            <input
              name="title"
              required
              maxLength={180}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label className="cyber-field">
            <span>Severity</span>
            <select
              name="severity"
              value={severity}
              onChange={(e) => setSeverity(e.target.value as CyberSeverity)}
            >
              {CYBER_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="cyber-field">
            <span>Issued by NHS England</span>
            <input
              name="issued"
              type="datetime-local"
              required
              value={issued}
              onChange={(e) => setIssued(e.target.value)}
            />
          </label>
          <label className="cyber-field">
            <span>Alert page (https, optional)</span>
            <input
              name="url"
              type="url"
              value={url}
              placeholder="https://digital.nhs.uk/cyber-alerts/…"
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <label className="cyber-field">
            <span>Affected hosts here (one per line)</span>
            <textarea name="hosts" rows={3} value={hosts} onChange={(e) => setHosts(e.target.value)} />
          </label>
          {error === null ? null : (
            <p className="cyber-error" role="alert">
              {error}
            </p>
          )}
          <div className="cyber-actions">
            <button type="submit" disabled={busy}>
              Record
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </ModalBackdrop>,
    document.body,
  )
}
