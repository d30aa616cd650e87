/**
 * Accessibility held by axe-core (WCAG 2.x A/AA plus Deque's best practices) over every preset
 * board in wall and desktop mode at 1920×1080 and on a 1366×768 laptop, live from the demo
 * gateway on 127.0.0.1. The page's own CSP stays on: axe is evaluated through the DevTools
 * protocol (not an inline <script>, which the CSP would rightly refuse).
 *
 * Every violation fails, whatever its impact: the boards had none when this spec landed, so any
 * new one is a regression. A violation message names the rule, its impact and the first nodes,
 * so a failure says what to fix without re-running axe by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AxeResults, Result, RunOptions } from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

/** What the page's `window.axe` offers once axe.min.js has run in it. */
type AxeRunner = { run(context: Document, options: RunOptions): Promise<AxeResults> }

const BOARDS = ['capacity', 'site-manager', 'digital-ops'] as const
const MODES = ['wall', 'desktop'] as const
/** A wall is 1080p (or 4K, the same layout); a desktop is also a 1366×768 laptop. */
const VIEWS: readonly { mode: (typeof MODES)[number]; width: number; height: number }[] = [
  ...MODES.map((mode) => ({ mode, width: 1920, height: 1080 })),
  { mode: 'desktop', width: 1366, height: 768 },
]

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

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

/** Waits until the board has drawn what it shows once live: KPI values, table rows, the map. */
async function waitForBoardDrawn(page: Page, board: string): Promise<void> {
  await page.waitForSelector(`[data-board="${board}"] .kpi-tile`)
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="kpi-value"]')].some((el) =>
        /\d/.test(el.textContent ?? ''),
      ),
    undefined,
    { timeout: 20_000 },
  )
  const maps = await page.$$(`[data-board="${board}"] [data-kind="floor-map"]`)
  if (maps.length > 0) {
    await page.waitForSelector(
      `[data-board="${board}"] [data-testid="floor-map"][data-plan="loaded"] canvas`,
      {
        timeout: 30_000,
      },
    )
  }
}

/** Runs axe in the page (evaluated through CDP, so the page's CSP is untouched). */
async function runAxe(page: Page): Promise<AxeResults> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeRunner }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes
    .slice(0, 3)
    .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
  const more = violation.nodes.length > 3 ? [`    … and ${violation.nodes.length - 3} more`] : []
  return [
    `${violation.id} (${violation.impact ?? 'unknown'}, ${violation.nodes.length} nodes)`,
    ...nodes,
    ...more,
  ].join('\n')
}

describe('accessibility (axe-core) of the preset boards', () => {
  for (const { mode, width, height } of VIEWS) {
    for (const board of BOARDS) {
      it(`${board} (${mode}, ${width}×${height}) has no axe violations`, async () => {
        const { context, page, problems } = await openPage(browser, { width, height })
        try {
          await openBoard(page, gateway, `?mode=${mode}&board=${board}`)
          await waitForLive(page)
          await waitForBoardDrawn(page, board)
          const results = await runAxe(page)
          // The whole report, for whoever fixes a failure.
          writeFileSync(
            `test-results/axe-${board}-${mode}-${width}x${height}.json`,
            JSON.stringify(results.violations, null, 2),
          )
          expect(results.violations.map(describeViolation)).toEqual([])
          expect(problems.errors).toEqual([])
        } finally {
          await context.close()
        }
      })
    }
  }
})

describe('accessibility (axe-core) of what a site manager opens', () => {
  it('a grouped table and a KPI drill-down dialog have no axe violations', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await openBoard(page, gateway, '?mode=desktop&board=site-manager')
      await waitForLive(page)
      await waitForBoardDrawn(page, 'site-manager')
      // Group the first table by its first groupable column: group rows are rows too.
      const groupBy = page.locator('.dt-groupby select').first()
      const firstGroup = await groupBy.locator('option').nth(1).getAttribute('value')
      if (firstGroup === null) throw new Error('the table has no groupable column')
      await groupBy.selectOption(firstGroup)
      await page.waitForSelector('.dt-group')
      await page.locator('.kpi-drill').first().click()
      await page.waitForSelector('.dd-dialog .dt-body .dt-row')
      const results = await runAxe(page)
      writeFileSync(
        'test-results/axe-site-manager-drill-down.json',
        JSON.stringify(results.violations, null, 2),
      )
      expect(results.violations.map(describeViolation)).toEqual([])
      expect(problems.errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
