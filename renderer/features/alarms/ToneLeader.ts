/**
 * One alarm tone per browser profile: the tabs of the browser host elect one leader over a
 * BroadcastChannel, and only the leader plays (every tab still shows its banner). Web Locks would
 * be simpler but exist only in secure contexts, and a trust may serve the board over plain http
 * on its LAN; BroadcastChannel works in both.
 *
 * The protocol, Raft-like in miniature:
 * - the leader sends a heartbeat (its id and term) every `heartbeatMs`;
 * - a follower that hears none for `timeoutMs` claims leadership with the next term;
 * - a higher term wins; within one term the lower id wins — so two tabs claiming at once settle on
 *   one at the next message, and a leader whose timers the browser throttled (a hidden tab) steps
 *   down as soon as it hears the newer term;
 * - a tab that opens asks who leads and waits `claimAfterMs` before claiming, so opening a second
 *   tab never sounds a second tone; a tab that closes resigns, and the others take over at once.
 *
 * Pure: the channel and the clock are injected, so the election is tested without a browser.
 */

export type LeaderMessage =
  | { readonly type: 'heartbeat'; readonly id: string; readonly term: number }
  | { readonly type: 'query'; readonly id: string }
  | { readonly type: 'resign'; readonly id: string; readonly term: number }

export type LeaderChannel = {
  post(message: LeaderMessage): void
  onMessage(listener: (message: LeaderMessage) => void): () => void
  close(): void
}

export type ToneLeaderOptions = {
  /** Unique per tab; ties within a term go to the lower id. */
  readonly id: string
  readonly channel: LeaderChannel
  readonly now: () => number
  readonly heartbeatMs?: number
  readonly timeoutMs?: number
  readonly claimAfterMs?: number
  readonly onChange?: (isLeader: boolean) => void
}

export class ToneLeader {
  readonly #id: string
  readonly #channel: LeaderChannel
  readonly #now: () => number
  readonly #timeoutMs: number
  readonly #claimAfterMs: number
  readonly #onChange: ((isLeader: boolean) => void) | undefined
  readonly heartbeatMs: number
  #term = 0
  #leaderId: string | null = null
  #lastHeard = 0
  #startedAt = 0
  #leader = false
  #detach: (() => void) | null = null

  constructor(options: ToneLeaderOptions) {
    this.#id = options.id
    this.#channel = options.channel
    this.#now = options.now
    this.heartbeatMs = options.heartbeatMs ?? 1_000
    this.#timeoutMs = options.timeoutMs ?? 3_500
    this.#claimAfterMs = options.claimAfterMs ?? 1_500
    this.#onChange = options.onChange
  }

  get isLeader(): boolean {
    return this.#leader
  }

  start(): void {
    if (this.#detach !== null) return
    this.#startedAt = this.#now()
    this.#detach = this.#channel.onMessage((message) => this.#receive(message))
    this.#channel.post({ type: 'query', id: this.#id })
  }

  /** Call every `heartbeatMs`. */
  tick(): void {
    const now = this.#now()
    if (this.#leader) {
      this.#channel.post({ type: 'heartbeat', id: this.#id, term: this.#term })
      return
    }
    const heardRecently = this.#leaderId !== null && now - this.#lastHeard < this.#timeoutMs
    if (heardRecently || now - this.#startedAt < this.#claimAfterMs) return
    this.#term += 1
    this.#leaderId = this.#id
    this.#set(true)
    this.#channel.post({ type: 'heartbeat', id: this.#id, term: this.#term })
  }

  /** The tab is closing: hand over at once rather than after a timeout. */
  stop(): void {
    if (this.#leader) this.#channel.post({ type: 'resign', id: this.#id, term: this.#term })
    this.#detach?.()
    this.#detach = null
    this.#set(false)
    this.#channel.close()
  }

  #receive(message: LeaderMessage): void {
    if (message.id === this.#id) return
    const now = this.#now()
    switch (message.type) {
      case 'query':
        if (this.#leader) this.#channel.post({ type: 'heartbeat', id: this.#id, term: this.#term })
        return
      case 'resign':
        if (message.id === this.#leaderId) {
          this.#leaderId = null
          // Claim at the next tick, without the opening grace.
          this.#startedAt = -Infinity
        }
        return
      case 'heartbeat': {
        const wins = message.term > this.#term || (message.term === this.#term && message.id < this.#id)
        if (this.#leader && !wins) {
          // An older or losing claim: answer, so its sender steps down.
          this.#channel.post({ type: 'heartbeat', id: this.#id, term: this.#term })
          return
        }
        if (message.term < this.#term) return
        this.#term = message.term
        this.#leaderId = message.id
        this.#lastHeard = now
        this.#set(false)
        return
      }
      default:
        return
    }
  }

  #set(leader: boolean): void {
    if (this.#leader === leader) return
    this.#leader = leader
    this.#onChange?.(leader)
  }
}
