/**
 * The MLLP connections of one listener: who gets a slot (MllpPeerLimits), when a connection has
 * overstayed (MllpDeadlines), and flow control both ways. The message → plan → journal → ACK flow
 * is the adapter's `onMessage`; this file only decides when it is called and on which socket.
 *
 * - Messages of one connection are handled one at a time, in order. Reading stops while 64 are
 *   waiting (TCP backpressure on the sender), and a peer that pipelines more than
 *   `MAX_PIPELINED` unacknowledged messages is disconnected after the ones taken are answered —
 *   it re-sends the rest, as MLLP senders do for anything unacknowledged.
 * - **ACK backpressure**: while the socket's write buffer is full (the peer is not reading its
 *   ACKs) nothing more is read from it and no further message is handled; both resume on 'drain'.
 *   A peer that never reads is closed after `frameTimeoutMs`. Without this, 1.6 million tiny
 *   frames from a peer that never read added 884 MB of queued ACKs.
 * - **Half-close**: the server allows half-open sockets, so a sender that ends its side after its
 *   last message still gets every ACK; we end ours once the last one is written.
 */
import type { ServerOpts, Socket } from 'node:net'
import type { MllpEvent } from './MllpFramer.ts'
import { MllpFramer } from './MllpFramer.ts'
import { MllpDeadlines, type MllpDeadlineReason } from './MllpDeadlines.ts'
import { MllpPeerLimits, peerAddressOf, type MllpRefusalReason, type MllpSlot } from './MllpPeerLimits.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'

/** Options for `net.createServer`: half-open sockets, so a half-closing sender still gets its ACK. */
export const MLLP_SERVER_OPTIONS: ServerOpts = { allowHalfOpen: true }

/** Messages waiting on one connection before we stop reading from it. */
export const MAX_QUEUED_FRAMES = 64
/** Messages one connection may have waiting at all (one TCP chunk can carry thousands). */
export const MAX_PIPELINED = 1_024
/** Refusals within this window make the source `degraded`. */
export const REFUSAL_WINDOW_MS = 60_000
/** A connection with no complete frame for this long may give its slot to a newcomer. */
export const EVICTABLE_AFTER_MS = 60_000
/** How long an idle connection we ended may take to close its side before it is destroyed. */
const END_GRACE_MS = 5_000
const BUSY_RECHECK_MS = 1_000

export type MllpMessageEvent = Extract<MllpEvent, { kind: 'frame' | 'oversized' }>

/** Why we closed a connection. */
export type MllpCloseReason = MllpDeadlineReason | 'evicted' | 'pipelined'

export type MllpTransportOptions = {
  readonly maxFrameBytes: number
  readonly maxConnections: number
  readonly maxConnectionsPerPeer: number
  readonly idleTimeoutMs: number
  readonly frameTimeoutMs: number
}

export type MllpTransportHooks = {
  /** Handles one message; called one at a time per connection, in arrival order. */
  readonly onMessage: (socket: Socket, event: MllpMessageEvent) => Promise<void>
  readonly onGarbage: (bytes: number) => void
  /** Open connections or recent refusals changed: the source's status may have. */
  readonly onChange: () => void
  readonly onRefused: (peer: string, reason: MllpRefusalReason) => void
  readonly onClosed: (peer: string, reason: MllpCloseReason) => void
  readonly onSocketError: (code: string) => void
  /** `onMessage` threw: a bug. The connection is dropped; the sender re-sends. */
  readonly onHandlerError: (error: unknown) => void
}

export class MllpTransport {
  readonly #options: MllpTransportOptions
  readonly #hooks: MllpTransportHooks
  readonly #clock: () => number
  readonly #limits: MllpPeerLimits
  readonly #connections = new Map<MllpSlot, MllpConnection>()
  /** Refusals per second of the window, a ring: O(1) per refusal however hard a peer hammers. */
  readonly #refusals = Array.from({ length: REFUSAL_WINDOW_MS / 1_000 }, () => ({ second: -1, count: 0 }))
  #refusalTimer: NodeJS.Timeout | null = null

  constructor(
    options: MllpTransportOptions,
    hooks: MllpTransportHooks,
    clock: () => number = performance.now.bind(performance),
  ) {
    this.#options = options
    this.#hooks = hooks
    this.#clock = clock
    this.#limits = new MllpPeerLimits({
      maxConnections: options.maxConnections,
      maxConnectionsPerPeer: options.maxConnectionsPerPeer,
      evictableAfterMs: EVICTABLE_AFTER_MS,
    })
  }

  /** The `net.Server` 'connection' listener. */
  readonly accept = (socket: Socket): void => {
    const now = this.#clock()
    const peer = peerAddressOf(socket.remoteAddress)
    const admission = this.#limits.admit(peer, now)
    if (!admission.ok) {
      // Whatever the refused socket reports as it goes (a reset) is no news: it is being dropped.
      socket.on('error', () => undefined)
      socket.destroy()
      this.#refused(now)
      this.#hooks.onRefused(peer, admission.reason)
      this.#hooks.onChange()
      return
    }
    if (admission.evict !== null) this.#connections.get(admission.evict)?.close('evicted')
    const connection = new MllpConnection(
      socket,
      peer,
      admission.slot,
      this.#options,
      this.#hooks,
      this.#clock,
      () => {
        this.#limits.release(admission.slot)
        this.#connections.delete(admission.slot)
        this.#hooks.onChange()
      },
    )
    this.#connections.set(admission.slot, connection)
    this.#hooks.onChange()
  }

  get connections(): number {
    return this.#connections.size
  }

  /** Connections refused in the last `REFUSAL_WINDOW_MS` (to the second). */
  refusedRecently(): number {
    const second = Math.floor(this.#clock() / 1_000)
    let total = 0
    for (const bucket of this.#refusals)
      if (second - bucket.second < this.#refusals.length) total += bucket.count
    return total
  }

  destroyAll(): void {
    if (this.#refusalTimer !== null) clearTimeout(this.#refusalTimer)
    this.#refusalTimer = null
    for (const connection of [...this.#connections.values()]) connection.destroy()
  }

  #refused(now: number): void {
    const second = Math.floor(now / 1_000)
    const bucket = this.#refusals[second % this.#refusals.length]
    if (bucket !== undefined) {
      if (bucket.second !== second) {
        bucket.second = second
        bucket.count = 0
      }
      bucket.count++
    }
    // Once the window passes without another refusal the status can go back to up.
    if (this.#refusalTimer !== null) clearTimeout(this.#refusalTimer)
    this.#refusalTimer = setTimeout(() => {
      this.#refusalTimer = null
      this.#hooks.onChange()
    }, REFUSAL_WINDOW_MS + 1_000)
    this.#refusalTimer.unref()
  }
}

/** One accepted connection. */
class MllpConnection {
  readonly #socket: Socket
  readonly #peer: string
  readonly #slot: MllpSlot
  readonly #hooks: MllpTransportHooks
  readonly #clock: () => number
  readonly #framer: MllpFramer
  readonly #deadlines: MllpDeadlines
  readonly #queue: MllpMessageEvent[] = []
  #running = false
  #peerEnded = false
  #closing = false
  #overflowed = false
  #timer: NodeJS.Timeout | null = null

  constructor(
    socket: Socket,
    peer: string,
    slot: MllpSlot,
    options: MllpTransportOptions,
    hooks: MllpTransportHooks,
    clock: () => number,
    onGone: () => void,
  ) {
    this.#socket = socket
    this.#peer = peer
    this.#slot = slot
    this.#hooks = hooks
    this.#clock = clock
    this.#framer = new MllpFramer(options.maxFrameBytes)
    this.#deadlines = new MllpDeadlines(options, clock())
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 60_000)
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('end', () => this.#onEnd())
    socket.on('drain', () => {
      this.#deadlines.drained()
      this.#flow()
      this.#arm()
    })
    socket.on('error', (error: NodeJS.ErrnoException) => hooks.onSocketError(error.code ?? 'error'))
    socket.on('close', () => {
      this.#closing = true
      this.#clearTimer()
      onGone()
    })
    this.#arm()
  }

  /** Closes the connection for `reason` (a deadline, an eviction). */
  close(reason: MllpCloseReason): void {
    if (this.#closing) return
    this.#closing = true
    this.#clearTimer()
    this.#hooks.onClosed(this.#peer, reason)
    if (reason === 'idle') {
      // Nothing is in flight: end politely, and destroy if the peer does not close its side.
      this.#socket.end()
      setTimeout(() => this.#socket.destroy(), END_GRACE_MS).unref()
    } else {
      this.#socket.destroy()
    }
  }

  destroy(): void {
    this.#closing = true
    this.#clearTimer()
    this.#socket.destroy()
  }

  #onData(chunk: Buffer): void {
    if (this.#closing || this.#overflowed) return
    let completed = 0
    for (const event of this.#framer.push(chunk)) {
      if (event.kind === 'garbage') {
        this.#hooks.onGarbage(event.bytes)
        continue
      }
      completed++
      if (this.#queue.length >= MAX_PIPELINED) {
        this.#overflowed = true
        break
      }
      this.#queue.push(event)
    }
    this.#deadlines.observe(this.#clock(), completed, this.#framer.inFrame, this.#framer.framesStarted)
    this.#slot.idleSince = this.#deadlines.idleSince
    if (this.#overflowed) this.#hooks.onClosed(this.#peer, 'pipelined')
    this.#flow()
    this.#arm()
    runDetached(this.#run(), (error) => this.#hooks.onHandlerError(error))
  }

  #onEnd(): void {
    this.#peerEnded = true
    if (this.#framer.inFrame) this.#hooks.onGarbage(this.#framer.pendingBytes + 1)
    this.#afterWork()
  }

  /** Pauses or resumes reading: paused while messages pile up or the peer is not reading ACKs. */
  #flow(): void {
    const needDrain = this.#socket.writableNeedDrain
    if (needDrain) this.#deadlines.waitingForDrain(this.#clock())
    this.#slot.busy = this.#framer.inFrame || this.#queue.length > 0 || this.#running
    const hold = this.#overflowed || needDrain || this.#queue.length >= MAX_QUEUED_FRAMES
    if (hold && !this.#socket.isPaused()) this.#socket.pause()
    else if (!hold && this.#socket.isPaused() && !this.#closing) this.#socket.resume()
  }

  async #run(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      while (this.#queue.length > 0 && !this.#socket.destroyed) {
        if (this.#socket.writableNeedDrain) {
          // The peer has not read the ACKs already written: answer no more until it does.
          this.#flow()
          this.#arm()
          await drainOrClose(this.#socket)
          continue
        }
        const event = this.#queue.shift()
        if (event === undefined) break
        try {
          await this.#hooks.onMessage(this.#socket, event)
        } catch (error) {
          this.#hooks.onHandlerError(error)
          this.destroy()
          break
        }
        this.#flow()
      }
    } finally {
      this.#running = false
      this.#flow()
      this.#arm()
      this.#afterWork()
    }
  }

  #afterWork(): void {
    if (this.#running || this.#queue.length > 0 || this.#socket.destroyed) return
    if (this.#overflowed) this.destroy()
    // The sender half-closed after its last message: every ACK is written, so end our side too.
    else if (this.#peerEnded) {
      this.#closing = true
      this.#clearTimer()
      this.#socket.end()
    }
  }

  #arm(): void {
    this.#clearTimer()
    if (this.#closing) return
    const next = this.#deadlines.next()
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, Math.ceil(next.at - this.#clock())))
    this.#timer.unref()
  }

  #fire(): void {
    this.#timer = null
    const reason = this.#deadlines.expired(this.#clock())
    if (reason === null) return this.#arm()
    if (reason === 'idle' && (this.#running || this.#queue.length > 0)) {
      // Still answering the last frames (a slow journal): not idle. Look again in a second.
      this.#timer = setTimeout(() => this.#fire(), BUSY_RECHECK_MS)
      this.#timer.unref()
      return
    }
    this.close(reason)
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }
}

function drainOrClose(socket: Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    if (socket.destroyed || !socket.writableNeedDrain) return resolve()
    const done = (): void => {
      socket.off('drain', done)
      socket.off('close', done)
      resolve()
    }
    socket.on('drain', done)
    socket.on('close', done)
  })
}
