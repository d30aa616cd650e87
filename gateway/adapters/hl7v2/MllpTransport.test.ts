/**
 * The transport with a fake socket and a fake clock: flow control, deadlines, half-close and the
 * connection limits, asserted on what was read, handled and written — no real time passes.
 */
import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mllpFrame } from './MllpFramer.ts'
import {
  MAX_PIPELINED,
  MAX_QUEUED_FRAMES,
  MllpTransport,
  REFUSAL_WINDOW_MS,
  type MllpCloseReason,
  type MllpMessageEvent,
  type MllpTransportHooks,
} from './MllpTransport.ts'

/** Enough of net.Socket for the transport; the write buffer "fills" at `highWaterMark` bytes. */
class FakeSocket extends EventEmitter {
  readonly remoteAddress: string
  readonly written: Buffer[] = []
  writableLength = 0
  highWaterMark = 1_000
  destroyed = false
  ended = false
  paused = false
  constructor(remoteAddress = '10.0.0.5') {
    super()
    this.remoteAddress = remoteAddress
  }
  get writableNeedDrain(): boolean {
    return this.writableLength >= this.highWaterMark
  }
  get writable(): boolean {
    return !this.destroyed && !this.ended
  }
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  write(chunk: Buffer): boolean {
    this.written.push(chunk)
    this.writableLength += chunk.length
    return !this.writableNeedDrain
  }
  /** The peer reads everything written so far. */
  peerReads(): void {
    const wasFull = this.writableNeedDrain
    this.writableLength = 0
    if (wasFull) this.emit('drain')
  }
  pause(): this {
    this.paused = true
    return this
  }
  resume(): this {
    this.paused = false
    return this
  }
  isPaused(): boolean {
    return this.paused
  }
  end(): this {
    this.ended = true
    return this
  }
  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true
      queueMicrotask(() => this.emit('close'))
    }
    return this
  }
  /** The peer sends bytes (only while we read, as TCP would hold them otherwise). */
  send(bytes: Buffer | string): void {
    if (this.paused) throw new Error('sent while paused: the test should wait for resume')
    this.emit('data', typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes)
  }
}

const asSocket = (fake: FakeSocket): Socket => fake as unknown as Socket
const frame = (n: number): Buffer => mllpFrame(`MSH|^~\\&|PAS|RWH|||||ADT^A01|C${n}|P|2.5`)
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

type Recorded = {
  handled: string[]
  refused: string[]
  closed: MllpCloseReason[]
  garbage: number[]
  hooks: MllpTransportHooks
}

function recorder(reply = true): Recorded {
  const rec: Recorded = {
    handled: [],
    refused: [],
    closed: [],
    garbage: [],
    hooks: {
      onMessage: async (socket: Socket, event: MllpMessageEvent) => {
        await Promise.resolve()
        rec.handled.push(
          event.kind === 'frame' ? (event.payload.toString('latin1').split('|')[9] ?? '') : 'oversized',
        )
        if (reply) socket.write(Buffer.alloc(100, 0x41))
      },
      onGarbage: (bytes) => void rec.garbage.push(bytes),
      onChange: () => undefined,
      onRefused: (_peer, reason) => void rec.refused.push(reason),
      onClosed: (_peer, reason) => void rec.closed.push(reason),
      onSocketError: () => undefined,
      onHandlerError: (error) => {
        throw error
      },
    },
  }
  return rec
}

const options = {
  maxFrameBytes: 64 * 1024,
  maxConnections: 4,
  maxConnectionsPerPeer: 2,
  idleTimeoutMs: 600_000,
  frameTimeoutMs: 30_000,
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function open(
  rec: Recorded,
  peer = '10.0.0.5',
  opts = options,
): { transport: MllpTransport; socket: FakeSocket } {
  const transport = new MllpTransport(opts, rec.hooks, () => Date.now())
  const socket = new FakeSocket(peer)
  transport.accept(asSocket(socket))
  return { transport, socket }
}

describe('MllpTransport flow control', () => {
  it('stops reading and answering while the peer leaves its ACKs unread, and goes on once it reads', async () => {
    const rec = recorder()
    const { socket } = open(rec)
    // 100 frames in one chunk; each answer is 100 bytes and the write buffer "fills" at 1,000.
    socket.send(Buffer.concat(Array.from({ length: 100 }, (_, n) => frame(n))))
    await flush()
    expect(rec.handled).toHaveLength(10)
    expect(socket.paused).toBe(true)
    expect(socket.writableLength).toBe(1_000)
    socket.peerReads()
    await flush()
    expect(rec.handled).toHaveLength(20)
    for (let round = 0; round < 8; round++) {
      socket.peerReads()
      await flush()
    }
    expect(rec.handled).toEqual(Array.from({ length: 100 }, (_, n) => `C${n}`))
    socket.peerReads()
    expect(socket.paused).toBe(false)
  })

  it('closes a peer that never reads its ACKs after the frame timeout, without answering more', async () => {
    const rec = recorder()
    const { socket } = open(rec)
    socket.send(Buffer.concat(Array.from({ length: 50 }, (_, n) => frame(n))))
    await flush()
    vi.advanceTimersByTime(options.frameTimeoutMs - 1)
    expect(socket.destroyed).toBe(false)
    vi.advanceTimersByTime(1)
    expect(rec.closed).toEqual(['ack-not-read'])
    expect(socket.destroyed).toBe(true)
    await flush()
    expect(rec.handled).toHaveLength(10)
  })

  it('pauses reading while 64 messages wait, then resumes', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const rec = recorder(false)
    const slow = { ...rec.hooks, onMessage: async () => gate }
    const transport = new MllpTransport(options, slow, () => Date.now())
    const socket = new FakeSocket()
    transport.accept(asSocket(socket))
    socket.send(Buffer.concat(Array.from({ length: MAX_QUEUED_FRAMES + 1 }, (_, n) => frame(n))))
    expect(socket.paused).toBe(true)
    release()
    await flush()
    expect(socket.paused).toBe(false)
  })

  it('answers what it took from a peer that pipelines too much, then disconnects it', async () => {
    const rec = recorder(false)
    const { socket } = open(rec)
    socket.send(Buffer.concat(Array.from({ length: MAX_PIPELINED + 10 }, (_, n) => frame(n))))
    expect(rec.closed).toEqual(['pipelined'])
    await vi.runAllTimersAsync()
    expect(rec.handled).toHaveLength(MAX_PIPELINED)
    expect(socket.destroyed).toBe(true)
  })

  it('answers a sender that half-closes after its last message, then ends its own side', async () => {
    const rec = recorder()
    const { socket } = open(rec)
    socket.send(Buffer.concat([frame(1), frame(2)]))
    socket.emit('end')
    expect(socket.ended).toBe(false)
    await flush()
    expect(rec.handled).toEqual(['C1', 'C2'])
    expect(socket.written).toHaveLength(2)
    expect(socket.ended).toBe(true)
  })
})

describe('MllpTransport deadlines', () => {
  it('closes a slowloris peer (one byte every 200 ms) at the frame timeout; the bytes never reset it', async () => {
    const rec = recorder()
    const { socket } = open(rec)
    const started = Date.now()
    // 400 bytes at 5 bytes/s would take 80 s: longer than the frame timeout.
    const message = mllpFrame(`MSH|^~\\&|PAS|RWH|||||ADT^A01|C1|P|2.5\rZZZ|${'x'.repeat(360)}`)
    socket.send(message.subarray(0, 1))
    let sent = 1
    while (!socket.destroyed && sent < message.length - 1) {
      vi.advanceTimersByTime(200)
      if (!socket.destroyed) socket.send(message.subarray(sent, ++sent))
    }
    expect(rec.closed).toEqual(['frame-timeout'])
    expect(Date.now() - started).toBe(options.frameTimeoutMs)
    expect(rec.handled).toEqual([])
  })

  it('closes a connection that sends only keep-alive bytes once idle, and keeps one that sends messages', async () => {
    const rec = recorder()
    const quiet = open(rec, '10.0.0.5', { ...options, idleTimeoutMs: 10_000 })
    const busy = open(rec, '10.0.0.6', { ...options, idleTimeoutMs: 10_000 })
    for (let t = 0; t < 9; t++) {
      vi.advanceTimersByTime(1_000)
      quiet.socket.send('\r\n')
      busy.socket.send(frame(t))
      busy.socket.peerReads()
      await flush()
    }
    vi.advanceTimersByTime(1_000)
    expect(rec.closed).toEqual(['idle'])
    expect(quiet.socket.ended).toBe(true)
    expect(busy.socket.ended || busy.socket.destroyed).toBe(false)
  })
})

describe('MllpTransport limits', () => {
  it('refuses past the per-peer and overall limits, counting refusals for a minute', async () => {
    const rec = recorder()
    const transport = new MllpTransport(options, rec.hooks, () => Date.now())
    const sockets = ['a', 'a', 'a', 'b', 'c', 'd'].map((peer) => new FakeSocket(peer))
    for (const socket of sockets) transport.accept(asSocket(socket))
    expect(rec.refused).toEqual(['peer-limit', 'limit'])
    expect(sockets.map((s) => s.destroyed)).toEqual([false, false, true, false, false, true])
    expect(transport.connections).toBe(4)
    expect(transport.refusedRecently()).toBe(2)
    vi.advanceTimersByTime(REFUSAL_WINDOW_MS)
    expect(transport.refusedRecently()).toBe(0)
  })

  it("gives an idle squatter's slot to a real sender once the house is full", async () => {
    const rec = recorder()
    const transport = new MllpTransport(options, rec.hooks, () => Date.now())
    const squatters = ['s1', 's2', 's3', 's4'].map((peer) => new FakeSocket(peer))
    for (const socket of squatters) transport.accept(asSocket(socket))
    vi.advanceTimersByTime(61_000)
    const pas = new FakeSocket('pas')
    transport.accept(asSocket(pas))
    expect(pas.destroyed).toBe(false)
    expect(squatters.filter((s) => s.destroyed)).toHaveLength(1)
    expect(rec.closed).toEqual(['evicted'])
    await flush()
    expect(transport.connections).toBe(4)
  })
})
