/**
 * The preload with Electron faked: it exposes exactly the bridge functions (no ipcRenderer), each
 * invoking its own channel, subscriptions pass only payloads, and the hub port is handed to the page.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import { HUB_PORT_MESSAGE, IpcChannel } from '../../shared/contracts/ipc.ts'
import type { WatchfloorBridge } from '../../shared/contracts/ipc.ts'

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, ((event: unknown, value: unknown) => void)[]>(),
  postedToPage: [] as { data: unknown; origin: string; ports: unknown[] }[],
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      fake.invoked.push({ channel, args })
      return channel === IpcChannel.identify
        ? Promise.reject(new Error('No handler registered'))
        : Promise.resolve({ ok: true, value: null })
    },
    on: (channel: string, l: (event: unknown, value: unknown) => void) =>
      fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), l]),
    removeListener: (channel: string, l: (event: unknown, value: unknown) => void) =>
      fake.listeners.set(
        channel,
        (fake.listeners.get(channel) ?? []).filter((x) => x !== l),
      ),
  },
}))

const globals = globalThis as { window?: unknown }
globals.window = {
  postMessage: (data: unknown, origin: string, ports: unknown[]) =>
    fake.postedToPage.push({ data, origin, ports }),
}
afterAll(() => {
  delete globals.window
})

const emit = (channel: string, event: unknown, value?: unknown): void => {
  for (const l of fake.listeners.get(channel) ?? []) l(event, value)
}

describe('preload bridge', () => {
  it('exposes only window.watchfloor with the bridge functions', async () => {
    await import('./preload.ts')
    expect([...fake.exposed.keys()]).toEqual(['watchfloor'])
    const bridge = fake.exposed.get('watchfloor') as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'version',
        'getWindowContext',
        'connectHub',
        'setBoard',
        'reportBoards',
        'identifyDisplays',
        'acknowledgeAlert',
        'alarmAction',
        'respondToAlert',
        'recordNhsAlert',
        'setMute',
        'getAlarmHistory',
        'getFloorPlan',
        'replay',
        'listIncidents',
        'saveIncident',
        'exportIncidentReport',
        'getSitrep',
        'getKpiSeries',
        'onContextChanged',
        'onIdentify',
        'onPlaySound',
        'onFocusAlarm',
      ].sort(),
    )
    expect(Object.values(bridge).every((v) => typeof v === 'function' || v === 1)).toBe(true)
  })

  it('maps each function to its own channel with one argument', async () => {
    const bridge = fake.exposed.get('watchfloor') as WatchfloorBridge
    await bridge.setBoard({ boardId: 'capacity' })
    await bridge.getWindowContext()
    expect(fake.invoked.slice(-2)).toEqual([
      { channel: IpcChannel.setBoard, args: [{ boardId: 'capacity' }] },
      { channel: IpcChannel.windowContext, args: [] },
    ])
  })

  it('turns a failed invoke into an unavailable result instead of a rejection', async () => {
    const bridge = fake.exposed.get('watchfloor') as WatchfloorBridge
    expect(await bridge.identifyDisplays()).toMatchObject({ ok: false, error: 'unavailable' })
  })

  it('passes subscribers the payload only, and unsubscribes', () => {
    const bridge = fake.exposed.get('watchfloor') as WatchfloorBridge
    const got: unknown[] = []
    const off = bridge.onPlaySound((r) => got.push(r))
    emit(IpcChannel.playSound, { sender: 'secret' }, { action: 'stop' })
    off()
    emit(IpcChannel.playSound, { sender: 'secret' }, { action: 'stop' })
    expect(got).toEqual([{ action: 'stop' }])
  })

  it('hands the hub port to the page with window.postMessage', () => {
    const port = { fake: 'port' }
    emit(IpcChannel.hubPort, { ports: [port] })
    expect(fake.postedToPage).toEqual([{ data: HUB_PORT_MESSAGE, origin: '*', ports: [port] }])
  })
})
