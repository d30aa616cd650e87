/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol): <VT> message <FS><CR>.
 *
 * Handles what real links do: frames split across TCP chunks, several frames in one chunk, bytes
 * between frames (garbage, keep-alives), and frames larger than the configured bound — those are
 * skipped to their end without buffering them, keeping their first bytes so the adapter can still
 * read MSH-10 and answer with an AR.
 */

const VT = 0x0b
const FS = 0x1c
const CR = 0x0d
const LF = 0x0a
/** Enough of an oversized frame to read its MSH segment. */
const HEAD_BYTES = 4_096

export type MllpEvent =
  | { readonly kind: 'frame'; readonly payload: Buffer }
  /** Bytes outside any frame (CR/LF between frames are not counted). */
  | { readonly kind: 'garbage'; readonly bytes: number }
  /** A frame over the size bound, dropped; `head` is its first bytes. */
  | { readonly kind: 'oversized'; readonly bytes: number; readonly head: Buffer }

export class MllpFramer {
  readonly #maxFrameBytes: number
  #inside = false
  #parts: Buffer[] = []
  #size = 0
  #oversized = false
  #head: Buffer = Buffer.alloc(0)
  #garbage = 0
  #started = 0

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes
  }

  /** Bytes of the unfinished frame so far (an oversized frame's are counted, not kept). */
  get pendingBytes(): number {
    return this.#size
  }

  /** Bytes actually kept in memory for the unfinished frame: never more than maxFrameBytes. */
  get heldBytes(): number {
    return this.#oversized ? this.#head.length : this.#size
  }

  /** A frame has started (its <VT> was seen) and not yet ended. */
  get inFrame(): boolean {
    return this.#inside
  }

  /** How many frames have started so far: tells a new partial frame from the same one. */
  get framesStarted(): number {
    return this.#started
  }

  /** Feeds received bytes; returns the complete frames and the anomalies, in order. */
  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = []
    let i = 0
    while (i < chunk.length) {
      if (!this.#inside) {
        const start = chunk.indexOf(VT, i)
        const end = start === -1 ? chunk.length : start
        for (let k = i; k < end; k++) {
          const b = chunk[k]
          if (b !== CR && b !== LF) this.#garbage++
        }
        if (start === -1) break
        this.#flushGarbage(events)
        this.#begin()
        i = start + 1
        continue
      }
      const fs = chunk.indexOf(FS, i)
      const vt = chunk.indexOf(VT, i)
      if (vt !== -1 && (fs === -1 || vt < fs)) {
        // A new start block before this frame ended: the sender gave up on it. Drop it, resync.
        this.#garbage += this.#size + (vt - i)
        this.#flushGarbage(events)
        this.#begin()
        i = vt + 1
        continue
      }
      const end = fs === -1 ? chunk.length : fs
      this.#append(chunk.subarray(i, end))
      if (fs === -1) break
      // <FS> ends the frame; the <CR> after it, when present, is skipped as inter-frame bytes.
      events.push(this.#finish())
      i = fs + 1
    }
    this.#flushGarbage(events)
    return events
  }

  #begin(): void {
    this.#inside = true
    this.#started++
    this.#parts = []
    this.#size = 0
    this.#oversized = false
    this.#head = Buffer.alloc(0)
  }

  #append(bytes: Buffer): void {
    if (bytes.length === 0) return
    if (this.#oversized) {
      this.#size += bytes.length
      return
    }
    if (this.#size + bytes.length > this.#maxFrameBytes) {
      this.#oversized = true
      // A copy, so the head does not keep the whole concatenation alive.
      this.#head = Buffer.from(Buffer.concat([...this.#parts, bytes]).subarray(0, HEAD_BYTES))
      this.#parts = []
      this.#size += bytes.length
      return
    }
    // Copy: the socket may reuse its buffers.
    this.#parts.push(Buffer.from(bytes))
    this.#size += bytes.length
  }

  #finish(): MllpEvent {
    const event: MllpEvent = this.#oversized
      ? { kind: 'oversized', bytes: this.#size, head: this.#head }
      : { kind: 'frame', payload: Buffer.concat(this.#parts, this.#size) }
    this.#inside = false
    this.#parts = []
    this.#size = 0
    this.#oversized = false
    this.#head = Buffer.alloc(0)
    return event
  }

  #flushGarbage(events: MllpEvent[]): void {
    if (this.#garbage > 0) events.push({ kind: 'garbage', bytes: this.#garbage })
    this.#garbage = 0
  }
}

/** Wraps a message in an MLLP frame. */
export function mllpFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8')
  const out = Buffer.allocUnsafe(body.length + 3)
  out[0] = VT
  body.copy(out, 1)
  out[body.length + 1] = FS
  out[body.length + 2] = CR
  return out
}
