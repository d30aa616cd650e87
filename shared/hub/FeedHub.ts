/**
 * The hub: the app instance's one feed connection and its replica of the gateway's state.
 *
 * It subscribes to every topic, applies snapshots and batches into normalised maps, resyncs when a
 * sequence gap or an unrecovered reconnect means it may have missed something, tracks the
 * connection and each topic's freshness, and sends windows a full snapshot on attach and then
 * coalesced changes at most once per flush (a frame in a page, ~16 ms in Electron main).
 *
 * This class wires the parts and owns the flush; each part lives in its own file:
 * - `HubConnection`: the connection state operators see;
 * - `TopicSync`: subscribe, resume, batches in seq order, resync;
 * - `HubReplica`: the replica and the changes not yet flushed;
 * - `SiteModelLoader`: the site model over HTTP;
 * - `AlarmActionHistory`: operators' alarm actions and when conditions began.
 *
 * Pure TypeScript: the socket, clock, flush scheduler, fetch and logger are injected, so the same
 * class runs in a page (browser host), in Electron main, and in tests against fakes.
 */
import type { ActiveAlarm } from '../contracts/alarms.ts'
import { TOPICS, sourceHealthSchema, type SourceHealth, type Topic } from '../contracts/entities.ts'
import {
  FeedEvent,
  alarmActionResponseSchema,
  alertAckResponseSchema,
  helloSchema,
  sourcesEventSchema,
  type AlarmActionRequest,
  type AlarmActionResponse,
  type AlertAckRequest,
  type AlertAckResponse,
} from '../contracts/feed.ts'
import type { HubToWindowMessage, ReplicaChanges, ReplicaSnapshot, ReplicaView } from '../contracts/hub.ts'
import { AlarmActionHistory } from './AlarmActionHistory.ts'
import {
  alertRespondResponseSchema,
  nhsAlertRecordResponseSchema,
  type AlertRespondRequest,
  type AlertRespondResponse,
  type NhsAlertRecordRequest,
  type NhsAlertRecordResponse,
} from '../contracts/cyberResponse.ts'
import {
  silentHubLogger,
  type FeedSocketPort,
  type FlushScheduler,
  type HubClock,
  type HubFetch,
  type HubLogger,
} from './FeedSocketPort.ts'
import { HubConnection } from './HubConnection.ts'
import { HubDiagnostics, type HubStats } from './HubDiagnostics.ts'
import { HubReplica } from './HubReplica.ts'
import { RetryTimers } from './RetryTimers.ts'
import { SiteModelLoader } from './SiteModelLoader.ts'
import { TopicSync } from './TopicSync.ts'
import { requestOrError } from './requestOrError.ts'

export type { HubStats } from './HubDiagnostics.ts'

export type FeedHubOptions = {
  readonly socket: FeedSocketPort
  /** The gateway's base URL (`http://127.0.0.1:P`), used for HTTP and shown to operators. */
  readonly gatewayUrl: string
  /** Bearer token for HTTP requests (the socket carries it in its handshake). */
  readonly token: string
  readonly fetch: HubFetch
  readonly clock: HubClock
  readonly schedule: FlushScheduler
  readonly logger?: HubLogger
  /** Topics to subscribe to; all by default. */
  readonly topics?: readonly Topic[]
}

/** What a listener on the hub's replica receives at each flush (e.g. the alarm engine). */
export type ReplicaChangeListener = (changes: ReplicaChanges, replica: ReplicaView) => void

/** The hub. See the module comment. */
export class FeedHub {
  private readonly options: FeedHubOptions
  private readonly diagnostics: HubDiagnostics
  private readonly retries: RetryTimers
  private readonly replica: HubReplica
  private readonly connection: HubConnection
  private readonly sync: TopicSync
  private readonly siteModel: SiteModelLoader
  private readonly alarmHistory: AlarmActionHistory

  private cancelFlush: (() => void) | null = null
  private flushing = false
  private readonly windowListeners = new Set<(message: HubToWindowMessage) => void>()
  private readonly replicaListeners = new Set<ReplicaChangeListener>()
  private started = false
  private stopped = false

  constructor(options: FeedHubOptions) {
    this.options = options
    const { socket, clock, gatewayUrl } = options
    this.diagnostics = new HubDiagnostics(options.logger ?? silentHubLogger)
    const { diagnostics } = this
    this.retries = new RetryTimers(clock)
    const { retries } = this
    this.replica = new HubReplica({ clock, gatewayUrl, diagnostics, onChange: () => this.requestFlush() })
    const { replica } = this
    this.connection = new HubConnection({ replica, clock, logger: diagnostics.logger, gatewayUrl })
    const topics = options.topics ?? TOPICS
    this.sync = new TopicSync({ socket, replica, connection: this.connection, diagnostics, retries, topics })
    const { fetch, token } = options
    this.siteModel = new SiteModelLoader({ fetch, gatewayUrl, token, replica, diagnostics, retries })
    this.alarmHistory = new AlarmActionHistory(replica, diagnostics)
  }

  /** Opens the connection. Call once. */
  start(): void {
    if (this.started) return
    this.started = true
    const { socket } = this.options
    socket.onConnect(() => this.handleConnect())
    socket.onDisconnect((reason, willReconnect) => this.handleDisconnect(reason, willReconnect))
    socket.onConnectError((message, willRetry) => this.connection.connectFailed(message, willRetry))
    socket.onEvent(FeedEvent.hello, (payload) => this.handleHello(payload))
    socket.onEvent(FeedEvent.batch, (payload) => this.sync.handleBatch(payload))
    socket.onEvent(FeedEvent.sources, (payload) => this.handleSources(payload))
    socket.onEvent(FeedEvent.alarmActions, (payload) => this.alarmHistory.handleActions(payload))
    socket.onEvent(FeedEvent.alarmConditions, (payload) => this.alarmHistory.handleConditions(payload))
    socket.onEvent(FeedEvent.resync, (payload) => this.sync.handleResyncRequest(payload))
    socket.open()
  }

  /** Closes the connection and stops flushing. */
  stop(): void {
    this.stopped = true
    this.cancelFlush?.()
    this.cancelFlush = null
    this.retries.stop()
    this.options.socket.close()
  }

  /**
   * Attaches a window (or any listener): it receives a full snapshot now, then coalesced changes.
   * Returns the detach function.
   */
  attach(listener: (message: HubToWindowMessage) => void): () => void {
    this.windowListeners.add(listener)
    listener({ type: 'snapshot', state: this.snapshot() })
    return () => {
      this.windowListeners.delete(listener)
    }
  }

  /**
   * Called at every flush, before windows get the changes. A listener may call `setAlarms`; its
   * alarms then travel in the same message. This is where the alarm engine is hosted.
   */
  onReplicaChange(listener: ReplicaChangeListener): () => void {
    this.replicaListeners.add(listener)
    return () => {
      this.replicaListeners.delete(listener)
    }
  }

  /** Replaces the active alarms (from the alarm engine hosted by this hub). */
  setAlarms(alarms: readonly ActiveAlarm[]): void {
    this.replica.setAlarms(alarms)
  }

  /**
   * The current replica as plain data (entity arrays), safe to keep or post across a MessagePort;
   * entities themselves are never mutated by the hub.
   */
  snapshot(): ReplicaSnapshot {
    return this.replica.snapshot()
  }

  /** Counters of rejected input, gaps and resyncs. */
  getStats(): HubStats {
    return this.diagnostics.snapshot()
  }

  /** Acknowledges a cyber alert through the gateway. Never throws. */
  async acknowledgeAlert(request: AlertAckRequest): Promise<AlertAckResponse> {
    const { socket } = this.options
    return requestOrError(socket, this.diagnostics, FeedEvent.alertAck, request, alertAckResponseSchema)
  }

  /**
   * One step of the response to a cyber alert (acknowledge, investigate, update, resolve) through
   * the gateway; the changed alert reaches every client, this one included, as a batch. Never throws.
   */
  async respondToAlert(request: AlertRespondRequest): Promise<AlertRespondResponse> {
    const { socket } = this.options
    return requestOrError(
      socket,
      this.diagnostics,
      FeedEvent.alertRespond,
      request,
      alertRespondResponseSchema,
    )
  }

  /** Records an NHS England cyber alert entered by hand, through the gateway. Never throws. */
  async recordNhsAlert(request: NhsAlertRecordRequest): Promise<NhsAlertRecordResponse> {
    const { socket } = this.options
    return requestOrError(
      socket,
      this.diagnostics,
      FeedEvent.nhsAlertRecord,
      request,
      nhsAlertRecordResponseSchema,
    )
  }

  /** Records an alarm action through the gateway, so every client agrees. Never throws. */
  async alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse> {
    const { socket } = this.options
    const response = await requestOrError(
      socket,
      this.diagnostics,
      FeedEvent.alarmAction,
      request,
      alarmActionResponseSchema,
    )
    if (response.ok) this.alarmHistory.merge([response.record])
    return response
  }

  /** Flushes now instead of waiting for the scheduler (for hosts that need it, and tests). */
  flushNow(): void {
    this.cancelFlush?.()
    this.cancelFlush = null
    this.flush()
  }

  // -------------------------------------------------------------------------------------------
  // Connection and the gateway's own events

  private handleConnect(): void {
    const { recovered } = this.options.socket
    this.sync.connected(recovered)
    this.connection.connected(recovered, this.sync.generation)
    this.siteModel.loadIfMissing()
  }

  private handleDisconnect(reason: string, willReconnect: boolean): void {
    this.connection.disconnected(reason, willReconnect)
    this.sync.disconnected()
    // A server-side disconnect does not reconnect by itself; a wall must never give up.
    if (!willReconnect && !this.stopped) this.retries.later('reconnect', () => this.options.socket.open())
  }

  private handleHello(payload: unknown): void {
    const parsed = helloSchema.safeParse(payload)
    if (!parsed.success) {
      this.diagnostics.reject('hello', parsed.error)
      return
    }
    this.replica.setHello(parsed.data)
  }

  private handleSources(payload: unknown): void {
    const parsed = sourcesEventSchema.safeParse(payload)
    if (!parsed.success) {
      this.diagnostics.reject('sources', parsed.error)
      return
    }
    const sources: SourceHealth[] = []
    for (const raw of parsed.data.sources) {
      const source = sourceHealthSchema.safeParse(raw)
      if (source.success) sources.push(source.data)
      else this.diagnostics.reject('source health', source.error)
    }
    this.replica.setSources(sources, parsed.data.restored ?? [])
  }

  // -------------------------------------------------------------------------------------------
  // Flush

  private requestFlush(): void {
    if (this.flushing || this.cancelFlush || this.stopped) return
    this.cancelFlush = this.options.schedule(() => {
      this.cancelFlush = null
      this.flush()
    })
  }

  private flush(): void {
    if (!this.replica.hasPendingChanges) return
    this.flushing = true
    try {
      if (this.replicaListeners.size > 0) {
        // Listeners see the replica as it is now; whatever they set (alarms) joins this flush.
        const preview = this.replica.takeChanges()
        const replica = this.replica.view()
        for (const listener of this.replicaListeners) listener(preview, replica)
        const extra = this.replica.takeChanges()
        this.emit({ ...preview, ...extra })
      } else {
        this.emit(this.replica.takeChanges())
      }
    } finally {
      this.flushing = false
    }
  }

  private emit(changes: ReplicaChanges): void {
    const message: HubToWindowMessage = { type: 'changes', changes }
    for (const listener of this.windowListeners) listener(message)
  }
}
