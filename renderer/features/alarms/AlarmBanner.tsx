/**
 * The alarm banner on every board: annunciated alarms, highest priority first, floods folded into
 * one line with their count. IEC 60601-1-8 presentation: high red flashing ~2 Hz, medium yellow
 * ~0.6 Hz, low steady cyan, each with a text mark (*** / ** / *) and its priority in words, so
 * neither colour nor flashing is the only cue. On a desktop each line can be acknowledged or
 * shelved with a note; a wall only shows.
 */
import type { ReactElement } from 'react'
import { useHost, useHostCapabilities } from '../../host/HostProvider.tsx'
import { mayActOnAlarms } from '../../../shared/domain/alarms/alarmPermissions.ts'
import {
  selectLiveAlarms,
  selectConnection,
  selectHello,
  selectReceived,
  selectTheme,
} from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { AlarmLine } from './AlarmLine.tsx'
import { useAlarmHistory } from '../../state/alarmHistoryStore.ts'
import { alarmsUnknown } from './alarmsUnknown.ts'
import { bannerLines, PRIORITY_LABEL } from './alarmPresentation.ts'
import { SoundControl } from './SoundControl.tsx'
import { useAlarmSound, useHostRequestedTone } from './useAlarmSound.ts'
import { useFocusAlarm } from './useFocusAlarm.ts'
import './alarms.css'

/** The banner, placed by the frame above every board. */
export function AlarmBanner(): ReactElement {
  const host = useHost()
  const { pagePlaysTone } = useHostCapabilities()
  // The live alarms, also while the board replays: the banner never shows the past.
  const alarms = useWatchfloor(selectLiveAlarms)
  const theme = useWatchfloor(selectTheme)
  const wall = theme === 'wall'
  // Show what the role may do: a viewer gets no Acknowledge/Shelve that the gateway would refuse.
  const role = useWatchfloor(selectHello)?.role ?? null
  const mayAct = role !== null && mayActOnAlarms(role)
  // In the browser the page is the app instance and plays the sound; in Electron main picks one window.
  const sound = useAlarmSound(pagePlaysTone)
  useHostRequestedTone(host.onPlaySound, !pagePlaysTone)
  useFocusAlarm(host.onFocusAlarm)
  const packErrors = useAlarmHistory((s) => s.packErrors)
  const { lines, more } = bannerLines(alarms, 3)
  const operable = !wall && mayAct
  // Not connected or still restoring: no empty banner is an all-clear.
  const connection = useWatchfloor(selectConnection)
  const received = useWatchfloor(selectReceived)
  const unknown = alarmsUnknown(connection, received)
  return (
    <section
      className={`alarm-banner${lines.length === 0 ? ' alarm-banner-quiet' : ''}${unknown ? ' alarm-banner-unknown' : ''}`}
      aria-label="Current alarms"
      data-alarm-lines={lines.length}
      data-alarms-known={unknown ? 'false' : 'true'}
    >
      {unknown ? (
        <span className="alarm-unknown" role="status" data-testid="alarms-unknown">
          <span aria-hidden="true">?</span> {unknown}
        </span>
      ) : null}
      {packErrors.length > 0 ? (
        <span className="alarm-error" role="alert" title={packErrors.join('\n')}>
          ALARM RULES REFUSED — no local alarms: {packErrors[0]}
        </span>
      ) : null}
      {lines.length === 0 ? (
        unknown ? null : (
          <span className="alarm-quiet">
            <span aria-hidden="true">✓</span> No active alarms
          </span>
        )
      ) : (
        <ul className="alarm-lines">
          {lines.map((alarm) => (
            <AlarmLine
              key={alarm.fingerprint}
              alarm={alarm}
              send={operable ? (r) => host.alarmAction(r) : null}
            />
          ))}
        </ul>
      )}
      {/* Announce what needs attention, not every second's age change. */}
      <span className="alarm-sr-only" aria-live="assertive">
        {lines
          .filter((a) => a.state === 'unacknowledged')
          .map((a) => `${PRIORITY_LABEL[a.priority]} priority alarm: ${a.title}. ${a.detail}.`)
          .join(' ')}
      </span>
      <span className="alarm-banner-side">
        {more > 0 ? <span className="alarm-more">+{more} more</span> : null}
        {/* The app instance's mute, whichever host owns it (the page, or Electron main). */}
        <SoundControl sound={sound} mayMute={mayAct} onMute={host.setMute} />
      </span>
    </section>
  )
}
