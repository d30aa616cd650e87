/**
 * The waiting-list panels on the demo trust's synthetic PTL, behind a real gateway in Chromium:
 * every panel draws its numbers (no placeholder), the site manager's board carries the compact
 * summary, and the wall keeps its minimum type size. Screenshots at 1920×1080 and 1366×768 go to
 * test-results/.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

let gateway: GatewayProcess
let browser: Browser

beforeAll(async () => {
  gateway = await startWebGateway({ timeoutMs: 60_000 })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await gateway?.stop()
})

describe('the waiting-list board', () => {
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
  ] as const) {
    it(`draws every panel at ${width}×${height} on a desk`, async () => {
      const { context, page, problems } = await openPage(browser, { width, height })
      try {
        await openBoard(page, gateway, '?mode=desktop&board=waiting-list')
        await waitForLive(page)
        await page.waitForSelector('[data-testid="waiting-bands"] tbody tr', { timeout: 30_000 })
        // The demo PTL: most pathways within 18 weeks, some past a year, P2s past their date.
        const share = await page
          .locator('[data-testid="waiting-summary"] tbody tr')
          .first()
          .locator('td')
          .nth(2)
          .textContent()
        expect(Number((share ?? '').replace(/[^\d.]/g, ''))).toBeGreaterThan(40)
        expect(await page.locator('[data-testid="waiting-bands"] tbody tr').count()).toBeGreaterThan(10)
        expect(await page.locator('[data-testid="waiting-longest"] tbody tr').count()).toBeGreaterThan(5)
        expect(await page.locator('[data-testid="waiting-p2-count"]').textContent()).toMatch(
          /\d+ P2 pathways past their date/,
        )
        expect(await page.locator('[data-testid="waiting-trend"] polyline').count()).toBe(1)
        // One trust on this wall: the comparison says why it has nothing to compare.
        expect(await page.getByText('One trust’s list on this wall').count()).toBe(1)
        await page.screenshot({ path: `test-results/waiting-list-${width}x${height}.png` })
        expect(problems.errors).toEqual([])
      } finally {
        await context.close()
      }
    })
  }

  it('keeps the wall’s 20 px minimum type size on every waiting-list label', async () => {
    const { context, page } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await openBoard(page, gateway, '?mode=wall&board=waiting-list')
      await waitForLive(page)
      await page.waitForSelector('[data-testid="waiting-bands"] tbody tr', { timeout: 30_000 })
      const smallest = await page.$$eval('[data-testid^="waiting-"] *', (elements) => {
        let min = Infinity
        for (const element of elements) {
          const hasText = [...element.childNodes].some(
            (n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '',
          )
          if (!hasText || (element as HTMLElement).offsetParent === null) continue
          min = Math.min(min, parseFloat(getComputedStyle(element).fontSize))
        }
        return min
      })
      // --wall-min-text is 0.8333rem: 19.9992 px at 1080p.
      expect(smallest).toBeGreaterThanOrEqual(19.99)
      await page.screenshot({ path: 'test-results/waiting-list-wall-1920x1080.png' })
    } finally {
      await context.close()
    }
  })

  it('shows the compact waiting-list summary on the site manager’s board', async () => {
    const { context, page } = await openPage(browser, { width: 1366, height: 768 })
    try {
      await openBoard(page, gateway, '?mode=desktop&board=site-manager')
      await waitForLive(page)
      const summary = page.locator('[data-testid="waiting-summary"]')
      await summary.waitFor({ timeout: 30_000 })
      expect(await summary.locator('dt').allTextContents()).toEqual([
        'Within 18 wk',
        '52+ wk',
        'P2 past date',
        'Pathways',
      ])
      await page.screenshot({ path: 'test-results/site-manager-waiting-1366x768.png' })
    } finally {
      await context.close()
    }
  })
})
