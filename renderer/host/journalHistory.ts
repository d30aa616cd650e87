/**
 * Keeps the Electron window's alarm history showing main's journal: reads it over IPC when a history
 * view opens and again after the alarms change while one is open — at most once a second, so a
 * flood costs one read of the journal per second, not one per flush — and never while none is open.
 */
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

/** The most recent transitions read (the history view lists at most this many). */
export const JOURNAL_LIMIT = 1_000
/** At most one journal read per this many ms. */
export const JOURNAL_REFRESH_MS = 1_000

export type JournalHistoryDeps = {
  readonly read: (limit: number) => Promise<IpcResult<readonly AlarmTransition[]>>
  readonly show: (transitions: readonly AlarmTransition[]) => void
  readonly setTimer: (callback: () => void, ms: number) => () => void
  readonly onFailure: (error: unknown) => void
}

export type JournalHistory = {
  /** Whether a history view is open now. */
  setWanted(wanted: boolean): void
  /** The alarm list changed: the journal has new transitions. */
  alarmsChanged(): void
  stop(): void
}

export function createJournalHistory(deps: JournalHistoryDeps): JournalHistory {
  let wanted = false
  let stale = true
  let cancelTimer: (() => void) | null = null
  let stopped = false

  const read = (): void => {
    stale = false
    runDetached(
      deps.read(JOURNAL_LIMIT).then((result) => {
        // Refused (no journal yet: the hub is still starting): the view keeps the relayed actions.
        if (result.ok && !stopped) deps.show(result.value)
      }),
      deps.onFailure,
    )
    cancelTimer = deps.setTimer(() => {
      cancelTimer = null
      if (wanted && stale && !stopped) read()
    }, JOURNAL_REFRESH_MS)
  }

  const refresh = (): void => {
    stale = true
    if (wanted && cancelTimer === null && !stopped) read()
  }

  return {
    setWanted(next) {
      if (next === wanted) return
      wanted = next
      if (wanted) refresh()
    },
    alarmsChanged: refresh,
    stop() {
      stopped = true
      cancelTimer?.()
      cancelTimer = null
    },
  }
}
