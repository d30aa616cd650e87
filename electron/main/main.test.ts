/**
 * A smoke test of the composition root with Electron replaced by recording fakes: it proves the
 * wiring that the unit tests cannot — what is done before `ready`, which windows open with which
 * options, that every IPC channel is registered, that the embedded gateway is forked and that a
 * window asking for the hub gets a MessagePort carrying a snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventEmitter } from 'node:events'
import type { MessagePort } from 'node:worker_threads'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { APP_ORIGIN, IpcChannel } from '../../shared/contracts/ipc.ts'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'

const fake = vi.hoisted(() => {
  const calls: string[] = []
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>()
  const windows: {
    options: Record<string, unknown>
    url: string | null
    contents: { id: number; posted: { channel: string; ports: unknown[] }[] }
  }[] = []
  const forks: {
    modulePath: string
    args: string[]
    child: { stdout: EventEmitter }
  }[] = []
  const state = { userData: '', ready: null as null | (() => void) }
  return { calls, handlers, appListeners, windows, forks, state }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const { MessageChannel: Channel } = await import('node:worker_threads')
  let nextId = 1
  const displays = [
    {
      id: 11,
      label: 'Left',
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1,
      internal: false,
    },
    {
      id: 12,
      label: 'Right',
      bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
      workArea: { x: 1920, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1,
      internal: false,
    },
  ]
  const contentsById = new Map<number, unknown>()
  class BrowserWindow extends Emitter {
    webContents: { id: number }
    private bounds: unknown
    private destroyed = false
    constructor(options: Record<string, unknown>) {
      super()
      const id = nextId++
      const record = {
        options,
        url: null as string | null,
        contents: { id, posted: [] as { channel: string; ports: unknown[] }[] },
      }
      fake.windows.push(record)
      const contents = Object.assign(new Emitter(), {
        id,
        isDestroyed: () => false,
        send: () => undefined,
        reload: () => undefined,
        forcefullyCrashRenderer: () => undefined,
        postMessage: (channel: string, _message: unknown, ports: unknown[]) =>
          record.contents.posted.push({ channel, ports }),
      })
      this.webContents = contents
      contentsById.set(id, contents)
      this.bounds = { x: options['x'], y: options['y'], width: options['width'], height: options['height'] }
    }
    loadURL(url: string): Promise<void> {
      fake.windows.find((w) => w.contents.id === this.webContents.id)!.url = url
      return Promise.resolve()
    }
    setBounds(b: unknown): void {
      this.bounds = b
    }
    getBounds(): unknown {
      return this.bounds
    }
    setFullScreen(): void {}
    isFullScreen(): boolean {
      return false
    }
    show(): void {}
    close(): void {
      this.destroyed = true
      this.emit('closed')
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => (fake.calls.push('requestSingleInstanceLock'), true),
      enableSandbox: () => fake.calls.push('enableSandbox'),
      commandLine: {
        appendSwitch: (name: string, value?: string) =>
          fake.calls.push(`switch:${name}${value === undefined ? '' : `=${value}`}`),
      },
      whenReady: () =>
        new Promise<void>((resolve) => (fake.state.ready = () => (fake.calls.push('ready'), resolve()))),
      getAppPath: () => '/opt/watchfloor/resources/app.asar',
      getPath: () => fake.state.userData,
      getVersion: () => '0.1.0',
      isPackaged: false,
      quit: () => fake.calls.push('quit'),
      exit: (code: number) => fake.calls.push(`exit:${code}`),
      on: (event: string, listener: (...args: unknown[]) => void) => {
        fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener])
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) =>
        fake.calls.push(
          `scheme:${schemes.map((s) => `${s.scheme}:${Object.keys(s.privileges).sort().join('+')}`).join(',')}`,
        ),
      handle: (scheme: string) => fake.calls.push(`protocol.handle:${scheme}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) =>
          h(null, 'media', (ok) => fake.calls.push(`permission-request:${ok}`)),
        setPermissionCheckHandler: (h: () => boolean) => fake.calls.push(`permission-check:${h()}`),
        setDevicePermissionHandler: (h: () => boolean) => fake.calls.push(`device-permission:${h()}`),
        webRequest: { onHeadersReceived: () => fake.calls.push('csp-headers') },
      },
    },
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0],
      on: () => undefined,
      off: () => undefined,
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, h: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        fake.handlers.set(channel, h),
      removeHandler: () => undefined,
    },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => fake.calls.push('menu') },
    Notification: Object.assign(class {}, { isSupported: () => false }),
    powerSaveBlocker: { start: (type: string) => (fake.calls.push(`powerSaveBlocker:${type}`), 1) },
    utilityProcess: {
      fork: (modulePath: string, args: string[]) => {
        const child = Object.assign(new Emitter(), {
          stdout: new Emitter(),
          stderr: new Emitter(),
          kill: () => undefined,
        })
        fake.forks.push({ modulePath, args, child })
        return child
      },
    },
    MessageChannelMain: Channel,
    webContents: { fromId: (id: number) => contentsById.get(id) },
  }
})

const userData = mkdtempSync(join(tmpdir(), 'watchfloor-main-'))
fake.state.userData = userData
afterAll(() => {
  for (const l of fake.appListeners.get('before-quit') ?? []) l()
  rmSync(userData, { recursive: true, force: true })
})

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(condition()).toBe(true)
}

describe('main composition root (Electron faked)', () => {
  it('locks, sandboxes, sets switches and registers app:// before ready', async () => {
    process.argv = ['electron', '/opt/watchfloor']
    await import('./main.ts')
    const beforeReady = [...fake.calls]
    expect(beforeReady[0]).toBe('requestSingleInstanceLock')
    expect(beforeReady).toContain('enableSandbox')
    expect(beforeReady).toContain('switch:disable-renderer-backgrounding')
    expect(beforeReady).toContain('switch:disable-backgrounding-occluded-windows')
    expect(beforeReady.filter((c) => c.startsWith('switch:disable-features='))).toHaveLength(1)
    if (process.platform === 'linux') expect(beforeReady).toContain('switch:ozone-platform=x11')
    expect(beforeReady).toContain('scheme:app:secure+standard+stream+supportFetchAPI')
    expect(beforeReady).not.toContain('ready')
    fake.state.ready?.()
    await until(() => fake.windows.length === 2)
    // The first import transforms main's whole module graph: seconds on a loaded 2-core machine.
  }, 20_000)

  it('opens one hardened window per display, loading app://', () => {
    expect(fake.windows.map((w) => [w.options['x'], w.options['frame']])).toEqual([
      [0, false],
      [1920, false],
    ])
    for (const w of fake.windows) {
      expect(w.url).toBe(`${APP_ORIGIN}/index.html`)
      expect(w.options['webPreferences']).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webviewTag: false,
        backgroundThrottling: false,
        preload: join('/opt/watchfloor/resources/app.asar', 'out/preload/preload.cjs'),
      })
    }
    expect(fake.calls).toEqual(
      expect.arrayContaining([
        'protocol.handle:app',
        'permission-request:false',
        'permission-check:false',
        'device-permission:false',
        'csp-headers',
        'powerSaveBlocker:prevent-display-sleep',
      ]),
    )
    expect(fake.appListeners.has('web-contents-created')).toBe(true)
  })

  it('registers a handler for every invoke channel', () => {
    const invokeChannels = [
      IpcChannel.windowContext,
      IpcChannel.connectHub,
      IpcChannel.setBoard,
      IpcChannel.boardsAvailable,
      IpcChannel.identify,
      IpcChannel.alertAck,
      IpcChannel.alarmAction,
      IpcChannel.alertRespond,
      IpcChannel.nhsAlertRecord,
      IpcChannel.mute,
      IpcChannel.alarmHistory,
      IpcChannel.floorPlan,
      IpcChannel.replay,
      IpcChannel.incidentList,
      IpcChannel.incidentSave,
      IpcChannel.incidentReport,
      IpcChannel.sitrep,
      IpcChannel.kpiSeries,
    ]
    expect([...fake.handlers.keys()].sort()).toEqual([...invokeChannels].sort())
  })

  it('forks the embedded demo gateway and, once it listens, gives a window a port with a snapshot', async () => {
    await until(() => fake.forks.length === 1)
    const fork = fake.forks[0]!
    expect(fork.modulePath).toBe(join('/opt/watchfloor/resources/app.asar', 'out/gateway/main.js'))
    expect(fork.args).toEqual(
      expect.arrayContaining(['--demo', '--port', '0', '--host', '127.0.0.1', '--token']),
    )

    const window = fake.windows[0]!
    const sender = {
      sender: { id: window.contents.id },
      senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null },
    }
    // Asked before the gateway is up: the port is given now and fed once the hub exists.
    expect(await fake.handlers.get(IpcChannel.connectHub)!(sender)).toEqual({ ok: true, value: null })
    const posted = window.contents.posted[0]!
    expect(posted.channel).toBe(IpcChannel.hubPort)
    const port = posted.ports[0] as MessagePort
    const received: HubToWindowMessage[] = []
    port.on('message', (m: HubToWindowMessage) => received.push(m))

    // Nothing listens on this loopback port: the hub reports it is not connected — never live data.
    fork.child.stdout.emit('data', Buffer.from('watchfloor-gateway listening http://127.0.0.1:9\n'))
    await until(() => received.length > 0)
    expect(received[0]).toMatchObject({
      type: 'snapshot',
      state: { connection: { gatewayUrl: 'http://127.0.0.1:9' } },
    })
    expect(received[0]?.type === 'snapshot' && received[0].state.connection.status).not.toBe('connected')

    expect(await fake.handlers.get(IpcChannel.windowContext)!(sender)).toMatchObject({
      ok: true,
      value: { mode: 'wall', displayNumber: 1, displayCount: 2, soundWindow: true },
    })
    const evil = {
      sender: { id: window.contents.id },
      senderFrame: { url: 'https://evil.example/', parent: null },
    }
    expect(await fake.handlers.get(IpcChannel.windowContext)!(evil)).toMatchObject({
      ok: false,
      error: 'forbidden-sender',
    })
  })
})
