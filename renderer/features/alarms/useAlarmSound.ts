/**
 * Plays the tone of the highest-priority unacknowledged alarm, repeating each burst at its
 * IEC 60601-1-8 interval, until it is acknowledged or muted. Only ONE player per app instance may
 * run: the browser host's page (the page is the instance); in Electron main's Notifier picks one
 * window and this hook is not used there.
 */
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import type { AlarmPriority } from '../../../shared/contracts/alarms.ts'
import { TONE_PATTERNS } from '../../../shared/domain/alarms/tonePatterns.ts'
import highTone from '../../../resources/sounds/high.wav?url'
import lowTone from '../../../resources/sounds/low.wav?url'
import mediumTone from '../../../resources/sounds/medium.wav?url'
import { selectAlarms } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import type { Host } from '../../host/Host.ts'
import { soundingAlarm } from '../../../shared/domain/alarms/alarmPriority.ts'
import { isMuted, muteStore } from './muteState.ts'

const TONE_URL: Readonly<Record<AlarmPriority, string>> = { high: highTone, medium: mediumTone, low: lowTone }

export type SoundStatus = {
  readonly priority: AlarmPriority | null
  readonly muted: boolean
  readonly blocked: boolean
}

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

/**
 * The browser host's player: the page is the app instance, so it decides itself what sounds — the
 * highest-priority unacknowledged alarm, unless muted. Runs only when `enabled`.
 */
export function useAlarmSound(enabled: boolean): SoundStatus {
  const alarms = useWatchfloor(selectAlarms)
  const mutedUntil = useStore(muteStore, (s) => s.mutedUntil)
  const [, setExpiry] = useState(0)
  const muted = isMuted({ mutedUntil }, Date.now())
  const priority = enabled && !muted ? (soundingAlarm(alarms)?.priority ?? null) : null

  // Re-render when a mute expires, so the tone resumes by itself.
  useEffect(() => {
    if (mutedUntil === null || mutedUntil <= Date.now()) return
    const timer = setTimeout(() => setExpiry(Date.now()), mutedUntil - Date.now() + 50)
    return () => clearTimeout(timer)
  }, [mutedUntil])

  const blocked = useTonePlayer(priority)
  return { priority, muted, blocked }
}
