import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import type {
  AlarmActionRequest,
  AlarmActionResponse,
  AlertAckRequest,
  AlertAckResponse,
} from '../../shared/contracts/feed.ts'
import type {
  AlertRespondRequest,
  AlertRespondResponse,
  NhsAlertRecordRequest,
  NhsAlertRecordResponse,
} from '../../shared/contracts/cyberResponse.ts'
import type { AppMode, IdentifyRequest, Rotation, SoundRequest } from '../../shared/contracts/ipc.ts'
import type { Incident, IncidentSaveRequest, IncidentSaveResponse } from '../../shared/contracts/incidents.ts'
import type { ReplayCommand, ReplayCommandResult } from '../../shared/contracts/replay.ts'
import type { HistoryResult } from '../../shared/hub/historyClient.ts'
import type { KpiSeriesRequest } from '../../shared/contracts/kpiSeries.ts'

/** The incident record at the gateway (docs/replay.md). Nothing here throws. */
export type IncidentPort = {
  list(): Promise<HistoryResult<Incident[]>>
  save(request: IncidentSaveRequest): Promise<IncidentSaveResponse>
  /** Builds the incident's report and hands it to the operator (a download, a saved file): where it went. */
  exportReport(incident: Incident): Promise<HistoryResult<string>>
}

/** A wall display (no tabs, rotation, read from 3–5 m) or a desktop window (tabs, shortcuts). */
export type DisplayMode = AppMode

/** What the window shows, as the host (Electron main, or the URL in a browser) decides it. */
export type HostContext = {
  readonly mode: DisplayMode
  /** The board this window should show (remembered per display), or null for the default. */
  readonly boardId: string | null
  /** The display's rotation, or null for one fixed board. */
  readonly rotation: Rotation | null
  /** 1-based display number on a wall; null on a desktop. */
  readonly displayNumber: number | null
}

/**
 * What the renderer needs from wherever it runs. The Electron implementation wraps the preload's
 * bridge (`window.watchfloor`, shared/contracts/ipc.ts); the browser implementation runs the hub
 * in the page. Nothing else in the renderer knows which one it has.
 */
export type Host = {
  readonly kind: 'electron' | 'browser'
  readonly context: HostContext
  /** Starts delivering hub messages; the first is a full snapshot. Returns a function that stops. */
  connect(listener: (message: HubToWindowMessage) => void): () => void
  /** Told when main changes this window's board or rotation (menu, settings). */
  onContextChanged(listener: (context: HostContext) => void): () => void
  /** Told to show this display's number large ("identify displays"); never in a browser. */
  onIdentify(listener: (request: IdentifyRequest) => void): () => void
  /**
   * Electron: main's Notifier chose this window to play the app instance's alarm tone (one window
   * per instance). Never called in a browser, where the page decides for itself.
   */
  onPlaySound(listener: (request: SoundRequest) => void): () => void
  /**
   * Electron: the operator clicked an alarm's OS notification (main brought this window forward);
   * show them that alarm. Never called in a browser, which raises no OS notifications.
   */
  onFocusAlarm(listener: (fingerprint: string) => void): () => void
  /**
   * Mutes this app instance's alarm sound until `until` (null unmutes): main's Notifier in
   * Electron, the page in a browser. Either way the mute shows in `muteState`'s store.
   */
  setMute(until: number | null): void
  /** Shows each display's number on it for a few seconds; null where there is nothing to identify. */
  readonly identifyDisplays: (() => void) | null
  acknowledgeAlert(request: AlertAckRequest): Promise<AlertAckResponse>
  alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse>
  /** One step of the response to a cyber alert, recorded by the gateway for every client. */
  respondToAlert(request: AlertRespondRequest): Promise<AlertRespondResponse>
  /** Records an NHS England cyber alert entered by hand. */
  recordNhsAlert(request: NhsAlertRecordRequest): Promise<NhsAlertRecordResponse>
  /**
   * A level's IMDF floor plan as the gateway serves it, unparsed (the map validates it). Rejects
   * when it cannot be had; the map shows that in the panel and keeps drawing the live layers.
   */
  fetchFloorPlan(levelId: string): Promise<unknown>
  /**
   * The gateway's 08:00 SitRep bed snapshot for a trust-local day (`YYYY-MM-DD`), unparsed
   * (`sitrepAnswerSchema` validates it). Rejects with the gateway's reason when there is none
   * (the day's 08:00 has not come, or the log no longer reaches back to it).
   */
  fetchSitrep(day: string): Promise<unknown>
  /**
   * A KPI's last 6 h from the gateway's change log (`GET /v1/history/kpi-series`), unparsed
   * (`kpiSeriesAnswerSchema` validates it): the seed of a tile's sparkline. Rejects with the
   * gateway's reason when it has none. Null where there is no one gateway's past to ask (a
   * collaborative wall in a browser): the sparklines then fill from the window's own passes.
   */
  readonly fetchKpiSeries: ((request: KpiSeriesRequest) => Promise<unknown>) | null
  /** Remembers the board this window shows (per display on a wall). */
  rememberBoard(boardId: string): void
  /** Tells the host which boards exist (the desktop menu lists them). */
  reportBoards(boards: ReadonlyArray<{ readonly id: string; readonly title: string }>): void
  /**
   * Puts this window's feed into replay, moves it, or brings it back to live (docs/replay.md).
   * The replayed state arrives through `connect`'s listener like live data. Never throws.
   */
  replay(command: ReplayCommand): Promise<ReplayCommandResult>
  readonly incidents: IncidentPort
}
