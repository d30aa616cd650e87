/**
 * The gateway's composition root: config → change log, sources, store, commits, fan-out,
 * socket.io and HTTP. Used by `gateway/main.ts`, the integration tests and the bench.
 *
 * Start order matters: the change log is opened and the store restored from it (latest snapshot
 * plus the log's tail) before any source starts or any port listens, so the first client — and
 * the first re-sent HL7 message — meets the state as it was at the last commit. Resolves once
 * every source has started and the server listens; rejects with a message naming what is wrong
 * (a corrupt or locked change log included) when it cannot start.
 */
import { readFile } from 'node:fs/promises'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { Server, type ServerOptions } from 'socket.io'
import { TOPICS } from '../shared/contracts/entities.ts'
import { FEED_NAMESPACE, FeedEvent, type SourcesEvent } from '../shared/contracts/feed.ts'
import type { SiteModel } from '../shared/contracts/places.ts'
import { sourceRegistry } from './adapters/registry.ts'
import { createGatewayAlarms } from './alarms/createGatewayAlarms.ts'
import { loadGatewayRulePack } from './alarms/loadGatewayRulePack.ts'
import type { GatewayConfig, SourceConfig, TokenConfig } from './config/configSchema.ts'
import { createFanOut } from './fanout/createFanOut.ts'
import { createCommitter } from './ingest/createCommitter.ts'
import { createRedactor } from './fanout/siteFilter.ts'
import { createIngest } from './ingest/createIngest.ts'
import type { SourceDefinition } from './ingest/defineSource.ts'
import type { SourceAdapter } from './ingest/sourceAdapter.ts'
import type { Logger } from './log/Logger.ts'
import { createSilentLogger } from './log/createLogger.ts'
import type { ChangeLog } from './store/changeLog.ts'
import { createFreeTextScrubber } from './security/createFreeTextScrubber.ts'
import { createKeyedHash } from './security/createKeyedHash.ts'
import { ephemeralInstallSecret, loadOrCreateInstallSecret } from './security/installSecret.ts'
import { createNotifier } from './notify/createNotifier.ts'
import { createLoggingRecorder } from './notify/NotificationRecorder.ts'
import { combineRecorders, createEventLogRecorder } from './notify/createEventLogRecorder.ts'
import { notificationsRoute } from './notify/notificationsRoute.ts'
import { createSitrepRecorder } from './reports/createSitrepRecorder.ts'
import { sitrepRoute } from './reports/sitrepRoute.ts'
import { createKpiSeries, kpiSeriesRoute } from './reports/createKpiSeries.ts'
import { keepsEvents } from './store/eventLog.ts'
import { createMemoryEntityStore } from './store/createMemoryEntityStore.ts'
import { openSqliteChangeLog } from './store/createSqliteChangeLog.ts'
import { attachFeedHandlers } from './server/attachFeedHandlers.ts'
import { startCluster } from './cluster/startCluster.ts'
import type { Committer } from './ingest/createCommitter.ts'
import { createHistoryRoutes } from './server/createHistoryRoutes.ts'
import { createEventRecorder } from './history/createEventRecorder.ts'
import { createIncidentRoutes } from './history/createIncidentRoutes.ts'
import { createHttpHandler, type HttpDocuments } from './server/createHttpHandler.ts'
import { createMetrics } from './metrics/createMetrics.ts'
import { createOriginPolicy } from './server/createOriginPolicy.ts'
import { rendererCsp } from './server/serveStatic.ts'
import { createTokenTable } from './server/createTokenTable.ts'
import type { FeedNamespace, FeedServer } from './core/feedTypes.ts'
import { GATEWAY_VERSION } from './core/gatewayVersion.ts'
import { jsonDocument } from './server/jsonDocument.ts'
import { EMPTY_SITE_MODEL, loadFloorPlans, loadSiteModel } from './server/loadSiteData.ts'
import { runDetached } from '../shared/util/runDetached.ts'

export type StartGatewayOptions = {
  /** A validated config (see `loadConfig` / `parseConfig`). */
  readonly config: GatewayConfig
  /** Where relative paths in the config resolve from. Default: the working directory. */
  readonly configDir?: string
  /** Source kinds (default: `gateway/adapters/registry.ts`). */
  readonly registry?: Readonly<Partial<Record<string, SourceDefinition>>>
  /** Adapters built by the caller (tests, the bench), started alongside the configured ones. */
  readonly adapters?: readonly SourceAdapter[]
  /** Places, when the caller has them (otherwise from a source such as the demo, or the config). */
  readonly siteModel?: SiteModel
  readonly floorPlans?: ReadonlyMap<string, unknown>
  /** Tokens besides the config's (`--token`, the generated browser token); any length. */
  readonly tokens?: readonly TokenConfig[]
  /** Serve the built renderer from this directory at `/`. */
  readonly rendererDir?: string
  readonly log?: Logger
  readonly now?: () => number
  /** Overrides `storage.dir` (the CLI's `--data-dir`); `:memory:` keeps nothing across restarts. */
  readonly dataDir?: string
  /** A change log built by the caller (tests, the bench, a cluster's shared log). */
  readonly changeLog?: ChangeLog
  /**
   * The directory holding the install secret (`install-secret`, created on first start, mode
   * 0600), which keys alert ids and log tags. Without it the gateway uses a secret of this process
   * only and warns: ids derived from hidden fields then change at every restart. In a cluster every
   * gateway needs the same file.
   */
  readonly installSecretDir?: string
  // Default: the change log's data directory, unless that is `:memory:`.
}

export type RunningGateway = {
  /** `http(s)://HOST:PORT`. */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly gatewayId: string
  /** The change log's identity and location. */
  readonly changeLog: { readonly id: string; readonly location: string }
  /** How the start-up restore went (ms, snapshots read, batches replayed). */
  readonly restored: { readonly ms: number; readonly snapshotsRead: number; readonly batchesReplayed: number }
  /** Stops the sources, commits what is pending, closes every client, the listener and the log. */
  close(): Promise<void>
}

const PRUNE_EVERY_MS = 60_000

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options
  const log = options.log ?? createSilentLogger()
  const now = options.now ?? Date.now
  const configDir = options.configDir ?? process.cwd()
  const registry: Readonly<Partial<Record<string, SourceDefinition>>> = options.registry ?? sourceRegistry
  const gatewayId = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`

  // The install secret lives with the change log (the data directory) unless told otherwise: ids
  // keyed with it must stay the same across restarts, as the log they are kept in does.
  const storage = config.storage
  const dataDir = options.dataDir ?? storage.dir
  const resolvedDataDir =
    dataDir === ':memory:' || isAbsolute(dataDir) ? dataDir : resolve(configDir, dataDir)
  const secretDir = options.installSecretDir ?? (resolvedDataDir === ':memory:' ? undefined : resolvedDataDir)
  let secret: Buffer
  if (secretDir === undefined) {
    log.warn('no install secret directory: alert ids and log tags are keyed for this process only')
    secret = ephemeralInstallSecret()
  } else {
    const loaded = await loadOrCreateInstallSecret(resolve(configDir, secretDir))
    if (!loaded.ok) throw new Error(`install secret: ${loaded.error}`)
    for (const warning of loaded.warnings) log.warn('install secret', { warning })
    if (loaded.created) log.info('install secret created', { path: loaded.path })
    secret = loaded.secret
  }
  const keyedHash = createKeyedHash(secret)

  // Sources from the config, then the caller's.
  const adapters: SourceAdapter[] = []
  let siteModel = options.siteModel
  let floorPlans = options.floorPlans
  for (const source of config.sources as readonly SourceConfig[]) {
    const kind: unknown = (source as { kind?: unknown }).kind
    const definition = typeof kind === 'string' ? registry[kind] : undefined
    if (definition === undefined)
      throw new Error(`config: sources: no adapter registered for kind ${String(kind)}`)
    const created = await definition.create(source, {
      log: log.child(`source.${String(kind)}`),
      now,
      configDir,
    })
    adapters.push(created.adapter)
    siteModel ??= created.siteModel
    floorPlans ??= created.floorPlans
  }
  adapters.push(...(options.adapters ?? []))
  // A cluster: the shared log, and leases for the run-once sources (see gateway/cluster/).
  const cluster =
    config.cluster === undefined
      ? null
      : startCluster({ config: config.cluster, storage: config.storage, gatewayId, log, now })
  if (cluster !== null)
    adapters.splice(
      0,
      adapters.length,
      ...cluster.leased(adapters, (id) => ingest.health(false).find((h) => h.id === id)),
    )

  // Places named in the config win over a source's: a deployment's own plans are authoritative.
  if (config.siteModel !== undefined) {
    const loaded = await loadSiteModel(config.siteModel, configDir)
    if (!loaded.ok) throw new Error(loaded.error)
    siteModel = loaded.value
  }
  if (config.floorPlans !== undefined) {
    const loaded = await loadFloorPlans(config.floorPlans, configDir)
    if (!loaded.ok) throw new Error(loaded.error)
    floorPlans = loaded.value
  }
  const places = siteModel ?? EMPTY_SITE_MODEL
  const documents: HttpDocuments = {
    siteModel: jsonDocument(places),
    floorPlanIndex: jsonDocument({
      levels: [...(floorPlans ?? new Map<string, unknown>()).keys()].map((levelId) => ({
        levelId,
        href: `/v1/floorplans/${encodeURIComponent(levelId)}`,
      })),
    }),
    floorPlans: new Map(
      [...(floorPlans ?? new Map<string, unknown>())].map(([levelId, plan]) => [
        levelId,
        jsonDocument(plan, 'application/geo+json'),
      ]),
    ),
  }
  const bedSites = new Map(places.beds.map((bed) => [bed.id, bed.siteId]))

  const changeLog =
    cluster?.changeLog ??
    options.changeLog ??
    openSqliteChangeLog({
      dir: resolvedDataDir,
      synchronous: storage.synchronous,
      retention: {
        defaultMs: storage.retentionDays * 86_400_000,
        perTopicMs: { assets: storage.assetsRetentionHours * 3_600_000 },
        fullSnapshotGrainMs: storage.fullSnapshotHours * 3_600_000,
        maxBytes: storage.maxSizeMb * 1024 * 1024,
      },
    })
  let restoredLog
  try {
    restoredLog = await changeLog.restore(config.alarms.historySize)
  } catch (error) {
    await changeLog.close()
    await cluster?.close()
    throw error
  }
  const store = createMemoryEntityStore()
  for (const topic of TOPICS) store.load(topic, restoredLog.entities[topic].values(), restoredLog.seqs[topic])
  log.info('change log restored', {
    log: changeLog.location,
    logId: changeLog.id,
    ms: restoredLog.stats.ms,
    snapshots: restoredLog.stats.snapshotsRead,
    batches: restoredLog.stats.batchesReplayed,
    lastCommitAt: restoredLog.lastCommitAt,
  })
  const metrics = createMetrics((topic) => {
    const known = TOPICS.find((candidate) => candidate === topic)
    return known === undefined ? 0 : store.size(known)
  }, TOPICS)
  const tokens = createTokenTable([...config.tokens, ...(options.tokens ?? [])])
  if (tokens.size === 0) log.warn('no tokens configured: every client will be refused')
  const origins = createOriginPolicy(config.origins)
  // The gateway's own alarm engine (refuses actions on alarms it does not know, notifies people off
  // the wall); its rule pack is checked before any source starts.
  const alarmRules = await loadGatewayRulePack(config.alarms.rules, configDir)
  const gatewayAlarms = createGatewayAlarms({
    config: config.alarms,
    pack: alarmRules,
    store,
    siteModel: places,
    health: () => ingest.health(false),
    metrics,
    log,
    now,
    restoredActions: restoredLog.alarmActions,
  })
  // Notification sends and failures go to the log and metrics, and to the change log when it keeps events.
  const events = keepsEvents(changeLog) ? changeLog : null
  const loggingRecorder = createLoggingRecorder(log.child('notify'), metrics.registry)
  const notificationRecorder =
    events === null
      ? loggingRecorder
      : combineRecorders(
          loggingRecorder,
          createEventLogRecorder(events, log.child('notify'), metrics.registry),
        )
  const notifier =
    config.notify === undefined
      ? null
      : createNotifier({
          config: config.notify,
          alarms: gatewayAlarms,
          siteModel: places,
          recorder: notificationRecorder,
          log,
          now,
          configDir,
        })
  const sitrepRecorder = createSitrepRecorder({
    config: config.sitrep,
    siteModel: places,
    events,
    changeLog,
    committedBeds: () => committer.committedValues('beds'),
    now,
    log: log.child('sitrep'),
  })
  const startedAt = now()

  const tls = config.server.tls
  let httpServer: HttpServer
  if (tls === undefined) {
    httpServer = createHttpServer()
  } else {
    const [cert, key] = await Promise.all([
      readFile(resolve(configDir, tls.cert)),
      readFile(resolve(configDir, tls.key)),
    ]).catch((error: unknown) => {
      throw new Error(`config: server.tls: ${error instanceof Error ? error.message : String(error)}`)
    })
    httpServer = createHttpsServer({ cert, key })
  }
  const scheme = tls === undefined ? 'http' : 'https'

  const ioOptions: Partial<ServerOptions> = {
    serveClient: false,
    transports: ['websocket'],
    // Clients only send small requests; a large frame is abuse.
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const allowed = origins.allows(req.headers.origin)
      if (!allowed) log.info('handshake refused', { reason: 'origin not allowed' })
      callback(allowed ? null : 'origin not allowed', allowed)
    },
  }
  // Recovery replays missed broadcasts after a short disconnect; the server keeps every broadcast
  // of the window in memory to do so (see docs/gateway-config.md), so 0 turns it off.
  if (config.server.recoveryWindowMs > 0) {
    ioOptions.connectionStateRecovery = {
      maxDisconnectionDuration: config.server.recoveryWindowMs,
      skipMiddlewares: false,
    }
  }
  const io: FeedServer = new Server(httpServer, ioOptions)
  const nsp: FeedNamespace = io.of(FEED_NAMESPACE)

  let sourcesScheduled = false
  const scrubber = createFreeTextScrubber({
    extraPatterns: config.privacy.scrubPatterns.map((source) => new RegExp(source, 'giu')),
  })
  const redactor = createRedactor(scrubber)
  // The fan-out needs the committer (committed snapshots) and the committer the fan-out (what to
  // do after a commit): the fan-out is reached through this late-bound reference.
  let broadcast: (batches: Parameters<typeof fanOut.broadcast>[0]) => void = () => undefined
  const onStatusChange = (status: ReturnType<Committer['status']>): void => {
    metrics.logFailing.set(status.ok ? 0 : 1)
    if (!sourcesScheduled) {
      sourcesScheduled = true
      setImmediate(() => broadcastSources(false))
    }
  }
  const sharedCommitter =
    cluster === null
      ? null
      : cluster.committer({
          store,
          restored: restoredLog,
          tickMs: config.server.tickMs,
          snapshots: {
            everyChanges: storage.snapshotEveryChanges,
            everyMs: storage.snapshotEveryMinutes * 60_000,
          },
          onCommitted: (batches, actions, own) => {
            broadcast(batches)
            if (actions.length > 0) {
              if (!own) for (const record of actions) gatewayAlarms.applyRecorded(record)
              nsp.local.emit(FeedEvent.alarmActions, { records: [...actions] })
            }
            if (!own) ingest.confirmTopics(batches.map((batch) => batch.topic))
          },
          onRemoteChange: (topic, id, previous, next) => gatewayAlarms.onChange(topic, id, previous, next),
          onReset: () => {
            nsp.local.emit(FeedEvent.resync, { reason: 'log-reset', topics: [...TOPICS], serverTime: now() })
          },
          onStatusChange,
          observeCommit: (seconds, changes) => {
            metrics.logCommitSeconds.observe(seconds)
            metrics.logCommittedChanges.inc(changes)
          },
          countFailure: (kind) => metrics.logFailures.inc({ kind }),
        })
  const committer: Committer =
    sharedCommitter ??
    createCommitter({
      log: changeLog,
      store,
      now,
      tickMs: config.server.tickMs,
      snapshots: {
        everyChanges: storage.snapshotEveryChanges,
        everyMs: storage.snapshotEveryMinutes * 60_000,
      },
      logger: log,
      onCommitted: (batches, actions) => {
        broadcast(batches)
        if (actions.length > 0) nsp.emit(FeedEvent.alarmActions, { records: [...actions] })
      },
      onStatusChange,
      observeCommit: (seconds, changes) => {
        metrics.logCommitSeconds.observe(seconds)
        metrics.logCommittedChanges.inc(changes)
      },
      countFailure: (kind) => metrics.logFailures.inc({ kind }),
    })
  const fanOut = createFanOut({
    nsp,
    store,
    committer,
    changeLog,
    bedSites,
    metrics,
    log,
    now,
    maxBufferedPackets: config.server.maxBufferedPackets,
    // Every gateway sends its own clients what it follows from the log; nothing crosses Redis.
    localOnly: true,
    recoveryWindowMs: config.server.recoveryWindowMs,
    redact: redactor,
    staffLocationRoles: config.privacy.staffLocationRoles,
  })
  broadcast = fanOut.broadcast

  const sourcesEvent = (rollWindow = false): SourcesEvent => ({
    sources: ingest.health(rollWindow),
    serverTime: now(),
    restored: ingest.restoredTopics(),
  })
  const broadcastSources = (rollWindow: boolean): void => {
    sourcesScheduled = false
    // Each gateway reports its own sources to its own clients, as it does its own batches.
    nsp.local.emit(FeedEvent.sources, sourcesEvent(rollWindow))
  }
  const ingest = createIngest({
    store,
    metrics,
    log,
    now,
    onChange: (topic, id, previous, next) => {
      committer.onChange(topic, id, previous, next)
      gatewayAlarms.onChange(topic, id, previous, next)
    },
    commits: {
      durable: committer.durable,
      recordReceipt: committer.recordReceipt,
      pendingReceipt: committer.pendingReceipt,
      status: committer.status,
      receipt: (source, key) => changeLog.receipt(source, key),
    },
    restoredAsOf: restoredLog.lastCommitAt,
    onStatusChange: () => {
      if (sourcesScheduled) return
      sourcesScheduled = true
      setImmediate(() => broadcastSources(false))
    },
  })

  metrics.readSourceHealth(() => ingest.health(false))

  // Replay's timeline and the incident report: alarm raises and clears, source health changes.
  const eventLog = keepsEvents(changeLog) ? changeLog : null
  const recorder = eventLog === null ? null : createEventRecorder({ events: eventLog, log })
  if (recorder !== null) gatewayAlarms.onEvaluated((engine, at) => recorder.alarmsEvaluated(engine, at))

  attachFeedHandlers({
    nsp,
    tokens,
    fanOut,
    ingest,
    alarms: gatewayAlarms,
    committer,
    // A getter: a cluster gateway that started while Redis was away learns the log's id later.
    get logId() {
      return changeLog.id
    },
    siteModel: places,
    metrics,
    gatewayId,
    gatewayVersion: GATEWAY_VERSION,
    sourcesEvent,
    now,
    log,
  })

  const health = (): unknown => {
    const sources = ingest.health(false)
    const commitStatus = committer.status()
    return {
      status: !commitStatus.ok || sources.some((source) => source.status !== 'up') ? 'degraded' : 'ok',
      gatewayId,
      version: GATEWAY_VERSION,
      uptimeSec: Math.round((now() - startedAt) / 1000),
      clients: nsp.sockets.size,
      entities: Object.fromEntries(TOPICS.map((topic) => [topic, store.size(topic)])),
      seqs: Object.fromEntries(TOPICS.map((topic) => [topic, store.seq(topic)])),
      changeLog: {
        id: changeLog.id,
        location: changeLog.location,
        status: commitStatus.ok ? 'ok' : 'failing',
        ...(commitStatus.ok ? {} : { reason: commitStatus.reason, since: commitStatus.since }),
      },
      restored: ingest.restoredTopics(),
      sources,
      ...(cluster === null ? {} : { cluster: cluster.health() }),
    }
  }
  httpServer.on(
    'request',
    createHttpHandler({
      documents: () => documents,
      health,
      metrics: metrics.registry,
      tokens,
      origins,
      rendererDir: options.rendererDir ?? null,
      rendererCsp: rendererCsp(config.rendererConnect),
      incidents: createIncidentRoutes({
        changeLog,
        events: eventLog,
        scrub: scrubber,
        now,
        log,
      }),
      history: createHistoryRoutes({
        changeLog,
        store,
        committer,
        now,
        redact: redactor,
        staffLocationRoles: config.privacy.staffLocationRoles,
        sitrep: sitrepRoute({ recorder: sitrepRecorder, timeZone: config.sitrep.timeZone, now }),
        ...(events === null ? {} : { notifications: notificationsRoute({ events, now }) }),
        kpiSeries: kpiSeriesRoute(createKpiSeries({ changeLog, siteModel: places, now })),
      }),
      log,
    }),
  )

  // In a cluster the projection follows the shared log from here (own commits and everyone's).
  sharedCommitter?.follow()
  // Sources start before the listener opens, so the first client's snapshot is the whole picture.
  for (const adapter of adapters) {
    const sink = ingest.sinkFor(adapter)
    try {
      await adapter.start({ sink, siteModel: places, now, log: log.child(`source.${adapter.id}`), keyedHash })
      ingest.markStarted(adapter.id, null)
    } catch (error) {
      // A source that cannot start is shown as down; the other sources and the feed carry on.
      const reason = error instanceof Error ? error.message : String(error)
      log.error('source failed to start', { source: adapter.id, reason })
      ingest.markStarted(adapter.id, reason)
    }
  }
  // What the sources emitted while starting is committed before anyone can connect.
  await committer.flush()

  // The 08:00 SitRep snapshot: taken here, so it exists whether or not a window was open at 08:00.
  sitrepRecorder.start()
  recorder?.sourcesReported(ingest.health(false), now())
  const sourcesTimer = setInterval(() => {
    broadcastSources(true)
    recorder?.sourcesReported(ingest.health(false), now())
  }, config.server.sourcesIntervalMs)
  sourcesTimer.unref()
  const prune = (): void => {
    changeLog.prune(now()).then(
      (pruned) => {
        if (pruned.batches + pruned.snapshots + pruned.receipts + pruned.events > 0)
          log.info('change log pruned', pruned)
      },
      (error: unknown) =>
        log.warn('change log prune failed', {
          reason: error instanceof Error ? error.message : String(error),
        }),
    )
  }
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS)
  pruneTimer.unref()

  const host = config.server.host
  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (error: Error): void =>
      rejectListen(new Error(`cannot listen on ${host}:${config.server.port}: ${error.message}`))
    httpServer.once('error', onError)
    httpServer.listen(config.server.port, host, () => {
      httpServer.off('error', onError)
      resolveListen()
    })
  }).catch(async (error: unknown) => {
    clearInterval(sourcesTimer)
    clearInterval(pruneTimer)
    gatewayAlarms.close()
    sitrepRecorder.close()
    await notifier?.close()
    await Promise.all(adapters.map((adapter) => adapter.stop().catch(() => undefined)))
    await committer.close()
    await changeLog.close()
    await cluster?.close()
    throw error
  })
  const port = (httpServer.address() as AddressInfo).port
  origins.addSelf(scheme, host, port)
  const urlHost = host.includes(':') ? `[${host}]` : host
  log.info('listening', { host, port, sources: adapters.length, gatewayId })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sourcesTimer)
      clearInterval(pruneTimer)
      gatewayAlarms.close()
      sitrepRecorder.close()
      await notifier?.close()
      for (const adapter of adapters) {
        await adapter.stop().catch((error: unknown) => {
          log.warn('source failed to stop', {
            source: adapter.id,
            reason: error instanceof Error ? error.message : String(error),
          })
        })
      }
      await new Promise<void>((resolveClose) => {
        runDetached(
          io.close(() => resolveClose()),
          (error: unknown) =>
            log.warn('socket.io close failed', {
              reason: error instanceof Error ? error.message : String(error),
            }),
        )
      })
      httpServer.closeAllConnections()
      // Whatever the sources handed over before they stopped is committed, then the log closes.
      await committer.close()
      await recorder?.flush()
      await changeLog.close()
      await cluster?.close()
      log.info('closed')
    })()
    return closing
  }

  return {
    url: `${scheme}://${urlHost}:${port}`,
    host,
    port,
    gatewayId,
    changeLog: { id: changeLog.id, location: changeLog.location },
    restored: restoredLog.stats,
    close,
  }
}
