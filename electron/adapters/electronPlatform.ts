/**
 * The rest of Electron main's surface, thin: app lifecycle, switches, protocol, session
 * hardening, IPC registration, menu, notifications, power, utility processes.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import {
  Menu,
  Notification,
  app,
  ipcMain,
  powerSaveBlocker,
  protocol,
  session,
  utilityProcess,
} from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import { APP_SCHEME } from '../../shared/contracts/ipc.ts'
import type { IpcHandler } from '../ipc/defineHandler.ts'
import type { MenuCommand, MenuSpec } from '../windows/desktopMenu.ts'
import {
  CONTENT_SECURITY_POLICY,
  commandLineSwitches,
  guardWebContents,
  resolveAppRequest,
} from '../core/security.ts'
import type { ProcessLauncher } from '../services/embeddedGateway.ts'
import type { Logger } from '../services/logger.ts'
import type { OsNotification } from '../services/notifier.ts'

export { app }

/** Before `ready`: sandbox every renderer, apply switches, register app:// as a standard secure scheme. */
export function prepareBeforeReady(): void {
  app.enableSandbox()
  for (const [name, value] of commandLineSwitches(process.platform)) {
    if (value === undefined) app.commandLine.appendSwitch(name)
    else app.commandLine.appendSwitch(name, value)
  }
  protocol.registerSchemesAsPrivileged([
    // `stream` lets <audio> play alarm tones served from app:// (range requests).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.geojson': 'application/geo+json',
  '.wasm': 'application/wasm',
}

/** Serves app:// from the renderer output directory only, with the CSP on every response. */
export function serveAppProtocol(rendererDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(request.url, rendererDir)
    if (!resolved.ok) {
      log.warn('app:// request refused', { status: resolved.status })
      return new Response(null, { status: resolved.status })
    }
    try {
      const body = await readFile(resolved.filePath)
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': MIME[extname(resolved.filePath)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
      if (code !== 'ENOENT') log.warn('app:// read failed', { code })
      return new Response(null, { status: 404 })
    }
  })
}

/** Permission requests denied (checklist item 5), CSP on any http(s) response, guards on every web contents. */
export function hardenSessionAndContents(log: Logger): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn('permission request denied', { permission })
    callback(false)
  })
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, (what) => log.warn('blocked', { what, webContentsId: contents.id }))
  })
}

/** Registers every handler with `ipcMain.handle`. */
export function registerIpc(handlers: readonly IpcHandler[]): void {
  for (const handler of handlers) {
    ipcMain.removeHandler(handler.channel)
    ipcMain.handle(handler.channel, (event, ...args: unknown[]) => handler.invoke(event, ...args))
  }
}

/** Installs the application menu from its data description. */
export function setApplicationMenu(menu: MenuSpec, onCommand: (command: MenuCommand) => void): void {
  const template: MenuItemConstructorOptions[] = menu.map((group) => ({
    label: group.label,
    submenu: group.items.map((item): MenuItemConstructorOptions =>
      item.kind === 'separator'
        ? { type: 'separator' }
        : {
            label: item.label,
            ...(item.accelerator === undefined ? {} : { accelerator: item.accelerator }),
            ...(item.checked === undefined ? {} : { type: 'checkbox', checked: item.checked }),
            enabled: item.enabled ?? true,
            click: () => onCommand(item.command),
          },
    ),
  }))
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

/** Walls get no menu at all: Electron's default one has reload and DevTools shortcuts. */
export function clearApplicationMenu(): void {
  Menu.setApplicationMenu(null)
}

export function showNotification(notification: OsNotification): void {
  if (!Notification.isSupported()) return
  const shown = new Notification({
    title: notification.title,
    body: notification.body,
    urgency: notification.urgent ? 'critical' : 'normal',
  })
  shown.on('click', () => notification.onClick())
  shown.show()
}

/** Keeps the screens awake for a wall (tech.md §1); returns the blocker id. */
export function preventDisplaySleep(): number {
  return powerSaveBlocker.start('prevent-display-sleep')
}

/** Forks with Electron's utilityProcess (RunAsNode is fused off, so never child_process). */
export const utilityProcessLauncher: ProcessLauncher = {
  fork(modulePath, args, serviceName) {
    const child = utilityProcess.fork(modulePath, [...args], { serviceName, stdio: 'pipe' })
    // The gateway's own logs (JSON lines on stderr) go to ours unchanged.
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk))
    return {
      onStdout: (listener) => {
        child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')))
      },
      onExit: (listener) => {
        child.on('exit', (code) => listener(code))
      },
      kill: () => {
        child.kill()
      },
    }
  },
}
