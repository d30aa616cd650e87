/**
 * The bed meeting as the site manager sees it, on the demo trust behind a real gateway: the census
 * (one row per ward, sorted by ward number, every count opening exactly its beds), KPI tiles whose
 * Details hold exactly the rows they count, the OPEL parameters, and every documented map search.
 * Screenshots of the Site manager board at 1366×768 and 1920×1080 go to test-results/.
 */
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoTrust } from '../../gateway/adapters/demo/createDemoTrust.ts'
import { launchBrowser, openPage, type PageProblems } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

let gateway: GatewayProcess
let browser: Browser
let context: BrowserContext
let page: Page
let problems: PageProblems

const trust = createDemoTrust({})
/** Wards with beds in the demo trust: the census has one row each. */
const wardsWithBeds = new Set(trust.siteModel.beds.map((b) => b.wardId))

beforeAll(async () => {
  gateway = await startWebGateway({ timeoutMs: 60_000 })
  browser = await launchBrowser()
  ;({ context, page, problems } = await openPage(browser, { width: 1366, height: 768 }))
  await openBoard(page, gateway, '?mode=desktop&board=site-manager')
  await waitForLive(page)
  await page.waitForSelector('[data-testid="census-row"]', { timeout: 30_000 })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await gateway?.stop()
})

const census = '[data-testid="census"]'
const wardNames = (): Promise<string[]> =>
  page.$$eval(`${census} [data-testid="census-row"] .census-ward`, (els) =>
    els.map((e) => e.textContent ?? ''),
  )

/** The dialog's row count once it equals `expected()` (both sides update once a second). */
async function waitForDialogCount(expected: () => Promise<number>): Promise<number> {
  let want = -1
  await expect
    .poll(
      async () => {
        want = await expected()
        return Number(await page.locator('.dd-dialog [data-testid="dt-count"]').getAttribute('data-total'))
      },
      { timeout: 20_000, interval: 250 },
    )
    .toSatisfy((n: number) => n === want)
  return want
}

const tileValue = async (kpi: string): Promise<number> =>
  Number(await page.locator(`[data-kpi="${kpi}"]`).first().getAttribute('data-value'))

async function closeDialog(selector: string): Promise<void> {
  await page.keyboard.press('Escape')
  await page.locator(selector).waitFor({ state: 'detached' })
}

describe('the bed census', () => {
  it('has one row per ward with beds, with site comparison tiles beside the trust', async () => {
    expect((await wardNames()).length).toBe(wardsWithBeds.size)
    const tiles = await page.$$eval(`${census} .census-site`, (els) =>
      els.map((e) => e.getAttribute('data-scope')),
    )
    expect(tiles).toEqual(['trust', ...trust.siteModel.sites.map((s) => s.id)])
    await page.screenshot({ path: 'test-results/site-manager-1366x768.png' })
  })

  it('sorts wards by number — Ward 2 before Ward 10 — and back', async () => {
    await page.locator(`${census} .census-th[data-column="ward"]`).click()
    const up = await wardNames()
    const at = (n: number): number => up.findIndex((w) => w.startsWith(`Ward ${n} —`))
    expect(at(1)).toBeGreaterThanOrEqual(0)
    expect(at(1)).toBeLessThan(at(2))
    expect(at(2)).toBeLessThan(at(10))
    expect(at(9)).toBeLessThan(at(10))
    expect(at(10)).toBeLessThan(at(11))
    await page.locator(`${census} .census-th[data-column="ward"]`).click()
    const down = await wardNames()
    expect(down).toEqual([...up].reverse())
    expect(await page.locator(`${census} th[aria-sort="descending"]`).count()).toBe(1)
  })

  it('filters to one site from its comparison tile', async () => {
    const site = trust.siteModel.sites[1]
    if (!site) throw new Error('the demo trust has three sites')
    await page.locator(`${census} .census-site[data-scope="${site.id}"]`).click()
    const wards = trust.siteModel.units.filter((u) => u.siteId === site.id && wardsWithBeds.has(u.id))
    await expect.poll(async () => (await wardNames()).length).toBe(wards.length)
    await page.locator(`${census} .census-site[data-scope="trust"]`).click()
    await expect.poll(async () => (await wardNames()).length).toBe(wardsWithBeds.size)
  })

  it('opens exactly the beds a census cell counts', async () => {
    const cell = page
      .locator(`${census} [data-testid="census-row"]`)
      .first()
      .locator('[data-col="occupied"] button')
    const text = async (): Promise<number> => Number(await cell.textContent())
    await cell.click()
    await page.locator('.dd-dialog').waitFor()
    expect(await page.locator('.dd-dialog').getAttribute('data-row-set')).toBe('beds.occupied')
    expect(await waitForDialogCount(text)).toBeGreaterThan(0)
    await closeDialog('.dd-dialog')
  })
})

describe('KPI Details hold exactly the rows the tile counts', () => {
  for (const kpi of [
    'beds.housekeeping-overdue',
    'beds.nctr',
    'beds.expected-discharges',
    'beds.closed-dv',
  ]) {
    it(`${kpi}: the table's rows equal the tile`, async () => {
      await page.locator(`[data-kpi="${kpi}"] .kpi-drill`).click()
      await page.locator('.dd-dialog').waitFor()
      await waitForDialogCount(() => tileValue(kpi))
      await closeDialog('.dd-dialog')
    })
  }

  it('G&A occupancy opens the open G&A beds only — no intensive care — and is their occupied share', async () => {
    await page.locator('[data-kpi="beds.ga-occupancy"] .kpi-drill').click()
    const dialog = page.locator('.dd-dialog')
    await dialog.waitFor()
    expect(await dialog.getAttribute('data-row-set')).toBe('beds.ga-open')
    await dialog.locator('.dd-body .dt-row').first().waitFor()
    const notGa = trust.siteModel.units.filter((u) => !u.generalAndAcute).map((u) => u.name)
    // Group by ward: every group in the dialog is a G&A ward.
    await dialog.locator('select[aria-label="Group by"]').selectOption('ward')
    const groups = await dialog
      .locator('.dt-group')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-group') ?? ''))
    expect(groups.length).toBeGreaterThan(0)
    for (const g of groups) expect(notGa).not.toContain(g)
    // The tile is the occupied share of exactly these rows.
    await expect
      .poll(
        async () => {
          const total = Number(await dialog.locator('[data-testid="dt-count"]').getAttribute('data-total'))
          const occupied = Number(
            await dialog
              .locator('[data-facet="status"] [data-value="occupied"] .dt-chip-count')
              .textContent(),
          )
          return Math.abs((100 * occupied) / total - (await tileValue('beds.ga-occupancy')))
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBeLessThan(1e-9)
    await closeDialog('.dd-dialog')
  })

  it('the OPEL tile names its drivers readably and its Details show every parameter, threshold and level', async () => {
    const drivers = page.locator('[data-kpi="beds.opel"] [data-testid="kpi-drivers"]')
    const size = await drivers.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(12)
    // Never cut off with an ellipsis: the text wraps.
    expect(await drivers.evaluate((el) => getComputedStyle(el).textOverflow)).not.toBe('ellipsis')
    await page.locator('[data-kpi="beds.opel"] .kpi-drill').click()
    const details = page.locator('[data-testid="escalation-details"]')
    await details.waitFor()
    const rows = details.locator('tbody tr')
    expect(await rows.count()).toBe(5)
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allTextContents()
      expect(
        cells.slice(1, 4).every((c) => /^[≥≤] \d/.test(c)),
        cells.join(' | '),
      ).toBe(true)
      expect(cells.at(-1)).toMatch(/^(OPEL [1-4]|no value)/)
    }
    expect(Number(await details.getAttribute('data-level'))).toBe(await tileValue('beds.opel'))
    await page.screenshot({ path: 'test-results/site-manager-opel-details-1366x768.png' })
    await closeDialog('[data-testid="escalation-details"]')
  })

  it('looks right at 1920×1080 too', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.waitForTimeout(1_500) // one KPI pass and a resize: a screenshot, not an assertion
    await page.screenshot({ path: 'test-results/site-manager-1920x1080.png' })
    await page.setViewportSize({ width: 1366, height: 768 })
  })
})

/** The documented examples (docs/floor-map.md, "Search examples") and the kind of their first result. */
const EXAMPLE_KIND: Readonly<Record<string, string>> = {
  'IP-00412': 'asset',
  'ward 7 b3': 'bed',
  'ward 7 sr2': 'bed',
  'ward 7 bay b': 'unit',
  'ward 7': 'unit',
  respiratory: 'unit',
  'NGH-B2-L2-AS-01': 'device',
  'nearest available infusion pump to Ward 7': 'asset',
  'nearest pump to Ward 7': 'asset',
}
const documented = [
  ...(readFileSync('docs/floor-map.md', 'utf8').split(/^### Search examples$/m)[1] ?? '').matchAll(
    /^\| `([^`]+)` \|/gm,
  ),
].map((m) => m[1] as string)

describe('map search, every documented example', () => {
  const MAP = '[data-testid="floor-map"]'
  const search = (): ReturnType<Page['locator']> => page.locator(`${MAP} input[type="search"]`)

  beforeAll(async () => {
    await openBoard(page, gateway, '?mode=desktop&board=capacity')
    await waitForLive(page)
    await page.waitForSelector(`${MAP}[data-plan="loaded"]`, { timeout: 30_000 })
  })

  it('lists the examples', () => expect(documented.length).toBeGreaterThanOrEqual(8))

  for (const example of documented) {
    it(`"${example}" finds a ${EXAMPLE_KIND[example] ?? '(no check)'} first`, async () => {
      expect(EXAMPLE_KIND[example], 'documented example without a check here').toBeDefined()
      await search().fill(example)
      const first = page.locator(`${MAP} .fm-search-results li`).first()
      await first.waitFor({ timeout: 10_000 })
      expect(await first.getAttribute('data-kind')).toBe(EXAMPLE_KIND[example])
      await search().fill('')
    })
  }

  it('"ward 7 b3" frames bed B3 on Ward 7 and opens its details', async () => {
    await search().fill('ward 7 b3')
    const first = page.locator(`${MAP} .fm-search-results li`).first()
    await first.waitFor()
    expect(await first.innerText()).toContain('Ward 7 — Respiratory Medicine · B3')
    const level = await first.getAttribute('data-level')
    await first.locator('button').click()
    await expect.poll(() => page.locator(MAP).getAttribute('data-level')).toBe(level)
    await expect
      .poll(() => page.locator('[data-testid="map-details"] h3').textContent())
      .toContain('Ward 7 — Respiratory Medicine · B3')
  })

  it('a located asset opens its details, with the ward it is on', async () => {
    await search().fill('IP-00412')
    const first = page.locator(`${MAP} .fm-search-results li`).first()
    await first.waitFor()
    expect(await first.innerText()).toMatch(/Ward \d+ — /) // the ward, not "Level 0"
    await search().press('Enter')
    const details = page.locator('[data-testid="map-details"]')
    await expect.poll(() => details.locator('h3').textContent()).toBe('IP-00412')
    expect(await details.innerText()).toMatch(/Ward \d+ — /)
    await page.screenshot({ path: 'test-results/floor-map-located-asset-1366x768.png' })
  })

  it('shows an equipment legend by type with a type filter, and no staff badges by default', async () => {
    // A small desktop map folds its key to the layer switches; the operator unfolds it with "Key".
    const fold = page.locator(`${MAP} .fm-legend-fold[aria-expanded="false"]`)
    if ((await fold.count()) > 0) await fold.click()
    const legend = page.locator(`${MAP} [data-testid="equipment-legend"]`)
    await expect.poll(() => legend.locator('[data-type="infusion-pump"]').count()).toBe(1)
    // The gateway sends staff badges to no role by default: none in the legend, none in the table.
    expect(await legend.locator('[data-type="staff-badge"]').count()).toBe(0)
    await legend.locator('[data-type="infusion-pump"]').click()
    expect(await legend.locator('[data-type="infusion-pump"]').getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => page.locator(`${MAP} [data-testid="equipment-filtered"]`).count()).toBe(1)
    await page.locator(`${MAP} [data-testid="equipment-filtered"] button`).click()
    expect(await legend.locator('[data-type="infusion-pump"]').getAttribute('aria-pressed')).toBe('true')
  })

  it('ran without page errors', () => expect(problems.errors).toEqual([]))
})
