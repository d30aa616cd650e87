/**
 * The `/v1` namespace: token → role at the handshake, `hello` on connect, `subscribe`,
 * `alarm:action`, and the cyber alert response (attachCyberResponseHandlers). Every client payload is parsed with the shared schemas; a bad one
 * gets `{ ok: false, error }` and the connection stays usable.
 */
import { TOPICS } from '../../shared/contracts/entities.ts'
import {
  FEED_PROTOCOL_VERSION,
  FeedEvent,
  handshakeAuthSchema,
  type Hello,
  type SourcesEvent,
} from '../../shared/contracts/feed.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { GatewayAlarms } from '../alarms/createGatewayAlarms.ts'
import type { FanOut } from '../fanout/createFanOut.ts'
import type { Committer } from '../ingest/createCommitter.ts'
import type { Ingest } from '../ingest/createIngest.ts'
import type { Logger } from '../log/Logger.ts'
import type { GatewayMetrics } from '../metrics/createMetrics.ts'
import { attachCyberResponseHandlers } from './attachCyberResponseHandlers.ts'
import type { TokenTable } from './createTokenTable.ts'
import type { FeedNamespace, FeedSocket } from '../core/feedTypes.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

export function attachFeedHandlers(deps: {
  readonly nsp: FeedNamespace
  readonly tokens: TokenTable
  readonly fanOut: FanOut
  readonly ingest: Ingest
  readonly alarms: GatewayAlarms
  readonly committer: Pick<Committer, 'durable' | 'recordAlarmAction'>
  /** The change log's id, sent in `hello` so a client can resume from its seqs. */
  readonly logId: string
  readonly siteModel: SiteModel
  readonly metrics: GatewayMetrics
  readonly gatewayId: string
  readonly gatewayVersion: string
  readonly sourcesEvent: () => SourcesEvent
  readonly now: () => number
  readonly log: Logger
}): void {
  const { nsp, tokens, fanOut, ingest, alarms, committer, now } = deps
  const log = deps.log.child('feed')

  nsp.use((socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth)
    const principal = auth.success ? tokens.lookup(auth.data.token) : undefined
    if (principal === undefined) {
      log.info('handshake refused', { reason: auth.success ? 'unknown token' : 'no token' })
      next(new Error(auth.success ? 'unauthorized: unknown token' : 'unauthorized: a token is required'))
      return
    }
    // A recovered session keeps its subscription (and its rooms, restored by socket.io).
    const previous: unknown = socket.data
    const subscription =
      typeof previous === 'object' && previous !== null && 'subscription' in previous
        ? socket.data.subscription
        : null
    socket.data = {
      role: principal.role,
      user: principal.name,
      subscription: subscription ?? null,
      catchingUpUntil: 0,
    }
    next()
  })

  const hello = (socket: FeedSocket): Hello => ({
    protocol: FEED_PROTOCOL_VERSION,
    gatewayVersion: deps.gatewayVersion,
    gatewayId: deps.gatewayId,
    trust: { id: deps.siteModel.trust.id, name: deps.siteModel.trust.name },
    sites: deps.siteModel.sites.map((site) => ({ id: site.id, name: site.name, shortName: site.shortName })),
    topics: [...TOPICS],
    role: socket.data.role,
    user: socket.data.user,
    serverTime: now(),
    log: { id: deps.logId },
  })

  nsp.on('connection', (socket) => {
    deps.metrics.clients.inc()
    log.info('client connected', { socket: socket.id, role: socket.data.role, recovered: socket.recovered })
    socket.on('disconnect', (reason) => {
      deps.metrics.clients.dec()
      alarms.forget(socket.id)
      log.info('client disconnected', { socket: socket.id, reason })
    })

    if (socket.recovered) fanOut.restore(socket)
    socket.emit(FeedEvent.hello, hello(socket))
    socket.emit(FeedEvent.alarmActions, alarms.replay())
    socket.emit(FeedEvent.alarmConditions, alarms.conditions())
    socket.emit(FeedEvent.sources, deps.sourcesEvent())

    socket.on(FeedEvent.subscribe, (request, ack) => {
      if (typeof ack !== 'function') return
      const answered = fanOut.subscribe(socket, request).then((response) => {
        // null: a newer subscribe from the same socket replaced this one before it was answered.
        if (response === null) return
        if (!response.ok) log.info('subscribe refused', { socket: socket.id })
        ack(response)
      })
      runDetached(answered, (error) =>
        log.error('subscribe failed', {
          socket: socket.id,
          reason: error instanceof Error ? error.message : String(error),
        }),
      )
    })

    attachCyberResponseHandlers(socket, { ingest, committer, log })

    // Checked, rate-limited, resolved to its members and recorded by the gateway's alarm engine
    // (gateway/alarms/createGatewayAlarms.ts); only a recorded action reaches any client.
    socket.on(FeedEvent.alarmAction, (request, ack) => {
      if (typeof ack !== 'function') return
      const response = alarms.act(request, {
        socketId: socket.id,
        role: socket.data.role,
        user: socket.data.user,
      })
      if (!response.ok) return ack(response)
      // In the log first; every client (on every gateway) gets it once it is durable (the
      // committer relays it), and the operator is told only then.
      const { record } = response
      committer.recordAlarmAction(record)
      committer.durable().then(
        () => ack(response),
        (error: unknown) =>
          ack({
            ok: false,
            error: `not recorded: ${error instanceof Error ? error.message : String(error)}`,
          }),
      )
    })
  })
}
