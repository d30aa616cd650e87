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
import { readPng } from '../support/readPng.ts'
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
  { label: 'Beds', colours: Object.values(BED_STATUS_COLOUR) },
  // Points and, zoomed out, their clusters (sky blue).
  { label: 'Equipment', colours: [...Object.values(ASSET_TYPE_COLOUR), [86, 180, 233, 255]] },
  { label: 'Network', colours: Object.values(DEVICE_STATUS_COLOUR) },
  { label: 'Cyber', colours: Object.values(SEVERITY_COLOUR) },
]

/**
 * Pixels of the map's canvas alone (legend, top bar and details hidden for the shot) within a few
 * levels of any of `colours`: what a layer actually drew, not what the legend says.
 */
async function pixelsOf(p: Page, colours: readonly Rgba[]): Promise<number> {
  const png = await p.locator(`${MAP} .fm-canvas`).screenshot({
    style: `${MAP} > :not(.fm-canvas) { visibility: hidden !important; }`,
  })
  const { rgba } = readPng(png)
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
  const box = p.locator(`${MAP} .fm-legend`).getByLabel(label, { exact: true })
  if ((await box.isChecked()) !== on) await box.click()
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
    for (const { label } of FEED_LAYERS) await setLayer(page, label, false)
    await setLayer(page, 'Recent changes', false)
    const drawn: Record<string, { plan: number; layer: number }> = {}
    for (const { label, colours } of FEED_LAYERS) {
      const plan = await pixelsOf(page, colours)
      await setLayer(page, label, true)
      drawn[label] = { plan, layer: await pixelsOf(page, colours) }
      await setLayer(page, label, false)
    }
    console.log('floor map pixels per layer (plan alone, layer on):', JSON.stringify(drawn))
    for (const { label } of FEED_LAYERS) {
      expect((drawn[label]?.layer ?? 0) - (drawn[label]?.plan ?? 0), `${label} pixels`).toBeGreaterThan(40)
    }
    for (const { label } of FEED_LAYERS) await setLayer(page, label, true)
    await setLayer(page, 'Recent changes', true)
    expect(problems.errors).toEqual([])
  })

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
