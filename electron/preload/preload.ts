/**
 * The only contextBridge (Electron security checklist item 20): `window.watchfloor` is a set of
 * narrow typed functions, one per IPC channel — never `ipcRenderer` itself, never "invoke any
 * channel". Built as ONE CommonJS file because sandboxed preloads cannot load ESM or chunks.
 *
 * The hub's MessagePort cannot cross contextBridge, so it is handed to the page with
 * `window.postMessage` (the pattern of Electron's message-ports tutorial); the page accepts it
 * only from its own window.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { HUB_PORT_MESSAGE, IpcChannel } from '../../shared/contracts/ipc.ts'
import type {
  FocusAlarm,
  IdentifyRequest,
  IpcChannelName,
  IpcResult,
  SoundRequest,
  Unsubscribe,
  WatchfloorBridge,
  WindowContext,
} from '../../shared/contracts/ipc.ts'

function invoke<T>(channel: IpcChannelName, argument?: unknown): Promise<IpcResult<T>> {
  const args = argument === undefined ? [] : [argument]
  return (ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<T>>).catch((): IpcResult<T> => ({
    ok: false,
    error: 'unavailable',
    message: 'the app did not answer',
  }))
}

function subscribe<T>(channel: IpcChannelName): (listener: (value: T) => void) => Unsubscribe {
  return (listener) => {
    // The event object (with its sender) never reaches the page: only the payload does.
    const handler = (_event: IpcRendererEvent, value: T): void => listener(value)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  }
}

ipcRenderer.on(IpcChannel.hubPort, (event) => {
  window.postMessage(HUB_PORT_MESSAGE, '*', event.ports)
})

const bridge: WatchfloorBridge = {
  version: 1,
  getWindowContext: () => invoke(IpcChannel.windowContext),
  connectHub: () => invoke(IpcChannel.connectHub),
  setBoard: (request) => invoke(IpcChannel.setBoard, request),
  reportBoards: (request) => invoke(IpcChannel.boardsAvailable, request),
  identifyDisplays: () => invoke(IpcChannel.identify),
  acknowledgeAlert: (request) => invoke(IpcChannel.alertAck, request),
  alarmAction: (request) => invoke(IpcChannel.alarmAction, request),
  respondToAlert: (request) => invoke(IpcChannel.alertRespond, request),
  recordNhsAlert: (request) => invoke(IpcChannel.nhsAlertRecord, request),
  setMute: (request) => invoke(IpcChannel.mute, request),
  getAlarmHistory: (request) => invoke(IpcChannel.alarmHistory, request),
  getFloorPlan: (request) => invoke(IpcChannel.floorPlan, request),
  replay: (request) => invoke(IpcChannel.replay, request),
  listIncidents: () => invoke(IpcChannel.incidentList),
  saveIncident: (request) => invoke(IpcChannel.incidentSave, request),
  exportIncidentReport: (request) => invoke(IpcChannel.incidentReport, request),
  getSitrep: (request) => invoke(IpcChannel.sitrep, request),
  getKpiSeries: (request) => invoke(IpcChannel.kpiSeries, request),
  onContextChanged: subscribe<WindowContext>(IpcChannel.contextChanged),
  onIdentify: subscribe<IdentifyRequest>(IpcChannel.showIdentify),
  onPlaySound: subscribe<SoundRequest>(IpcChannel.playSound),
  onFocusAlarm: subscribe<FocusAlarm>(IpcChannel.focusAlarm),
}

contextBridge.exposeInMainWorld('watchfloor', bridge)
