/**
 * The security settings of every window, as data and pure functions so a test can assert them
 * (Electron security checklist, https://www.electronjs.org/docs/latest/tutorial/security; the table
 * in docs/desktop-app.md maps each item to its code).
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import { APP_ORIGIN } from '../../shared/contracts/ipc.ts'
import type { Rect, WindowKind } from './ports.ts'

/**
 * The renderer's Content-Security-Policy (item 7). No 'unsafe-eval' (so no `new Function` — zod's
 * JIT falls back to its interpreter); the renderer talks to nothing over the network: feed data
 * comes on a MessagePort, so `connect-src 'self'` suffices. Inline styles are allowed because
 * React sets `style` attributes; inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** webPreferences of every window: sandboxed, isolated, no Node, no webview (items 2–4, 10). */
export function webPreferencesFor(kind: WindowKind, preloadPath: string, devTools = false): WebPreferences {
  return {
    preload: preloadPath,
    // Off in packaged builds: a wall's keyboard must not open an inspector on live data.
    devTools,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // A wall is never focused, yet must keep drawing live data and flashing alarms.
    backgroundThrottling: kind !== 'wall',
    // Alarm tones must play without a click (Electron's default, stated so nobody changes it).
    autoplayPolicy: 'no-user-gesture-required',
  }
}

/** Options of a new window: hidden until ready, frameless on a wall. */
export function browserWindowOptionsFor(
  kind: WindowKind,
  bounds: Rect,
  title: string,
  preloadPath: string,
  devTools = false,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    title,
    show: false,
    frame: kind !== 'wall',
    backgroundColor: '#0b0f14',
    autoHideMenuBar: kind === 'wall',
    fullscreenable: true,
    minWidth: kind === 'wall' ? undefined : 800,
    minHeight: kind === 'wall' ? undefined : 500,
    webPreferences: webPreferencesFor(kind, preloadPath, devTools),
  }
}

/** Command-line switches, applied before `ready` (tech.md §1). */
export function commandLineSwitches(platform: NodeJS.Platform): readonly (readonly [string, string?])[] {
  const disableFeatures = ['HardwareMediaKeyHandling']
  // Native occlusion tracking throttles or freezes windows on Windows (microsoft/vscode#158260).
  if (platform === 'win32') disableFeatures.push('CalculateNativeWinOcclusion')
  return [
    ['disable-renderer-backgrounding'],
    ['disable-backgrounding-occluded-windows'],
    // Repeated disable-features switches do not merge: one comma-joined list.
    ['disable-features', disableFeatures.join(',')],
    // Wayland cannot place windows on a given display (electron#48749): walls need X11.
    ...(platform === 'linux' ? ([['ozone-platform', 'x11']] as const) : []),
  ]
}

/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export type AppRequestResolution =
  { readonly ok: true; readonly filePath: string } | { readonly ok: false; readonly status: 400 | 403 | 404 }

/**
 * Maps an app:// request to a file inside the renderer output directory (item 18). Anything
 * outside it — `..`, encoded separators, another host — is refused. Paths without an extension
 * are client-side routes and get index.html.
 */
export function resolveAppRequest(url: string, rootDir: string): AppRequestResolution {
  if (!URL.canParse(url)) return { ok: false, status: 400 }
  const parsed = new URL(url)
  const expected = new URL(APP_ORIGIN)
  if (parsed.protocol !== expected.protocol || parsed.host !== expected.host)
    return { ok: false, status: 403 }
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return { ok: false, status: 400 }
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 }
  if (pathname === '/' || extname(pathname) === '') pathname = '/index.html'
  const root = resolve(rootDir)
  const filePath = resolve(root, `.${pathname}`)
  const rel = relative(root, filePath)
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
    return { ok: false, status: 403 }
  return { ok: true, filePath }
}

/** The events of a `webContents` the guards use (Electron's type satisfies it). */
export type GuardableContents = {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-attach-webview',
    listener: (event: { preventDefault(): void }) => void,
  ): unknown
  setWindowOpenHandler(handler: () => { action: 'deny' }): void
}

/** Items 13–14: no navigation, no new windows, no webviews — for every web contents created. */
export function guardWebContents(contents: GuardableContents, onBlocked: (what: string) => void): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    onBlocked('navigation')
  })
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault()
    onBlocked('frame-navigation')
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    onBlocked('webview')
  })
  contents.setWindowOpenHandler(() => {
    onBlocked('window-open')
    return { action: 'deny' }
  })
}
