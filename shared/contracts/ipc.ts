/**
 * The IPC contract between Electron main and a window's preload, and the bridge the preload puts
 * on `window.watchfloor`. The renderer codes against {@link WatchfloorBridge} only; in the browser
 * host there is no bridge and the hub runs in the page.
 *
 * Rules (Electron security checklist items 17 and 20):
 * - every channel has a name constant here and a zod schema for its arguments;
 * - main checks the sender frame (top-level, `app://` origin) and parses the arguments of every
 *   call; a refused call resolves to `{ ok: false, error }` — nothing is thrown across IPC;
 * - the preload exposes these narrow functions and nothing else (never raw `ipcRenderer`).
 *
 * Feed data does not travel over these channels: it arrives on a MessagePort (see
 * {@link HUB_PORT_MESSAGE}) carrying `HubToWindowMessage`s from `./hub.ts`.
 */
import { z } from 'zod'
import type { AlertRespondRequest, NhsAlertRecordRequest } from './cyberResponse.ts'
import type { AlertAck, CyberAlert } from './entities.ts'
import type { AlarmActionRecord, AlarmActionRequest, AlertAckRequest } from './feed.ts'
import { alarmPrioritySchema } from './alarms.ts'
import type { AlarmTransition } from './alarms.ts'
import { incidentIdSchema, type Incident, type IncidentSaveRequest } from './incidents.ts'
import type { KpiSeriesRequest } from './kpiSeries.ts'
import type { ReplayCommand } from './replay.ts'

/** The custom scheme windows load from (never `file://`). */
export const APP_SCHEME = 'app'
/** The origin every trusted frame has; IPC from any other origin is refused. */
export const APP_ORIGIN = 'app://watchfloor'

/** IPC channel names. `invoke` = renderer → main with a result; `event` = main → renderer. */
export const IpcChannel = {
  /** invoke, no arguments → {@link WindowContext}. */
  windowContext: 'watchfloor:window-context',
  /**
   * invoke, no arguments → `null`. Asks main for a fresh hub MessagePort. Main answers by posting
   * the port on {@link IpcChannel.hubPort}; the hub then sends a full snapshot on it, then changes.
   * Call it on every page load (after adding the `message` listener), so a reload gets a snapshot.
   */
  connectHub: 'watchfloor:connect-hub',
  /** main → preload (`webContents.postMessage`), carrying the port in `ports[0]`. */
  hubPort: 'watchfloor:hub-port',
  /** invoke {@link SetBoardRequest} → {@link WindowContext}: this window's display shows that board. */
  setBoard: 'watchfloor:set-board',
  /** invoke {@link BoardsAvailable} → `null`: the boards the renderer knows, for the desktop menu. */
  boardsAvailable: 'watchfloor:boards-available',
  /** invoke, no arguments → `null`: every window shows its display number for a few seconds. */
  identify: 'watchfloor:identify',
  /** invoke `AlertAckRequest` (feed.ts) → `AlertAck`: acknowledge a cyber alert at the gateway. */
  alertAck: 'watchfloor:alert-ack',
  /** invoke `AlertRespondRequest` (cyberResponse.ts) → `CyberAlert`: a step of a cyber alert's response. */
  alertRespond: 'watchfloor:alert-respond',
  /** invoke `NhsAlertRecordRequest` (cyberResponse.ts) → `CyberAlert`: record an NHS cyber alert. */
  nhsAlertRecord: 'watchfloor:nhs-alert-record',
  /** invoke `AlarmActionRequest` (feed.ts) → `AlarmActionRecord`: ack/shelve a local alarm everywhere. */
  alarmAction: 'watchfloor:alarm-action',
  /** invoke {@link MuteRequest} → {@link MuteState}: mute alarm sound on this app instance. */
  mute: 'watchfloor:mute',
  /**
   * invoke {@link AlarmHistoryRequest} → `AlarmTransition[]` (alarms.ts), oldest first: the alarm
   * journal on disk, which survives restarts (the history view's source in Electron).
   */
  alarmHistory: 'watchfloor:alarm-history',
  /**
   * invoke {@link FloorPlanRequest} → the level's IMDF FeatureCollection as the gateway serves it
   * (`GET /v1/floorplans/:levelId`), unparsed: the renderer validates it. Main fetches it because
   * the renderer's CSP allows no network connection.
   */
  floorPlan: 'watchfloor:floor-plan',
  /**
   * invoke `ReplayCommand` (replay.ts) → `null`: this window's feed goes into replay, moves, or
   * back to live (docs/replay.md). Main runs the window's replay session; its state arrives on the
   * window's hub port like live data.
   */
  replay: 'watchfloor:replay',
  /** invoke, no arguments → `Incident[]` (incidents.ts): the incidents the gateway keeps. */
  incidentList: 'watchfloor:incident-list',
  /** invoke `IncidentSaveRequest` → `Incident`: mark or change an incident at the gateway. */
  incidentSave: 'watchfloor:incident-save',
  /**
   * invoke {@link IncidentReportRequest} → the saved report's path: main builds the report from
   * the gateway's redacted history, prints it to PDF (printToPDF) and saves both where the
   * operator chooses.
   */
  incidentReport: 'watchfloor:incident-report',
  /**
   * invoke {@link SitrepRequest} → the day's 08:00 SitRep bed snapshot as the gateway serves it
   * (`GET /v1/history/sitrep?day=`, a `SitrepAnswer` in sitrep.ts), unparsed: the renderer
   * validates it. Main fetches it for the same reason as floor plans.
   */
  sitrep: 'watchfloor:sitrep',
  /**
   * invoke `KpiSeriesRequest` (kpiSeries.ts) → a KPI's last 6 h as the gateway serves it
   * (`GET /v1/history/kpi-series`, a `KpiSeriesAnswer`), unparsed: the renderer validates it and
   * seeds the tile's sparkline with it. Main fetches it for the same reason as floor plans.
   */
  kpiSeries: 'watchfloor:kpi-series',
  /** event {@link WindowContext}: the board, rotation, mute or display number changed. */
  contextChanged: 'watchfloor:context-changed',
  /** event {@link IdentifyRequest}: show the display number large. */
  showIdentify: 'watchfloor:show-identify',
  /** event {@link SoundRequest}: sent to ONE window per app instance, so a tone plays once. */
  playSound: 'watchfloor:play-sound',
  /** event {@link FocusAlarm}: the operator clicked this alarm's OS notification; show it to them. */
  focusAlarm: 'watchfloor:focus-alarm',
} as const
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel]

/**
 * The `window.postMessage` data the preload uses to hand the hub port to the page (contextBridge
 * cannot carry a MessagePort). The page accepts it only when `event.source === window` and
 * `event.ports[0]` is present, then listens on the port for `HubToWindowMessage`s.
 */
export const HUB_PORT_MESSAGE = 'watchfloor:hub-port'

// ---------------------------------------------------------------------------------------------
// Results

/** Why main refused or failed a call. */
export const IPC_ERRORS = [
  /** The call did not come from a trusted top-level app:// frame. */
  'forbidden-sender',
  /** The arguments did not parse against this file's schemas. */
  'invalid-arguments',
  /** The hub is not connected to a gateway, or the feature is off in this mode. */
  'unavailable',
  /** The gateway or main tried and failed; `message` says why. */
  'failed',
] as const
export type IpcError = (typeof IPC_ERRORS)[number]

/** Every invoke resolves to this; nothing is thrown across IPC. */
export type IpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IpcError; readonly message: string }

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** Board ids are the renderer's preset or user board ids: short, url-safe. */
export const boardIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a board id is lower-case letters, digits and dashes')
export type BoardId = z.infer<typeof boardIdSchema>

export const rotationSchema = z.object({
  /** Boards shown in turn; at least two, or it is not a rotation. */
  boardIds: z.array(boardIdSchema).min(2).max(20),
  /** Seconds each board stays on screen. */
  intervalSeconds: z.number().int().min(5).max(3600),
})
export type Rotation = z.infer<typeof rotationSchema>

export const APP_MODES = ['wall', 'desktop'] as const
export const appModeSchema = z.enum(APP_MODES)
export type AppMode = z.infer<typeof appModeSchema>

export const muteStateSchema = z.object({
  /** Epoch ms until which alarm sound is muted on this app instance; null when not muted. */
  mutedUntil: z.number().int().nonnegative().nullable(),
})
export type MuteState = z.infer<typeof muteStateSchema>

/** What a window needs to know about itself. */
export const windowContextSchema = z.object({
  mode: appModeSchema,
  /** 1-based display number, left to right then top to bottom; null in desktop mode. */
  displayNumber: z.number().int().positive().nullable(),
  displayCount: z.number().int().nonnegative(),
  /**
   * The board this window shows; null means "the renderer's default for this display number"
   * (presets in order, wrapping), which main then remembers once the renderer calls setBoard.
   */
  boardId: boardIdSchema.nullable(),
  /** The display's rotation, or null when it shows one board. */
  rotation: rotationSchema.nullable(),
  /** Whether this window plays alarm sound for the app instance (exactly one window does). */
  soundWindow: z.boolean(),
  mute: muteStateSchema,
  appVersion: z.string(),
})
export type WindowContext = z.infer<typeof windowContextSchema>

export const setBoardRequestSchema = z.object({ boardId: boardIdSchema })
export type SetBoardRequest = z.infer<typeof setBoardRequestSchema>

export const boardsAvailableSchema = z.object({
  boards: z
    .array(z.object({ id: boardIdSchema, title: z.string().min(1).max(80) }))
    .min(1)
    .max(20),
})
export type BoardsAvailable = z.infer<typeof boardsAvailableSchema>

export const muteRequestSchema = z.object({
  /** Mute until this epoch ms (at most 24 h ahead; main clamps), or null to unmute. */
  until: z.number().int().positive().nullable(),
})
export type MuteRequest = z.infer<typeof muteRequestSchema>

export const alarmHistoryRequestSchema = z.object({
  /** The most recent `limit` transitions. */
  limit: z.number().int().positive().max(5000),
})
export type AlarmHistoryRequest = z.infer<typeof alarmHistoryRequestSchema>

export const floorPlanRequestSchema = z.object({ levelId: z.string().min(1).max(128) })
export type FloorPlanRequest = z.infer<typeof floorPlanRequestSchema>

/** A trust-local day, `YYYY-MM-DD`. */
export const sitrepRequestSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
export type SitrepRequest = z.infer<typeof sitrepRequestSchema>

/** No-argument channels accept `undefined` only. */
export const noArgsSchema = z.undefined()

export const identifyRequestSchema = z.object({
  displayNumber: z.number().int().positive(),
  displayCount: z.number().int().positive(),
  /** The OS label of the display, to match the number to a physical screen. */
  label: z.string(),
  /** How long to show the overlay. */
  durationMs: z.number().int().positive(),
})
export type IdentifyRequest = z.infer<typeof identifyRequestSchema>

export const soundRequestSchema = z.discriminatedUnion('action', [
  /** Start the tone pattern of this priority (IEC 60601-1-8); it repeats until `stop`. */
  z.object({ action: z.literal('play'), priority: alarmPrioritySchema, fingerprint: z.string() }),
  /** Silence: acknowledged, muted, or no unacknowledged alarm left. */
  z.object({ action: z.literal('stop') }),
])
export type SoundRequest = z.infer<typeof soundRequestSchema>

export const incidentReportRequestSchema = z.object({ incidentId: incidentIdSchema })
export type IncidentReportRequest = z.infer<typeof incidentReportRequestSchema>

export const focusAlarmSchema = z.object({
  /** The alarm (or flood line) whose notification was clicked. */
  fingerprint: z.string().min(1).max(256),
})
export type FocusAlarm = z.infer<typeof focusAlarmSchema>

// ---------------------------------------------------------------------------------------------
// The bridge

/** Returned by `on…` subscriptions; call it to stop listening. */
export type Unsubscribe = () => void

/**
 * `window.watchfloor` in an Electron window (undefined in the browser host). Each function maps
 * to exactly one channel above.
 */
export type WatchfloorBridge = {
  /** Contract version, bumped on breaking changes. */
  readonly version: 1
  getWindowContext(): Promise<IpcResult<WindowContext>>
  /** See {@link IpcChannel.connectHub}: add the `message` listener first, then call this. */
  connectHub(): Promise<IpcResult<null>>
  setBoard(request: SetBoardRequest): Promise<IpcResult<WindowContext>>
  reportBoards(request: BoardsAvailable): Promise<IpcResult<null>>
  identifyDisplays(): Promise<IpcResult<null>>
  acknowledgeAlert(request: AlertAckRequest): Promise<IpcResult<AlertAck>>
  alarmAction(request: AlarmActionRequest): Promise<IpcResult<AlarmActionRecord>>
  respondToAlert(request: AlertRespondRequest): Promise<IpcResult<CyberAlert>>
  recordNhsAlert(request: NhsAlertRecordRequest): Promise<IpcResult<CyberAlert>>
  setMute(request: MuteRequest): Promise<IpcResult<MuteState>>
  getAlarmHistory(request: AlarmHistoryRequest): Promise<IpcResult<readonly AlarmTransition[]>>
  getFloorPlan(request: FloorPlanRequest): Promise<IpcResult<unknown>>
  replay(request: ReplayCommand): Promise<IpcResult<null>>
  listIncidents(): Promise<IpcResult<readonly Incident[]>>
  saveIncident(request: IncidentSaveRequest): Promise<IpcResult<Incident>>
  exportIncidentReport(request: IncidentReportRequest): Promise<IpcResult<string>>
  getSitrep(request: SitrepRequest): Promise<IpcResult<unknown>>
  getKpiSeries(request: KpiSeriesRequest): Promise<IpcResult<unknown>>
  onContextChanged(listener: (context: WindowContext) => void): Unsubscribe
  onIdentify(listener: (request: IdentifyRequest) => void): Unsubscribe
  onPlaySound(listener: (request: SoundRequest) => void): Unsubscribe
  onFocusAlarm(listener: (request: FocusAlarm) => void): Unsubscribe
}
