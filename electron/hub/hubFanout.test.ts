import { MessageChannel } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { HubToWindowMessage, ReplicaChanges, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { createMemoryLogger } from '../services/logger.ts'
import { FeedHub } from '../../shared/hub/FeedHub.ts'
import { FakeFeedSocket, ManualClock, ManualScheduler, makeBed } from '../../tests/support/fakeFeedSocket.ts'
import { createHubFanout } from './hubFanout.ts'
import type { HubSource } from './hubFanout.ts'
import { hubSource } from './mainHub.ts'
import { toPortLike } from './portLike.ts'

const topic = { seq: 0, confirmedAt: null, resyncs: 0, restored: null }
function snapshot(version: number): ReplicaSnapshot {
  return {
    hello: null,
    siteModel: null,
    connection: { status: 'connected', since: version, detail: null, gatewayUrl: 'http://127.0.0.1:1' },
    topics: { beds: topic, assets: topic, network: topic, cyber: topic, waiting: topic },
    entities: { beds: [], assets: [], network: [], cyber: [], waiting: [] },
    sources: [],
    alarms: [],
    alarmActions: [],
  }
}

class FakeHub implements HubSource {
  version = 1
  private listeners = new Set<(c: ReplicaChanges) => void>()
  getSnapshot(): ReplicaSnapshot {
    return snapshot(this.version)
  }
  subscribe(listener: (c: ReplicaChanges) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit(changes: ReplicaChanges): void {
    for (const l of this.listeners) l(changes)
  }
}

const channels: MessageChannel[] = []
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close()
    c.port2.close()
  }
})

/** A window: the hub gets port1 (as a PortLike over worker_threads), the "renderer" reads port2. */
function windowPorts() {
  const channel = new MessageChannel()
  channels.push(channel)
  const received: HubToWindowMessage[] = []
  let waiters: (() => void)[] = []
  channel.port2.on('message', (value: HubToWindowMessage) => {
    received.push(value)
    for (const w of waiters) w()
    waiters = []
  })
  const until = async (count: number): Promise<HubToWindowMessage[]> => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
    return received
  }
  return {
    hubSide: toPortLike(channel.port1, 'value'),
    rendererSide: channel.port2 as MessagePort,
    received,
    until,
  }
}

/** Round-trips a marker through the channel so every earlier message has been delivered. */
async function drained(_window: ReturnType<typeof windowPorts>): Promise<void> {
  const echo = new MessageChannel()
  channels.push(echo)
  await new Promise<void>((resolve) => {
    echo.port2.once('message', () => resolve())
    echo.port1.postMessage('ping')
  })
  // One extra macrotask lets messages already posted on the window's channel arrive.
  await new Promise<void>((resolve) => setImmediate(resolve))
}

function setup() {
  const hub = new FakeHub()
  const fanout = createHubFanout(hub, createMemoryLogger().logger)
  return { hub, fanout }
}

/** Main's real hub (FeedHub over a fake socket, flushed by hand) behind the fan-out. */
async function setupWithFeedHub() {
  const socket = new FakeFeedSocket()
  const scheduler = new ManualScheduler()
  const hub = new FeedHub({
    socket,
    gatewayUrl: 'http://127.0.0.1:1',
    token: 't',
    fetch: async () => ({ ok: false, status: 404, headers: { get: () => null }, json: async () => null }),
    clock: new ManualClock(),
    schedule: scheduler.schedule,
  })
  hub.start()
  socket.connect()
  socket.takeRequest('subscribe').resolve({
    ok: true,
    snapshots: (['beds', 'assets', 'network', 'cyber'] as const).map((topic) => ({
      topic,
      seq: 0,
      entities: [],
      serverTime: 1,
    })),
  })
  await Promise.resolve()
  await Promise.resolve()
  scheduler.frame()
  const fanout = createHubFanout(hubSource(hub), createMemoryLogger().logger)
  return { socket, scheduler, fanout }
}

describe('hub fan-out over MessagePorts', () => {
  it('sends each new window exactly one full snapshot', async () => {
    const { fanout } = setup()
    const a = windowPorts()
    const b = windowPorts()
    fanout.attach(1, a.hubSide)
    fanout.attach(2, b.hubSide)
    expect((await a.until(1)).map((m) => m.type)).toEqual(['snapshot'])
    expect((await b.until(1)).map((m) => m.type)).toEqual(['snapshot'])
    await drained(a)
    expect(a.received).toHaveLength(1)
  })

  it('coalesces many changes into one message per frame, to every window', async () => {
    const { socket, scheduler, fanout } = await setupWithFeedHub()
    const windows = [windowPorts(), windowPorts(), windowPorts()]
    windows.forEach((w, i) => fanout.attach(i, w.hubSide))
    for (let i = 0; i < 200; i++)
      socket.serverEmit('batch', {
        topic: 'beds',
        seq: i + 1,
        upserts: [makeBed({ id: `b${i % 50}`, updatedAt: i })],
        removes: [],
        serverTime: 1,
      })
    socket.serverEmit('batch', { topic: 'beds', seq: 201, upserts: [], removes: ['b0'], serverTime: 1 })
    // Nothing reaches a window before the hub's flush.
    await drained(windows[0]!)
    expect(windows[0]!.received).toHaveLength(1)
    scheduler.frame()
    for (const w of windows) {
      const messages = await w.until(2)
      const changes = messages[1]
      expect(changes?.type).toBe('changes')
      if (changes?.type !== 'changes') return
      const beds = changes.changes.entities?.beds
      // 50 distinct beds changed, the last value of each wins, and b0's removal is kept.
      expect(beds?.upserts).toHaveLength(49)
      expect(beds?.upserts.find((b) => b.id === 'b49')?.updatedAt).toBe(199)
      expect(beds?.removes).toEqual(['b0'])
    }
    await drained(windows[0]!)
    expect(windows[0]!.received).toHaveLength(2)
  })

  it('sends nothing when nothing changed', async () => {
    const { scheduler, fanout } = await setupWithFeedHub()
    const w = windowPorts()
    fanout.attach(1, w.hubSide)
    for (let i = 0; i < 10; i++) scheduler.frame()
    await drained(w)
    expect(w.received.map((m) => m.type)).toEqual(['snapshot'])
  })

  it('gives a reloaded window a fresh snapshot on its new port and stops using the old one', async () => {
    const { hub, fanout } = setup()
    const first = windowPorts()
    fanout.attach(1, first.hubSide)
    await first.until(1)
    hub.version = 2
    const second = windowPorts()
    fanout.attach(1, second.hubSide)
    const [snap] = await second.until(1)
    expect(snap).toMatchObject({ type: 'snapshot', state: { connection: { since: 2 } } })
    hub.emit({ sources: [] })
    expect((await second.until(2))[1]?.type).toBe('changes')
    await drained(first)
    expect(first.received).toHaveLength(1)
    expect(fanout.size()).toBe(1)
  })

  it('detaches a window that closed and stops posting to it', async () => {
    const { hub, fanout } = setup()
    const a = windowPorts()
    const b = windowPorts()
    fanout.attach(1, a.hubSide)
    fanout.attach(2, b.hubSide)
    await a.until(1)
    fanout.detach(1)
    hub.emit({ sources: [] })
    expect((await b.until(2))[1]?.type).toBe('changes')
    await drained(a)
    expect(a.received).toHaveLength(1)
    expect(fanout.size()).toBe(1)
  })

  it('forgets a window whose port closed', async () => {
    const { fanout } = setup()
    const w = windowPorts()
    fanout.attach(1, w.hubSide)
    await w.until(1)
    const closed = new Promise<void>((resolve) => w.rendererSide.once('close', () => resolve()))
    w.rendererSide.close()
    await closed
    // The hub's end hears 'close' a turn later; poll, bounded.
    for (let i = 0; i < 100 && fanout.size() > 0; i++)
      await new Promise<void>((resolve) => setTimeout(resolve, 5))
    expect(fanout.size()).toBe(0)
  })
})
