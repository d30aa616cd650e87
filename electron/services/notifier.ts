/**
 * The one owner of alarm sound and OS notifications for the app instance (docs/architecture.md: alarms sound
 * and notify once per app instance, never once per window). It watches the hub's alarm list and
 * - asks exactly ONE window (the sound window: the primary display's, or the desktop window) to
 *   play the tone of the highest-priority unacknowledged alarm, and to stop when none is left or
 *   sound is muted;
 * - raises an OS notification for each newly unacknowledged alarm in desktop mode; clicking it
 *   brings the desktop window to the front and tells it to focus that alarm (`focus-alarm`).
 * Mute has an expiry (at most 24 h) and survives a restart through settings. (A rotating wall
 * display holds on an unacknowledged high alarm by itself: every window has the alarm list.)
 */
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import { soundingAlarm } from '../../shared/domain/alarms/alarmPriority.ts'
import type { AppMode, FocusAlarm, MuteState, SoundRequest } from '../../shared/contracts/ipc.ts'
import type { AppWindow, Clock, TimerHandle } from '../core/ports.ts'
import type { WindowDirectory } from '../core/windowDirectory.ts'
import type { Logger } from './logger.ts'

export const MAX_MUTE_MS = 24 * 60 * 60 * 1000

export type OsNotification = {
  readonly title: string
  readonly body: string
  readonly urgent: boolean
  /** Called when the operator clicks the notification. */
  readonly onClick: () => void
}

export type NotifierDeps = {
  readonly mode: AppMode
  /** In desktop mode the sound window is the one desktop window, where notifications lead. */
  readonly directory: Pick<WindowDirectory, 'soundWindow' | 'broadcastContext'>
  readonly clock: Clock
  readonly log: Logger
  /** Shows an OS notification (desktop mode only). */
  readonly notify: (notification: OsNotification) => void
  readonly loadMute: () => MuteState
  readonly saveMute: (state: MuteState) => void
}

export type Notifier = {
  /** The hub's current alarm list (call on every change of `alarms`). */
  update(alarms: readonly ActiveAlarm[]): void
  /** A window (re)loaded or the sound window may have moved: re-send what it must know. */
  windowLoaded(window: AppWindow): void
  setMute(until: number | null): MuteState
  muteState(): MuteState
  stop(): void
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const { clock, log, directory } = deps
  let alarms: readonly ActiveAlarm[] = []
  let seenUnacked = new Set<string>()
  let mute = normalise(deps.loadMute())
  let muteTimer: TimerHandle | null = null
  let lastSound: { window: AppWindow; request: SoundRequest } | null = null

  function normalise(state: MuteState): MuteState {
    return state.mutedUntil !== null && state.mutedUntil > clock.now() ? state : { mutedUntil: null }
  }

  const desiredSound = (): SoundRequest => {
    if (mute.mutedUntil !== null) return { action: 'stop' }
    const a = soundingAlarm(alarms)
    return a === null
      ? { action: 'stop' }
      : { action: 'play', priority: a.priority, fingerprint: a.fingerprint }
  }

  const sameSound = (a: SoundRequest, b: SoundRequest): boolean =>
    a.action === b.action && (a.action === 'stop' || (b.action === 'play' && a.priority === b.priority))

  const syncSound = (force = false): void => {
    const window = directory.soundWindow()
    const request = desiredSound()
    if (lastSound !== null && lastSound.window !== window && !lastSound.window.isDestroyed()) {
      // The sound moved to another window (display unplugged, primary changed): silence the old one.
      lastSound.window.send(IpcChannel.playSound, { action: 'stop' } satisfies SoundRequest)
    }
    if (window === null || window.isDestroyed()) {
      lastSound = null
      return
    }
    if (!force && lastSound !== null && lastSound.window === window && sameSound(lastSound.request, request))
      return
    if (lastSound === null && request.action === 'stop' && !force) {
      lastSound = { window, request }
      return
    }
    window.send(IpcChannel.playSound, request)
    lastSound = { window, request }
    log.info('sound request', {
      action: request.action,
      priority: request.action === 'play' ? request.priority : null,
    })
  }

  /** A notification was clicked: the operator wants to see that alarm now. */
  const focusAlarm = (fingerprint: string): void => {
    const window = directory.soundWindow()
    if (window === null || window.isDestroyed()) return
    window.bringToFront()
    window.send(IpcChannel.focusAlarm, { fingerprint } satisfies FocusAlarm)
    log.info('notification clicked; alarm focused')
  }

  const scheduleUnmute = (): void => {
    if (muteTimer !== null) clock.clearTimeout(muteTimer)
    muteTimer = null
    if (mute.mutedUntil === null) return
    muteTimer = clock.setTimeout(() => {
      muteTimer = null
      log.info('mute expired')
      mute = { mutedUntil: null }
      deps.saveMute(mute)
      directory.broadcastContext()
      syncSound()
    }, mute.mutedUntil - clock.now())
  }
  scheduleUnmute()

  return {
    update(next) {
      alarms = next
      const unacked = new Set(next.filter((a) => a.state === 'unacknowledged').map((a) => a.fingerprint))
      if (deps.mode === 'desktop') {
        for (const a of next) {
          if (a.state !== 'unacknowledged' || seenUnacked.has(a.fingerprint)) continue
          deps.notify({
            title: `${a.priority.toUpperCase()} — ${a.title}`,
            body: a.detail,
            urgent: a.priority === 'high',
            onClick: () => focusAlarm(a.fingerprint),
          })
        }
      }
      seenUnacked = unacked
      syncSound()
    },
    windowLoaded(window) {
      if (directory.soundWindow() === window) syncSound(true)
      else syncSound()
    },
    setMute(until) {
      const now = clock.now()
      mute =
        until === null || until <= now
          ? { mutedUntil: null }
          : { mutedUntil: Math.min(until, now + MAX_MUTE_MS) }
      log.info('mute set', {
        muted: mute.mutedUntil !== null,
        forMs: mute.mutedUntil === null ? 0 : mute.mutedUntil - now,
      })
      deps.saveMute(mute)
      scheduleUnmute()
      directory.broadcastContext()
      syncSound()
      return mute
    },
    muteState: () => mute,
    stop() {
      if (muteTimer !== null) clock.clearTimeout(muteTimer)
      muteTimer = null
    },
  }
}
