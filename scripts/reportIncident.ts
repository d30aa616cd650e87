/**
 * `npm run report:incident -- --gateway URL --token TOKEN --incident ID [--out DIR] [--no-pictures]`
 *
 * Writes `incident-ID.html` (self-contained) and `incident-ID.pdf` (printed by Chromium) for an
 * incident the gateway keeps, with pictures of the map at the moments that matter taken through
 * the browser host in replay (the gateway must serve the renderer: `--serve-renderer`). See
 * docs/replay.md.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { makeIncidentReport } from './report/makeIncidentReport.ts'

const USAGE =
  'usage: npm run report:incident -- --gateway http://127.0.0.1:8080 --token TOKEN --incident ID [--out DIR] [--no-pictures]'

const { values } = parseArgs({
  options: {
    gateway: { type: 'string' },
    token: { type: 'string' },
    incident: { type: 'string' },
    out: { type: 'string', default: '.' },
    'no-pictures': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (
  values.help ||
  values.gateway === undefined ||
  values.token === undefined ||
  values.incident === undefined
) {
  process.stderr.write(`${USAGE}\n`)
  process.exit(values.help ? 0 : 2)
}
const outDir = resolve(values.out)
mkdirSync(outDir, { recursive: true })
try {
  const made = await makeIncidentReport({
    gatewayUrl: values.gateway.replace(/\/$/, ''),
    token: values.token,
    incidentId: values.incident,
    outDir,
    pictures: !values['no-pictures'],
  })
  process.stdout.write(
    `report: ${made.htmlPath}\n        ${made.pdfPath}\n${made.data.alarms.length} alarm events, ${made.data.pictures.length} map pictures\n`,
  )
} catch (error) {
  process.stderr.write(`report:incident: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
