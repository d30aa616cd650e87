import { describe, expect, it } from 'vitest'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import type { WindowContext } from '../../shared/contracts/ipc.ts'
import { createMemoryLogger } from '../services/logger.ts'
import type { DisplayAssignment } from '../services/settings.ts'
import { FakeClock, FakeScreen, FakeWindowFactory, makeDisplay } from '../../tests/support/electronFakes.ts'
import type { FakeWindow } from '../../tests/support/electronFakes.ts'
import { RECONCILE_DEBOUNCE_MS, createWallManager } from './wallManager.ts'

const LEFT = { x: 0, y: 0, width: 1920, height: 1080 }
const RIGHT = { x: 1920, y: 0, width: 2560, height: 1440 }

function setup(displays = [makeDisplay(1, LEFT), makeDisplay(2, RIGHT)], saved: DisplayAssignment[] = []) {
  const screen = new FakeScreen(displays)
  const factory = new FakeWindowFactory()
  const clock = new FakeClock()
  const store = { data: saved as readonly DisplayAssignment[] }
  const wall = createWallManager({
    screen,
    windows: factory,
    clock,
    assignments: { load: () => store.data, save: (a) => (store.data = a) },
    log: createMemoryLogger().logger,
    baseContext: () => ({ mute: { mutedUntil: null }, appVersion: 'test' }),
  })
  wall.start()
  for (const w of factory.created) w.emit('ready-to-show')
  return { screen, factory, clock, store, wall }
}

const windowOn = (factory: FakeWindowFactory, bounds: typeof LEFT): FakeWindow | undefined =>
  factory.open().find((w) => w.bounds.x === bounds.x && w.bounds.width === bounds.width)

describe('WallManager', () => {
  it('opens one frameless fullscreen window per display on that display', () => {
    const { factory } = setup()
    const open = factory.open()
    expect(open).toHaveLength(2)
    expect(open.map((w) => w.options.kind)).toEqual(['wall', 'wall'])
    expect(open.map((w) => w.bounds)).toEqual([LEFT, RIGHT])
    for (const w of open) {
      // created on the display, bounds re-applied at ready-to-show, THEN fullscreen
      expect(w.options.bounds).toEqual(w.bounds)
      expect(w.calls.slice(-2)).toEqual(['setBounds', 'setFullScreen(true)'])
      expect(w.shown).toBe(true)
    }
  })

  it('closes the window of an unplugged display after the debounce, keeps its board, and restores it on replug', () => {
    const { screen, factory, clock, store, wall } = setup()
    const right = windowOn(factory, RIGHT)!
    expect(wall.setBoard(right.webContentsId, 'digital-ops')?.boardId).toBe('digital-ops')

    screen.unplug(2)
    clock.advance(RECONCILE_DEBOUNCE_MS - 1)
    expect(factory.open()).toHaveLength(2)
    clock.advance(1)
    expect(factory.open()).toHaveLength(1)
    expect(right.destroyed).toBe(true)
    expect(store.data.find((a) => a.displayId === 2)?.boardId).toBe('digital-ops')

    screen.plug(makeDisplay(2, RIGHT))
    clock.advance(RECONCILE_DEBOUNCE_MS)
    const back = windowOn(factory, RIGHT)!
    expect(back).not.toBe(right)
    expect(wall.contextFor(back.webContentsId)?.boardId).toBe('digital-ops')
  })

  it('restores a board by label when the display comes back with a new id', () => {
    const { screen, factory, clock, wall } = setup([
      makeDisplay(1, LEFT, 'Dell A'),
      makeDisplay(2, RIGHT, 'LG B'),
    ])
    wall.setBoard(windowOn(factory, RIGHT)!.webContentsId, 'capacity')
    screen.unplug(2)
    clock.advance(RECONCILE_DEBOUNCE_MS)
    screen.plug(makeDisplay(77, RIGHT, 'LG B'))
    clock.advance(RECONCILE_DEBOUNCE_MS)
    expect(wall.contextFor(windowOn(factory, RIGHT)!.webContentsId)?.boardId).toBe('capacity')
  })

  it('coalesces a burst of screen events into one reconcile', () => {
    const { screen, factory, clock } = setup()
    screen.unplug(2)
    screen.plug(makeDisplay(2, RIGHT))
    clock.advance(RECONCILE_DEBOUNCE_MS)
    // The display went and came back inside the debounce: its window was never closed.
    expect(factory.created).toHaveLength(2)
    expect(factory.open()).toHaveLength(2)
  })

  it('moves a window when its display changes bounds, leaving and re-entering fullscreen', () => {
    const { screen, factory, clock } = setup()
    const right = windowOn(factory, RIGHT)!
    const moved = { x: 1920, y: 0, width: 3840, height: 2160 }
    screen.changeBounds(2, moved)
    clock.advance(RECONCILE_DEBOUNCE_MS)
    expect(right.destroyed).toBe(false)
    expect(right.bounds).toEqual(moved)
    expect(right.calls.slice(-3)).toEqual(['setFullScreen(false)', 'setBounds', 'setFullScreen(true)'])
  })

  it('numbers displays left to right and tells each window its number when asked to identify', () => {
    const { factory, wall } = setup([makeDisplay(9, RIGHT), makeDisplay(4, LEFT)])
    wall.identify()
    const numbers = factory.open().map((w) => ({
      x: w.bounds.x,
      n: (w.sentOn(IpcChannel.showIdentify)[0] as { displayNumber: number }).displayNumber,
    }))
    expect(numbers.sort((a, b) => a.x - b.x)).toEqual([
      { x: 0, n: 1 },
      { x: 1920, n: 2 },
    ])
  })

  it('makes exactly one window, on the primary display, the sound window', () => {
    const { factory, wall, screen } = setup()
    screen.primaryId = 2
    const contexts = factory.open().map((w) => wall.contextFor(w.webContentsId) as WindowContext)
    expect(contexts.filter((c) => c.soundWindow)).toHaveLength(1)
    expect(wall.soundWindow()).toBe(windowOn(factory, RIGHT))
  })

  it('reopens a wall window that was closed by something else', () => {
    const { factory, clock } = setup()
    windowOn(factory, LEFT)!.close()
    clock.advance(RECONCILE_DEBOUNCE_MS)
    expect(factory.open()).toHaveLength(2)
  })

  it('ignores senders that are not its windows', () => {
    const { wall } = setup()
    expect(wall.contextFor(-1)).toBeNull()
    expect(wall.setBoard(-1, 'capacity')).toBeNull()
  })
})
