/**
 * Jumps a rotating display to the board showing an unacknowledged high alarm as soon as it is
 * raised (the rotation timer, via `alarmAwareNext`, then keeps it there until it is acknowledged).
 */
import { useEffect } from 'react'
import { selectLiveAlarms } from '../../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../../state/watchfloorStore.ts'
import { alarmAwareNext, holdingAlarm, type BoardLike } from './alarmRotation.ts'

export function useAlarmHold(
  rotation: { readonly boardIds: readonly string[] } | null,
  boards: readonly BoardLike[],
): void {
  const alarms = useWatchfloor(selectLiveAlarms)
  const hold = holdingAlarm(alarms)?.fingerprint ?? null
  useEffect(() => {
    if (rotation === null || hold === null) return
    const state = watchfloorStore.getState()
    const target = alarmAwareNext(rotation, boards, state.boardId, selectLiveAlarms(state))
    state.setBoard(target)
  }, [rotation, boards, hold])
}
