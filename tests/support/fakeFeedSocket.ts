/**
 * Test doubles for the hub's injected ports: a socket the test drives, a manual clock and a manual
 * flush scheduler. Used by the hub's tests and by anyone hosting the hub (Electron main, the page).
 */
import type { Bed, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { FeedSocketPort, FlushScheduler, HubClock } from '../../shared/hub/FeedSocketPort.ts'
import * as base from './builders.ts'

type PendingRequest = {
  readonly event: string
  readonly payload: unknown
  resolve(value: unknown): void
  reject(error: Error): void
}

/** A socket the test drives: it records requests and lets the test answer them. */
export class FakeFeedSocket implements FeedSocketPort {
  recovered = false
  connected = false
  opened = 0
  readonly requests: PendingRequest[] = []
  private readonly connectListeners: Array<() => void> = []
  private readonly disconnectListeners: Array<(reason: string, willReconnect: boolean) => void> = []
  private readonly errorListeners: Array<(message: string, willRetry: boolean) => void> = []
  private readonly eventListeners = new Map<string, Array<(payload: unknown) => void>>()

  onConnect(listener: () => void): void {
    this.connectListeners.push(listener)
  }
  onDisconnect(listener: (reason: string, willReconnect: boolean) => void): void {
    this.disconnectListeners.push(listener)
  }
  onConnectError(listener: (message: string, willRetry: boolean) => void): void {
    this.errorListeners.push(listener)
  }
  onEvent(event: string, listener: (payload: unknown) => void): void {
    const list = this.eventListeners.get(event) ?? []
    list.push(listener)
    this.eventListeners.set(event, list)
  }
  request(event: string, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.requests.push({ event, payload, resolve, reject })
    })
  }
  open(): void {
    this.opened += 1
  }
  close(): void {
    this.connected = false
  }

  // ---- driven by the test

  /** Simulates a (re)connect; `recovered` says whether the session was restored. */
  connect(recovered = false): void {
    this.connected = true
    this.recovered = recovered
    for (const listener of this.connectListeners) listener()
  }
  disconnect(reason = 'transport close', willReconnect = true): void {
    this.connected = false
    for (const listener of this.disconnectListeners) listener(reason, willReconnect)
  }
  connectError(message: string, willRetry = true): void {
    for (const listener of this.errorListeners) listener(message, willRetry)
  }
  serverEmit(event: string, payload: unknown): void {
    for (const listener of this.eventListeners.get(event) ?? []) listener(payload)
  }
  /** The oldest unanswered request for `event`, removed from the queue. */
  takeRequest(event: string): PendingRequest {
    const index = this.requests.findIndex((r) => r.event === event)
    const request = this.requests[index]
    if (index < 0 || !request) throw new Error(`no pending ${event} request`)
    this.requests.splice(index, 1)
    return request
  }
}

/** A clock whose time the test sets; `after` callbacks run when time passes them. */
export class ManualClock implements HubClock {
  time: number
  private timers: Array<{ at: number; callback: () => void }> = []
  constructor(start = 1_700_000_000_000) {
    this.time = start
  }
  now(): number {
    return this.time
  }
  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.time + ms, callback }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }
  advance(ms: number): void {
    this.time += ms
    const due = this.timers.filter((t) => t.at <= this.time)
    this.timers = this.timers.filter((t) => t.at > this.time)
    for (const timer of due) timer.callback()
  }
}

/** A flush scheduler the test runs by hand, standing in for one animation frame. */
export class ManualScheduler {
  private queue: Array<() => void> = []
  readonly schedule: FlushScheduler = (flush) => {
    this.queue.push(flush)
    return () => {
      this.queue = this.queue.filter((f) => f !== flush)
    }
  }
  get pending(): number {
    return this.queue.length
  }
  /** Runs every scheduled flush (one "frame"). */
  frame(): void {
    const queue = this.queue
    this.queue = []
    for (const flush of queue) flush()
  }
}

const HUB_T0 = 1_700_000_000_000

// The hub tests' entities: the one set of builders (builders.ts) with this suite's defaults.
/** A valid bed entity with overrides. Synthetic. */
export function makeBed(overrides: Partial<Bed> = {}): Bed {
  return base.makeBed({ status: 'occupied', statusSince: HUB_T0, updatedAt: HUB_T0, ...overrides })
}

/** A valid network device with overrides. Synthetic. */
export function makeDevice(overrides: Partial<NetworkDevice> = {}): NetworkDevice {
  return base.makeDevice({
    id: 'sw-1',
    name: 'ACC-SW-01',
    kind: 'access-switch',
    levelId: null,
    x: null,
    y: null,
    statusSince: HUB_T0,
    latencyMs: 1,
    servesUnitIds: [],
    address: null,
    lastPolledAt: null,
    ...overrides,
  })
}
