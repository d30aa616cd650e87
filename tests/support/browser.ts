/**
 * Headless Chromium for e2e tests and benches: Debian's /usr/bin/chromium driven by playwright-core
 * (no browser download). Software WebGL (SwiftShader) is opted into explicitly, because Chromium
 * no longer falls back to it on its own: without `--use-angle=swiftshader --enable-unsafe-swiftshader` a GPU-less
 * machine gets no WebGL at all.
 */
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]

/** Launches headless Chromium with the flags above (extra `args` are appended). */
export async function launchBrowser(options: { readonly args?: readonly string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  })
}

export type PageProblems = {
  /** Console errors, CSP violations and uncaught page errors seen so far. */
  readonly errors: string[]
}

/**
 * A new page at `width`×`height` that records console errors, uncaught exceptions and CSP
 * violations, so a test can assert the page ran cleanly under the gateway's CSP.
 */
export async function openPage(
  browser: Browser,
  options: { readonly width?: number; readonly height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1920, height: options.height ?? 1080 },
    deviceScaleFactor: 1,
  })
  const page = await context.newPage()
  const problems: PageProblems = { errors: [] }
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`))
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.errors.push(`csp: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void })
        .__reportCspViolation
      report?.(`${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  return { context, page, problems }
}
