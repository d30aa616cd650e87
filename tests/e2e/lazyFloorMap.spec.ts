/**
 * The floor map is a lazy chunk (deck.gl and luma.gl): a board without a map never fetches it,
 * and a board with one says it is loading the map until the chunk has arrived, then draws it.
 * The chunk is held back by the test (not timed) so the loading state is seen for certain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const MAP_CHUNK = /\/assets\/FloorMapPanel-[\w-]+\.js$/

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

describe('the floor map loads lazily', () => {
  it('is not fetched by a board without a map, and shows a loading state until it arrives', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1366, height: 768 })
    try {
      const fetched: string[] = []
      let release = (): void => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      await page.route(MAP_CHUNK, async (route) => {
        fetched.push(route.request().url())
        await held
        await route.continue()
      })

      await openBoard(page, gateway, '?mode=desktop&board=site-manager')
      await waitForLive(page)
      await page.waitForSelector('[data-board="site-manager"] .kpi-tile')
      expect(fetched).toEqual([])

      await page.keyboard.press('Alt+1')
      const loading = page.locator('[data-board="capacity"] [data-testid="floor-map-loading"]')
      await loading.waitFor()
      expect(await loading.textContent()).toContain('Loading the floor map')
      expect(fetched).toHaveLength(1)

      release()
      await page.waitForSelector(
        '[data-board="capacity"] [data-testid="floor-map"][data-plan="loaded"] canvas',
        {
          timeout: 30_000,
        },
      )
      expect(await loading.count()).toBe(0)
      expect(problems.errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
