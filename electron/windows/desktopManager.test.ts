import { describe, expect, it } from 'vitest'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import { createMemoryLogger } from '../services/logger.ts'
import { DEFAULT_SETTINGS } from '../services/settings.ts'
import { FakeScreen, FakeWindowFactory, makeDisplay } from '../../tests/support/electronFakes.ts'
import { boundsAreUsable, defaultBounds } from './desktopBounds.ts'
import { createDesktopManager } from './desktopManager.ts'
import type { DesktopSettings } from './desktopManager.ts'
import type { MenuItemSpec, MenuSpec } from './desktopMenu.ts'
import type { Rect } from '../core/ports.ts'

const LAPTOP = makeDisplay(1, { x: 0, y: 0, width: 1366, height: 768 })
const MONITOR = makeDisplay(2, { x: 1366, y: 0, width: 1920, height: 1080 })

function setup(saved: Rect | null, displays = [LAPTOP]) {
  const screen = new FakeScreen(displays)
  const factory = new FakeWindowFactory()
  let desktop: DesktopSettings = { ...DEFAULT_SETTINGS.desktop, bounds: saved }
  let menu: MenuSpec = []
  const mutes: (number | null)[] = []
  let quits = 0
  const manager = createDesktopManager({
    screen,
    windows: factory,
    log: createMemoryLogger().logger,
    loadDesktop: () => desktop,
    saveDesktop: (change) => (desktop = change(desktop)),
    baseContext: () => ({ mute: { mutedUntil: null }, appVersion: 'test' }),
    setMenu: (m) => (menu = m),
    mute: (minutes) => mutes.push(minutes),
    quit: () => quits++,
  })
  manager.start()
  const window = factory.created[0]!
  return { manager, window, desktop: () => desktop, menu: () => menu, mutes, quits: () => quits }
}

const items = (menu: MenuSpec): Extract<MenuItemSpec, { kind: 'item' }>[] =>
  menu.flatMap((m) => m.items).filter((i): i is Extract<MenuItemSpec, { kind: 'item' }> => i.kind === 'item')

describe('desktop window bounds', () => {
  it('reuses saved bounds that are on a display', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 600 }
    expect(setup(saved).window.options.bounds).toEqual(saved)
  })

  it('rejects saved bounds on a monitor that is no longer plugged in', () => {
    const onMonitor = { x: 1500, y: 100, width: 1200, height: 800 }
    expect(boundsAreUsable(onMonitor, [LAPTOP, MONITOR])).toBe(true)
    const { window } = setup(onMonitor, [LAPTOP])
    expect(window.options.bounds).toEqual(defaultBounds(LAPTOP))
  })

  it('rejects bounds whose title bar is off-screen or that are tiny', () => {
    expect(boundsAreUsable({ x: 100, y: -400, width: 1000, height: 600 }, [LAPTOP])).toBe(false)
    expect(boundsAreUsable({ x: 1300, y: 0, width: 1000, height: 600 }, [LAPTOP])).toBe(false)
    expect(boundsAreUsable({ x: 0, y: 0, width: 200, height: 100 }, [LAPTOP])).toBe(false)
  })

  it('remembers where the window was when it closes', () => {
    const { window, desktop, quits } = setup(null)
    window.setBounds({ x: 10, y: 20, width: 900, height: 700 })
    window.close()
    expect(desktop().bounds).toEqual({ x: 10, y: 20, width: 900, height: 700 })
    expect(quits()).toBe(1)
  })
})

describe('desktop menu', () => {
  it('lists the boards the renderer reported, with Ctrl+number shortcuts, and switches board', () => {
    const { manager, window, menu, desktop } = setup(null)
    manager.reportBoards(window.webContentsId, [
      { id: 'capacity', title: 'Capacity' },
      { id: 'site-manager', title: 'Site manager' },
    ])
    const capacity = items(menu()).find((i) => i.label === 'Capacity')
    expect(capacity?.accelerator).toBe('CmdOrCtrl+1')
    manager.run({ type: 'board', boardId: 'site-manager' })
    expect(desktop().boardId).toBe('site-manager')
    expect(window.sentOn(IpcChannel.contextChanged).at(-1)).toMatchObject({
      boardId: 'site-manager',
      mode: 'desktop',
    })
    expect(items(menu()).find((i) => i.label === 'Site manager')?.checked).toBe(true)
    manager.run({ type: 'next-board' })
    expect(desktop().boardId).toBe('capacity')
  })

  it('has identify, mute, reload and full screen with shortcuts', () => {
    const { manager, window, menu, mutes } = setup(null)
    const accelerators = items(menu()).map((i) => i.accelerator)
    expect(accelerators).toEqual(
      expect.arrayContaining(['CmdOrCtrl+Shift+D', 'CmdOrCtrl+M', 'CmdOrCtrl+R', 'F11']),
    )
    manager.run({ type: 'mute', minutes: 15 })
    manager.run({ type: 'unmute' })
    expect(mutes).toEqual([15, null])
    manager.run({ type: 'reload' })
    expect(window.reloads).toBe(1)
    manager.run({ type: 'toggle-fullscreen' })
    expect(window.fullScreen).toBe(true)
    manager.run({ type: 'identify' })
    expect(window.sentOn(IpcChannel.showIdentify)).toHaveLength(1)
  })
})
