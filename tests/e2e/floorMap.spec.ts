/**
 * The floor map end to end: the demo trust on a real gateway (with a scripted switch failure),
 * the browser host in Chromium, the map drawn with deck.gl on SwiftShader. Screenshots of a ward
 * level with every layer on, of the outage footprint, and of the stale state go to test-results/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BED_STATUS_COLOUR,
  DEVICE_STATUS_COLOUR,
  SEVERITY_COLOUR,
  type Rgba,
} from '../../renderer/features/floor-map/mapPalette.ts'
import { ASSET_TYPE_COLOUR } from '../../renderer/features/floor-map/layers/assetPoints.ts'
import { launchBrowser, openPage, type PageProblems } from '../support/browser.ts'
import { readPng, type Image } from '../support/readPng.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const TOKEN = 'e2e-floor-map-token-01'
const MAP = '[data-testid="floor-map"]'

let gateway: GatewayProcess | null = null
let browser: Browser
let context: BrowserContext
let page: Page
let problems: PageProblems

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-map-'))
  const config = join(dir, 'gateway.json')
  // The switch fails 20 s in: after the first screenshot, well before the outage test waits for it.
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ kind: 'demo', id: 'demo', drills: [{ kind: 'switch-failure', afterSeconds: 20 }] }],
    }),
  )
  gateway = await startWebGateway({ demo: false, config, token: TOKEN })
  browser = await launchBrowser()
  ;({ context, page, problems } = await openPage(browser, { width: 1920, height: 1080 }))
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await gateway?.stop()
})

/** Waits until the map has drawn its plan and at least a few frames after it. */
async function waitForMap(p: Page): Promise<void> {
  await p.waitForSelector(`${MAP}[data-plan="loaded"] canvas`, { timeout: 30_000 })
  // deck.gl draws on animation frames; two frames after the plan loads, the layers are on screen.
  await p.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  )
}

/** The feed layers, their legend labels and the colours each draws its things in (mapPalette.ts). */
const FEED_LAYERS: ReadonlyArray<{ readonly label: string; readonly colours: readonly Rgba[] }> = [
  // Not unknown's dark slate or closed's grey: the bare plan is drawn in greys like them.
  {
    label: 'Beds',
    colours: Object.entries(BED_STATUS_COLOUR)
      .filter(([status]) => status !== 'unknown' && status !== 'closed')
      .map(([, colour]) => colour),
  },
  // Points and, zoomed out, their clusters (sky blue).
  { label: 'Equipment', colours: [...Object.values(ASSET_TYPE_COLOUR), [86, 180, 233, 255]] },
  { label: 'Network', colours: Object.values(DEVICE_STATUS_COLOUR) },
  { label: 'Cyber', colours: Object.values(SEVERITY_COLOUR) },
]

/** The map's canvas alone (legend, top bar and details hidden for the shot), decoded. */
async function canvasShot(p: Page, name: string): Promise<Image> {
  const png = await p.locator(`${MAP} .fm-canvas`).screenshot({
    path: `test-results/floor-map-layer-${name}.png`,
    style: `${MAP} > :not(.fm-canvas) { visibility: hidden !important; }`,
  })
  return readPng(png)
}

/** Pixels within a few levels of any of `colours`: what a layer actually drew, not the legend. */
function pixelsOf({ rgba }: Image, colours: readonly Rgba[]): number {
  let count = 0
  for (let i = 0; i < rgba.length; i += 4) {
    for (const [r, g, b] of colours) {
      if (
        Math.abs(rgba[i]! - r) <= 16 &&
        Math.abs(rgba[i + 1]! - g) <= 16 &&
        Math.abs(rgba[i + 2]! - b) <= 16
      ) {
        count++
        break
      }
    }
  }
  return count
}

/** Ticks one layer's box in the legend on or off, and waits for the map to draw it. */
async function setLayer(p: Page, label: string, on: boolean): Promise<void> {
  const box = p
    .locator(`${MAP} .fm-legend-head label`)
    .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
    .locator('input')
  await box.setChecked(on, { timeout: 10_000 })
  await waitForMap(p)
}

describe('the floor map', () => {
  it('draws a ward level with beds, equipment, network and cyber layers, none of them stale', async () => {
    if (!gateway) throw new Error('no gateway')
    await openBoard(page, gateway, '?mode=desktop&board=capacity')
    await waitForLive(page)
    await waitForMap(page)
    const legend = page.locator(`${MAP} .fm-legend`)
    for (const layer of ['Beds', 'Equipment', 'Network', 'Cyber', 'Recent changes']) {
      await expect(legend.getByText(layer, { exact: true }).count()).resolves.toBe(1)
    }
    expect(await page.locator(`${MAP} .fm-stale`).count()).toBe(0)
    // The legend explains every bed colour with its letter and words.
    await expect(legend.getByText('Available').count()).resolves.toBe(1)
    await page.screenshot({ path: 'test-results/floor-map-ward-level.png' })
    // Each layer draws on the canvas in its own colours: one layer at a time over the bare plan
    // (so one layer's moving tags cannot stand in for another's), against the plan alone.
    const labels = [...FEED_LAYERS.map((l) => l.label), 'Recent changes']
    try {
      for (const label of labels) await setLayer(page, label, false)
      const added: Record<string, number> = {}
      const drawnOver = async (plan: Image, label: string, colours: readonly Rgba[]): Promise<number> => {
        await setLayer(page, label, true)
        const shot = await canvasShot(page, label)
        await setLayer(page, label, false)
        return pixelsOf(shot, colours) - pixelsOf(plan, colours)
      }
      const plan = await canvasShot(page, 'plan')
      // Not cyber yet: the demo's open alerts are on other floors than this one, and finding one
      // from the page is still to do; layerFactories.test.ts pins what the cyber layer draws.
      for (const { label, colours } of FEED_LAYERS.filter((l) => l.label !== 'Cyber'))
        added[label] = await drawnOver(plan, label, colours)
      console.log('floor map: pixels each layer adds in its colours', JSON.stringify(added))
      for (const label of Object.keys(added)) expect(added[label], `${label} pixels`).toBeGreaterThan(40)
      expect(Object.keys(added)).toEqual(['Beds', 'Equipment', 'Network'])
    } finally {
      for (const label of labels) await setLayer(page, label, true)
    }
    expect(problems.errors).toEqual([])
  }, 180_000)

  it('locates the nearest available infusion pump to a ward from the search box', async () => {
    const ward = await page.evaluate(() => document.querySelector('.fm-place')?.textContent ?? '')
    expect(ward).not.toBe('')
    const search = page.locator(`${MAP} input[type="search"]`)
    await search.fill('nearest available pump to Ward')
    const results = page.locator(`${MAP} .fm-search-results li`)
    await results.first().waitFor({ timeout: 10_000 })
    expect(await results.first().innerText()).toMatch(/IP-\d+/)
    expect(await results.first().getAttribute('data-kind')).toBe('asset')
    const level = await results.first().getAttribute('data-level')
    await search.press('Enter')
    // The map jumps to the pump's level (it may be a floor away) and closes the results.
    await page.waitForSelector(`${MAP}[data-level="${level}"]`, { timeout: 10_000 })
    expect(await results.count()).toBe(0)
  })

  it('shades the clinical footprint of a failed access switch and lists what it affects', async () => {
    const summary = page.locator('[data-testid="outage-summary"]')
    await summary.waitFor({ timeout: 60_000 })
    expect(await summary.innerText()).toMatch(/Outage: \d+ devices? down · \d+ beds · \d+ assets affected/)
    await summary.getByRole('button', { name: 'Show' }).click()
    await page.waitForFunction(
      (selector) => Number(document.querySelector(selector)?.getAttribute('data-outage-units') ?? 0) > 0,
      MAP,
      { timeout: 15_000 },
    )
    // …and the view lands on the failed device, not on the whole floor.
    await page.waitForSelector(`${MAP}[data-zoom="4.0"]`, { timeout: 10_000 })
    await waitForMap(page)
    await page.screenshot({ path: 'test-results/floor-map-outage.png' })
  })

  it('marks every layer STALE when the gateway goes away, never drawing old data as live', async () => {
    await gateway?.stop()
    gateway = null
    for (const layer of ['beds', 'assets', 'network', 'cyber']) {
      await page.waitForSelector(`[data-testid="map-stale-${layer}"]`, { timeout: 15_000 })
    }
    expect(await page.locator('[data-testid="map-stale"]').innerText()).toBe(
      'STALE: beds, assets, network, cyber',
    )
    // A stale network feed must not keep showing an outage footprint as current.
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-outage-units') === '0',
      MAP,
      { timeout: 10_000 },
    )
    await page.screenshot({ path: 'test-results/floor-map-stale.png' })
  })
})
