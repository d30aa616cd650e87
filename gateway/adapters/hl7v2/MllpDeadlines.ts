/**
 * When an MLLP connection has overstayed, as a pure function of what it did and when, so the rules
 * are tested without a clock (the listener arms one timer at `next().at`):
 *
 * - **idle**: no complete frame for `idleTimeoutMs` since the connection opened or its last frame.
 *   Only complete frames count: CR/LF keep-alives or stray bytes every few seconds do not keep a
 *   slot, as they did when any byte reset the socket's idle timer.
 * - **frame-timeout**: a frame started (its <VT> arrived) and not finished within `frameTimeoutMs`.
 *   A peer sending one byte every 200 ms (slowloris) is closed when its frame's time is up,
 *   however steadily the bytes come.
 * - **ack-not-read**: an acknowledgement waited `frameTimeoutMs` for the peer to read it (the
 *   socket's write buffer stayed full): the peer is not reading, and we have stopped reading from it.
 *
 * Times are monotonic milliseconds (performance.now()).
 */

export type MllpDeadlineReason = 'idle' | 'frame-timeout' | 'ack-not-read'

export type MllpDeadlineLimits = {
  readonly idleTimeoutMs: number
  readonly frameTimeoutMs: number
}

export class MllpDeadlines {
  readonly #limits: MllpDeadlineLimits
  #idleSince: number
  #frameSerial = 0
  #frameSince: number | null = null
  #drainSince: number | null = null

  constructor(limits: MllpDeadlineLimits, openedAt: number) {
    this.#limits = limits
    this.#idleSince = openedAt
  }

  /** Time of the connection's last complete frame (or its opening): the eviction order. */
  get idleSince(): number {
    return this.#idleSince
  }

  /**
   * After the framer consumed a chunk: `completed` frames ended in it; `inFrame` and `serial`
   * (frames started so far) say whether one is open now, and whether it is a new one.
   */
  observe(now: number, completed: number, inFrame: boolean, serial: number): void {
    if (completed > 0) this.#idleSince = now
    if (!inFrame) {
      this.#frameSince = null
    } else if (serial !== this.#frameSerial || this.#frameSince === null) {
      // A frame that started in this chunk: its time starts now, whatever came before.
      this.#frameSince = now
    }
    this.#frameSerial = serial
  }

  /** The socket's write buffer is full (an ACK is waiting for the peer to read). */
  waitingForDrain(now: number): void {
    this.#drainSince ??= now
  }

  drained(): void {
    this.#drainSince = null
  }

  /** The earliest deadline and what it means. */
  next(): { readonly at: number; readonly reason: MllpDeadlineReason } {
    let best: { at: number; reason: MllpDeadlineReason } = {
      at: this.#idleSince + this.#limits.idleTimeoutMs,
      reason: 'idle',
    }
    if (this.#frameSince !== null && this.#frameSince + this.#limits.frameTimeoutMs < best.at) {
      best = { at: this.#frameSince + this.#limits.frameTimeoutMs, reason: 'frame-timeout' }
    }
    if (this.#drainSince !== null && this.#drainSince + this.#limits.frameTimeoutMs < best.at) {
      best = { at: this.#drainSince + this.#limits.frameTimeoutMs, reason: 'ack-not-read' }
    }
    return best
  }

  /** The deadline that has passed at `now`, if any. */
  expired(now: number): MllpDeadlineReason | null {
    const next = this.next()
    return now >= next.at ? next.reason : null
  }
}
