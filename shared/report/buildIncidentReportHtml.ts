/**
 * The incident report as one self-contained HTML page: inline CSS, pictures as data: URLs, no
 * script, no external reference — it opens from a USB stick on a machine with no network, prints
 * to PDF in Chromium (Electron's printToPDF, Playwright's page.pdf) and can be attached to a
 * DCB0129 incident investigation or a DSPT audit as it is.
 *
 * Every section is marked up with `data-*` attributes (`data-section`, `data-event`, `data-at`)
 * so a test, or a trust's own tooling, can read it back without scraping prose.
 */
import type { IncidentReportData, ReportAlarmRow } from './gatherIncidentReport.ts'

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** Times in the report: ISO date and 24-hour time, in UTC, stated once in the header. */
const time = (at: number): string => new Date(at).toISOString().replace('T', ' ').slice(0, 19)
const clock = (at: number): string => new Date(at).toISOString().slice(11, 19)

const EVENT_WORD: Readonly<Record<ReportAlarmRow['event'], string>> = {
  raised: 'Raised',
  cleared: 'Cleared',
  acknowledged: 'Acknowledged',
  shelved: 'Shelved',
  unshelved: 'Unshelved',
}

const duration = (ms: number): string => {
  const minutes = Math.round(ms / 60_000)
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

const value = (v: number | null, unit: string): string => (v === null ? '—' : `${v}${unit}`)

/** The report page. */
export function buildIncidentReportHtml(data: IncidentReportData): string {
  const { incident } = data
  const e = escapeHtml
  const alarmRows = data.alarms
    .map(
      (row) => `<tr data-event="${row.event}" data-at="${row.at}" data-fingerprint="${e(row.fingerprint)}">
<td>${clock(row.at)}</td><td class="ev ev-${row.event}">${EVENT_WORD[row.event]}</td><td>${row.priority === null ? '' : `<span class="prio prio-${row.priority}">${row.priority.toUpperCase()}</span>`}</td><td>${e(row.title)}</td><td data-field="by">${row.by === null ? '' : e(row.by)}</td><td data-field="note">${row.note === null ? '' : e(row.note)}</td></tr>`,
    )
    .join('\n')
  const health = data.feedHealth
    .map(
      (feed) =>
        `<tr data-source="${e(feed.source)}"><td>${e(feed.source)}</td><td>${feed.atStart ?? 'not recorded'}</td><td>${
          feed.changes.length === 0
            ? `unchanged${feed.atStart === null ? '' : ` (${feed.atStart})`}`
            : feed.changes
                .map((c) => `${clock(c.at)} ${c.status}${c.detail === null ? '' : ` — ${e(c.detail)}`}`)
                .join('<br>')
        }</td></tr>`,
    )
    .join('\n')
  const kpis = data.kpis
    .map(
      (k) =>
        `<tr data-kpi="${e(k.id)}"><td>${e(k.label)}</td><td>${value(k.start, k.unit)}</td><td>${value(k.worst, k.unit)}${k.worstAt === null ? '' : ` <span class="muted">at ${clock(k.worstAt)}</span>`}</td><td>${value(k.end, k.unit)}</td></tr>`,
    )
    .join('\n')
  const outage = data.outage
    .map(
      (o) =>
        `<tr data-device="${e(o.deviceId)}"><td>${e(o.name)}</td><td>${e(o.kind)}</td><td>${o.level === null ? '' : e(o.level)}</td><td>${clock(o.downAt)}</td><td>${o.upAt === null ? 'still down' : `${clock(o.upAt)} (${duration(o.upAt - o.downAt)})`}</td><td>${o.units.map(e).join(', ') || '—'}</td></tr>`,
    )
    .join('\n')
  const pictures = data.pictures
    .map(
      (p) =>
        `<figure data-at="${p.at}"><img src="${p.dataUrl}" alt="${e(`The floor map at ${clock(p.at)}: ${p.caption}`)}"><figcaption>${clock(p.at)} — ${e(p.caption)}</figcaption></figure>`,
    )
    .join('\n')
  const acks = data.alarms.filter((r) => r.event === 'acknowledged').length
  const raises = data.alarms.filter((r) => r.event === 'raised').length

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="generator" content="Watchfloor incident report">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Incident report — ${e(incident.title)}</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.6em 0 .4em; border-bottom: 2px solid #6a3fc8; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #ccd; vertical-align: top; }
th { background: #eef; } .muted { color: #555; } dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { font-weight: 600; } .prio { font-weight: 700; padding: 0 4px; border-radius: 3px; }
.prio-high { background: #e3170a; color: #fff; } .prio-medium { background: #ffd400; color: #000; } .prio-low { background: #00bcd4; color: #000; }
figure { display: inline-block; margin: 0 1em 1em 0; width: 46%; vertical-align: top; } figure img { width: 100%; border: 1px solid #999; }
.note { white-space: pre-wrap; } @media print { h2 { break-after: avoid; } tr, figure { break-inside: avoid; } }
</style>
</head>
<body>
<header data-section="incident" data-incident="${e(incident.id)}" data-from="${data.from}" data-to="${data.to}">
<h1>${e(incident.title)}</h1>
<dl>
<dt>Trust</dt><dd>${data.trust === null ? '—' : e(data.trust)}</dd>
<dt>Period (UTC)</dt><dd>${time(data.from)} to ${time(data.to)}${incident.end === null ? ' (still open when reported)' : ''} — ${duration(data.to - data.from)}</dd>
<dt>Marked by</dt><dd>${e(incident.createdBy)} at ${time(incident.createdAt)}${incident.updatedBy !== incident.createdBy || incident.updatedAt !== incident.createdAt ? `; last changed by ${e(incident.updatedBy)} at ${time(incident.updatedAt)}` : ''}</dd>
<dt>Note</dt><dd class="note">${incident.note === '' ? '—' : e(incident.note)}</dd>
<dt>Summary</dt><dd>${raises} alarm${raises === 1 ? '' : 's'} raised, ${acks} acknowledgement${acks === 1 ? '' : 's'}; ${data.outage.length} network device${data.outage.length === 1 ? '' : 's'} down</dd>
<dt>Report made</dt><dd>${time(data.generatedAt)} from the gateway’s change log (redacted history: no patient data)</dd>
</dl>
</header>
${data.notes.length === 0 ? '' : `<section data-section="notes"><h2>Limits of this report</h2><ul>${data.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>`}
<section data-section="alarms"><h2>Alarms and acknowledgements</h2>
${data.alarms.length === 0 ? '<p>No alarm was raised or acted on in the period.</p>' : `<table><thead><tr><th>Time</th><th>Event</th><th>Priority</th><th>Alarm</th><th>Who</th><th>Why</th></tr></thead><tbody>\n${alarmRows}\n</tbody></table>`}
</section>
<section data-section="feed-health"><h2>Feed health over the period</h2>
${data.feedHealth.length === 0 ? '<p>No source health was recorded.</p>' : `<table><thead><tr><th>Source</th><th>At the start</th><th>Changes</th></tr></thead><tbody>\n${health}\n</tbody></table>`}
</section>
<section data-section="kpis"><h2>KPIs that moved</h2>
${data.kpis.length === 0 ? '<p>No KPI moved over the period.</p>' : `<table><thead><tr><th>KPI</th><th>Start</th><th>Worst</th><th>End</th></tr></thead><tbody>\n${kpis}\n</tbody></table>`}
</section>
<section data-section="outage"><h2>Outage footprint</h2>
${data.outage.length === 0 ? '<p>No network device was down in the period.</p>' : `<table><thead><tr><th>Device</th><th>Kind</th><th>Level</th><th>Down</th><th>Back up</th><th>Clinical areas served</th></tr></thead><tbody>\n${outage}\n</tbody></table>`}
</section>
<section data-section="pictures"><h2>The map at the moments that matter</h2>
${data.pictures.length === 0 ? '<p>No pictures: this report was made without a renderer (export it with <code>npm run report:incident</code> for the map pictures).</p>' : pictures}
</section>
</body>
</html>
`
}
