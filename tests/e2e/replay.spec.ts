/**
 * Incident replay end to end (docs/replay.md): the demo trust on a real gateway with the scripted
 * `switch-failure` drill, a desktop page in Chromium through the browser host.
 *
 * 1. The drill runs live: the grouped high alarm is raised, and acknowledged from the banner (so
 *    the live tone stops and any tone heard later could only be the past's).
 * 2. Replay to a moment before the drill: the REPLAY band shows hh:mm:ss in its own colour, every
 *    feed reads REPLAY (never LIVE), the network KPIs show the earlier state, the alarm list has no
 *    drill alarm, the map no outage — and the banner keeps the live (acknowledged) alarm.
 * 3. Next alarm / play forward: the past alarm is shown unacknowledged in the alarm list, the map
 *    follows it to the outage, the KPI counts the devices down — and no tone sounds (the page's
 *    sound control stays silent). Played on, the logged acknowledgement appears, by whom.
 * 4. Back to live in one action: the band goes, the feeds are LIVE, the KPIs the present ones.
 * 5. The incident report for the drill, made from the log: its alarm rows parsed back from the
 *    HTML are the raise then the acknowledgement (who, why), in order; the PDF is printed.
 *
 * Screenshots: test-results/replay-*.png.
 */
import { TOPICS } from '../../shared/contracts/entities.ts'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_NAMESPACE, FeedEvent } from '../../shared/contracts/feed.ts'
import { makeIncidentReport } from '../../scripts/report/makeIncidentReport.ts'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const TOKEN = 'e2e-replay-token-00001'
const HIGH_LINE = '.alarm-banner .alarm-line[data-priority="high"]'
const BAND = '[data-testid="replay-band"]'
/** The drill starts this long after the gateway: time enough to open the page and see the calm. */
const DRILL_AFTER_S = 45

let gateway: GatewayProcess | null = null
let browser: Browser
let context: BrowserContext
let page: Page
let beforeDrill = 0
let calmDown = ''
let raisedAt = 0
let watcher: Socket
/**
 * Devices down over time, as a plain feed client saw them live (not the system under test): what
 * the replayed KPI must equal, from a source independent of the history routes.
 */
const downOverTime: { at: number; down: number }[] = []
const deviceStatus = new Map<string, string>()
type Device = { id: string; status: string }
const recordDevices = (devices: readonly Device[]): void => {
  for (const d of devices) deviceStatus.set(d.id, d.status)
  downOverTime.push({ at: Date.now(), down: [...deviceStatus.values()].filter((s) => s === 'down').length })
}

const kpi = (id: string): Promise<string | null> => page.getAttribute(`[data-kpi="${id}"]`, 'data-value')
const band = (name: string): Promise<string | null> => page.getAttribute(BAND, name)
const sounding = (): Promise<string | null> => page.getAttribute('.alarm-sound', 'data-sounding')
const freshness = (): Promise<string[]> =>
  page.$$eval('.strip-feeds [data-freshness]', (badges) =>
    badges.map((b) => b.getAttribute('data-freshness') ?? ''),
  )

/** Puts the page at `at` through the time picker, waiting until the board is rebuilt there. */
async function replayTo(at: number): Promise<void> {
  const local = await page.evaluate((t) => {
    const d = new Date(t)
    const p = (n: number): string => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  }, at)
  await page.fill('[data-testid="replay-time"]', local)
  await page.click('[data-testid="replay-go"]')
  await page.waitForFunction(
    ({ selector, target }) => {
      const el = document.querySelector(selector)
      return (
        el?.getAttribute('data-loading') === 'false' && Number(el.getAttribute('data-replay-at')) === target
      )
    },
    { selector: BAND, target: Math.floor(at / 1000) * 1000 },
    { timeout: 30_000 },
  )
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-replay-e2e-'))
  const config = join(dir, 'gateway.json')
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        { kind: 'demo', id: 'demo', drills: [{ kind: 'switch-failure', afterSeconds: DRILL_AFTER_S }] },
      ],
    }),
  )
  gateway = await startWebGateway({ demo: false, config, token: TOKEN, timeoutMs: 60_000 })
  watcher = io(`${gateway.url}${FEED_NAMESPACE}`, { auth: { token: TOKEN }, transports: ['websocket'] })
  watcher.on(FeedEvent.batch, (batch: { topic: string; upserts: Device[] }) => {
    if (batch.topic === 'network') recordDevices(batch.upserts)
  })
  watcher.on('connect', () => {
    watcher.emit(
      FeedEvent.subscribe,
      { topics: ['network'] },
      (ack: { snapshots?: { entities: Device[] }[] }) => recordDevices(ack.snapshots?.[0]?.entities ?? []),
    )
  })
  browser = await launchBrowser()
  ;({ context, page } = await openPage(browser, { width: 1920, height: 1080 }))
}, 120_000)

afterAll(async () => {
  watcher?.close()
  await context?.close()
  await browser?.close()
  await gateway?.stop()
})

describe('replay of the switch-failure drill', () => {
  it('runs the drill live, and acknowledges its alarm from the banner', async () => {
    if (!gateway) throw new Error('no gateway')
    await openBoard(page, gateway, '?mode=desktop&board=digital-ops')
    await waitForLive(page, 60_000)
    await page.waitForSelector('[data-kpi="network.down"][data-value]')
    await page.waitForSelector(`${HIGH_LINE}[data-state="unacknowledged"]`, { timeout: 180_000 })
    raisedAt = Date.now()
    // The calm moment: 10 s before the watcher first saw more devices down than at its start.
    const first = downOverTime[0]?.down ?? 0
    const failedAt = downOverTime.find((entry) => entry.down > first)?.at
    if (failedAt === undefined) throw new Error('the watcher never saw the switch fail')
    beforeDrill = failedAt - 10_000
    calmDown = String([...downOverTime].reverse().find((entry) => entry.at <= beforeDrill)?.down ?? first)
    expect(Number(await kpi('network.down'))).toBeGreaterThan(Number(calmDown))
    await page.locator(`${HIGH_LINE} .alarm-ack`).first().click()
    await page.locator(`${HIGH_LINE} .alarm-note`).first().fill('switch engineer dispatched')
    await page.locator(`${HIGH_LINE} .alarm-confirm`).first().click()
    await page.waitForSelector(`${HIGH_LINE}[data-state="acknowledged"]`, { timeout: 10_000 })
    // Nothing high sounds live now (the drill's alarm was the only high one).
    await page.waitForFunction(
      () => document.querySelector('.alarm-sound')?.getAttribute('data-sounding') !== 'high',
    )
  }, 240_000)

  it('replays a moment before the drill: the earlier KPIs, no drill alarm, the REPLAY band, the banner live', async () => {
    await page.click('[data-testid="replay-launch"]')
    await page.waitForSelector(BAND)
    await replayTo(beforeDrill)
    expect(await page.textContent('[data-testid="replay-clock"]')).toMatch(/^REPLAY \d{2}:\d{2}:\d{2}$/)
    // Every feed the demo delivers (the waiting list too) reads REPLAY.
    expect(await freshness()).toEqual(TOPICS.map(() => 'replay'))
    expect(await kpi('network.down')).toBe(calmDown)
    // The band is violet, and the window is framed in it.
    const colours = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="replay-band"]')
      const app = document.querySelector('.app')
      return {
        band: el ? getComputedStyle(el).backgroundColor : '',
        frame: app ? getComputedStyle(app).outlineColor : '',
      }
    })
    expect(colours.band).toMatch(/rgb\((106, 63, 200)\)/)
    expect(colours.frame).toBe(colours.band)
    // The banner is live: the acknowledged drill alarm is still there.
    expect(await page.locator(`${HIGH_LINE}[data-state="acknowledged"]`).count()).toBeGreaterThan(0)
    // The strip is marked with the drill's raise and its acknowledgement.
    await page.waitForSelector('.replay-mark[data-kind="raised"]')
    expect(await page.locator('.replay-mark[data-kind="acknowledged"]').count()).toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/replay-before-drill-desktop-1920x1080.png' })

    // The capacity board, in the same replayed moment: no alarm in its list, no outage on its map.
    await page.click('.board-tab:has-text("Capacity")')
    await page.waitForSelector('[data-board="capacity"] [data-testid="floor-map"]')
    expect(await page.locator('.panel .alarm-panel .alarm-line[data-priority="high"]').count()).toBe(0)
    expect(await page.getAttribute('[data-testid="floor-map"]', 'data-outage-units')).toBe('0')
  }, 120_000)

  it('steps to the drill’s alarm: shown in the list as it was, unacknowledged, with no past tone', async () => {
    // Step alarm by alarm (the demo raises others too) until the drill's is on the board.
    const drillLine = '.alarm-panel .alarm-line[data-priority="high"][data-state="unacknowledged"]'
    for (let step = 0; step < 10 && (await page.locator(drillLine).count()) === 0; step += 1) {
      const from = Number(await band('data-replay-at'))
      await page.click('[data-testid="replay-next-alarm"]')
      await page.waitForFunction(
        ({ selector, previous }) => {
          const el = document.querySelector(selector)
          return (
            el?.getAttribute('data-loading') === 'false' &&
            Number(el.getAttribute('data-replay-at')) > previous
          )
        },
        { selector: BAND, previous: from },
        { timeout: 30_000 },
      )
    }
    await page.waitForSelector(drillLine, { timeout: 10_000 })
    const at = Number(await band('data-replay-at'))
    expect(at).toBeGreaterThan(beforeDrill)
    expect(at).toBeLessThanOrEqual(raisedAt)
    // "Show" on the replayed alarm takes the map to the outage, drawn as it was.
    await page.locator('.alarm-panel .alarm-line[data-priority="high"] .alarm-show').first().click()
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="floor-map"]')?.getAttribute('data-outage-units')) > 0,
      undefined,
      { timeout: 30_000 },
    )
    // The past's unacknowledged high alarm does not sound: the live one is acknowledged.
    expect(await sounding()).not.toBe('high')
    await page.screenshot({ path: 'test-results/replay-drill-alarm-desktop-1920x1080.png' })
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.screenshot({ path: 'test-results/replay-drill-alarm-desktop-1366x768.png' })
    await page.setViewportSize({ width: 1920, height: 1080 })
  }, 120_000)

  it('plays forward through the drill at 60×: the logged acknowledgement appears, by whom', async () => {
    await page.click('[data-testid="replay-play-60"]')
    await page.waitForSelector(`${BAND}[data-speed="60"][data-playing="true"]`)
    await page.waitForSelector('.alarm-panel .alarm-line[data-priority="high"][data-state="acknowledged"]', {
      timeout: 60_000,
    })
    expect(
      await page.locator('.alarm-panel .alarm-line[data-priority="high"]').first().textContent(),
    ).toContain('switch engineer dispatched')
    expect(await sounding()).not.toBe('high')
  }, 120_000)

  it('goes back to live in one action', async () => {
    await page.click('[data-testid="replay-live"]')
    await page.waitForSelector(BAND, { state: 'detached' })
    await waitForLive(page)
    expect(await page.getAttribute('.app', 'data-replaying')).toBe('false')
  })

  it('makes the drill’s incident report: the alarms and acknowledgements in order, parsed from the HTML', async () => {
    if (!gateway) throw new Error('no gateway')
    const response = await fetch(`${gateway.url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Switch failure drill',
        note: 'Scripted drill: one access switch fails',
        start: beforeDrill,
        end: Date.now(),
      }),
    })
    expect(response.status).toBe(201)
    const { incident } = (await response.json()) as { incident: { id: string } }
    const out = mkdtempSync(join(tmpdir(), 'wf-replay-report-'))
    const made = await makeIncidentReport({
      gatewayUrl: gateway.url,
      token: TOKEN,
      incidentId: incident.id,
      outDir: out,
      pictures: true,
    })
    expect(statSync(made.pdfPath).size).toBeGreaterThan(10_000)
    expect(readFileSync(made.pdfPath).subarray(0, 5).toString()).toBe('%PDF-')
    // Parsed back by a browser, not searched as text.
    const reader = await context.newPage()
    await reader.setContent(readFileSync(made.htmlPath, 'utf8'))
    const rows = await reader.$$eval('[data-section="alarms"] tbody tr', (trs) =>
      trs.map((tr) => ({
        event: tr.getAttribute('data-event'),
        at: Number(tr.getAttribute('data-at')),
        title: tr.children[3]?.textContent ?? '',
        by: tr.querySelector('[data-field="by"]')?.textContent ?? '',
        note: tr.querySelector('[data-field="note"]')?.textContent ?? '',
      })),
    )
    const raise = rows.findIndex((r) => r.event === 'raised' && /Network device down/.test(r.title))
    const ack = rows.findIndex((r) => r.event === 'acknowledged' && r.note === 'switch engineer dispatched')
    expect(raise).toBeGreaterThanOrEqual(0)
    expect(ack).toBeGreaterThan(raise)
    expect(rows[ack]?.by).not.toBe('')
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort((a, b) => a - b))
    // The outage footprint names the failed switch's clinical areas; the pictures are the map's.
    expect(await reader.locator('[data-section="outage"] tbody tr').count()).toBeGreaterThan(0)
    expect(await reader.locator('[data-section="pictures"] figure img').count()).toBeGreaterThanOrEqual(2)
    expect(await reader.locator('[data-section="kpis"] [data-kpi="network.down"]').count()).toBe(1)
    await reader.screenshot({ path: 'test-results/replay-incident-report.png', fullPage: true })
    await reader.close()
  }, 180_000)
})
