/**
 * Alarm sound mute with an expiry. In the browser host the page is the app instance and owns it:
 * kept in localStorage so a reload does not unmute, and always bounded — a forgotten mute ends by
 * itself. In Electron main's Notifier owns it and the window shows main's state (`showMute`).
 */
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'

const KEY = 'watchfloor.alarmMute'
/** How long one press of "Mute" silences the tone (IEC 60601-1-8 "audio paused": typically 2 min). */
export const MUTE_MS = 2 * 60_000
export const MAX_MUTE_MS = 24 * 60 * 60_000

export type MuteState = { readonly mutedUntil: number | null }

function load(): MuteState {
  try {
    const raw = globalThis.localStorage?.getItem(KEY)
    const value: unknown = raw ? JSON.parse(raw) : null
    if (
      typeof value === 'object' &&
      value !== null &&
      'mutedUntil' in value &&
      typeof value.mutedUntil === 'number'
    ) {
      return { mutedUntil: value.mutedUntil }
    }
  } catch (error) {
    // Storage disabled or corrupt: start unmuted (the safe default for an alarm).
    reportStorage(error)
  }
  return { mutedUntil: null }
}

function reportStorage(_error: unknown): void {
  // Nothing to log to in the page; unmuted is the safe outcome.
}

export const muteStore: StoreApi<MuteState> = createStore<MuteState>()(() => load())

// A mute pressed in another tab of this browser applies here too (the tone plays in one tab only).
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key === KEY) muteStore.setState(load())
})

/** Mutes until `until` (clamped to 24 h ahead), or unmutes with null. */
export function setMutedUntil(until: number | null, now: number = Date.now()): void {
  const value = until === null ? null : Math.min(until, now + MAX_MUTE_MS)
  muteStore.setState({ mutedUntil: value })
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ mutedUntil: value }))
  } catch (error) {
    reportStorage(error)
  }
}

/** Shows a mute decided elsewhere (Electron main), without keeping it in this page's storage. */
export function showMute(mutedUntil: number | null): void {
  if (muteStore.getState().mutedUntil !== mutedUntil) muteStore.setState({ mutedUntil })
}

/** Whether sound is muted now. */
export function isMuted(state: MuteState, now: number): boolean {
  return state.mutedUntil !== null && state.mutedUntil > now
}

/** The time the mute ends (null: not muted), read in a component. */
export function useMutedUntil(): number | null {
  return useStore(muteStore, (s) => s.mutedUntil)
}
