/**
 * Restored is not live: a wall open on the demo gateway, the gateway restarted on the same data
 * directory without its simulator and with a Wazuh webhook as its only source. The page — never
 * reloaded — shows every feed RESTORED hh:mm with what it waits for, and the cyber feed turns LIVE
 * once the webhook delivers while the others stay RESTORED.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const TOKEN = 'e2e-restored-token-01'
const SECRET = 'e2e-restored-webhook-secret'
let browser: Browser
let context: BrowserContext
let page: Page
let gateway: GatewayProcess | null = null

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

const feed = (topic: string): Promise<string | null> =>
  page.getAttribute(`.strip-feeds [data-topic="${topic}"] [data-freshness]`, 'data-freshness')

beforeAll(async () => {
  gateway = await startWebGateway({ token: TOKEN })
  browser = await launchBrowser()
  ;({ context, page } = await openPage(browser, { width: 1920, height: 1080 }))
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await gateway?.stop()
})

describe('a restarted gateway', () => {
  it('shows RESTORED with what it waits for, never LIVE, until a source delivers', async () => {
    if (!gateway) throw new Error('no gateway')
    await openBoard(page, gateway)
    await waitForLive(page)
    const { port, dataDir } = gateway
    expect(await gateway.stop()).toBe(0)

    const dir = mkdtempSync(join(tmpdir(), 'wf-restored-'))
    const webhookPort = await freePort()
    writeFileSync(
      join(dir, 'gateway.json'),
      JSON.stringify({
        sources: [{ kind: 'webhook', id: 'wazuh', port: webhookPort, path: '/wazuh', secret: SECRET }],
      }),
    )
    gateway = await startWebGateway({
      demo: false,
      port,
      dataDir,
      token: TOKEN,
      config: join(dir, 'gateway.json'),
    })

    // Back on the same port: the page reconnects by itself and reads the gateway's restore.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.strip-feeds [data-freshness]')].every(
          (badge) => badge.getAttribute('data-freshness') === 'restored',
        ),
      undefined,
      { timeout: 30_000 },
    )
    const beds = await page.textContent('.strip-feeds [data-topic="beds"]')
    expect(beds).toMatch(/RESTORED\s*\d{2}:\d{2} — no source configured/)
    const cyber = await page.textContent('.strip-feeds [data-topic="cyber"]')
    expect(cyber).toMatch(/RESTORED\s*\d{2}:\d{2} — waiting for wazuh/)
    expect(await page.locator('.panel [data-freshness="live"]').count()).toBe(0)
    // The floor map says what the panels say: RESTORED, never STALE, for state from the log.
    // (The capacity board, opened by default, has the map.)
    await page.waitForSelector('[data-testid="map-restored"]', { timeout: 10_000 })
    expect(await page.textContent('[data-testid="map-restored"]')).toMatch(/RESTORED \d{2}:\d{2}: beds/)
    expect(await page.locator('[data-testid="map-stale"]').count()).toBe(0)
    await page.screenshot({ path: 'test-results/restored-1920x1080.png' })

    const response = await fetch(`http://127.0.0.1:${webhookPort}/wazuh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-watchfloor-secret': SECRET },
      body: JSON.stringify({
        id: 'e2e-restored-1',
        timestamp: new Date().toISOString(),
        rule: { level: 7, description: 'Synthetic test alert', id: '100001', groups: ['test'] },
        agent: { id: '001', name: 'WS-TEST-01' },
      }),
    })
    expect(response.status).toBe(202)
    await page.waitForFunction(
      () =>
        document
          .querySelector('.strip-feeds [data-topic="cyber"] [data-freshness]')
          ?.getAttribute('data-freshness') === 'live',
      undefined,
      { timeout: 15_000 },
    )
    expect(await feed('beds')).toBe('restored')
    expect(await feed('assets')).toBe('restored')
  })
})
