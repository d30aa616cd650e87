import type { ReactElement } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import { mapFocusForAlarm } from '../../state/alarmPlace.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'
import { placeWorldNow as worldNow } from './useFocusAlarm.ts'

/**
 * "Show" on an alarm with a place (a desktop; a wall's map follows by itself): asks the board's
 * map, through the store, to go to the alarm's level and frame its footprint.
 */
export function ShowOnMapButton({ alarm }: { readonly alarm: ActiveAlarm }): ReactElement | null {
  const world = worldNow()
  if (!world || !mapFocusForAlarm(alarm, world)) return null
  return (
    <button
      type="button"
      className="alarm-show"
      aria-label={`Show ${alarm.title} on the map`}
      onClick={() => {
        const now = worldNow()
        const request = now ? mapFocusForAlarm(alarm, now) : null
        if (request) watchfloorStore.getState().focusMap(request)
      }}
    >
      Show
    </button>
  )
}
