import type { AlarmActionResponse, AlertAckResponse } from '../../shared/contracts/feed.ts'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import {
  HUB_PORT_MESSAGE,
  type IpcResult,
  type WatchfloorBridge,
  type WindowContext,
} from '../../shared/contracts/ipc.ts'
import type { Host, HostContext } from './Host.ts'
import { runDetached } from '../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../ui/logDetachedFailure.ts'
import { alarmHistoryStore, showJournal } from '../state/alarmHistoryStore.ts'
import { showMute } from '../state/muteState.ts'
import { createJournalHistory } from './journalHistory.ts'

function toContext(context: WindowContext): HostContext {
  return {
    mode: context.mode,
    boardId: context.boardId,
    rotation: context.rotation,
    displayNumber: context.displayNumber,
  }
}

function toResponse<T, R>(result: IpcResult<T>, ok: (value: T) => R): R | { ok: false; error: string } {
  return result.ok ? ok(result.value) : { ok: false, error: result.message }
}

/**
 * The host inside the Electron app. Everything goes through the preload's narrow bridge; hub
 * messages arrive on a MessagePort that the preload hands over with `window.postMessage`.
 */
export async function createElectronHost(bridge: WatchfloorBridge): Promise<Host> {
  const initial = await bridge.getWindowContext()
  // Without a context main refused us (wrong origin): show a desktop board, which stays empty.
  const context: HostContext = initial.ok
    ? toContext(initial.value)
    : { mode: 'desktop', boardId: null, rotation: null, displayNumber: null }
  // Mute lives in main (one sound per app instance); the window shows main's state.
  if (initial.ok) showMute(initial.value.mute.mutedUntil)
  bridge.onContextChanged((next) => showMute(next.mute.mutedUntil))
  // The alarm history is main's journal, read while a history view is open.
  const journal = createJournalHistory({
    read: (limit) => bridge.getAlarmHistory({ limit }),
    show: showJournal,
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms)
      return () => clearTimeout(timer)
    },
    onFailure: logDetachedFailure('reading the alarm journal'),
  })
  alarmHistoryStore.subscribe((state) => journal.setWanted(state.viewers > 0))
  return {
    kind: 'electron',
    context,
    connect: (listener) => {
      let port: MessagePort | null = null
      const onWindowMessage = (event: MessageEvent): void => {
        // Only the preload (same window) hands over the port, and only with a port attached.
        if (event.source !== window || event.data !== HUB_PORT_MESSAGE) return
        const received = event.ports[0]
        if (!received) return
        port?.close()
        port = received
        port.onmessage = (message: MessageEvent<HubToWindowMessage>) => {
          const data = message.data
          if (data.type === 'snapshot' || data.changes.alarms !== undefined) journal.alarmsChanged()
          listener(data)
        }
        port.start()
      }
      window.addEventListener('message', onWindowMessage)
      // The hub's port arrives by message; the call only asks main to send it.
      runDetached(bridge.connectHub(), logDetachedFailure('hub connect request'))
      return () => {
        window.removeEventListener('message', onWindowMessage)
        port?.close()
      }
    },
    onContextChanged: (listener) => bridge.onContextChanged((next) => listener(toContext(next))),
    onIdentify: (listener) => bridge.onIdentify(listener),
    onPlaySound: (listener) => bridge.onPlaySound(listener),
    onFocusAlarm: (listener) => bridge.onFocusAlarm(({ fingerprint }) => listener(fingerprint)),
    setMute: (until) => {
      runDetached(
        bridge.setMute({ until }).then((result) => {
          if (result.ok) showMute(result.value.mutedUntil)
        }),
        logDetachedFailure('muting the alarm sound'),
      )
    },
    identifyDisplays: () => {
      runDetached(bridge.identifyDisplays(), logDetachedFailure('identifying the displays'))
    },
    acknowledgeAlert: async (request): Promise<AlertAckResponse> =>
      toResponse(await bridge.acknowledgeAlert(request), (ack) => ({ ok: true as const, ack })),
    alarmAction: async (request): Promise<AlarmActionResponse> =>
      toResponse(await bridge.alarmAction(request), (record) => ({ ok: true as const, record })),
    respondToAlert: async (request) =>
      toResponse(await bridge.respondToAlert(request), (alert) => ({ ok: true as const, alert })),
    recordNhsAlert: async (request) =>
      toResponse(await bridge.recordNhsAlert(request), (alert) => ({ ok: true as const, alert })),
    fetchFloorPlan: async (levelId) => {
      const result = await bridge.getFloorPlan({ levelId })
      if (!result.ok) throw new Error(result.message)
      return result.value
    },
    fetchSitrep: async (day) => {
      const result = await bridge.getSitrep({ day })
      if (!result.ok) throw new Error(result.message)
      return result.value
    },
    // Main asks the configured gateway with the app's token (IPC `watchfloor:kpi-series`).
    fetchKpiSeries: async (request) => {
      const result = await bridge.getKpiSeries(request)
      if (!result.ok) throw new Error(result.message)
      return result.value
    },
    rememberBoard: (boardId) => {
      runDetached(bridge.setBoard({ boardId }), logDetachedFailure('remembering the board'))
    },
    reportBoards: (boards) => {
      runDetached(bridge.reportBoards({ boards: [...boards] }), logDetachedFailure('reporting the boards'))
    },
    // Main runs this window's replay session (electron/hub/replayPorts.ts); its state arrives on
    // the hub port like live data.
    replay: async (command) => toResponse(await bridge.replay(command), () => ({ ok: true as const })),
    incidents: {
      list: async () => {
        const result = await bridge.listIncidents()
        return result.ok ? { ok: true, value: [...result.value] } : { ok: false, error: result.message }
      },
      save: async (request) =>
        toResponse(await bridge.saveIncident(request), (incident) => ({ ok: true as const, incident })),
      exportReport: async (incident) => {
        const result = await bridge.exportIncidentReport({ incidentId: incident.id })
        return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.message }
      },
    },
  }
}
