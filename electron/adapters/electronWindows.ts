/** `WindowFactory` over `BrowserWindow`: every window gets the same hardened options and loads app://. */
import { BrowserWindow } from 'electron'
import type { AppWindow, RenderProcessGoneReason, WindowEvents, WindowFactory } from '../core/ports.ts'
import { APP_ENTRY_URL, browserWindowOptionsFor } from '../core/security.ts'
import type { Logger } from '../services/logger.ts'

export function electronWindowFactory(preloadPath: string, devTools: boolean, log: Logger): WindowFactory {
  return {
    create(options) {
      const win = new BrowserWindow(
        browserWindowOptionsFor(options.kind, options.bounds, options.title, preloadPath, devTools),
      )
      const contents = win.webContents
      const webContentsId = contents.id
      const window: AppWindow = {
        webContentsId,
        setBounds: (bounds) => win.setBounds(bounds),
        getBounds: () => win.getBounds(),
        setFullScreen: (on) => win.setFullScreen(on),
        isFullScreen: () => win.isFullScreen(),
        show: () => win.show(),
        bringToFront: () => {
          if (win.isMinimized()) win.restore()
          win.show()
          win.focus()
        },
        close: () => win.close(),
        isDestroyed: () => win.isDestroyed(),
        reload: () => {
          if (!contents.isDestroyed()) contents.reload()
        },
        forcefullyCrashRenderer: () => {
          if (!contents.isDestroyed()) contents.forcefullyCrashRenderer()
        },
        send: (channel, payload) => {
          if (!contents.isDestroyed()) contents.send(channel, payload)
        },
        on<E extends keyof WindowEvents>(event: E, listener: WindowEvents[E]): void {
          switch (event) {
            case 'ready-to-show':
            case 'close':
            case 'closed':
            case 'unresponsive':
            case 'responsive':
              win.on(event as 'closed', listener as () => void)
              return
            case 'did-finish-load':
              contents.on('did-finish-load', listener as () => void)
              return
            case 'render-process-gone':
              contents.on('render-process-gone', (_e, details) =>
                (listener as WindowEvents['render-process-gone'])(
                  details.reason as RenderProcessGoneReason,
                  details.exitCode,
                ),
              )
              return
            default:
              log.warn('unknown window event', { event })
          }
        },
      }
      void win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
        // A failed load is visible (blank window) and the crash supervisor's reload retries it.
        log.error('window load failed', {
          webContentsId,
          error: error instanceof Error ? error.name : 'unknown',
        })
      })
      return window
    },
  }
}
