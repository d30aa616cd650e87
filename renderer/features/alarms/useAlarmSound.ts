/**
 * Plays the tone of the highest-priority unacknowledged alarm, repeating each burst at its
 * IEC 60601-1-8 interval, until it is acknowledged or muted. Only ONE player per app instance may
 * run: in the browser host the page (the page is the instance — and of the tabs of one browser
 * profile, the elected one); in Electron the window main's Notifier picks.
 */
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { useEffect, useState } from 'react'
import type { AlarmPriority } from '../../../shared/contracts/alarms.ts'
import { TONE_PATTERNS } from '../../../shared/domain/alarms/tonePatterns.ts'
import highTone from '../../../resources/sounds/high.wav?url'
import lowTone from '../../../resources/sounds/low.wav?url'
import mediumTone from '../../../resources/sounds/medium.wav?url'
import { selectLiveAlarms } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import type { Host } from '../../host/Host.ts'
import { soundingAlarm } from '../../../shared/domain/alarms/alarmPriority.ts'
import { isMuted, useMutedUntil } from '../../state/muteState.ts'
import { useToneLeadership } from './useToneLeadership.ts'
import { WebTonePlayer } from './WebTonePlayer.ts'

const TONE_URL: Readonly<Record<AlarmPriority, string>> = { high: highTone, medium: mediumTone, low: lowTone }

/**
 * Plays `priority`'s burst now and again at its repeat interval until `priority` changes or is
 * null. Returns whether the browser refused to play (autoplay policy before any user gesture).
 * Use it directly where the host decides what sounds (Electron main's Notifier sends a
 * `SoundRequest` to one window).
 */
export function useTonePlayer(priority: AlarmPriority | null): boolean {
  const [blocked, setBlocked] = useState(false)
  useEffect(() => {
    if (priority === null) return
    const audio = new Audio(TONE_URL[priority])
    const play = (): void => {
      audio.currentTime = 0
      audio.play().then(
        () => setBlocked(false),
        // Autoplay refused (no user gesture yet in a plain browser): the banner says so.
        () => setBlocked(true),
      )
    }
    play()
    const timer = setInterval(play, TONE_PATTERNS[priority].repeatMs)
    return () => {
      clearInterval(timer)
      audio.pause()
    }
  }, [priority])
  return priority !== null && blocked
}

/**
 * The Electron player: main's Notifier picks ONE window per app instance and tells it what to play
 * (or to stop), so the tone sounds once however many windows the wall has. Mute lives in main.
 */
export function useHostRequestedTone(onPlaySound: Host['onPlaySound'], enabled: boolean): boolean {
  const [priority, setPriority] = useState<AlarmPriority | null>(null)
  useEffect(() => {
    if (!enabled) return
    return onPlaySound((request) => setPriority(request.action === 'play' ? request.priority : null))
  }, [onPlaySound, enabled])
  return useTonePlayer(enabled ? priority : null)
}

/** What the browser host's sound is doing, as the banner reports it. */
export type SoundStatus = {
  /** The priority this tab sounds (null: nothing, muted, or another tab plays it). */
  readonly priority: AlarmPriority | null
  readonly muted: boolean
  /** Why the tone cannot be heard: held by the browser until a click, or never loaded. */
  readonly problem: 'blocked' | 'unavailable' | null
  /** Another tab of this browser plays the tone (one tone per browser profile). */
  readonly elsewhere: boolean
}

/** The browser host's tones, decoded at startup so they play with the gateway down. */
const pageTones = new WebTonePlayer({
  urls: TONE_URL,
  createAudio: () => (typeof AudioContext === 'function' ? new AudioContext() : null),
  fetch: (url) => fetch(url),
  onUserGesture: (resume) => {
    for (const type of ['pointerdown', 'keydown'] as const)
      globalThis.document?.addEventListener(type, resume, { capture: true })
  },
})

/** Plays `priority`'s burst now and at its repeat interval; reports why it cannot be heard. */
function usePageTone(priority: AlarmPriority | null): SoundStatus['problem'] {
  const [problem, setProblem] = useState<SoundStatus['problem']>(null)
  useEffect(() => {
    if (priority === null) {
      setProblem(null)
      return
    }
    let live = true
    const play = (): void => {
      runDetached(
        pageTones.play(priority).then((outcome) => {
          if (live) setProblem(outcome === 'played' ? null : outcome)
        }),
        logDetachedFailure('playing the alarm tone'),
      )
    }
    play()
    const timer = setInterval(play, TONE_PATTERNS[priority].repeatMs)
    return () => {
      live = false
      clearInterval(timer)
      pageTones.stop()
    }
  }, [priority])
  return priority === null ? null : problem
}

/**
 * The browser host's player: the page is the app instance, so it decides itself what sounds — the
 * highest-priority unacknowledged alarm, unless muted — and one tab per browser profile plays it.
 */
export function useAlarmSound(enabled: boolean): SoundStatus {
  const alarms = useWatchfloor(selectLiveAlarms)
  const mutedUntil = useMutedUntil()
  const [, setExpiry] = useState(0)
  const leads = useToneLeadership(enabled)
  const muted = isMuted({ mutedUntil }, Date.now())
  const sounding = enabled && !muted ? (soundingAlarm(alarms)?.priority ?? null) : null
  const priority = leads ? sounding : null

  // Load the tones while the gateway that serves them is up.
  useEffect(() => {
    if (enabled) runDetached(pageTones.load(), logDetachedFailure('loading the alarm tones'))
  }, [enabled])

  // Re-render when a mute expires, so the tone resumes by itself.
  useEffect(() => {
    if (mutedUntil === null || mutedUntil <= Date.now()) return
    const timer = setTimeout(() => setExpiry(Date.now()), mutedUntil - Date.now() + 50)
    return () => clearTimeout(timer)
  }, [mutedUntil])

  const problem = usePageTone(priority)
  return { priority, muted, problem, elsewhere: enabled && !leads && sounding !== null }
}
