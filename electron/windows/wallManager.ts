/**
 * Wall mode: one frameless fullscreen window per display. Hot-plug and metrics events are
 * debounced (~500 ms: a dock or a KVM fires a burst) and then reconciled — windows are added,
 * closed and moved without a restart. Each display's board is remembered in settings by display
 * id, then label, then position, so unplugging a screen and plugging it back restores its board.
 */
import type { BoardId, BoardsAvailable, Rotation, WindowContext } from '../../shared/contracts/ipc.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import type { Logger } from '../services/logger.ts'
import type { DisplayAssignment } from '../services/settings.ts'
import { orderDisplays, resolveAssignments, sameRect } from './displayOrder.ts'
import type { AppWindow, Clock, DisplayInfo, ScreenPort, TimerHandle, WindowFactory } from '../core/ports.ts'
import type { WindowDirectory } from '../core/windowDirectory.ts'

export const RECONCILE_DEBOUNCE_MS = 500
export const IDENTIFY_DURATION_MS = 6000

/** Where the wall keeps its display → board memory (the settings file in the app). */
export type AssignmentStore = {
  load(): readonly DisplayAssignment[]
  save(assignments: readonly DisplayAssignment[]): void
}

export type WallManagerDeps = {
  readonly screen: ScreenPort
  readonly windows: WindowFactory
  readonly clock: Clock
  readonly assignments: AssignmentStore
  readonly log: Logger
  /** Fields of the context that are not the wall's business (mute state, app version). */
  readonly baseContext: () => Pick<WindowContext, 'mute' | 'appVersion'>
  /** Called for each new window (crash supervision, hub attach). */
  readonly onWindowCreated?: (window: AppWindow, displayId: number) => void
}

type Slot = {
  display: DisplayInfo
  number: number
  window: AppWindow
  closing: boolean
}

export type WallManager = WindowDirectory & {
  /** Opens the windows for the displays present now and starts following hot-plug. */
  start(): void
  /** Stops following the screen and closes every window. */
  stop(): void
  /** Runs a reconcile now (tests, and `second-instance`). */
  reconcileNow(): void
}

export function createWallManager(deps: WallManagerDeps): WallManager {
  const { screen, clock, log } = deps
  const slots = new Map<number, Slot>()
  let assignments: DisplayAssignment[] = [...deps.assignments.load()]
  let resolved = new Map<number, { boardId: BoardId | null; rotation: Rotation | null }>()
  let pending: TimerHandle | null = null
  let unsubscribe: (() => void) | null = null
  let stopped = false

  const schedule = (): void => {
    if (stopped) return
    if (pending !== null) clock.clearTimeout(pending)
    pending = clock.setTimeout(() => {
      pending = null
      reconcile()
    }, RECONCILE_DEBOUNCE_MS)
  }

  const contextOf = (slot: Slot): WindowContext => {
    const a = resolved.get(slot.display.id)
    return {
      mode: 'wall',
      displayNumber: slot.number,
      displayCount: slots.size,
      boardId: a?.boardId ?? null,
      rotation: a?.rotation ?? null,
      soundWindow: soundSlot() === slot,
      ...deps.baseContext(),
    }
  }

  const sendContext = (slot: Slot): void => {
    if (!slot.window.isDestroyed()) slot.window.send(IpcChannel.contextChanged, contextOf(slot))
  }

  const soundSlot = (): Slot | null => {
    let primaryId: number | null = null
    try {
      primaryId = screen.getPrimaryDisplay().id
    } catch (error) {
      log.warn('no primary display', { error: (error as Error).name })
    }
    const live = [...slots.values()].filter((s) => !s.closing)
    return live.find((s) => s.display.id === primaryId) ?? live.sort((a, b) => a.number - b.number)[0] ?? null
  }

  const openWindow = (display: DisplayInfo, number: number): Slot => {
    const window = deps.windows.create({
      kind: 'wall',
      bounds: display.bounds,
      title: `Watchfloor — display ${number}`,
    })
    const slot: Slot = { display, number, window, closing: false }
    window.on('ready-to-show', () => {
      // Bounds again once the window exists, then fullscreen: fullscreen applies to the display
      // the window is on, and there is no API that takes a target display (electron#30249).
      window.setBounds(slot.display.bounds)
      window.setFullScreen(true)
      window.show()
    })
    window.on('closed', () => {
      if (slots.get(slot.display.id) === slot) slots.delete(slot.display.id)
      if (!slot.closing && !stopped) {
        log.warn('wall window closed unexpectedly; reopening', { displayId: slot.display.id })
        schedule()
      }
    })
    log.info('wall window opened', { displayId: display.id, number, ...display.bounds })
    deps.onWindowCreated?.(window, display.id)
    return slot
  }

  const moveWindow = (slot: Slot, display: DisplayInfo): void => {
    log.info('wall window moved', { displayId: display.id, ...display.bounds })
    // Leave fullscreen before moving: a fullscreen window keeps the old display's size.
    if (slot.window.isFullScreen()) slot.window.setFullScreen(false)
    slot.window.setBounds(display.bounds)
    slot.window.setFullScreen(true)
  }

  function reconcile(): void {
    if (stopped) return
    const ordered = orderDisplays(screen.getAllDisplays())
    const present = new Set(ordered.map((d) => d.id))
    const result = resolveAssignments(assignments, ordered)
    resolved = new Map(result.byDisplayId)
    if (JSON.stringify(result.saved) !== JSON.stringify(assignments)) {
      assignments = result.saved
      deps.assignments.save(assignments)
    }

    for (const [id, slot] of slots) {
      if (present.has(id)) continue
      log.info('display removed; closing its window', { displayId: id })
      slot.closing = true
      slots.delete(id)
      if (!slot.window.isDestroyed()) slot.window.close()
    }

    const changed: Slot[] = []
    ordered.forEach((display, index) => {
      const number = index + 1
      const slot = slots.get(display.id)
      if (slot === undefined) {
        slots.set(display.id, openWindow(display, number))
        return
      }
      const moved = !sameRect(slot.display.bounds, display.bounds)
      const renumbered = slot.number !== number
      slot.display = display
      slot.number = number
      if (moved) moveWindow(slot, display)
      if (moved || renumbered) changed.push(slot)
    })
    // Display count or the sound window may have changed for everyone: re-send all contexts.
    for (const slot of slots.values()) sendContext(slot)
    log.info('wall reconciled', { displays: ordered.length, windows: slots.size, changed: changed.length })
  }

  const slotBySender = (webContentsId: number): Slot | undefined =>
    [...slots.values()].find((s) => s.window.webContentsId === webContentsId && !s.closing)

  const updateAssignment = (
    webContentsId: number,
    change: (a: DisplayAssignment) => DisplayAssignment,
  ): WindowContext | null => {
    const slot = slotBySender(webContentsId)
    if (slot === undefined) return null
    assignments = assignments.map((a) => (a.displayId === slot.display.id ? change(a) : a))
    const a = assignments.find((x) => x.displayId === slot.display.id)
    if (a !== undefined) resolved.set(slot.display.id, { boardId: a.boardId, rotation: a.rotation })
    deps.assignments.save(assignments)
    const context = contextOf(slot)
    sendContext(slot)
    return context
  }

  return {
    start() {
      stopped = false
      unsubscribe = screen.onChange((event) => {
        log.debug('screen event', { event })
        schedule()
      })
      reconcile()
    },
    stop() {
      stopped = true
      unsubscribe?.()
      unsubscribe = null
      if (pending !== null) clock.clearTimeout(pending)
      pending = null
      for (const slot of slots.values()) {
        slot.closing = true
        if (!slot.window.isDestroyed()) slot.window.close()
      }
      slots.clear()
    },
    reconcileNow: reconcile,
    contextFor: (id) => {
      const slot = slotBySender(id)
      return slot === undefined ? null : contextOf(slot)
    },
    setBoard: (id, boardId) => updateAssignment(id, (a) => ({ ...a, boardId })),
    reportBoards: (_id: number, _boards: BoardsAvailable['boards']) => undefined,
    identify() {
      for (const slot of slots.values()) {
        if (slot.window.isDestroyed()) continue
        slot.window.send(IpcChannel.showIdentify, {
          displayNumber: slot.number,
          displayCount: slots.size,
          label: slot.display.label,
          durationMs: IDENTIFY_DURATION_MS,
        })
      }
    },
    broadcastContext() {
      for (const slot of slots.values()) sendContext(slot)
    },
    windows: () => [...slots.values()].filter((s) => !s.closing).map((s) => s.window),
    soundWindow: () => soundSlot()?.window ?? null,
  }
}
