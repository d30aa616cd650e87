/**
 * INSECURE LINK in the status strip: the browser host reaches the gateway under a LAN-style name
 * over plain http (Chromium maps `gateway.trust.test` to 127.0.0.1, so nothing leaves loopback)
 * and must say the link is not encrypted; reached as 127.0.0.1 it must not. Screenshots at
 * 1920×1080 and 1366×768 in test-results/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { startWebGateway, waitForLive } from '../support/webBoard.ts'

const LAN_NAME = 'gateway.trust.test'
const TOKEN = 'e2e-insecure-link-token-01'

let browser: Browser
let gateway: GatewayProcess | null = null
let dir = ''

/** A port free right now: the config must name the LAN origin, port included, before start. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

beforeAll(async () => {
  const port = await freePort()
  dir = await mkdtemp(join(tmpdir(), 'wf-insecure-'))
  const config = join(dir, 'gateway.json')
  await writeFile(config, JSON.stringify({ origins: [`http://${LAN_NAME}:${port}`] }))
  gateway = await startWebGateway({ token: TOKEN, port, config })
  browser = await launchBrowser({ args: [`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`] })
})

afterAll(async () => {
  await browser?.close()
  await gateway?.stop()
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

describe('the status strip on an unencrypted link', () => {
  it.each([
    [1920, 1080],
    [1366, 768],
  ])(
    'says INSECURE LINK when the gateway is reached over http on the network (%i×%i)',
    async (width, height) => {
      if (!gateway) throw new Error('no gateway')
      const { context, page, problems } = await openPage(browser, { width, height })
      try {
        await page.goto(`http://${LAN_NAME}:${gateway.port}/#token=${TOKEN}`)
        await waitForLive(page)
        const badge = page.locator('[data-testid="insecure-link"]')
        expect(await badge.textContent()).toContain('INSECURE LINK')
        expect(await badge.getAttribute('title')).toContain(`http://${LAN_NAME}:${gateway.port}`)
        expect(await badge.isVisible()).toBe(true)
        await page.screenshot({ path: `test-results/insecure-link-${width}x${height}.png` })
        // Chromium itself says the same thing: it ignores the gateway's COOP header on an
        // untrustworthy (plain-http, non-local) origin. Nothing else may go wrong.
        const coopIgnored = /Cross-Origin-Opener-Policy header has been ignored/
        expect(problems.errors.filter((error) => !coopIgnored.test(error))).toEqual([])
      } finally {
        await context.close()
      }
    },
  )

  it('says nothing when the gateway is on this machine', async () => {
    if (!gateway) throw new Error('no gateway')
    const { context, page } = await openPage(browser)
    try {
      await page.goto(`http://127.0.0.1:${gateway.port}/#token=${TOKEN}`)
      await waitForLive(page)
      expect(await page.locator('[data-testid="insecure-link"]').count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
