/**
 * The live tables at scale in Chromium: 50,000 equipment rows from a synthetic host (a fake
 * preload bridge feeding a deterministic trust over a real MessagePort, 2,000 asset updates/s),
 * so every count below is known exactly while the feed keeps rewriting rows. Sort, text filter,
 * facet chips, group by, scrolling, selection, CSV export and a KPI drill-down.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchBrowser, openPage, type PageProblems } from '../support/browser.ts'
import {
  installSyntheticHost,
  serveRenderer,
  syntheticAsset,
  type SyntheticOptions,
} from './tablesSyntheticHost.ts'

let server: { url: string; close: () => Promise<void> }
let browser: Browser
let context: BrowserContext
let page: Page
let problems: PageProblems
let options: SyntheticOptions

const table = (): Locator => page.locator('[data-panel="asset-table"]')
const count = async (): Promise<number> =>
  Number(await table().locator('[data-testid="dt-count"]').getAttribute('data-count'))
const waitForCount = (expected: number): Promise<unknown> =>
  page.waitForFunction(
    (n) =>
      document
        .querySelector('[data-panel="asset-table"] [data-testid="dt-count"]')
        ?.getAttribute('data-count') === String(n),
    expected,
    { timeout: 20_000 },
  )
const firstCells = (column: number, n: number): Promise<string[]> =>
  table()
    .locator('.dt-body .dt-row:not(.dt-group)')
    .evaluateAll(
      (rows, [col, take]) =>
        rows
          .map((r) => ({
            top: new DOMMatrix(getComputedStyle(r).transform).m42,
            cells: [...r.children].map((c) => c.textContent ?? ''),
          }))
          .sort((a, b) => a.top - b.top)
          .slice(0, take)
          .map((r) => r.cells[col] ?? ''),
      [column, n] as const,
    )

/** Expected counts from the generator's own rule (the spec does not trust the page to count). */
function expected(filter: (a: { type: string; state: string }) => boolean): number {
  let n = 0
  for (let i = 0; i < options.assets; i += 1) if (filter(syntheticAsset(i))) n += 1
  return n
}

beforeAll(async () => {
  // WF_RENDERER_DIR lets a developer test a build made elsewhere; CI uses npm run test:e2e's build.
  server = await serveRenderer(process.env['WF_RENDERER_DIR'] ?? 'out/renderer')
  browser = await launchBrowser()
  ;({ context, page, problems } = await openPage(browser, { width: 1920, height: 1080 }))
  options = await installSyntheticHost(page, {
    assets: 50_000,
    boardId: 'site-manager',
    mode: 'desktop',
    ratePerSec: 2_000,
  })
  await page.goto(`${server.url}/`)
  await page.waitForSelector('[data-panel="asset-table"] [data-testid="dt-count"][data-total="50000"]', {
    timeout: 60_000,
  })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
})

describe('the equipment table at 50,000 rows under a live feed', () => {
  it('holds every row but puts only those in view in the DOM, while the feed runs', async () => {
    expect(await count()).toBe(50_000)
    const inDom = await table().locator('.dt-body .dt-row').count()
    expect(inDom).toBeGreaterThan(5)
    expect(inDom).toBeLessThan(100)
    const feed = await page.evaluate(
      () => (window as unknown as { __syntheticFeed: { upserts: number } }).__syntheticFeed.upserts,
    )
    expect(feed).toBeGreaterThan(0)
  })

  it('sorts by a column, both ways', async () => {
    // Default: asset label ascending.
    expect(await firstCells(0, 2)).toEqual(['T-00000', 'T-00001'])
    await table().locator('[data-column="label"]').click()
    await expect.poll(() => firstCells(0, 2)).toEqual(['T-49999', 'T-49998'])
    expect(await table().locator('[data-column="label"]').getAttribute('aria-sort')).toBe('descending')
    // Battery ascending: the first rows are in non-decreasing order (the feed keeps changing them).
    await table().locator('[data-column="battery"]').click()
    await expect.poll(async () => (await firstCells(7, 1))[0]).toBe('0 %')
    const batteries = (await firstCells(7, 15)).map((t) => Number.parseFloat(t))
    expect(batteries).toEqual([...batteries].sort((a, b) => a - b))
    await table().locator('[data-column="label"]').click()
  })

  it('filters by text and by facet chips, and combines them', async () => {
    const search = table().locator('input.dt-search')
    await search.fill('ventilator')
    const ventilators = expected((a) => a.type === 'ventilator')
    await waitForCount(ventilators)
    expect(await count()).toBe(ventilators)

    await table().locator('[data-facet="state"] [data-value="maintenance"]').click()
    const both = expected((a) => a.type === 'ventilator' && a.state === 'maintenance')
    await waitForCount(both)
    expect(both).toBeGreaterThan(0)

    await search.fill('')
    await waitForCount(expected((a) => a.state === 'maintenance'))
    await table().locator('[data-facet="state"] [data-value="maintenance"]').click()
    await waitForCount(50_000)
  })

  it('groups by type, each group with its own count', async () => {
    await table().locator('select[aria-label="Group by"]').selectOption('type')
    await page.waitForSelector('[data-panel="asset-table"] .dt-group')
    const groups = await table()
      .locator('.dt-group')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-group'),
          Number((r.querySelector('.dt-group-count')?.textContent ?? '').replace(/,/g, '')),
        ]),
      )
    expect(groups.length).toBeGreaterThan(0)
    for (const [type, n] of groups) expect(n, `group ${type}`).toBe(expected((a) => a.type === type))
    expect(await count()).toBe(50_000)
    // Collapse the first group: its rows go, so the next row in view is the next group's header.
    await table().locator('.dt-group').first().click()
    await expect
      .poll(() =>
        table()
          .locator('.dt-body .dt-row')
          .evaluateAll((rows) =>
            rows
              .map((r) => ({
                top: new DOMMatrix(getComputedStyle(r).transform).m42,
                group: r.classList.contains('dt-group'),
              }))
              .sort((a, b) => a.top - b.top)
              .slice(0, 2)
              .map((r) => r.group),
          ),
      )
      .toEqual([true, true])
    await table().locator('select[aria-label="Group by"]').selectOption('')
    await page.waitForFunction(
      () => document.querySelectorAll('[data-panel="asset-table"] .dt-group').length === 0,
    )
  })

  it('scrolls to the last of 50,000 rows', async () => {
    await table()
      .locator('.dt-scroll')
      .evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect.poll(() => table().locator('[data-row-id="tag-49999"]').count()).toBe(1)
    await table()
      .locator('.dt-scroll')
      .evaluate((el) => el.scrollTo({ top: 0 }))
  })

  it('selects the row clicked (the selection the floor map highlights)', async () => {
    const row = table().locator('[data-row-id="tag-3"]')
    await row.click()
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')
  })

  it('exports the filtered rows as CSV with CRLF line ends', async () => {
    await table().locator('input.dt-search').fill('defibrillator')
    const n = expected((a) => a.type === 'defibrillator')
    await waitForCount(n)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table().locator('button.dt-export').click(),
    ])
    const path = await download.path()
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
    const lines = text.split('\r\n')
    // What the screen shows, plus the place (Zone, hidden on screen) and the sighting's ISO time.
    expect(lines[0]).toBe('Asset,Type,State,Site,Ward,Zone,Home,Seen,Seen at (UTC),Battery,Flags')
    expect(lines.at(-1)).toBe('') // ends with CRLF
    expect(lines.length - 2).toBe(n)
    expect(lines.slice(1, -1).every((l) => l.includes(',defibrillator,'))).toBe(true)
    await table().locator('input.dt-search').fill('')
    await waitForCount(50_000)
  })

  it('opens the table behind a KPI tile (desktop drill-down)', async () => {
    await page.locator('[data-kpi="cyber.open-critical"] .kpi-drill').click()
    const dialog = page.locator('.dd-dialog')
    await dialog.waitFor()
    // Drill-down facet: severity critical → every row in the dialog is critical.
    const severities = await dialog.locator('.dt-body .dt-row .dt-status').first().textContent()
    expect(severities).toContain('critical')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('exports the bed snapshot shaped like the UEC sitrep, per site and for the trust', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="sitrep-export-now"]').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^bed-snapshot-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/)
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toMatch(
      /^Snapshot \(UTC\),Organisation,Site,G&A core beds available,G&A escalation beds available,/,
    )
    // The synthetic trust's two sites, then the total; the file ends with CRLF.
    expect(lines.slice(1, -1).map((l) => l.split(',')[2])).toEqual([
      'Alpha General',
      'Beta Community',
      'Trust total',
    ])
    expect(lines.at(-1)).toBe('')
  })

  it('ran without page errors', () => {
    expect(problems.errors).toEqual([])
  })
})
