/**
 * Who may hold an MLLP connection slot. Without this, 64 idle TCP connections (the default
 * `maxConnections`) from anywhere locked the PAS out, silently. Now:
 *
 * - one peer address holds at most `maxConnectionsPerPeer` slots (an engine needs a few; a
 *   misbehaving client or a scanner cannot take them all);
 * - when every slot is taken, a newcomer still under its own limit takes the slot of the
 *   connection that has been idle the longest — only one with no frame for `evictableAfterMs`
 *   and not in the middle of one, preferring the peer holding the most slots — so squatting
 *   connections give way to a real sender; when none qualifies the newcomer is refused.
 *
 * Pure: the listener calls `admit` on accept and `release` on close, and reports refusals.
 */

export type MllpRefusalReason = 'limit' | 'peer-limit'

export type MllpPeerLimitsOptions = {
  readonly maxConnections: number
  readonly maxConnectionsPerPeer: number
  /** A connection idle (no complete frame) for this long may be evicted for a newcomer. */
  readonly evictableAfterMs: number
}

/** What the limits know of one connection. */
export type MllpSlot = {
  readonly peer: string
  /** Time of its last complete frame or its opening (monotonic ms). */
  idleSince: number
  /** A frame is arriving or being handled: never evicted. */
  busy: boolean
}

export type MllpAdmission =
  | { readonly ok: true; readonly slot: MllpSlot; readonly evict: MllpSlot | null }
  | { readonly ok: false; readonly reason: MllpRefusalReason }

export class MllpPeerLimits {
  readonly #options: MllpPeerLimitsOptions
  readonly #slots = new Set<MllpSlot>()
  readonly #perPeer = new Map<string, number>()

  constructor(options: MllpPeerLimitsOptions) {
    this.#options = options
  }

  get size(): number {
    return this.#slots.size
  }

  countOf(peer: string): number {
    return this.#perPeer.get(peer) ?? 0
  }

  admit(peer: string, now: number): MllpAdmission {
    if (this.countOf(peer) >= this.#options.maxConnectionsPerPeer) return { ok: false, reason: 'peer-limit' }
    let evict: MllpSlot | null = null
    if (this.#slots.size >= this.#options.maxConnections) {
      evict = this.#evictable(now)
      if (evict === null) return { ok: false, reason: 'limit' }
      this.release(evict)
    }
    const slot: MllpSlot = { peer, idleSince: now, busy: false }
    this.#slots.add(slot)
    this.#perPeer.set(peer, this.countOf(peer) + 1)
    return { ok: true, slot, evict }
  }

  /** Frees a slot; releasing one twice (evicted, then closed) is harmless. */
  release(slot: MllpSlot): void {
    if (!this.#slots.delete(slot)) return
    const left = this.countOf(slot.peer) - 1
    if (left > 0) this.#perPeer.set(slot.peer, left)
    else this.#perPeer.delete(slot.peer)
  }

  #evictable(now: number): MllpSlot | null {
    let best: MllpSlot | null = null
    for (const slot of this.#slots) {
      if (slot.busy || now - slot.idleSince < this.#options.evictableAfterMs) continue
      if (
        best === null ||
        this.countOf(slot.peer) > this.countOf(best.peer) ||
        (this.countOf(slot.peer) === this.countOf(best.peer) && slot.idleSince < best.idleSince)
      ) {
        best = slot
      }
    }
    return best
  }
}

/** The address a limit counts: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is the IPv4 peer it maps. */
export function peerAddressOf(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown'
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.')
    ? remoteAddress.slice(7)
    : remoteAddress.toLowerCase()
}
