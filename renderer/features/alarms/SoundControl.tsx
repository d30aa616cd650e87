/**
 * The sound control on the banner: what the tone is doing, in true words, and the mute for roles
 * that may silence an alarm (a viewer's wall may not: an operator acknowledges). The mute is the
 * app instance's: the page's in a browser, main's in Electron (`Host.setMute`).
 */
import type { ReactElement } from 'react'
import { clockTime } from './AlarmLine.tsx'
import { isMuted, MUTE_MS, useMutedUntil } from '../../state/muteState.ts'
import type { SoundStatus } from './useAlarmSound.ts'
import { useWakeAt } from '../../ui/useWakeAt.ts'

const PROBLEM_TEXT: Readonly<Record<NonNullable<SoundStatus['problem']>, string>> = {
  blocked: 'Sound blocked by the browser — click anywhere',
  unavailable: 'Alarm tone unavailable: it could not be loaded from the gateway',
}

export function SoundControl({
  sound,
  mayMute,
  onMute,
}: {
  readonly sound: SoundStatus
  readonly mayMute: boolean
  /** Mutes until the given time, or unmutes with null. */
  readonly onMute: (until: number | null) => void
}): ReactElement {
  const mutedUntil = useMutedUntil()
  // Re-rendered when the mute expires, not every second.
  useWakeAt(mutedUntil)
  const muted = isMuted({ mutedUntil }, Date.now())
  return (
    <span
      className="alarm-sound"
      data-sounding={sound.priority ?? 'none'}
      data-muted={muted}
      data-sound-problem={sound.problem ?? 'none'}
    >
      {muted && mutedUntil !== null ? (
        <>
          <span>Sound muted until {clockTime(mutedUntil)}</span>
          {mayMute ? (
            <button type="button" onClick={() => onMute(null)}>
              Unmute
            </button>
          ) : null}
        </>
      ) : (
        <>
          {sound.problem === null ? null : (
            <span className="alarm-sound-blocked">{PROBLEM_TEXT[sound.problem]}</span>
          )}
          {sound.elsewhere ? <span className="alarm-sound-elsewhere">Tone plays in another tab</span> : null}
          {mayMute ? (
            <button type="button" onClick={() => onMute(Date.now() + MUTE_MS)}>
              Mute 2 min
            </button>
          ) : null}
        </>
      )}
    </span>
  )
}
