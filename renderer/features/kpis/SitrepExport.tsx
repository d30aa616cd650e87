import { useState, type ReactElement } from 'react'
import { bedSitrepCsv, buildBedSitrep } from '../../../shared/domain/kpis/bedSitrep.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { useHost } from '../../host/HostProvider.tsx'
import { downloadText } from '../../ui/downloadText.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { kpiEngine } from './kpiEngine.ts'
import { fetchSitrepFile, fileStamp, todayOf } from './sitrepExport.ts'

/**
 * The UEC sitrep bed snapshot on the desktop: "now" from this window's figures, and any day's
 * 08:00 snapshot from the gateway (today's by default), with a day picker.
 */
export function SitrepExport(): ReactElement {
  const host = useHost()
  const today = todayOf(Date.now())
  const [day, setDay] = useState(today)
  const [status, setStatus] = useState<{ readonly tone: 'ok' | 'error'; readonly text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const exportNow = (): void => {
    const stats = kpiEngine.getStats()
    const index = kpiEngine.siteIndex()
    if (!stats?.beds || !index) return
    const sitrep = buildBedSitrep(stats.beds, index, stats.computedAt)
    downloadText(`bed-snapshot-${fileStamp(sitrep.snapshotAt)}.csv`, bedSitrepCsv(sitrep))
  }
  const export0800 = (): void => {
    setBusy(true)
    runDetached(
      fetchSitrepFile(host, day).then((file) => {
        setBusy(false)
        if (!file.ok) {
          setStatus({ tone: 'error', text: `No 08:00 snapshot: ${file.message}` })
          return
        }
        downloadText(file.fileName, file.csv)
        setStatus({ tone: 'ok', text: file.note })
      }),
      logDetachedFailure('exporting the 08:00 snapshot'),
    )
  }
  return (
    <div className="kpi-sitrep">
      <span
        className="kpi-sitrep-label"
        title="The UEC daily sitrep counts G&A beds only; tiles say which beds they count"
      >
        UEC sitrep bed snapshot · G&amp;A beds only
      </span>
      <button type="button" onClick={exportNow} data-testid="sitrep-export-now">
        Export now (CSV)
      </button>
      <label className="kpi-sitrep-day">
        08:00 of{' '}
        <input
          type="date"
          value={day}
          max={today}
          required
          onChange={(event) => setDay(event.target.value)}
          data-testid="sitrep-day"
        />
      </label>
      <button
        type="button"
        disabled={busy || day === ''}
        onClick={export0800}
        data-testid="sitrep-export-0800"
        title="The gateway takes the 08:00 snapshot every day, whether or not a window is open"
      >
        Export 08:00 snapshot
      </button>
      {status && (
        <span
          role="status"
          className={`kpi-sitrep-status${status.tone === 'error' ? ' kpi-sitrep-error' : ''}`}
          data-testid="sitrep-status"
        >
          {status.text}
        </span>
      )}
    </div>
  )
}
