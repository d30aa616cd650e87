/**
 * An incident report with the map's pictures and a PDF, made outside the app: the report's facts
 * from the gateway's redacted history (shared/report), the pictures from the browser host itself —
 * the desktop board opened in Chromium (Playwright, /usr/bin/chromium), put into replay at each
 * moment that matters, its floor map captured — and the PDF printed from the finished page by
 * Chromium (page.pdf). The map is drawn by the same renderer the wall uses, so a picture is what
 * the wall showed at that moment (from the log), not a redrawing.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import type { Incident } from '../../shared/contracts/incidents.ts'
import { createHistoryClient } from '../../shared/hub/historyClient.ts'
import { buildIncidentReportHtml } from '../../shared/report/buildIncidentReportHtml.ts'
import {
  gatherIncidentReport,
  momentsThatMatter,
  type IncidentReportData,
  type ReportPicture,
} from '../../shared/report/gatherIncidentReport.ts'

/** Chromium as the e2e suite runs it (software WebGL: the map draws without a GPU). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--no-first-run',
]

export type MakeIncidentReportOptions = {
  readonly gatewayUrl: string
  readonly token: string
  readonly incidentId: string
  /** Where the .html and .pdf go. */
  readonly outDir: string
  /** Take the map's pictures through the browser host (the gateway must serve the renderer). */
  readonly pictures: boolean
  readonly chromiumPath?: string
  readonly now?: number
}

export type MadeReport = {
  readonly htmlPath: string
  readonly pdfPath: string
  readonly data: IncidentReportData
}

/** Puts the page (the browser host, desktop) into replay at `at` and waits for the board. */
async function replayTo(page: Page, at: number): Promise<void> {
  if ((await page.locator('[data-testid="replay-band"]').count()) === 0) {
    // The window's own shortcut into replay (the board bar's button does the same).
    await page.keyboard.press('Control+Shift+R')
    await page.waitForSelector('[data-testid="replay-band"][data-loading="false"]', { timeout: 30_000 })
  }
  const local = await page.evaluate((t) => {
    const d = new Date(t)
    const p = (n: number): string => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  }, at)
  await page.fill('[data-testid="replay-time"]', local)
  await page.click('[data-testid="replay-go"]')
  const second = Math.floor(at / 1000) * 1000
  await page.waitForFunction(
    (target) => {
      const band = document.querySelector('[data-testid="replay-band"]')
      return (
        band?.getAttribute('data-loading') === 'false' &&
        Number(band.getAttribute('data-replay-at')) === target
      )
    },
    second,
    { timeout: 30_000 },
  )
  await page.waitForSelector('[data-testid="floor-map"][data-plan="loaded"]', { timeout: 30_000 })
  // Two frames: the map's layers take the replayed data on the next frame.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  )
}

async function mapPictures(
  options: MakeIncidentReportOptions,
  moments: readonly number[],
): Promise<ReportPicture[]> {
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    })
    const page = await context.newPage()
    await page.goto(`${options.gatewayUrl}/?mode=desktop&board=capacity#token=${options.token}`)
    await page.waitForSelector('[data-testid="status-strip"][data-connection-status="connected"]', {
      timeout: 30_000,
    })
    await page.waitForSelector('[data-testid="floor-map"][data-plan="loaded"]', { timeout: 30_000 })
    const pictures: ReportPicture[] = []
    for (const at of moments) {
      await replayTo(page, at)
      const png = await page.locator('[data-testid="floor-map"]').first().screenshot()
      const place = (await page.locator('[data-testid="map-place"]').first().textContent()) ?? ''
      pictures.push({
        at,
        caption: place.trim() || 'floor map',
        dataUrl: `data:image/png;base64,${png.toString('base64')}`,
      })
    }
    return pictures
  } finally {
    await browser.close()
  }
}

async function printPdf(html: string, chromiumPath: string | undefined, path: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: chromiumPath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  })
  try {
    const page = await browser.newPage()
    // The report has no script and no external reference: setContent is the whole page.
    await page.setContent(html, { waitUntil: 'load' })
    await page.pdf({ path, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm' } })
  } finally {
    await browser.close()
  }
}

/** Makes the report; throws with a clear message when the gateway refuses or the incident is unknown. */
export async function makeIncidentReport(options: MakeIncidentReportOptions): Promise<MadeReport> {
  const client = createHistoryClient({ gatewayUrl: options.gatewayUrl, token: options.token, fetch })
  const incidents = await client.listIncidents()
  if (!incidents.ok) throw new Error(`cannot list incidents: ${incidents.error}`)
  const incident: Incident | undefined = incidents.value.find((i) => i.id === options.incidentId)
  if (incident === undefined) throw new Error(`the gateway holds no incident ${options.incidentId}`)
  const now = options.now ?? Date.now()
  const first = await gatherIncidentReport(client, incident, { now })
  if (!first.ok) throw new Error(`cannot read the incident's history: ${first.error}`)
  let data = first.value
  if (options.pictures) {
    // The end of an open incident is now: replay stops short of the live edge, so step back a little.
    const moments = [
      ...new Set(momentsThatMatter(data).map((at) => Math.floor(Math.min(at, now - 5_000) / 1000) * 1000)),
    ]
    data = { ...data, pictures: await mapPictures(options, moments) }
  }
  const html = buildIncidentReportHtml(data)
  const base = `incident-${incident.id}`
  const htmlPath = join(options.outDir, `${base}.html`)
  const pdfPath = join(options.outDir, `${base}.pdf`)
  await writeFile(htmlPath, html)
  await printPdf(html, options.chromiumPath, pdfPath)
  return { htmlPath, pdfPath, data }
}
