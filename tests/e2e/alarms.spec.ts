/**
 * Local alarms end to end: a real gateway polling a real SNMP agent (net-snmp's snmpd) standing in
 * for an access switch and the 40 access points behind it, and two browser pages (two app
 * instances, each with its own alarm engine). The switch fails — the agent is killed — and every
 * device goes down; each board shows ONE grouped high alarm line for the 41 devices, and
 * acknowledging it in one page acknowledges it in the other (through the gateway's relay).
 *
 * Time: the default rule pack waits 60 s before raising device-down (the engine's unit tests prove
 * that on a fake clock). Here each page's clock is Playwright's, fast-forwarded past those 60 s
 * once the gateway reports the devices down, so the spec proves the pipeline — SNMP → gateway →
 * hub → engine → banner, and the acknowledgement relay — within 10 s of real time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_NAMESPACE, FeedEvent } from '../../shared/contracts/feed.ts'
import { launchBrowser, openPage, type PageProblems } from '../support/browser.ts'
import { startSnmpd, waitFor, type Daemon } from '../support/daemons.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, RENDERER_DIR, startWebGateway } from '../support/webBoard.ts'

const TOKEN = 'e2e-alarms-token-0001'
const AP_COUNT = 40
const GROUP_LINE = `.alarm-banner .alarm-line[data-count="${AP_COUNT + 1}"]`

let snmpd: Daemon
let gateway: GatewayProcess
let browser: Browser
let watcher: Socket
const contexts: BrowserContext[] = []
const pages: { page: Page; problems: PageProblems }[] = []
/** Latest status of every device as the gateway publishes it. */
const deviceStatus = new Map<string, string>()

function snmpConfig(port: number): string {
  const snmp = { version: '2c', community: 'public' }
  const device = (id: string, name: string, kind: string, uplinkId: string | null) => ({
    id,
    name,
    kind,
    siteId: 'site-e2e',
    uplinkId,
    servesUnitIds: [],
    host: '127.0.0.1',
    port,
    snmp,
  })
  const devices = [
    device('sw-e2e-01', 'SW-E2E-01', 'access-switch', null),
    ...Array.from({ length: AP_COUNT }, (_, i) =>
      device(`ap-e2e-${i + 1}`, `AP-E2E-${i + 1}`, 'access-point', 'sw-e2e-01'),
    ),
  ]
  return JSON.stringify({
    sources: [
      {
        kind: 'snmp',
        id: 'snmp-e2e',
        intervalMs: 500,
        timeoutMs: 200,
        retries: 0,
        downAfterMissedPolls: 2,
        devices,
      },
    ],
  })
}

async function openClient(): Promise<Page> {
  const opened = await openPage(browser, { width: 1920, height: 1080 })
  contexts.push(opened.context)
  // The page's clock is Playwright's: real time flows, and the test can jump it forward.
  await opened.page.clock.install()
  await openBoard(opened.page, gateway, '?mode=desktop&board=digital-ops')
  await opened.page.waitForSelector('[data-testid="status-strip"][data-connection-status="connected"]', {
    timeout: 30_000,
  })
  pages.push(opened)
  return opened.page
}

beforeAll(async () => {
  snmpd = await startSnmpd({ confLines: ['rocommunity public 127.0.0.1'] })
  const dir = mkdtempSync(join(tmpdir(), 'wf-alarms-e2e-'))
  const config = join(dir, 'gateway.json')
  writeFileSync(config, snmpConfig(snmpd.port))
  // WF_E2E_RENDERER: a renderer built elsewhere (so a local run does not overwrite out/renderer).
  gateway = await startWebGateway({
    demo: false,
    config,
    token: TOKEN,
    serveRenderer: process.env['WF_E2E_RENDERER'] ?? RENDERER_DIR,
  })
  browser = await launchBrowser()
  // A plain feed client, to know when the gateway has seen the failure (not part of the system under test).
  watcher = io(`${gateway.url}${FEED_NAMESPACE}`, { auth: { token: TOKEN }, transports: ['websocket'] })
  watcher.on(FeedEvent.batch, (batch: { topic: string; upserts: { id: string; status: string }[] }) => {
    if (batch.topic === 'network') for (const d of batch.upserts) deviceStatus.set(d.id, d.status)
  })
  watcher.on('connect', () => {
    watcher.emit(
      FeedEvent.subscribe,
      { topics: ['network'] },
      (ack: { ok: boolean; snapshots?: { entities: { id: string; status: string }[] }[] }) => {
        for (const d of ack.snapshots?.[0]?.entities ?? []) deviceStatus.set(d.id, d.status)
      },
    )
  })
})

afterAll(async () => {
  watcher?.close()
  for (const context of contexts) await context.close()
  await browser?.close()
  await gateway?.stop()
  await snmpd?.stop()
})

describe('local alarms across two clients', () => {
  it('raises one grouped high alarm within 10 s of a switch failure, and an acknowledgement in one client reaches the other', async () => {
    const wallA = await openClient()
    const wallB = await openClient()
    await waitFor(
      'every device up',
      () => deviceStatus.size === AP_COUNT + 1 && [...deviceStatus.values()].every((s) => s === 'up'),
    )

    const failedAt = Date.now()
    await snmpd.stop()
    await waitFor(
      'every device down',
      () => [...deviceStatus.values()].filter((s) => s === 'down').length === AP_COUNT + 1,
      { timeoutMs: 8_000 },
    )
    // Past the rule's 60 s `for`, on both app instances.
    await Promise.all([wallA.clock.fastForward(61_000), wallB.clock.fastForward(61_000)])

    for (const page of [wallA, wallB]) {
      await page.waitForSelector(GROUP_LINE, { timeout: Math.max(1, 10_000 - (Date.now() - failedAt)) })
    }
    const raisedWithinMs = Date.now() - failedAt
    console.log(`switch failure → grouped alarm on both boards in ${raisedWithinMs} ms`)
    expect(raisedWithinMs).toBeLessThanOrEqual(10_000)

    for (const page of [wallA, wallB]) {
      const networkLines = await page.$$eval('.alarm-banner .alarm-line', (els) =>
        els
          .filter((el) => el.getAttribute('data-fingerprint')?.startsWith('network-device-down') === true)
          .map((el) => ({
            priority: el.getAttribute('data-priority'),
            state: el.getAttribute('data-state'),
            count: el.getAttribute('data-count'),
            text: el.querySelector('.alarm-detail')?.textContent ?? '',
          })),
      )
      expect(networkLines).toEqual([
        {
          priority: 'high',
          state: 'unacknowledged',
          count: String(AP_COUNT + 1),
          text: `SW-E2E-01 and ${AP_COUNT} devices behind it are down`,
        },
      ])
    }
    await wallA.screenshot({ path: 'test-results/alarms-switch-failure-1920x1080.png' })

    // Acknowledge on A with a note; B hears it through the gateway.
    await wallA.locator(`${GROUP_LINE} .alarm-ack`).click()
    await wallA.locator(`${GROUP_LINE} .alarm-note`).fill('switch engineer dispatched')
    await wallA.locator(`${GROUP_LINE} .alarm-confirm`).click()
    for (const page of [wallA, wallB]) {
      await page.waitForSelector(`${GROUP_LINE}[data-state="acknowledged"]`, { timeout: 10_000 })
      expect(await page.locator(GROUP_LINE).textContent()).toContain('switch engineer dispatched')
      // Acknowledged: it no longer flashes, and this instance no longer sounds its tone.
      expect(await page.locator(GROUP_LINE).evaluate((el) => getComputedStyle(el).animationName)).toBe('none')
      expect(await page.locator('.alarm-sound').getAttribute('data-sounding')).not.toBe('high')
    }
    await wallB.screenshot({ path: 'test-results/alarms-acknowledged-elsewhere-1920x1080.png' })

    for (const { problems } of pages) expect(problems.errors).toEqual([])
  })
})
