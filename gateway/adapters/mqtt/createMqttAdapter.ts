/**
 * RTLS asset positions over MQTT (topic `assets`).
 *
 * - Subscribes with QoS 1 (configurable) to a topic pattern such as `rtls/+/position`, on a
 *   persistent session by default, so positions published while the gateway was briefly away are
 *   delivered when it returns.
 * - Reconnects with exponential backoff. mqtt.js's own `reconnectPeriod` is a fixed interval, so
 *   it is set to 0 and the adapter schedules `client.reconnect()` itself: base delay, doubled per
 *   failed attempt, capped, with a little jitter so a fleet of gateways does not reconnect in step.
 * - Health: `degraded` while connecting or reconnecting, `down` after `downAfterFailures`
 *   consecutive failed attempts or when the broker refuses the subscription, `up` once subscribed.
 * - Ordering: RTLS networks and QoS 1 both deliver duplicates and late fixes. The newest position
 *   per tag wins by the tag's own timestamp; an older or equal one is dropped and counted (not an
 *   error — nothing is wrong with the feed). Messages of one tick are coalesced per tag before
 *   they are emitted.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import type { Asset, SourceStatus } from '../../../shared/contracts/entities.ts'
import type { AdapterContext, SourceAdapter, SourceOp } from '../../ingest/sourceAdapter.ts'
import type { Logger } from '../../log/Logger.ts'
import { SourceStatusReporter } from '../../ingest/SourceStatusReporter.ts'
import { createPositionMapper } from './createPositionMapper.ts'
import type { MqttSourceConfig } from './mqttSourceConfig.ts'

/** Counters since `start`, for tests, `/metrics` and the docs' troubleshooting table. */
export type MqttAdapterStats = {
  readonly received: number
  /** Positions emitted to the gateway (after coalescing). */
  readonly emitted: number
  readonly rejected: number
  /** Duplicates and out-of-order positions: older than or as old as the tag's latest. */
  readonly staleDropped: number
  readonly errors: number
  /** Failed connection attempts since the last successful connection. */
  readonly consecutiveFailures: number
  readonly status: SourceStatus | null
  readonly detail: string | null
}

export type MqttAdapter = SourceAdapter & {
  readonly config: MqttSourceConfig
  stats(): MqttAdapterStats
}

/** Beyond this many tags, the oldest-updated is forgotten (only reachable with `unknownTags: accept`). */
const MAX_TRACKED_TAGS = 250_000

export function createMqttAdapter(config: MqttSourceConfig): MqttAdapter {
  let client: MqttClient | null = null
  let stopping = false
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  let flushScheduled: ReturnType<typeof setImmediate> | null = null
  let flushNow: () => void = () => undefined
  let connectedThisAttempt = false
  let everConnected = false
  let lastError: string | null = null
  const statusReporter = new SourceStatusReporter()
  const counters = {
    received: 0,
    emitted: 0,
    rejected: 0,
    staleDropped: 0,
    errors: 0,
    consecutiveFailures: 0,
  }
  /** Latest accepted time per tag id; Map order doubles as least-recently-updated order. */
  const latest = new Map<string, number>()
  const pending = new Map<string, Asset>()
  const brokerName = describeBroker(config.url)

  const adapter: MqttAdapter = {
    id: config.id,
    kind: 'mqtt',
    topics: ['assets'],
    config,
    stats: () => ({ ...counters, status: statusReporter.status, detail: statusReporter.detail }),

    async start(context: AdapterContext): Promise<void> {
      if (client !== null) throw new Error(`mqtt source ${config.id} started twice`)
      stopping = false
      const { sink } = context
      const log: Logger = context.log.child(`mqtt:${config.id}`)
      const mapPosition = createPositionMapper(config, context.siteModel)

      const setStatus = (status: SourceStatus, detail: string | null): void =>
        statusReporter.report(sink, log, status, detail)

      const flush = (): void => {
        flushScheduled = null
        if (pending.size === 0) return
        const ops: SourceOp[] = []
        for (const asset of pending.values()) ops.push({ topic: 'assets', op: 'upsert', entity: asset })
        pending.clear()
        counters.emitted += ops.length
        const { rejected } = sink.emit(ops)
        if (rejected > 0) log.warn('positions rejected by validation', { rejected, batch: ops.length })
      }
      flushNow = flush

      const onMessage = (topic: string, payload: Buffer): void => {
        counters.received++
        const result = mapPosition(topic, payload, context.now())
        if (!result.ok) {
          counters.rejected++
          log.debug('payload rejected', { reason: result.reason, bytes: payload.length })
          sink.reject(result.reason)
          return
        }
        const { asset } = result
        // After a gateway restart the store may still hold a newer fix than the broker redelivers.
        const previous = latest.get(asset.id) ?? sink.current('assets', asset.id)?.lastSeen
        if (previous !== undefined && asset.lastSeen <= previous) {
          counters.staleDropped++
          return
        }
        latest.delete(asset.id)
        latest.set(asset.id, asset.lastSeen)
        if (latest.size > MAX_TRACKED_TAGS) {
          const oldest = latest.keys().next()
          if (oldest.done !== true) latest.delete(oldest.value)
        }
        pending.set(asset.id, asset)
        flushScheduled ??= setImmediate(flush)
      }

      const scheduleReconnect = (): void => {
        if (stopping || reconnectTimer !== null) return
        const exponent = Math.min(counters.consecutiveFailures, 16)
        const base = Math.min(config.maxReconnectPeriodMs, config.reconnectPeriodMs * 2 ** exponent)
        const delay = Math.round(base * (0.8 + Math.random() * 0.4))
        log.debug('reconnect scheduled', { delayMs: delay, failures: counters.consecutiveFailures })
        reconnectTimer = setTimeout(() => {
          reconnectTimer = null
          if (stopping || client === null) return
          connectedThisAttempt = false
          client.reconnect()
        }, delay)
      }

      const options: IClientOptions = {
        clientId: config.clientId ?? `watchfloor-${config.id}`,
        clean: !config.persistentSession,
        // Reconnects are scheduled by the adapter (exponential backoff), see the module comment.
        reconnectPeriod: 0,
        connectTimeout: config.connectTimeoutMs,
        resubscribe: false,
        keepalive: 30,
      }
      // With a persistent session and QoS 1 the broker keeps what we have not acknowledged: the
      // PUBACK goes only once the position is in the change log, so a gateway that dies first gets
      // it again. mqtt.js hands over one QoS 1 message at a time until its PUBACK, so this bounds
      // the rate to the commit latency (docs/sources-mqtt.md); QoS 0 trades that for throughput.
      const ackedAfterCommit = new WeakSet<object>()
      if (config.persistentSession && config.qos === 1) {
        options.customHandleAcks = (topic, message, packet: object, callback) => {
          ackedAfterCommit.add(packet)
          onMessage(topic, message)
          flush()
          sink.durable().then(
            () => callback(0),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          )
        }
      }
      if (config.username !== undefined) options.username = config.username
      if (config.password !== undefined) options.password = config.password

      setStatus('degraded', `connecting to ${brokerName}`)
      const mqttClient = connect(config.url, options)
      client = mqttClient

      mqttClient.on('connect', () => {
        connectedThisAttempt = true
        everConnected = true
        counters.consecutiveFailures = 0
        lastError = null
        log.info('connected', { broker: brokerName })
        mqttClient.subscribe(config.topic, { qos: config.qos }, (error, granted) => {
          if (stopping) return
          if (error) {
            counters.errors++
            sink.error(`subscribe to ${config.topic} failed: ${error.message}`)
            setStatus('down', `subscribe to ${config.topic} failed: ${error.message}`)
            return
          }
          // A SUBACK return code of 128 (0x80) means the broker refused the subscription (ACL).
          const refused = (granted ?? []).some((g) => g.qos !== 0 && g.qos !== 1 && g.qos !== 2)
          if (refused) {
            counters.errors++
            sink.error(`broker refused subscription to ${config.topic}`)
            setStatus('down', `broker ${brokerName} refused subscription to ${config.topic} (check its ACL)`)
            return
          }
          setStatus('up', null)
        })
      })
      mqttClient.on('message', (topic, payload, packet) => {
        // Handled (and acknowledged after the commit) in customHandleAcks already.
        if (ackedAfterCommit.has(packet)) return
        onMessage(topic, payload)
      })
      mqttClient.on('error', (error) => {
        if (stopping) return
        counters.errors++
        lastError = error.message
        log.warn('broker error', { error: error.message })
        sink.error(`broker ${brokerName}: ${error.message}`)
      })
      mqttClient.on('close', () => {
        if (stopping) return
        if (connectedThisAttempt) {
          // The connection was lost: the first reconnect comes quickly.
          connectedThisAttempt = false
          log.warn('connection lost', { broker: brokerName })
          setStatus('degraded', `connection to ${brokerName} lost; reconnecting`)
        } else {
          counters.consecutiveFailures++
          const why = lastError === null ? '' : ` (${lastError})`
          const attempts = `${counters.consecutiveFailures} failed attempt${counters.consecutiveFailures === 1 ? '' : 's'}`
          if (counters.consecutiveFailures >= config.downAfterFailures) {
            setStatus('down', `${brokerName} unreachable: ${attempts}${why}; retrying`)
          } else {
            const verb = everConnected ? 'reconnecting to' : 'connecting to'
            setStatus('degraded', `${verb} ${brokerName}: ${attempts}${why}`)
          }
        }
        scheduleReconnect()
      })
    },

    async stop(): Promise<void> {
      stopping = true
      if (reconnectTimer !== null) clearTimeout(reconnectTimer)
      reconnectTimer = null
      if (flushScheduled !== null) {
        // Deliver what was already taken from the broker (and acknowledged) rather than drop it.
        clearImmediate(flushScheduled)
        flushNow()
      }
      const c = client
      client = null
      if (c !== null) await c.endAsync(true)
    },
  }
  return adapter
}

/** The broker's scheme, host and port — never the credentials a URL may carry. */
function describeBroker(url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}`
}
