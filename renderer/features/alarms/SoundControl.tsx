/**
 * The browser host's sound control on the banner: what the tone is doing, in true words, and the
 * mute for roles that may silence an alarm (a viewer's wall may not: an operator acknowledges).
 */
import type { ReactElement } from 'react'
import { clockTime } from './AlarmLine.tsx'
import { isMuted, MUTE_MS, setMutedUntil, useMutedUntil } from '../../state/muteState.ts'
import type { SoundStatus } from './useAlarmSound.ts'

const PROBLEM_TEXT: Readonly<Record<NonNullable<SoundStatus['problem']>, string>> = {
  blocked: 'Sound blocked by the browser — click anywhere',
  unavailable: 'Alarm tone unavailable: it could not be loaded from the gateway',
}

export function SoundControl({
  sound,
  now,
  mayMute,
}: {
  readonly sound: SoundStatus
  readonly now: number
  readonly mayMute: boolean
}): ReactElement {
  const mutedUntil = useMutedUntil()
  const muted = isMuted({ mutedUntil }, now)
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
            <button type="button" onClick={() => setMutedUntil(null)}>
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
            <button type="button" onClick={() => setMutedUntil(Date.now() + MUTE_MS)}>
              Mute 2 min
            </button>
          ) : null}
        </>
      )}
    </span>
  )
}
