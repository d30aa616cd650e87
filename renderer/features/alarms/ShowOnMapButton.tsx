import type { ReactElement } from 'react'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import { mapFocusForAlarm, type PlaceWorld } from '../../state/alarmPlace.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'

function worldNow(): PlaceWorld | null {
  const { siteModel, entities } = watchfloorStore.getState()
  return siteModel
    ? { siteModel, devices: entities.network, assets: entities.assets, alerts: entities.cyber }
    : null
}

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
