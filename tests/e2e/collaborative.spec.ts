/**
 * The collaborative board end to end, as `npm run demo:collaborative` gives it (smaller): four
 * real gateways, each its own fictional trust, the first serving the board; the page's hub
 * connects to all four (the gateway list in the link's fragment). In Chromium:
 *
 * - at 1920×1080 on a wall, all four trusts side by side, live, with the system's level and its
 *   method on screen, a cell per trust on the status strip, nothing under the wall's minimum type
 *   size, no axe-core violation, no CSP violation (the page fetches three other gateways' site
 *   models);
 * - on a desk, drill from the system to a trust's wards to a ward's beds, and back;
 * - one trust's gateway killed: that trust's column and strip cell STALE, the other three live.
 *
 * Screenshots go to test-results/collaborative-*.png.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AxeResults, RunOptions } from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  collaborativeBoardUrl,
  freePorts,
  planCollaborativeDemo,
  type DemoGatewayPlan,
} from '../../scripts/collaborativeDemo.ts'
import { launchBrowser, openPage } from '../support/browser.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'
import { RENDERER_DIR } from '../support/webBoard.ts'

/** The wall's minimum type size as a share of the root size (theme.css --wall-min-text). */
const WALL_MIN_TEXT_REM = 0.8333
const LIVE_MS = 60_000
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core in the page, through CDP so the page's CSP stays on (as accessibility.spec.ts runs it). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document, o: RunOptions): Promise<AxeResults> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  )
}

let plans: DemoGatewayPlan[] = []
const gateways: GatewayProcess[] = []
let browser: Browser

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-collab-e2e-'))
  plans = planCollaborativeDemo({ dir, ports: await freePorts(4), scaleFactor: 0.4, rate: 10 })
  gateways.push(
    ...(await Promise.all(
      plans.map((plan) =>
        startGateway({
          port: plan.port,
          token: null,
          config: plan.config,
          dataDir: plan.dataDir,
          ...(plan.servesRenderer ? { serveRenderer: RENDERER_DIR } : {}),
          timeoutMs: LIVE_MS,
        }),
      ),
    )),
  )
  browser = await launchBrowser()
}, 2 * LIVE_MS)

afterAll(async () => {
  await browser?.close()
  await Promise.all(gateways.map((gateway) => gateway.stop()))
})

async function waitForTrustsLive(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid="collab-trust"][data-freshness="live"]').length === n &&
      document.querySelectorAll('[data-testid="collab-trust"] [data-testid="collab-occupancy"]').length === n,
    count,
    { timeout: LIVE_MS },
  )
}

/** Text nodes on screen whose computed size is under `minPx` (as tests/e2e/wall.spec.ts reads them). */
function smallText(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const small: string[] = []
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? ''
      const el = node.parentElement
      if (text === '' || !el) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const visible = [...range.getClientRects()].some(
        (r) =>
          r.width * r.height > 4 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      )
      if (!visible) continue
      const size = parseFloat(getComputedStyle(el).fontSize)
      if (size < limit) small.push(`${size.toFixed(1)}px "${text.slice(0, 40)}" in .${el.className}`)
    }
    return small
  }, minPx)
}

describe('the collaborative board', () => {
  it('shows all four trusts side by side on a 1920×1080 wall, live, with the system level and its method', async () => {
    const { page, problems, context } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await page.goto(collaborativeBoardUrl(plans))
      await waitForTrustsLive(page, 4)
      const columns = await page.$$eval('[data-testid="collab-trust"]', (els) =>
        els.map((el) => ({ key: el.getAttribute('data-trust'), name: el.getAttribute('aria-label') })),
      )
      expect(columns).toEqual(plans.map((plan) => ({ key: plan.trust.key, name: plan.trust.name })))
      // Side by side: one row, each column fully on screen.
      const boxes = await page.$$eval('[data-testid="collab-trust"]', (els) =>
        els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect),
      )
      expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1)
      for (const box of boxes) expect(box.right).toBeLessThanOrEqual(1920)

      const level = await page.getAttribute('[data-testid="collab-system"]', 'data-level')
      expect(['1', '2', '3', '4']).toContain(level)
      expect(await page.textContent('[data-testid="collab-method"]')).toMatch(/weighted by open G&A beds/)
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="strip-trusts"] [data-freshness="live"]').length === 4,
        undefined,
        { timeout: LIVE_MS },
      )
      expect(await page.textContent('.strip-trust-name')).toBe('Four Shires Provider Collaborative')
      // The gateway list left the address bar with the link's fragment.
      expect(new URL(page.url()).hash).toBe('')

      const rootPx = await page.evaluate(() =>
        parseFloat(getComputedStyle(document.documentElement).fontSize),
      )
      expect(await smallText(page, rootPx * WALL_MIN_TEXT_REM - 0.05)).toEqual([])
      await page.screenshot({ path: 'test-results/collaborative-wall-1920.png' })
      expect(await axeViolations(page)).toEqual([])
      await page.setViewportSize({ width: 1366, height: 768 })
      await waitForTrustsLive(page, 4)
      await page.screenshot({ path: 'test-results/collaborative-wall-1366.png' })
      expect(problems.errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('drills from the system to a trust’s wards to a ward’s beds, and back', async () => {
    const { page, context } = await openPage(browser, { width: 1366, height: 768 })
    try {
      await page.goto(collaborativeBoardUrl(plans, '?board=collaborative'))
      await waitForTrustsLive(page, 4)
      const first = plans[0]?.trust
      if (first === undefined) throw new Error('no trust')
      await page.click(`[data-testid="collab-trust"][data-trust="${first.key}"] .collab-trust-key`)
      await page.waitForSelector(`[data-testid="collab-drill-trust"][data-trust="${first.key}"]`)
      const wards = await page.$$('[data-testid="collab-drill-trust"] tbody tr')
      expect(wards.length).toBeGreaterThan(5)
      await page.click('[data-testid="collab-drill-trust"] tbody tr .collab-link')
      await page.waitForSelector('[data-testid="collab-drill-ward"]')
      const wardId = await page.getAttribute('[data-testid="collab-drill-ward"]', 'data-ward')
      // A ward of that trust, by its scoped id, with its beds listed.
      expect(wardId?.startsWith(`${first.key}/`)).toBe(true)
      expect((await page.$$('[data-testid="collab-drill-ward"] tbody tr')).length).toBeGreaterThan(0)
      await page.screenshot({ path: 'test-results/collaborative-drill-ward.png' })
      await page.click('[data-testid="collab-drill-ward"] .collab-drill-head button')
      await page.waitForSelector('[data-testid="collab-drill-trust"]')
      await page.click('[data-testid="collab-drill-trust"] .collab-drill-head button')
      await waitForTrustsLive(page, 4)
    } finally {
      await context.close()
    }
  })

  it('shows one trust STALE when its gateway dies, while the other three stay live', async () => {
    const { page, context } = await openPage(browser, { width: 1920, height: 1080 })
    try {
      await page.goto(collaborativeBoardUrl(plans))
      await waitForTrustsLive(page, 4)
      const victim = plans[1]?.trust.key
      await gateways[1]?.kill()
      await page.waitForSelector(
        `[data-testid="collab-trust"][data-trust="${victim}"][data-freshness="stale"]`,
        {
          timeout: LIVE_MS,
        },
      )
      await page.waitForSelector(
        `[data-testid="strip-trusts"] [data-trust="${victim}"][data-freshness="stale"]`,
      )
      const freshness = await page.$$eval('[data-testid="collab-trust"]', (els) =>
        els.map((el) => [el.getAttribute('data-trust'), el.getAttribute('data-freshness')]),
      )
      expect(freshness).toEqual(
        plans.map((plan) => [plan.trust.key, plan.trust.key === victim ? 'stale' : 'live']),
      )
      expect(await page.textContent('[data-testid="collab-missing"]')).toContain(victim?.toUpperCase())
      await page.screenshot({ path: 'test-results/collaborative-wall-stale.png' })
    } finally {
      await context.close()
    }
  })
})
