/**
 * In-memory fakes of main's ports for unit tests: a screen that hot-plugs on command, windows that
 * record what was done to them and can "crash", and a clock whose time only moves when told.
 */
import type {
  AppWindow,
  Clock,
  DisplayInfo,
  Rect,
  ScreenEvent,
  ScreenPort,
  TimerHandle,
  WindowEvents,
  WindowFactory,
  WindowOptions,
} from '../../electron/core/ports.ts'

export function makeDisplay(id: number, bounds: Rect, label = `Display ${id}`): DisplayInfo {
  return {
    id,
    label,
    bounds,
    workArea: { ...bounds, height: bounds.height - 40 },
    scaleFactor: 1,
    internal: false,
  }
}

export class FakeScreen implements ScreenPort {
  displays: DisplayInfo[]
  primaryId: number
  private listeners = new Set<(event: ScreenEvent) => void>()

  constructor(displays: DisplayInfo[]) {
    this.displays = displays
    this.primaryId = displays[0]?.id ?? 0
  }
  getAllDisplays(): readonly DisplayInfo[] {
    return this.displays
  }
  getPrimaryDisplay(): DisplayInfo {
    const d = this.displays.find((x) => x.id === this.primaryId) ?? this.displays[0]
    if (d === undefined) throw new Error('no displays')
    return d
  }
  onChange(listener: (event: ScreenEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  plug(display: DisplayInfo): void {
    this.displays = [...this.displays, display]
    this.emit('display-added')
  }
  unplug(id: number): void {
    this.displays = this.displays.filter((d) => d.id !== id)
    this.emit('display-removed')
  }
  changeBounds(id: number, bounds: Rect): void {
    this.displays = this.displays.map((d) => (d.id === id ? { ...d, bounds, workArea: bounds } : d))
    this.emit('display-metrics-changed')
  }
  private emit(event: ScreenEvent): void {
    for (const l of this.listeners) l(event)
  }
}

let nextWebContentsId = 100

export class FakeWindow implements AppWindow {
  readonly webContentsId = nextWebContentsId++
  readonly options: WindowOptions
  bounds: Rect
  fullScreen = false
  shown = false
  destroyed = false
  reloads = 0
  crashes = 0
  readonly sent: { channel: string; payload: unknown }[] = []
  readonly calls: string[] = []
  private listeners: { [E in keyof WindowEvents]?: WindowEvents[E][] } = {}

  constructor(options: WindowOptions) {
    this.options = options
    this.bounds = options.bounds
  }
  setBounds(bounds: Rect): void {
    this.calls.push('setBounds')
    this.bounds = bounds
  }
  getBounds(): Rect {
    return this.bounds
  }
  setFullScreen(on: boolean): void {
    this.calls.push(`setFullScreen(${on})`)
    this.fullScreen = on
  }
  isFullScreen(): boolean {
    return this.fullScreen
  }
  show(): void {
    this.shown = true
  }
  broughtToFront = 0
  bringToFront(): void {
    this.shown = true
    this.broughtToFront += 1
  }
  close(): void {
    if (this.destroyed) return
    this.emit('close')
    this.destroyed = true
    this.emit('closed')
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  reload(): void {
    this.reloads++
    this.calls.push('reload')
  }
  forcefullyCrashRenderer(): void {
    this.crashes++
    this.calls.push('forcefullyCrashRenderer')
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  sentOn(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.payload)
  }
  on<E extends keyof WindowEvents>(event: E, listener: WindowEvents[E]): void {
    const list = (this.listeners[event] ?? []) as WindowEvents[E][]
    list.push(listener)
    ;(this.listeners as Record<string, unknown>)[event] = list
  }
  emit<E extends keyof WindowEvents>(event: E, ...args: Parameters<WindowEvents[E]>): void {
    for (const l of (this.listeners[event] ?? []) as ((...a: Parameters<WindowEvents[E]>) => void)[])
      l(...args)
  }
}

export class FakeWindowFactory implements WindowFactory {
  readonly created: FakeWindow[] = []
  create(options: WindowOptions): FakeWindow {
    const w = new FakeWindow(options)
    this.created.push(w)
    return w
  }
  open(): FakeWindow[] {
    return this.created.filter((w) => !w.destroyed)
  }
}

/** A clock whose time only moves with `advance`, running due timers in order. */
export class FakeClock implements Clock {
  private time: number
  private timers: { id: number; at: number; callback: () => void }[] = []
  private nextId = 1

  constructor(start = 1_700_000_000_000) {
    this.time = start
  }
  now(): number {
    return this.time
  }
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.timers.push({ id, at: this.time + Math.max(0, ms), callback })
    return { id }
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id)
  }
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (due === undefined) break
      this.timers = this.timers.filter((t) => t !== due)
      this.time = due.at
      due.callback()
    }
    this.time = end
  }
  pendingTimers(): number {
    return this.timers.length
  }
}
