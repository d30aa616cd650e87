/**
 * "Show me this alarm", from outside the board: in Electron, the operator clicked an alarm's OS
 * notification and main brought this window forward. The board goes to the alarm's place on the map
 * (as "Show" on its line does) and keyboard focus moves to the alarm's line, so Enter acknowledges.
 */
import { useEffect } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import type { Host } from '../../host/Host.ts'
import { mapFocusForAlarm, type PlaceWorld } from '../../state/alarmPlace.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'

/** The replica's places now, or null before the site model has arrived. */
export function placeWorldNow(): PlaceWorld | null {
  const { siteModel, entities } = watchfloorStore.getState()
  return siteModel
    ? { siteModel, devices: entities.network, assets: entities.assets, alerts: entities.cyber }
    : null
}

/** The line showing this alarm: itself, or the flood line it is now a member of. */
export function alarmLineFor(alarms: readonly ActiveAlarm[], fingerprint: string): ActiveAlarm | null {
  return (
    alarms.find((a) => a.fingerprint === fingerprint) ??
    alarms.find((a) => a.members.includes(fingerprint)) ??
    null
  )
}

/** Shows the alarm: its place on the map, and focus on its line's first control. */
export function focusAlarm(fingerprint: string): void {
  const state = watchfloorStore.getState()
  const line = alarmLineFor(state.alarms, fingerprint)
  // Gone already (cleared and acknowledged elsewhere): nothing to show.
  if (line === null) return
  const world = placeWorldNow()
  const request = world === null ? null : mapFocusForAlarm(line, world)
  if (request !== null) state.focusMap(request)
  // After the board has drawn the line (it may just have switched boards).
  requestAnimationFrame(() => {
    const element = document.querySelector(`[data-fingerprint="${CSS.escape(line.fingerprint)}"]`)
    const control = element?.querySelector<HTMLElement>('button') ?? null
    control?.focus()
  })
}

/** Listens for the host's requests to show an alarm. */
export function useFocusAlarm(onFocusAlarm: Host['onFocusAlarm']): void {
  useEffect(() => onFocusAlarm(focusAlarm), [onFocusAlarm])
}
