/**
 * The gateway's composition root: config → sources, store, fan-out, socket.io and HTTP. Used by
 * `gateway/main.ts`, the integration tests and the bench. Resolves once every source has started
 * and the server listens; rejects with a message naming what is wrong when it cannot start.
 */
import { readFile } from 'node:fs/promises'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { Server, type ServerOptions } from 'socket.io'
import { TOPICS } from '../../shared/contracts/entities.ts'
import { FEED_NAMESPACE, FeedEvent } from '../../shared/contracts/feed.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import { sourceRegistry } from '../adapters/registry.ts'
import { createAlarmActionLog } from '../alarms/createAlarmActionLog.ts'
import type { GatewayConfig, SourceConfig, TokenConfig } from '../config/configSchema.ts'
import { createFanOut } from '../fanout/createFanOut.ts'
import { createIngest } from '../ingest/createIngest.ts'
import type { SourceDefinition } from '../ingest/defineSource.ts'
import type { Logger, SourceAdapter } from '../ingest/sourceAdapter.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import { createMemoryEntityStore } from '../store/createMemoryEntityStore.ts'
import { attachFeedHandlers } from './attachFeedHandlers.ts'
import { createClusterAdapter, type ClusterAdapter } from './createClusterAdapter.ts'
import { createHttpHandler, type HttpDocuments } from './createHttpHandler.ts'
import { createMetrics } from './createMetrics.ts'
import { createOriginPolicy } from './createOriginPolicy.ts'
import { createTokenTable } from './createTokenTable.ts'
import type { FeedNamespace, FeedServer } from './feedTypes.ts'
import { GATEWAY_VERSION } from './gatewayVersion.ts'
import { jsonDocument } from './jsonDocument.ts'
import { EMPTY_SITE_MODEL, loadFloorPlans, loadSiteModel } from './loadSiteData.ts'

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
}

export type RunningGateway = {
  /** `http(s)://HOST:PORT`. */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly gatewayId: string
  /** Stops the sources, closes every client and the listener. */
  close(): Promise<void>
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options
  const log = options.log ?? createSilentLogger()
  const now = options.now ?? Date.now
  const configDir = options.configDir ?? process.cwd()
  const registry: Readonly<Partial<Record<string, SourceDefinition>>> = options.registry ?? sourceRegistry
  const gatewayId = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`

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

  const store = createMemoryEntityStore()
  const metrics = createMetrics((topic) => {
    const known = TOPICS.find((candidate) => candidate === topic)
    return known === undefined ? 0 : store.size(known)
  }, TOPICS)
  const tokens = createTokenTable([...config.tokens, ...(options.tokens ?? [])])
  if (tokens.size === 0) log.warn('no tokens configured: every client will be refused')
  const origins = createOriginPolicy(config.origins)
  const alarmActions = createAlarmActionLog(config.alarms.historySize)
  const startedAt = now()

  let cluster: ClusterAdapter | null = null
  if (config.cluster !== undefined)
    cluster = await createClusterAdapter(config.cluster.redisUrl, log.child('cluster'))

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
  if (cluster !== null) ioOptions.adapter = cluster.adapter
  const io: FeedServer = new Server(httpServer, ioOptions)
  const nsp: FeedNamespace = io.of(FEED_NAMESPACE)

  const fanOut = createFanOut({
    nsp,
    store,
    bedSites,
    metrics,
    log,
    now,
    tickMs: config.server.tickMs,
    maxBufferedPackets: config.server.maxBufferedPackets,
    localOnly: cluster !== null,
    recoveryWindowMs: config.server.recoveryWindowMs,
    staffLocationRoles: config.privacy.staffLocationRoles,
  })

  let sourcesScheduled = false
  const sourcesEvent = (): { sources: ReturnType<typeof ingest.health>; serverTime: number } => ({
    sources: ingest.health(false),
    serverTime: now(),
  })
  const broadcastSources = (rollWindow: boolean): void => {
    sourcesScheduled = false
    // Each gateway reports its own sources to its own clients, as it does its own batches.
    nsp.local.emit(FeedEvent.sources, { sources: ingest.health(rollWindow), serverTime: now() })
  }
  const ingest = createIngest({
    store,
    metrics,
    log,
    now,
    onChange: fanOut.onChange,
    onStatusChange: () => {
      if (sourcesScheduled) return
      sourcesScheduled = true
      setImmediate(() => broadcastSources(false))
    },
  })

  attachFeedHandlers({
    nsp,
    tokens,
    fanOut,
    ingest,
    store,
    alarmActions,
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
    return {
      status: sources.some((source) => source.status !== 'up') ? 'degraded' : 'ok',
      gatewayId,
      version: GATEWAY_VERSION,
      uptimeSec: Math.round((now() - startedAt) / 1000),
      clients: nsp.sockets.size,
      entities: Object.fromEntries(TOPICS.map((topic) => [topic, store.size(topic)])),
      sources,
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
      log,
    }),
  )

  // Sources start before the listener opens, so the first client's snapshot is the whole picture.
  for (const adapter of adapters) {
    const sink = ingest.sinkFor(adapter)
    try {
      await adapter.start({ sink, siteModel: places, now, log: log.child(`source.${adapter.id}`) })
      ingest.markStarted(adapter.id, null)
    } catch (error) {
      // A source that cannot start is shown as down; the other sources and the feed carry on.
      const reason = error instanceof Error ? error.message : String(error)
      log.error('source failed to start', { source: adapter.id, reason })
      ingest.markStarted(adapter.id, reason)
    }
  }
  fanOut.flush()

  const sourcesTimer = setInterval(() => broadcastSources(true), config.server.sourcesIntervalMs)
  sourcesTimer.unref()

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
    fanOut.close()
    await Promise.all(adapters.map((adapter) => adapter.stop().catch(() => undefined)))
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
      fanOut.close()
      for (const adapter of adapters) {
        await adapter.stop().catch((error: unknown) => {
          log.warn('source failed to stop', {
            source: adapter.id,
            reason: error instanceof Error ? error.message : String(error),
          })
        })
      }
      await new Promise<void>((resolveClose) => {
        void io.close(() => resolveClose())
      })
      httpServer.closeAllConnections()
      await cluster?.close()
      log.info('closed')
    })()
    return closing
  }

  return { url: `${scheme}://${urlHost}:${port}`, host, port, gatewayId, close }
}
