import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ORIGIN } from '../../shared/contracts/ipc.ts'
import {
  CONTENT_SECURITY_POLICY,
  browserWindowOptionsFor,
  commandLineSwitches,
  guardWebContents,
  resolveAppRequest,
  webPreferencesFor,
} from './security.ts'

describe('window security', () => {
  it.each(['wall', 'desktop'] as const)(
    '%s windows are sandboxed, isolated, without Node or webview',
    (kind) => {
      const prefs = webPreferencesFor(kind, '/app/out/preload/preload.cjs')
      expect(prefs).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
      })
      expect(prefs).not.toHaveProperty('enableBlinkFeatures')
      expect(prefs.devTools).toBe(false)
    },
  )

  it('wall windows are frameless and never throttled in the background; desktop windows have a frame', () => {
    const bounds = { x: 0, y: 0, width: 1920, height: 1080 }
    const wall = browserWindowOptionsFor('wall', bounds, 't', '/p.cjs')
    expect(wall).toMatchObject({ frame: false, show: false, ...bounds })
    expect(wall.webPreferences?.backgroundThrottling).toBe(false)
    expect(browserWindowOptionsFor('desktop', bounds, 't', '/p.cjs').frame).toBe(true)
  })

  it('has a strict CSP: no eval, no inline script, no remote connections', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('builds one disable-features switch, with native occlusion off on Windows, and X11 on Linux', () => {
    const win = commandLineSwitches('win32')
    expect(win.filter(([name]) => name === 'disable-features')).toEqual([
      ['disable-features', 'HardwareMediaKeyHandling,CalculateNativeWinOcclusion'],
    ])
    expect(win.map(([n]) => n)).not.toContain('ozone-platform')
    const linux = commandLineSwitches('linux')
    expect(linux).toContainEqual(['ozone-platform', 'x11'])
    expect(linux).toContainEqual(['disable-renderer-backgrounding'])
    expect(linux).toContainEqual(['disable-backgrounding-occluded-windows'])
    expect(linux.find(([n]) => n === 'disable-features')?.[1]).not.toContain('CalculateNativeWinOcclusion')
  })
})

describe('app:// protocol', () => {
  const root = resolve('/srv/app/out/renderer')
  it('serves files inside the renderer output only', () => {
    expect(resolveAppRequest(`${APP_ORIGIN}/assets/index-abc.js`, root)).toEqual({
      ok: true,
      filePath: resolve(root, 'assets/index-abc.js'),
    })
    expect(resolveAppRequest(`${APP_ORIGIN}/`, root)).toEqual({
      ok: true,
      filePath: resolve(root, 'index.html'),
    })
    expect(resolveAppRequest(`${APP_ORIGIN}/boards/capacity`, root)).toEqual({
      ok: true,
      filePath: resolve(root, 'index.html'),
    })
  })

  it('refuses traversal, encoded traversal and other hosts', () => {
    // The URL parser folds '..' and '%2e%2e' segments at the root; what is left stays inside it.
    expect(resolveAppRequest(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd.txt`, root)).toEqual({
      ok: true,
      filePath: resolve(root, 'etc/passwd.txt'),
    })
    // Encoded separators survive URL parsing and are decoded after: they must not escape.
    expect(resolveAppRequest(`${APP_ORIGIN}/a/..%2f..%2f..%2fsecret.txt`, root)).toMatchObject({ ok: false })
    expect(resolveAppRequest(`${APP_ORIGIN}/a%5c..%5csecret.txt`, root)).toMatchObject({
      ok: false,
      status: 400,
    })
    expect(resolveAppRequest(`${APP_ORIGIN}/x%00.js`, root)).toMatchObject({ ok: false, status: 400 })
    expect(resolveAppRequest('app://elsewhere/index.html', root)).toEqual({ ok: false, status: 403 })
    expect(resolveAppRequest('file:///etc/passwd', root)).toEqual({ ok: false, status: 403 })
  })

  it('keeps a normalised ../ request inside the root', () => {
    const r = resolveAppRequest(`${APP_ORIGIN}/../../etc/passwd.txt`, root)
    expect(r.ok && r.filePath.startsWith(root)).toBe(true)
  })
})

describe('web contents guards', () => {
  it('prevents navigation, frame navigation and webviews, and denies window.open', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }) => void>()
    let openHandler: (() => { action: 'deny' }) | null = null
    const blocked: string[] = []
    guardWebContents(
      {
        on: (event, listener) => listeners.set(event, listener),
        setWindowOpenHandler: (h) => (openHandler = h),
      },
      (what) => blocked.push(what),
    )
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-attach-webview']) {
      let prevented = false
      listeners.get(event)?.({ preventDefault: () => (prevented = true) })
      expect(prevented, event).toBe(true)
    }
    expect(openHandler!()).toEqual({ action: 'deny' })
    expect(blocked).toEqual(['navigation', 'frame-navigation', 'webview', 'window-open'])
  })
})
