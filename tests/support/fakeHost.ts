/**
 * A host for pages and tests that render panels without the app's real host (the map bench): every
 * method answers "nothing" unless the caller supplies it. Builds the whole `Host` interface so
 * `<HostProvider host={…}>` works like the app's root.
 */
import type { Host } from '../../renderer/host/Host.ts'

const unsubscribe = (): (() => void) => () => undefined
const refused = { ok: false as const, error: 'fake host: not wired' }

export function makeFakeHost(overrides: Partial<Host> = {}): Host {
  return {
    kind: 'browser',
    context: { mode: 'wall', boardId: null, rotation: null, displayNumber: null },
    connect: unsubscribe,
    onContextChanged: unsubscribe,
    onIdentify: unsubscribe,
    onPlaySound: unsubscribe,
    onFocusAlarm: unsubscribe,
    setMute: () => undefined,
    identifyDisplays: null,
    acknowledgeAlert: () => Promise.resolve(refused),
    alarmAction: () => Promise.resolve(refused),
    respondToAlert: () => Promise.resolve(refused),
    recordNhsAlert: () => Promise.resolve(refused),
    fetchFloorPlan: (levelId) => Promise.reject(new Error(`fake host: no floor plan for ${levelId}`)),
    fetchSitrep: (day) => Promise.reject(new Error(`fake host: no sitrep for ${day}`)),
    fetchKpiSeries: null,
    rememberBoard: () => undefined,
    reportBoards: () => undefined,
    replay: () => Promise.resolve(refused),
    incidents: {
      list: () => Promise.resolve(refused),
      save: () => Promise.resolve(refused),
      exportReport: () => Promise.resolve(refused),
    },
    ...overrides,
  }
}
