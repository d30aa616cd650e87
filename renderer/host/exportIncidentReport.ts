/**
 * The browser host's report export: the report built in the page from the gateway's redacted
 * history, handed to the operator as a download of one self-contained HTML file (print it to PDF
 * from the browser). Map pictures need a renderer driven through replay: `npm run report:incident`
 * makes them (docs/replay.md); this export says so in the report.
 */
import type { Incident } from '../../shared/contracts/incidents.ts'
import type { HistoryClient, HistoryResult } from '../../shared/hub/historyClient.ts'
import { buildIncidentReportHtml } from '../../shared/report/buildIncidentReportHtml.ts'
import { gatherIncidentReport } from '../../shared/report/gatherIncidentReport.ts'

/** The file name a report is saved under: the incident's id and start, nothing else. */
export function reportFileName(incident: Incident): string {
  return `incident-${incident.id}-${new Date(incident.start).toISOString().slice(0, 16).replace(/[:T]/g, '')}.html`
}

export async function exportIncidentReport(
  client: HistoryClient,
  incident: Incident,
): Promise<HistoryResult<string>> {
  const data = await gatherIncidentReport(client, incident, { now: Date.now() })
  if (!data.ok) return data
  const html = buildIncidentReportHtml(data.value)
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = reportFileName(incident)
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own copy; the object URL is not needed past this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0)
  return { ok: true, value: link.download }
}
