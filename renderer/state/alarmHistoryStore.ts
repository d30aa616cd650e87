/**
 * The transitions the alarm history view lists. In the browser host the page is the app instance
 * and runs the engine itself, so the history is the engine's own transitions (in memory — the
 * gateway's relay keeps who acknowledged and shelved what across reloads). In Electron the journal
 * lives in main; until main forwards it, a window shows the relayed actions only.
 */
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'

export type AlarmHistoryState = {
  /** Oldest first, bounded. */
  readonly transitions: readonly AlarmTransition[]
  /** Whether this window has an engine's transitions (false: show relayed actions instead). */
  readonly available: boolean
  /** Why the rule pack was refused, shown on the banner; empty when it loaded. */
  readonly packErrors: readonly string[]
}

const LIMIT = 1_000

export const alarmHistoryStore: StoreApi<AlarmHistoryState> = createStore<AlarmHistoryState>()(() => ({
  transitions: [],
  available: false,
  packErrors: [],
}))

let pending: AlarmTransition[] = []
let scheduled = false

/** Records a transition; a flood's transitions reach the store in one update. */
export function recordTransition(transition: AlarmTransition): void {
  pending.push(transition)
  if (scheduled) return
  scheduled = true
  queueMicrotask(() => {
    scheduled = false
    const next = [...alarmHistoryStore.getState().transitions, ...pending].slice(-LIMIT)
    pending = []
    alarmHistoryStore.setState({ transitions: next, available: true })
  })
}

/** Marks the history as available (an engine runs in this page) even before any transition. */
export function markHistoryAvailable(): void {
  if (!alarmHistoryStore.getState().available) alarmHistoryStore.setState({ available: true })
}

/** Records that the rule pack was refused, so the banner can say alarms are not working. */
export function reportPackErrors(errors: readonly string[]): void {
  alarmHistoryStore.setState({ packErrors: errors })
}

/** Reads the alarm history in a component (zustand stays inside renderer/state). */
export function useAlarmHistory<T>(selector: (state: AlarmHistoryState) => T): T {
  return useStore(alarmHistoryStore, selector)
}
