/**
 * The window's store: the hub's replica (fed by the host, one `set()` per hub message) plus this
 * window's UI state. See README.md in this folder for how to read it.
 */
import { useStore } from 'zustand'
import { useShallow } from 'zustand/shallow'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import { EntityTable } from '../../shared/util/EntityTable.ts'
import { applyHubMessage, type HubMessageProblem } from './applyHubMessage.ts'
import type { DrillDownRequest } from '../../shared/domain/kpis/drillDownRequest.ts'
import type { ColorScheme, MapFocus, ReplicaState, Selection, ThemeName, UiState } from './types.ts'

export type WatchfloorActions = {
  /** Applies one message from the host: exactly one `set()`, none when nothing changed. */
  readonly applyHubMessage: (message: HubToWindowMessage) => void
  /** How many parts of hub messages were skipped as malformed (each also logged, naming its topic). */
  readonly hubMessageProblems: () => number
  readonly select: (selection: Selection) => void
  readonly setBoard: (boardId: string) => void
  readonly setTheme: (theme: ThemeName) => void
  readonly setColorScheme: (scheme: ColorScheme) => void
  /** Asks the board's map to show a place (a new `seq` each time, pending until a map acts). */
  readonly focusMap: (request: Omit<MapFocus, 'seq' | 'pending'>) => void
  /** A map acted on request `seq`: maps mounted later must not act on it again. */
  readonly settleMapFocus: (seq: number) => void
  /** Asks for the rows behind a KPI (a new `seq` each time); the drill-down host shows them. */
  readonly openDrillDown: (request: DrillDownRequest) => void
  /** Closes the drill-down shown, if any. */
  readonly closeDrillDown: () => void
}

export type WatchfloorState = ReplicaState & UiState & WatchfloorActions

export type WatchfloorStore = StoreApi<WatchfloorState>

const emptyTopic = { seq: 0, confirmedAt: null, resyncs: 0, restored: null } as const

/** The replica before the host's first snapshot: connecting, nothing confirmed. */
export function initialReplicaState(now: number = Date.now()): ReplicaState {
  return {
    received: false,
    hello: null,
    siteModel: null,
    connection: { status: 'connecting', since: now, detail: null, gatewayUrl: '' },
    topics: {
      beds: emptyTopic,
      assets: emptyTopic,
      network: emptyTopic,
      cyber: emptyTopic,
      waiting: emptyTopic,
    },
    entities: {
      beds: EntityTable.empty(),
      assets: EntityTable.empty(),
      network: EntityTable.empty(),
      cyber: EntityTable.empty(),
      waiting: EntityTable.empty(),
    },
    sources: [],
    alarms: [],
    alarmActions: [],
    trusts: [],
    replay: null,
    liveAlarms: null,
  }
}

/** Creates a store; the app uses the `watchfloorStore` singleton, tests and benches make their own. */
export function createWatchfloorStore(ui: Partial<UiState> = {}): WatchfloorStore {
  // Closing clears the intent; the next request's seq still rises past every earlier one.
  let lastDrillDownSeq = ui.drillDown?.seq ?? 0
  let hubProblems = 0
  const reportHubProblem = (p: HubMessageProblem): void => {
    hubProblems += 1
    // eslint-disable-next-line no-console -- the page's console is the renderer's log (logDetachedFailure.ts)
    console.error(
      `watchfloor: hub ${p.message}: topic "${p.topic}": ${p.problem}; skipped, the rest applied (${hubProblems} so far)`,
    )
  }
  return createStore<WatchfloorState>()((set, get) => ({
    ...initialReplicaState(),
    selection: ui.selection ?? null,
    boardId: ui.boardId ?? 'capacity',
    theme: ui.theme ?? 'desktop',
    colorScheme: ui.colorScheme ?? 'system',
    mapFocus: ui.mapFocus ?? null,
    drillDown: ui.drillDown ?? null,
    applyHubMessage: (message) => {
      const partial = applyHubMessage(get(), message, reportHubProblem)
      if (partial) set(partial)
    },
    hubMessageProblems: () => hubProblems,
    select: (selection) => {
      const current = get().selection
      if (current === selection) return
      if (current && selection && current.kind === selection.kind && current.id === selection.id) return
      set({ selection })
    },
    setBoard: (boardId) => {
      if (get().boardId !== boardId) set({ boardId })
    },
    setTheme: (theme) => {
      if (get().theme !== theme) set({ theme })
    },
    setColorScheme: (colorScheme) => {
      if (get().colorScheme !== colorScheme) set({ colorScheme })
    },
    focusMap: (request) => {
      set({ mapFocus: { ...request, seq: (get().mapFocus?.seq ?? 0) + 1, pending: true } })
    },
    settleMapFocus: (seq) => {
      const focus = get().mapFocus
      if (focus && focus.seq === seq && focus.pending) set({ mapFocus: { ...focus, pending: false } })
    },
    openDrillDown: (request) => {
      lastDrillDownSeq += 1
      set({ drillDown: { seq: lastDrillDownSeq, request } })
    },
    closeDrillDown: () => {
      if (get().drillDown !== null) set({ drillDown: null })
    },
  }))
}

/** The window's store. */
export const watchfloorStore: WatchfloorStore = createWatchfloorStore()

/**
 * Reads the store in a component. Pass a narrow selector (see `selectors.ts`); a selector that
 * builds a new object or array each call must be memoised, or use `useWatchfloorShallow`.
 */
export function useWatchfloor<T>(selector: (state: WatchfloorState) => T): T {
  return useStore(watchfloorStore, selector)
}

/** Like `useWatchfloor`, for selectors returning a fresh array or object of stable parts. */
export function useWatchfloorShallow<T>(selector: (state: WatchfloorState) => T): T {
  return useStore(watchfloorStore, useShallow(selector))
}
