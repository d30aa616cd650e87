/**
 * One window's feed, live or replayed: the switch every host puts between its hub and a window.
 *
 * Live, it passes the hub's messages through untouched. Replaying, the window gets the replay
 * session's messages instead — the same snapshot-then-changes stream, so the store and every panel
 * read the past exactly as they read the present — plus, from the live hub, only what must stay
 * live: the alarms (as `liveAlarms`, for the banner and the one sound: a live high alarm always
 * wins the screen), the connection and the hello. Back to live is one call: the session stops and
 * the window gets the hub's full snapshot.
 */
import type { ActiveAlarm } from '../contracts/alarms.ts'
import type { HubToWindowMessage, ReplicaChanges, ReplicaSnapshot } from '../contracts/hub.ts'
import type { ReplayCommand, ReplayCommandResult } from '../contracts/replay.ts'
import { assertNever } from '../util/assertNever.ts'
import type { ReplaySession } from './ReplaySession.ts'

/** What the switch needs of the live hub (FeedHub provides it). */
export type LiveFeed = {
  attach(listener: (message: HubToWindowMessage) => void): () => void
  snapshot(): ReplicaSnapshot
}

export type ReplaySwitchOptions = {
  readonly live: LiveFeed
  /** A new session for this window (it reads the live replica for hello, site model, sources). */
  readonly createSession: () => ReplaySession
}

export class ReplaySwitch {
  private readonly options: ReplaySwitchOptions
  private session: ReplaySession | null = null
  private detachSession: (() => void) | null = null
  private listener: ((message: HubToWindowMessage) => void) | null = null
  private detachLive: (() => void) | null = null
  private liveAlarms: readonly ActiveAlarm[] = []

  constructor(options: ReplaySwitchOptions) {
    this.options = options
  }

  /** Whether the window is replaying. */
  get replaying(): boolean {
    return this.session !== null
  }

  /** Attaches the window (one per switch); a snapshot follows at once, as from the hub. */
  attach(listener: (message: HubToWindowMessage) => void): () => void {
    this.listener = listener
    this.detachLive = this.options.live.attach((message) => this.fromLive(message))
    if (this.session !== null) {
      // A reloaded window that was replaying: it carries on replaying.
      this.detachSession?.()
      this.detachSession = this.session.attach((message) => this.fromSession(message))
    }
    return () => {
      this.detachLive?.()
      this.detachLive = null
      this.listener = null
      this.leave()
    }
  }

  /** Carries out a window's replay command. Never throws. */
  async command(command: ReplayCommand): Promise<ReplayCommandResult> {
    switch (command.type) {
      case 'seek': {
        const session = this.enter()
        await session.seek(command.at, command.rangeFrom)
        const error = session.getStatus().error
        return error === null ? { ok: true } : { ok: false, error }
      }
      case 'play':
        if (this.session === null) return notReplaying
        this.session.play(command.speed)
        return { ok: true }
      case 'pause':
        if (this.session === null) return notReplaying
        this.session.pause()
        return { ok: true }
      case 'next-alarm':
        if (this.session === null) return notReplaying
        return (await this.session.nextAlarm())
          ? { ok: true }
          : { ok: false, error: 'No alarm was raised or acknowledged after this moment' }
      case 'live':
        this.backToLive()
        return { ok: true }
      default:
        return assertNever(command, 'replay command')
    }
  }

  /** Ends any replay without a window (the window closed). */
  stop(): void {
    this.leave()
  }

  private enter(): ReplaySession {
    if (this.session !== null) return this.session
    const session = this.options.createSession()
    this.session = session
    this.liveAlarms = this.options.live.snapshot().alarms
    this.detachSession = session.attach((message) => this.fromSession(message))
    return session
  }

  private backToLive(): void {
    if (this.session === null) return
    this.leave()
    // The whole live picture, at once: nothing of the past lingers on screen.
    this.listener?.({
      type: 'snapshot',
      state: { ...this.options.live.snapshot(), replay: null, liveAlarms: null },
    })
  }

  private leave(): void {
    this.detachSession?.()
    this.detachSession = null
    this.session?.stop()
    this.session = null
  }

  private fromSession(message: HubToWindowMessage): void {
    if (this.listener === null) return
    if (message.type === 'snapshot') {
      this.listener({ type: 'snapshot', state: { ...message.state, liveAlarms: this.liveAlarms } })
      return
    }
    this.listener(message)
  }

  private fromLive(message: HubToWindowMessage): void {
    if (this.listener === null) return
    if (this.session === null) {
      this.listener(message)
      return
    }
    const live: ReplicaChanges =
      message.type === 'snapshot'
        ? {
            liveAlarms: message.state.alarms,
            connection: message.state.connection,
            hello: message.state.hello,
          }
        : pickLive(message.changes)
    if (message.type === 'snapshot') this.liveAlarms = message.state.alarms
    else if (message.changes.alarms !== undefined) this.liveAlarms = message.changes.alarms
    if (Object.keys(live).length > 0) this.listener({ type: 'changes', changes: live })
  }
}

const notReplaying: ReplayCommandResult = { ok: false, error: 'This window is not replaying' }

/** Of the live changes, what a replaying window still shows live. */
function pickLive(changes: ReplicaChanges): ReplicaChanges {
  const picked: { -readonly [K in keyof ReplicaChanges]: ReplicaChanges[K] } = {}
  if (changes.alarms !== undefined) picked.liveAlarms = changes.alarms
  if (changes.connection !== undefined) picked.connection = changes.connection
  if (changes.hello !== undefined) picked.hello = changes.hello
  return picked
}
