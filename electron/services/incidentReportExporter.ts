/**
 * The desktop app's incident report: built in main from the gateway's redacted history (no
 * patient data by construction), saved as the self-contained HTML page and as a PDF printed from
 * it in Chromium (Electron's `webContents.printToPDF`, through the `ReportPrinter` port), in the
 * operator's reports folder. Map pictures need the board replayed and captured: the CLI
 * (`npm run report:incident`) does that; the app's report says so where the pictures would be.
 */
import type { Incident } from '../../shared/contracts/incidents.ts'
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import type { HistoryClient } from '../../shared/hub/historyClient.ts'
import { buildIncidentReportHtml } from '../../shared/report/buildIncidentReportHtml.ts'
import { gatherIncidentReport } from '../../shared/report/gatherIncidentReport.ts'
import type { Logger } from './logger.ts'

/** Prints an HTML page to PDF in Chromium (electron/adapters/electronReportPrinter.ts). */
export type ReportPrinter = (html: string) => Promise<Uint8Array>
/** Writes a file in the reports folder; resolves to its full path. */
export type ReportSaver = (name: string, contents: string | Uint8Array) => Promise<string>

export function createIncidentReportExporter(deps: {
  readonly history: () => HistoryClient | null
  readonly print: ReportPrinter
  readonly save: ReportSaver
  readonly now: () => number
  readonly log: Logger
}): (incident: Incident) => Promise<IpcResult<string>> {
  return async (incident) => {
    const client = deps.history()
    if (client === null) return { ok: false, error: 'unavailable', message: 'not connected to the gateway' }
    const data = await gatherIncidentReport(client, incident, { now: deps.now() })
    if (!data.ok) return { ok: false, error: 'failed', message: data.error }
    const html = buildIncidentReportHtml(data.value)
    const base = `incident-${incident.id}-${new Date(incident.start).toISOString().slice(0, 16).replace(/[:T]/g, '')}`
    try {
      const htmlPath = await deps.save(`${base}.html`, html)
      const pdf = await deps.print(html)
      const pdfPath = await deps.save(`${base}.pdf`, pdf)
      deps.log.info('incident report saved', { incident: incident.id, alarms: data.value.alarms.length })
      return { ok: true, value: `${pdfPath} (and ${htmlPath})` }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      deps.log.warn('incident report not saved', { incident: incident.id, reason })
      return { ok: false, error: 'failed', message: `the report could not be saved: ${reason}` }
    }
  }
}
