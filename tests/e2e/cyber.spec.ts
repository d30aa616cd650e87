/**
 * The cyber alert response end to end, two browsers on one demo gateway (127.0.0.1): an alert
 * acknowledged, investigated and resolved in one browser is so in the other, within a second or
 * two, and in the change log (`/v1/history/changes?topic=cyber`, with who and why); an NHS cyber
 * alert recorded by hand in one shows in the other's NHS list with its time left. Screenshots of the
 * cyber response board at 1920×1080 (desktop and wall) go to test-results/. (Both browsers are
 * 1920×1080: at 1366×768 the floor map panel currently keeps the page too busy to report live —
 * a floor-map issue outside this feature, reported with the branch.)
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import { launchBrowser, openPage } from '../support/browser.ts'
import type { GatewayProcess } from '../support/startGateway.ts'
import { openBoard, startWebGateway, waitForLive } from '../support/webBoard.ts'

const TOKEN = 'e2e-cyber-token-000001'
const BOARD = '?mode=desktop&board=cyber-response'

let gateway: GatewayProcess
let browser: Browser
/** Two desktops on the cyber response board, opened once for both tests. */
let a: Page
let b: Page
const closers: (() => Promise<void>)[] = []

async function open(size: { width: number; height: number }, query = BOARD): Promise<Page> {
  const { context, page, problems } = await openPage(browser, size)
  closers.push(async () => {
    expect(problems.errors, 'page errors').toEqual([])
    await context.close()
  })
  await openBoard(page, gateway, query)
  // Generous: the build machines run several suites at once, and software WebGL draws the map.
  await waitForLive(page, 90_000)
  page.setDefaultTimeout(60_000)
  return page
}

type HistoryBody = { batches: { upserts: CyberAlert[] }[] }

/** The alert as every cyber batch the change log committed since `from` left it, oldest first. */
async function loggedStates(alertId: string, from: number): Promise<CyberAlert[]> {
  const response = await fetch(`${gateway.url}/v1/history/changes?topic=cyber&from=${from}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  expect(response.status).toBe(200)
  const body = (await response.json()) as HistoryBody
  return body.batches.flatMap((b) => b.upserts.filter((a) => a.id === alertId))
}

/** Clicks a step's button in the response panel, after writing its note. */
async function respond(page: Page, action: string, note: string): Promise<void> {
  const form = page.locator('[data-panel="respond"] form.cyber-respond')
  await form.locator('textarea[name="note"]').fill(note)
  await form.locator(`button[data-action="${action}"]`).click()
}

/** Records an NHS cyber alert through the desktop form; returns its alert id. */
async function recordNhsAlert(page: Page, reference: string, title: string, issued: Date): Promise<string> {
  await page.locator('[data-panel="nhs"] button', { hasText: 'Record NHS cyber alert' }).click()
  const dialog = page.locator('[role="dialog"][aria-label="Record NHS cyber alert"]')
  await dialog.locator('input[name="reference"]').fill(reference)
  await dialog.locator('input[name="title"]').fill(title)
  const local = new Date(issued)
  local.setMinutes(local.getMinutes() - local.getTimezoneOffset())
  await dialog.locator('input[name="issued"]').fill(local.toISOString().slice(0, 16))
  await dialog.locator('textarea[name="hosts"]').fill('vpn-gw-01\nvpn-gw-02')
  await dialog.locator('button[type="submit"]').click()
  await dialog.waitFor({ state: 'detached' })
  return `nhs-${reference.toLowerCase()}`
}

const statusIn = (page: Page, alertId: string) =>
  page.locator(`[data-panel="respond"] .cyber-response[data-alert="${alertId}"]`).getAttribute('data-status')

beforeAll(async () => {
  gateway = await startWebGateway({ token: TOKEN, timeoutMs: 60_000 })
  browser = await launchBrowser()
  a = await open({ width: 1920, height: 1080 })
  b = await open({ width: 1920, height: 1080 })
}, 240_000)

afterAll(async () => {
  for (const close of closers) await close()
  await browser?.close()
  await gateway?.stop()
})

describe('cyber alert response across browsers', () => {
  it('an alert acknowledged in one browser is acknowledged in another and in the log', async () => {
    const from = Date.now()
    // An alert no source will close under the test (the demo's SOC resolves its own alerts at
    // random): an NHS cyber alert recorded in A.
    const alertId = await recordNhsAlert(a, 'CC-1001', 'Exploited flaw in remote access software', new Date())
    const pick = (page: Page) => page.locator(`[data-panel="nhs"] li[data-alert="${alertId}"] button`)
    await pick(a).click()
    await a.waitForSelector(
      `[data-panel="respond"] .cyber-response[data-alert="${alertId}"][data-status="new"]`,
    )
    // B looks at the same alert.
    await pick(b).click()
    await b.waitForSelector(`[data-panel="respond"] .cyber-response[data-alert="${alertId}"]`)

    await respond(a, 'acknowledge', 'Seen on the wall; SOC called')
    await b.waitForSelector(
      `[data-panel="respond"] .cyber-response[data-alert="${alertId}"][data-status="acknowledged"]`,
    )
    await expect(
      b.locator('[data-panel="respond"] .cyber-steps li[data-action="acknowledge"]').textContent(),
    ).resolves.toContain('Seen on the wall; SOC called')

    // An invalid step is not offered, and one the gateway refuses says why (here: none left to refuse).
    // A shows the step once the change reaches it too (the answer to its request is not the feed).
    await a.waitForSelector(
      `[data-panel="respond"] .cyber-response[data-alert="${alertId}"][data-status="acknowledged"]`,
    )
    await expect(a.locator('[data-panel="respond"] button[data-action="acknowledge"]').count()).resolves.toBe(
      0,
    )

    await b.locator('[data-panel="respond"] select[name="applicability"]').selectOption('applicable')
    await respond(b, 'investigate', 'Applies: both gateways patched tonight')
    await a.waitForSelector(
      `[data-panel="respond"] .cyber-response[data-alert="${alertId}"][data-status="investigating"]`,
    )
    await a.screenshot({ path: 'test-results/cyber-response-desktop-1920x1080.png' })

    await respond(a, 'resolve', 'Reimaged; no spread found')
    await b.waitForSelector(
      `[data-panel="respond"] .cyber-response[data-alert="${alertId}"][data-status="resolved"]`,
    )
    expect(await statusIn(b, alertId)).toBe('resolved')

    // The log holds each step with who and why, in order.
    const states = await loggedStates(alertId, from)
    const statuses = states.map((s) => s.status)
    expect(statuses.indexOf('acknowledged')).toBeGreaterThanOrEqual(0)
    expect(statuses.lastIndexOf('resolved')).toBeGreaterThan(statuses.indexOf('investigating'))
    const last = states.at(-1)
    expect(last?.ack).toMatchObject({ note: 'Seen on the wall; SOC called' })
    expect(last?.nhs).toMatchObject({ applicability: 'applicable', nextUpdateDueAt: null })
    expect(last?.updates?.map((u) => [u.action, u.note])).toEqual([
      ['acknowledge', 'Seen on the wall; SOC called'],
      ['investigate', 'Applies: both gateways patched tonight'],
      ['resolve', 'Reimaged; no spread found'],
    ])
  }, 240_000)

  it('an NHS cyber alert recorded by hand in one browser shows in the other with its time left', async () => {
    // Issued 40 h ago: 8 h left to acknowledge.
    await recordNhsAlert(
      a,
      'CC-4512',
      'Remote code execution in VPN appliances exploited',
      new Date(Date.now() - 40 * 3_600_000),
    )
    const dialog = a.locator('[role="dialog"][aria-label="Record NHS cyber alert"]')

    const line = b.locator('[data-panel="nhs"] li[data-alert="nhs-cc-4512"]')
    await line.waitFor()
    await expect(line.locator('[data-testid="nhs-time-left"]').textContent()).resolves.toMatch(
      /^Ack [78] h \d{2} min left$/,
    )

    // Recording the same reference again is refused with the reason.
    await a.locator('[data-panel="nhs"] button', { hasText: 'Record NHS cyber alert' }).click()
    await dialog.locator('input[name="reference"]').fill('CC-4512')
    await dialog.locator('input[name="title"]').fill('Again')
    await dialog.locator('button[type="submit"]').click()
    await expect(dialog.locator('[role="alert"]').textContent()).resolves.toBe('CC-4512 is already recorded')
    await dialog.locator('button', { hasText: 'Cancel' }).click()

    // B selects it; the response panel shows the deadline and the NHS fields.
    await line.locator('button').click()
    await b.waitForSelector(
      '[data-panel="respond"] .cyber-response[data-alert="nhs-cc-4512"] select[name="applicability"]',
    )
    await a.screenshot({ path: 'test-results/cyber-nhs-desktop-1920x1080.png' })

    // The desktops are done: closed first, so the machine draws one map, not three.
    await a.context().close()
    await b.context().close()
    const wall = await open({ width: 1920, height: 1080 }, '?mode=wall&board=cyber-response')
    await wall.locator('[data-panel="nhs"] li[data-alert="nhs-cc-4512"]').waitFor()
    // A wall reads, it does not operate: no record button, no response form.
    await expect(wall.locator('[data-panel="nhs"] button').count()).resolves.toBe(0)
    await wall.screenshot({ path: 'test-results/cyber-response-wall-1920x1080.png' })
  }, 240_000)
})
