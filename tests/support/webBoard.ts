/**
 * The browser host end to end: a real gateway (demo trust) serving the built renderer, and a page
 * opened on it with the token in the fragment — exactly what `npm run web` gives an operator.
 */
import type { Page } from 'playwright-core'
import { startGateway, type GatewayProcess, type StartGatewayOptions } from './startGateway.ts'

export const RENDERER_DIR = 'out/renderer'

/** Starts the demo gateway serving the built renderer (port 0 unless given). */
export function startWebGateway(options: StartGatewayOptions = {}): Promise<GatewayProcess> {
  return startGateway({ demo: true, serveRenderer: RENDERER_DIR, logLevel: 'warn', ...options })
}

/** Opens the board on `gateway`; `query` like `?mode=wall&board=digital-ops`. */
export async function openBoard(page: Page, gateway: GatewayProcess, query = ''): Promise<void> {
  if (!gateway.token) throw new Error('the gateway has no token')
  await page.goto(`${gateway.url}/${query}#token=${gateway.token}`)
}

/** Waits until the status strip says the hub is connected and every feed has data. */
export async function waitForLive(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector('[data-testid="status-strip"][data-connection-status="connected"]', {
    timeout: timeoutMs,
  })
  await page.waitForFunction(
    () => {
      const badges = [...document.querySelectorAll('.strip-feeds [data-freshness]')]
      // The four real-time feeds, and the waiting list where a source delivers one (the demo does).
      return badges.length >= 4 && badges.every((b) => b.getAttribute('data-freshness') === 'live')
    },
    undefined,
    { timeout: timeoutMs },
  )
}
