/**
 * The transitions the alarm history view lists. In the browser host the page is the app instance
 * and runs the engine itself, so the history is the engine's own transitions (in memory — the
 * gateway's relay keeps who acknowledged and shelved what across reloads). In Electron the engine
 * and its journal live in main: while a history view is open the host reads the journal over IPC
 * (`watchfloor:alarm-history`) and shows it here (`showJournal`). Until it has, or if main has no
 * journal, the view lists the operator actions the gateway relays.
 */
import { useEffect } from 'react'
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
  /** History views on screen now: the Electron host reads main's journal only while one is. */
  readonly viewers: number
}

const LIMIT = 1_000

export const alarmHistoryStore: StoreApi<AlarmHistoryState> = createStore<AlarmHistoryState>()(() => ({
  transitions: [],
  available: false,
  packErrors: [],
  viewers: 0,
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

/** Shows the journal main keeps (Electron), oldest first: it replaces what was shown. */
export function showJournal(transitions: readonly AlarmTransition[]): void {
  alarmHistoryStore.setState({ transitions: transitions.slice(-LIMIT), available: true })
}

/** A history view is on screen while this is mounted (so the Electron host keeps it current). */
export function useAlarmHistoryViewer(): void {
  useEffect(() => {
    alarmHistoryStore.setState((s) => ({ viewers: s.viewers + 1 }))
    return () => alarmHistoryStore.setState((s) => ({ viewers: s.viewers - 1 }))
  }, [])
}

/** Records that the rule pack was refused, so the banner can say alarms are not working. */
export function reportPackErrors(errors: readonly string[]): void {
  alarmHistoryStore.setState({ packErrors: errors })
}

/** Reads the alarm history in a component (zustand stays inside renderer/state). */
export function useAlarmHistory<T>(selector: (state: AlarmHistoryState) => T): T {
  return useStore(alarmHistoryStore, selector)
}
