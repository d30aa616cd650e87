/**
 * The three preset boards with their KPI tiles and tables, live from a real demo gateway on
 * 127.0.0.1: every KPI tile shows a value or an explicit "—" with its RAG in words, every table
 * shows rows, and a 1920×1080 screenshot of each board (wall and desktop) goes to test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const BOARDS = ['capacity', 'site-manager', 'digital-ops'] as const

let gateway: GatewayProcess
let browser: Browser

beforeAll(async () => {
  const dir = process.env['WF_RENDERER_DIR']
  gateway = await startWebGateway({ timeoutMs: 60_000, ...(dir ? { serveRenderer: dir } : {}) })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await gateway?.stop()
})

describe('preset boards with KPIs and tables', () => {
  for (const mode of ['wall', 'desktop'] as const) {
    for (const board of BOARDS) {
      it(`${board} (${mode}) shows live KPIs and tables`, async () => {
        const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 })
        try {
          await openBoard(page, gateway, `?mode=${mode}&board=${board}`)
          await waitForLive(page)
          await page.waitForSelector(`[data-board="${board}"] .kpi-tile`)
          // KPI engine passes once a second; give tiles and tables a couple of passes.
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll('[data-testid="kpi-value"]')].some((el) =>
                /\d/.test(el.textContent ?? ''),
              ),
            undefined,
            { timeout: 20_000 },
          )
          const tiles = await page.$$eval('.kpi-tile', (els) =>
            els.map((el) => ({
              id: el.getAttribute('data-kpi'),
              rag: el.getAttribute('data-rag'),
              value: el.querySelector('[data-testid="kpi-value"]')?.textContent,
            })),
          )
          expect(tiles.length).toBeGreaterThan(3)
          for (const tile of tiles) expect(tile.value, `${tile.id}`).toMatch(/\d|—/)
          // Tables take new data at most once a second: wait until each has had its first.
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll('[data-testid="dt-count"]')].every(
                (el) => Number(el.getAttribute('data-total')) > 0,
              ),
            undefined,
            { timeout: 20_000 },
          )
          const tables = await page.$$eval('[data-testid="dt-count"]', (els) =>
            els.map((el) => Number(el.getAttribute('data-total'))),
          )
          for (const total of tables) expect(total).toBeGreaterThan(0)
          await page.screenshot({ path: `test-results/board-${board}-${mode}-1920x1080.png` })
          expect(problems.errors).toEqual([])
        } finally {
          await context.close()
        }
      })
    }
  }
})
