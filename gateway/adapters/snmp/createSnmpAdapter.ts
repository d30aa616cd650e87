/**
 * Network health over SNMP (topic `network`): polls each configured device (v2c or v3) at a fixed
 * interval, receives linkDown/linkUp traps, and emits whole `NetworkDevice` upserts — the device's
 * place and clinical footprint from config, its state from the network.
 *
 * Each device is polled on its own timer, the next poll `intervalMs` after the previous one
 * started (never overlapping: the config refuses a timeout longer than the interval). A device
 * that misses a poll gets a fresh session for the next one, so an agent that restarted (new v3
 * engine boots/time) is picked up without a gateway restart.
 *
 * Source health: `up` when every device answers (and the trap receiver listens, if configured);
 * `degraded` when some do not, before the first round, or when the trap port cannot be bound;
 * `down` when every device is down.
 */
import { isIPv6 } from 'node:net'
import type { SourceStatus } from '../../../shared/contracts/entities.ts'
import type { AdapterContext, AdapterSink, SourceAdapter } from '../../ingest/sourceAdapter.ts'
import type { Logger } from '../../log/Logger.ts'
import { SourceStatusReporter } from '../../ingest/SourceStatusReporter.ts'
import {
  applyLinkTrap,
  applyMissedPoll,
  applyPoll,
  createDeviceState,
  IF_STATUS,
  toNetworkDevice,
  type DeviceState,
} from './deviceState.ts'
import { netSnmp, type SnmpNotification, type SnmpReceiver, type SnmpSession } from './netSnmp.ts'
import { OID, pollDevice } from './pollDevice.ts'
import type { SnmpDeviceConfig, SnmpSourceConfig } from './snmpSourceConfig.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'

export type SnmpAdapterStats = {
  readonly polls: number
  readonly missedPolls: number
  readonly trapsReceived: number
  /** linkDown/linkUp traps that changed a watched interface. */
  readonly trapsApplied: number
  /** Other notifications, and link traps for interfaces nobody watches. */
  readonly trapsIgnored: number
  readonly rejected: number
  readonly errors: number
  readonly status: SourceStatus | null
  readonly detail: string | null
}

export type SnmpAdapter = SourceAdapter & {
  readonly config: SnmpSourceConfig
  stats(): SnmpAdapterStats
}

type Polled = {
  readonly state: DeviceState
  session: SnmpSession | null
  timer: ReturnType<typeof setTimeout> | null
}

export function createSnmpAdapter(config: SnmpSourceConfig): SnmpAdapter {
  let running = false
  let receiver: SnmpReceiver | null = null
  let trapProblem: string | null = null
  const statusReporter = new SourceStatusReporter()
  const devices = new Map<string, Polled>()
  const inFlight = new Set<Promise<void>>()
  const counters = {
    polls: 0,
    missedPolls: 0,
    trapsReceived: 0,
    trapsApplied: 0,
    trapsIgnored: 0,
    rejected: 0,
    errors: 0,
  }

  const adapter: SnmpAdapter = {
    id: config.id,
    kind: 'snmp',
    topics: ['network'],
    config,
    stats: () => ({ ...counters, status: statusReporter.status, detail: statusReporter.detail }),

    async start(context: AdapterContext): Promise<void> {
      if (running) throw new Error(`snmp source ${config.id} started twice`)
      running = true
      const { sink } = context
      const log = context.log.child(`snmp:${config.id}`)

      const setStatus = (status: SourceStatus, detail: string | null): void =>
        statusReporter.report(sink, log, status, detail)
      const updateSourceStatus = (): void => {
        const all = [...devices.values()].map((d) => d.state)
        const silent = all.filter((d) => d.missedPolls > 0).map((d) => d.config.id)
        const pending = all.filter((d) => d.outcomes.length === 0).length
        let status: SourceStatus
        let detail: string | null
        if (silent.length === all.length && all.every((d) => d.status === 'down')) {
          status = 'down'
          detail = `no device answering (${all.length})`
        } else if (silent.length > 0) {
          status = 'degraded'
          const names = silent.slice(0, 3).join(', ') + (silent.length > 3 ? ', …' : '')
          detail = `${silent.length} of ${all.length} devices not answering: ${names}`
        } else if (pending > 0) {
          status = 'degraded'
          detail = `first poll pending for ${pending} of ${all.length} devices`
        } else {
          status = 'up'
          detail = null
        }
        if (trapProblem !== null) {
          if (status === 'up') status = 'degraded'
          detail = detail === null ? trapProblem : `${detail}; ${trapProblem}`
        }
        setStatus(status, detail)
      }
      const publish = (device: DeviceState): void => {
        const { rejected } = sink.emit([{ topic: 'network', op: 'upsert', entity: toNetworkDevice(device) }])
        if (rejected > 0) log.error('device rejected by validation', { deviceId: device.config.id })
      }

      const now = context.now
      for (const deviceConfig of config.devices) {
        devices.set(deviceConfig.id, {
          state: createDeviceState(deviceConfig, now()),
          session: null,
          timer: null,
        })
      }
      // Every device appears at once, as unknown: on the map, never up before a poll says so.
      sink.emit(
        [...devices.values()].map((d) => ({
          topic: 'network' as const,
          op: 'upsert' as const,
          entity: toNetworkDevice(d.state),
        })),
      )
      updateSourceStatus()

      const onTrap = (notification: SnmpNotification): void => {
        counters.trapsReceived++
        const trap = parseLinkTrap(notification)
        if (trap === null) {
          counters.trapsIgnored++
          return
        }
        const targets = [...devices.values()].filter(
          (d) => d.state.config.host === trap.source || d.state.config.trapSources.includes(trap.source),
        )
        if (targets.length === 0) {
          counters.rejected++
          sink.reject(`link trap from unknown device ${trap.source}`)
          return
        }
        let applied = false
        for (const target of targets) {
          if (applyLinkTrap(target.state, trap.ifIndex, trap.admin, trap.oper, now())) {
            applied = true
            log.info('link trap', {
              deviceId: target.state.config.id,
              ifIndex: trap.ifIndex,
              oper: trap.oper,
            })
            publish(target.state)
          }
        }
        if (applied) counters.trapsApplied++
        else counters.trapsIgnored++
        updateSourceStatus()
      }

      if (config.traps !== undefined) {
        receiver = startTrapReceiver(config, log, sink, counters, onTrap, (problem) => {
          trapProblem = problem
          updateSourceStatus()
        })
      }

      const poll = async (polled: Polled): Promise<void> => {
        polled.timer = null
        if (!running) return
        const started = Date.now()
        const device = polled.state
        polled.session ??= openSession(device.config, config, log)
        const result = await pollDevice(polled.session, device, now)
        if (!running) return
        counters.polls++
        const before = device.status
        if (result.ok) {
          const previousTicks = device.sysUpTimeTicks
          const ticks = result.reading.sysUpTimeTicks
          if (previousTicks !== null && ticks !== null && ticks < previousTicks) {
            // sysUpTime went backwards: the agent restarted between polls (a reboot or a crash).
            log.warn('device restarted', { deviceId: device.config.id, sysUpTimeTicks: ticks })
          }
          applyPoll(device, result.reading, config.lossWindow)
        } else {
          counters.missedPolls++
          counters.errors++
          sink.error(`device ${device.config.id}: ${result.reason}`)
          applyMissedPoll(device, now(), result.reason, config.downAfterMissedPolls, config.lossWindow)
          // A fresh session next time: rediscovers a restarted agent's v3 engine and its clock.
          polled.session.close()
          polled.session = null
        }
        if (device.status !== before) {
          log.info('device status', {
            deviceId: device.config.id,
            status: device.status,
            detail: device.detail,
          })
        }
        publish(device)
        updateSourceStatus()
        schedule(polled, Math.max(0, started + config.intervalMs - Date.now()))
      }
      const schedule = (polled: Polled, delayMs: number): void => {
        if (!running) return
        polled.timer = setTimeout(() => {
          const run = poll(polled).catch((error: unknown) => {
            // pollDevice turns network failures into values; anything here is a bug. Keep polling.
            counters.errors++
            log.error('poll failed', { deviceId: polled.state.config.id, error: String(error) })
            schedule(polled, config.intervalMs)
          })
          inFlight.add(run)
          // `run` cannot reject (its catch above); the handler is for a bug in the bookkeeping.
          runDetached(
            run.finally(() => inFlight.delete(run)),
            (error: unknown) => log.error('poll bookkeeping failed', { error: String(error) }),
          )
        }, delayMs)
      }

      // Spread the first round over up to a second so a big estate does not poll in one burst.
      const spread = Math.min(config.intervalMs, 1000) / devices.size
      let index = 0
      for (const polled of devices.values()) schedule(polled, Math.round(index++ * spread))
    },

    async stop(): Promise<void> {
      running = false
      for (const polled of devices.values()) {
        if (polled.timer !== null) clearTimeout(polled.timer)
        polled.timer = null
      }
      // Closing a session fails its pending request at once, so stop does not wait for timeouts.
      for (const polled of devices.values()) {
        polled.session?.close()
        polled.session = null
      }
      await Promise.allSettled([...inFlight])
      devices.clear()
      const r = receiver
      receiver = null
      if (r !== null) await closeReceiver(r)
    },
  }
  return adapter
}

function openSession(device: SnmpDeviceConfig, config: SnmpSourceConfig, log: Logger): SnmpSession {
  const options = {
    port: device.port,
    retries: config.retries,
    timeout: config.timeoutMs,
    transport: isIPv6(device.host) ? ('udp6' as const) : ('udp4' as const),
  }
  const { snmp } = device
  let session: SnmpSession
  if (snmp.version === '2c') {
    session = netSnmp.createSession(device.host, snmp.community, { ...options, version: netSnmp.Version2c })
  } else {
    session = netSnmp.createV3Session(
      device.host,
      {
        name: snmp.user,
        level: netSnmp.SecurityLevel[snmp.level],
        ...(snmp.authProtocol !== undefined && snmp.authKey !== undefined
          ? { authProtocol: netSnmp.AuthProtocols[snmp.authProtocol], authKey: snmp.authKey }
          : {}),
        ...(snmp.privProtocol !== undefined && snmp.privKey !== undefined
          ? { privProtocol: netSnmp.PrivProtocols[snmp.privProtocol], privKey: snmp.privKey }
          : {}),
      },
      { ...options, version: netSnmp.Version3 },
    )
  }
  // An unhandled 'error' event would throw; socket errors also fail the pending request.
  session.on('error', (error) =>
    log.warn('session socket error', { deviceId: device.id, error: error.message }),
  )
  return session
}

type LinkTrap = {
  readonly source: string
  readonly ifIndex: number
  readonly admin: number | null
  readonly oper: number
}

/** Reads a v2c linkDown/linkUp notification (RFC 2863 §6); null for anything else. */
export function parseLinkTrap(notification: SnmpNotification): LinkTrap | null {
  const varbinds = notification.pdu.varbinds
  const valueOf = (oid: string): unknown => varbinds.find((vb) => vb.oid === oid)?.value
  const trapOid = valueOf(OID.snmpTrapOID)
  if (trapOid !== OID.linkDown && trapOid !== OID.linkUp) return null
  let ifIndex: number | null = null
  let admin: number | null = null
  let oper: number | null = null
  for (const vb of varbinds) {
    const suffix = (base: string): number | null => {
      if (!vb.oid.startsWith(base + '.')) return null
      const n = Number(vb.oid.slice(base.length + 1))
      return Number.isSafeInteger(n) && n > 0 ? n : null
    }
    const value = typeof vb.value === 'number' && Number.isSafeInteger(vb.value) ? vb.value : null
    if (suffix(OID.ifIndex) !== null && value !== null) ifIndex = value
    const adminIndex = suffix(OID.ifAdminStatus)
    if (adminIndex !== null) {
      ifIndex ??= adminIndex
      admin = value
    }
    const operIndex = suffix(OID.ifOperStatus)
    if (operIndex !== null) {
      ifIndex ??= operIndex
      oper = value
    }
  }
  if (ifIndex === null) return null
  // Without ifOperStatus the trap's kind is the state (the MIB requires the varbind; be lenient).
  oper ??= trapOid === OID.linkDown ? IF_STATUS.down : IF_STATUS.up
  // A proxy or relay names the original agent in snmpTrapAddress.0.
  const relayed = valueOf(OID.snmpTrapAddress)
  const source = typeof relayed === 'string' && relayed.length > 0 ? relayed : notification.rinfo.address
  return { source, ifIndex, admin, oper }
}

function startTrapReceiver(
  config: SnmpSourceConfig,
  log: Logger,
  sink: AdapterSink,
  counters: { rejected: number; errors: number },
  onNotification: (notification: SnmpNotification) => void,
  onProblem: (problem: string | null) => void,
): SnmpReceiver | null {
  const traps = config.traps
  if (traps === undefined) return null
  const where = `${traps.address}:${traps.port}`
  try {
    const receiver = netSnmp.createReceiver(
      {
        port: traps.port,
        address: traps.address,
        transport: isIPv6(traps.address) ? 'udp6' : 'udp4',
        disableAuthorization: false,
      },
      (error, notification) => {
        if (error !== null) {
          if (error.rinfo !== undefined) {
            // A packet we refused (unknown community, malformed): the sender's fault, counted.
            counters.rejected++
            sink.reject(`trap refused from ${error.rinfo.address}: ${error.message.slice(0, 80)}`)
          } else {
            // A socket error, typically the port already taken or needing privilege.
            counters.errors++
            log.error('trap receiver error', { where, error: error.message })
            sink.error(`trap receiver on ${where}: ${error.message}`)
            onProblem(`trap receiver on ${where} not listening (${error.message.slice(0, 60)})`)
          }
          return
        }
        if (notification !== null && notification !== undefined) onNotification(notification)
      },
    )
    for (const community of traps.communities) receiver.getAuthorizer().addCommunity(community)
    log.info('trap receiver listening', { where })
    return receiver
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    counters.errors++
    sink.error(`trap receiver on ${where}: ${message}`)
    onProblem(`trap receiver on ${where} not listening (${message.slice(0, 60)})`)
    return null
  }
}

function closeReceiver(receiver: SnmpReceiver): Promise<void> {
  return new Promise((resolve) => {
    // net-snmp calls back once per socket closed; a socket that never bound may not call back.
    const fallback = setTimeout(resolve, 1000)
    const done = (): void => {
      clearTimeout(fallback)
      resolve()
    }
    try {
      receiver.close(done)
    } catch {
      // Closing a socket that never bound throws: there is nothing left to release.
      done()
    }
  })
}
