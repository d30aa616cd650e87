/**
 * The alarm banner as an operator sees it, at each IEC 60601-1-8 priority, in Chromium: the real
 * app (served by Vite's dev server from renderer/), with alarm lists put into the window's store the
 * way the hub delivers them. Screenshots of each priority go to test-results/ — look at them.
 *
 * The flow from a real failure through the engine to the banner, and acknowledging across clients,
 * is proven by alarms.spec.ts against a real gateway; this spec pins the presentation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import { launchBrowser, openPage } from '../support/browser.ts'

let server: ViteDevServer
let baseUrl: string
let browser: Browser
const contexts: BrowserContext[] = []

const NOW = Date.now()

function alarm(overrides: Partial<ActiveAlarm> & { fingerprint: string }): ActiveAlarm {
  return {
    ruleId: 'network-device-down',
    title: 'Network device down',
    detail: 'SW-ACC-B2-L3-02 and 40 devices behind it are down',
    priority: 'high',
    state: 'unacknowledged',
    active: true,
    raisedAt: NOW - 95_000,
    changedAt: NOW - 95_000,
    subject: { kind: 'device', id: 'sw-acc-b2-l3-02', siteId: 'site-1', levelId: null, unitId: null },
    groupCount: 1,
    members: [overrides.fingerprint],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...overrides,
  }
}

const HIGH = alarm({ fingerprint: 'network-device-down@group:sw-acc-b2-l3-02', groupCount: 41 })
const MEDIUM = alarm({
  fingerprint: 'occupancy-site-amber@occupancy:site:site-1',
  ruleId: 'occupancy-site-amber',
  title: 'Bed occupancy high',
  detail: 'G&A occupancy 93.1 % at City General (≥ 92 %)',
  priority: 'medium',
  raisedAt: NOW - 14 * 60_000,
  subject: { kind: 'kpi', id: 'occupancy:site:site-1', siteId: 'site-1', levelId: null, unitId: null },
})
const LOW = alarm({
  fingerprint: 'bed-housekeeping-long@group:ward-7',
  ruleId: 'bed-housekeeping-long',
  title: 'Bed waiting for cleaning over 60 min',
  detail: '4 alarms in Ward 7 (Respiratory)',
  priority: 'low',
  groupCount: 4,
  raisedAt: NOW - 71 * 60_000,
  subject: { kind: 'bed', id: 'ward-7', siteId: 'site-1', levelId: null, unitId: 'ward-7' },
})

async function openApp(
  query: string,
  options: { reducedMotion?: boolean; width?: number; height?: number } = {},
): Promise<Page> {
  const { context, page, problems } = await openPage(browser, {
    width: options.width ?? 1920,
    height: options.height ?? 1080,
  })
  contexts.push(context)
  if (options.reducedMotion === true) await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto(`${baseUrl}${query}`)
  await page.waitForSelector('.alarm-banner')
  expect(problems.errors.filter((e) => !e.includes('No access token'))).toEqual([])
  return page
}

/** Puts an alarm list into the window's store, as a hub message would. */
async function showAlarms(page: Page, alarms: readonly ActiveAlarm[]): Promise<void> {
  // A string, not a function: vitest would rewrite a dynamic import inside a function body.
  await page.evaluate(`(async () => {
    const { watchfloorStore } = await import('/state/watchfloorStore.ts')
    watchfloorStore.getState().applyHubMessage({ type: 'changes', changes: { alarms: ${JSON.stringify(alarms)} } })
  })()`)
  await page.waitForFunction(
    (n) => document.querySelectorAll('.alarm-banner .alarm-line').length === n,
    Math.min(alarms.length, 3),
  )
}

/** Gives the window the role a gateway's hello would: the banner shows only what the role may do. */
async function setRole(page: Page, role: 'viewer' | 'operator'): Promise<void> {
  const hello = {
    protocol: 1,
    gatewayVersion: 'test',
    gatewayId: 'gw-test',
    trust: { id: 'trust-test', name: 'Test Trust' },
    sites: [],
    topics: ['beds', 'assets', 'network', 'cyber'],
    role,
    user: role === 'viewer' ? 'Wall 1' : 'Night operator',
    serverTime: NOW,
  }
  await page.evaluate(`(async () => {
    const { watchfloorStore } = await import('/state/watchfloorStore.ts')
    watchfloorStore.getState().applyHubMessage({ type: 'changes', changes: { hello: ${JSON.stringify(hello)} } })
  })()`)
}

const CYBER = alarm({
  fingerprint: 'cyber-alert-new@alert-c2-0042',
  ruleId: 'cyber-alert-new',
  title: 'New cyber alert',
  detail: 'Outbound C2 beacon from ward PC',
  priority: 'medium',
  alertSeverity: 'high',
  raisedAt: NOW - 6 * 60_000,
  subject: { kind: 'cyber-alert', id: 'alert-c2-0042', siteId: 'site-1', levelId: null, unitId: null },
})

beforeAll(async () => {
  server = await createServer({
    configFile: 'renderer/vite.config.ts',
    server: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  })
  await server.listen()
  const url = server.resolvedUrls?.local[0]
  if (url === undefined) throw new Error('vite dev server has no URL')
  baseUrl = url.replace(/\/$/, '')
  browser = await launchBrowser()
  // Warm-up: Vite's dev server optimises dependencies on the first load and then reloads the page;
  // let that happen here, not in the middle of a test.
  const { context, page } = await openPage(browser)
  await page.goto(`${baseUrl}/`)
  await page.waitForSelector('.alarm-banner')
  await page.waitForLoadState('networkidle')
  await page.reload()
  await page.waitForSelector('.alarm-banner')
  await context.close()
})

afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await server?.close()
})

describe('alarm banner presentation (IEC 60601-1-8)', () => {
  it('shows high first with its mark, count and flashing at about 2 Hz; medium at about 0.6 Hz; low steady', async () => {
    const page = await openApp('/?mode=wall')
    await showAlarms(page, [LOW, MEDIUM, HIGH])
    const lines = await page.$$eval('.alarm-banner .alarm-line', (els) =>
      els.map((el) => ({
        priority: el.getAttribute('data-priority'),
        mark: el.querySelector('.alarm-mark')?.textContent,
        count: el.querySelector('.alarm-count')?.textContent ?? null,
        animation: getComputedStyle(el).animationName,
        duration: getComputedStyle(el).animationDuration,
      })),
    )
    expect(lines).toEqual([
      { priority: 'high', mark: '***', count: '×41', animation: 'alarm-flash', duration: '0.5s' },
      { priority: 'medium', mark: '**', count: null, animation: 'alarm-flash', duration: '1.667s' },
      { priority: 'low', mark: '*', count: '×4', animation: 'none', duration: '0s' },
    ])
    // Pause the flash at its "on" phase so the screenshot shows the fill colours.
    await page.addStyleTag({
      content: '.alarm-line { animation-play-state: paused !important; animation-delay: 0s !important; }',
    })
    await page.screenshot({ path: 'test-results/alarms-banner-wall-all-priorities-1920x1080.png' })
    for (const [name, list] of [
      ['high', [HIGH]],
      ['medium', [MEDIUM]],
      ['low', [LOW]],
    ] as const) {
      await showAlarms(page, list)
      await page.locator('.alarm-banner').screenshot({ path: `test-results/alarms-banner-${name}.png` })
    }
  })

  it('shows acknowledged and cleared-unacknowledged lines apart, with who acknowledged and why, on a desktop at 1366×768', async () => {
    const page = await openApp('/?mode=desktop', { width: 1366, height: 768 })
    await setRole(page, 'operator')
    await showAlarms(page, [
      {
        ...HIGH,
        state: 'acknowledged',
        ack: { by: 'Night operator', at: NOW - 30_000, note: 'engineer on the way' },
      },
      { ...MEDIUM, state: 'rtn-unacknowledged', active: false },
      LOW,
    ])
    const acked = page.locator('.alarm-banner .alarm-line[data-state="acknowledged"]')
    await expect.poll(() => acked.textContent()).toContain('by Night operator')
    expect(await acked.evaluate((el) => getComputedStyle(el).animationName)).toBe('none')
    expect(
      await page
        .locator('.alarm-banner .alarm-line[data-state="rtn-unacknowledged"] .alarm-state')
        .textContent(),
    ).toBe('CLEARED · UNACK')
    // Desktop lines can be acknowledged and shelved; the shelve form insists on a reason.
    await page.locator('.alarm-banner .alarm-line[data-state="rtn-unacknowledged"] .alarm-shelve').click()
    expect(await page.locator('.alarm-form .alarm-confirm').isDisabled()).toBe(true)
    await page.locator('.alarm-form .alarm-note').fill('known: bed meeting at 10:00')
    expect(await page.locator('.alarm-form .alarm-confirm').isDisabled()).toBe(false)
    await page.screenshot({ path: 'test-results/alarms-banner-desktop-states-1366x768.png' })
  })

  it('shows a viewer only what it may do: no Acknowledge, Shelve or Mute — an operator gets them', async () => {
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
    ] as const) {
      const page = await openApp('/?mode=desktop', { width, height })
      await setRole(page, 'viewer')
      await showAlarms(page, [HIGH, CYBER, LOW])
      expect(await page.locator('.alarm-banner .alarm-actions').count()).toBe(0)
      expect(await page.locator('.alarm-banner .alarm-sound button').count()).toBe(0)
      await page.addStyleTag({
        content: '.alarm-line { animation-play-state: paused !important; animation-delay: 0s !important; }',
      })
      await page.screenshot({ path: `test-results/alarms-banner-viewer-${width}x${height}.png` })
      await setRole(page, 'operator')
      await expect.poll(() => page.locator('.alarm-banner .alarm-ack').count()).toBe(3)
      expect(await page.locator('.alarm-banner .alarm-sound button').textContent()).toBe('Mute 2 min')
      await page.screenshot({ path: `test-results/alarms-banner-operator-${width}x${height}.png` })
    }
  })

  it('gives a cyber alarm one vocabulary in its line — the alarm’s priority — and the alert’s severity in a labelled chip', async () => {
    const page = await openApp('/?mode=wall')
    await showAlarms(page, [CYBER])
    const line = page.locator('.alarm-banner .alarm-line')
    expect(await line.locator('.alarm-priority').textContent()).toBe('MEDIUM')
    expect(await line.locator('.alarm-detail').textContent()).toBe('Outbound C2 beacon from ward PC')
    expect(await line.locator('.alarm-chip .alarm-chip-label').textContent()).toBe('Alert severity')
    expect(await line.locator('.alarm-chip .severity-badge').getAttribute('data-severity')).toBe('high')
    expect(await line.locator('.alarm-chip .severity-badge').textContent()).toContain('HIGH')
    await page.locator('.alarm-banner').screenshot({ path: 'test-results/alarms-banner-cyber-chip.png' })
  })

  it('still marks unacknowledged lines without motion when the user prefers reduced motion', async () => {
    const page = await openApp('/?mode=wall', { reducedMotion: true })
    await showAlarms(page, [HIGH, MEDIUM])
    const styles = await page.$$eval('.alarm-banner .alarm-line', (els) =>
      els.map((el) => ({
        animation: getComputedStyle(el).animationName,
        outline: getComputedStyle(el).outlineStyle,
      })),
    )
    expect(styles).toEqual([
      { animation: 'none', outline: 'double' },
      { animation: 'none', outline: 'double' },
    ])
    await page.locator('.alarm-banner').screenshot({ path: 'test-results/alarms-banner-reduced-motion.png' })
  })
})
