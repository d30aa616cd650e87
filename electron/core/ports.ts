/**
 * The small interfaces main's logic depends on instead of Electron itself, so the wall manager,
 * crash supervisor, hub fan-out and IPC checks run under vitest with fakes (the Electron binary is
 * not installed on the build machines). `electron/adapters/` implements them over the real APIs.
 */

export type Rect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/** The parts of Electron's `Display` the wall uses. */
export type DisplayInfo = {
  readonly id: number
  readonly label: string
  readonly bounds: Rect
  readonly workArea: Rect
  readonly scaleFactor: number
  readonly internal: boolean
}

export type ScreenEvent = 'display-added' | 'display-removed' | 'display-metrics-changed'

export type ScreenPort = {
  getAllDisplays(): readonly DisplayInfo[]
  getPrimaryDisplay(): DisplayInfo
  /** Subscribes to hot-plug and metrics events; returns an unsubscribe. */
  onChange(listener: (event: ScreenEvent) => void): () => void
}

export type RenderProcessGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction'

/** Events a window's web contents raise that main reacts to. */
export type WindowEvents = {
  'ready-to-show': () => void
  /** About to close (bounds still readable). */
  close: () => void
  closed: () => void
  'render-process-gone': (reason: RenderProcessGoneReason, exitCode: number) => void
  unresponsive: () => void
  responsive: () => void
  /** The page finished loading (first load or reload). */
  'did-finish-load': () => void
}

/** One app window, as main's logic sees it. */
export type AppWindow = {
  /** Electron's `webContents.id`: how IPC senders are mapped back to windows. */
  readonly webContentsId: number
  setBounds(bounds: Rect): void
  getBounds(): Rect
  setFullScreen(on: boolean): void
  isFullScreen(): boolean
  show(): void
  /** Restores it if minimised, shows it and gives it keyboard focus (an operator asked for it). */
  bringToFront(): void
  close(): void
  isDestroyed(): boolean
  reload(): void
  forcefullyCrashRenderer(): void
  /** `webContents.send(channel, payload)`. */
  send(channel: string, payload: unknown): void
  on<E extends keyof WindowEvents>(event: E, listener: WindowEvents[E]): void
}

export type WindowKind = 'wall' | 'desktop'

export type WindowOptions = {
  readonly kind: WindowKind
  readonly bounds: Rect
  readonly title: string
}

export type WindowFactory = {
  create(options: WindowOptions): AppWindow
}

/** Timers, injected so tests drive time with fakes. */
export type Clock = {
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}
export type TimerHandle = { readonly id: unknown }

/** The real clock, for the composition root. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => ({ id: setTimeout(callback, ms) }),
  clearTimeout: (handle) => clearTimeout(handle.id as ReturnType<typeof setTimeout>),
}
