/**
 * The outage's footprint by name: the failed devices, and ward by ward the areas, beds and
 * equipment without network — to read out at the incident call or send to the wards (CSV for the
 * incident log, text for an e-mail or Teams message). Desktop only.
 */
import type { ReactElement } from 'react'
import { createPortal } from 'react-dom'
import { downloadText } from '../../ui/downloadText.ts'
import { ModalBackdrop } from '../../ui/ModalBackdrop.tsx'
import { formatAge } from '../../ui/formatAge.ts'
import { outageReportCsv, outageReportText, type OutageReport } from './outageReport.ts'

function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace(':', '')
}

export function OutageListDialog({
  report,
  now,
  onClose,
}: {
  readonly report: OutageReport
  readonly now: number
  readonly onClose: () => void
}): ReactElement {
  return createPortal(
    <ModalBackdrop className="fm-dialog-backdrop" onClose={onClose}>
      <div
        className="fm-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Outage footprint"
        data-testid="outage-list"
      >
        <header className="fm-dialog-header">
          <h2>
            Without network: {report.wards.length} ward{report.wards.length === 1 ? '' : 's'},{' '}
            {report.bedCount} beds, {report.assetCount} pieces of equipment
          </h2>
          <button
            type="button"
            onClick={() => downloadText(`outage-${stamp(now)}.csv`, outageReportCsv(report, now))}
          >
            Export CSV
          </button>
          <button
            type="button"
            onClick={() =>
              downloadText(
                `outage-${stamp(now)}.txt`,
                outageReportText(report, now),
                'text/plain;charset=utf-8',
              )
            }
          >
            Export text
          </button>
          <button type="button" className="fm-dialog-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="fm-dialog-body">
          <p className="fm-outage-devices">
            Down:{' '}
            {report.devices.map((d) => `${d.name} (${d.kind}, ${formatAge(now - d.downSince)})`).join(' · ')}
          </p>
          {report.wards.map((w) => (
            <section key={w.wardId} className="fm-outage-ward" data-ward-id={w.wardId}>
              <h3>
                {w.wardName} <span>{w.siteName}</span>
              </h3>
              <ul>
                {w.areas.map((a) => (
                  <li key={a.unitId}>
                    <strong>{a.name}</strong>
                    {a.beds.length > 0 ? (
                      <span data-testid="outage-beds">
                        {' '}
                        — beds: {a.beds.map((b) => `${b.label} (${b.status})`).join(', ')}
                      </span>
                    ) : null}
                    {a.assets.length > 0 ? (
                      <span> — equipment: {a.assets.map((e) => `${e.label} ${e.type}`).join(', ')}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </ModalBackdrop>,
    document.body,
  )
}
