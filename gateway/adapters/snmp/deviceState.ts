/**
 * What the SNMP adapter knows about one device, and the rules that turn polls, missed polls and
 * traps into a `NetworkDevice`. Pure and clock-free (times are passed in) so the rules are
 * unit-tested without a network.
 *
 * The rules, in the order an on-call engineer would want them:
 * - a device is `up` only on evidence: it answered its last poll and no monitored interface is
 *   faulty; `degraded` when it answers but a monitored interface is faulty;
 * - one missed poll makes it `unknown` (we no longer know, so it is never left showing `up`);
 *   `downAfterMissedPolls` consecutive misses make it `down`;
 * - a configured interface is faulty unless it is admin-up and oper-up (IF-MIB up(1) or
 *   dormant(5)) — the operator chose to watch it, so "someone shut the uplink" is a fault too;
 * - in walk mode (no configured interfaces) only an interface that was seen up and went down
 *   while admin-up is a fault, so unused access ports do not make every switch degraded.
 */
import type { DeviceLink, DeviceStatus, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SnmpDeviceConfig } from './snmpSourceConfig.ts'

/** IF-MIB ifOperStatus / ifAdminStatus values (RFC 2863). */
export const IF_STATUS = {
  up: 1,
  down: 2,
  testing: 3,
  unknown: 4,
  dormant: 5,
  notPresent: 6,
  lowerLayerDown: 7,
} as const

export type InterfaceState = {
  readonly ifIndex: number
  name: string
  readonly configured: boolean
  /** The name came from config; ifName does not replace it. */
  readonly fixedName: boolean
  readonly uplink: boolean
  readonly peerId: string | null
  readonly configuredSpeedMbps: number | null
  admin: number | null
  oper: number | null
  /** Seen oper-up at least once (walk mode's baseline). */
  everUp: boolean
  utilisationPct: number | null
  counters: { inOctets: bigint; outOctets: bigint; at: number } | null
}

export type DeviceState = {
  readonly config: SnmpDeviceConfig
  status: DeviceStatus
  statusSince: number
  missedPolls: number
  /** Outcomes of the last polls (true = answered), oldest first, at most `lossWindow`. */
  readonly outcomes: boolean[]
  latencyMs: number | null
  lastPolledAt: number | null
  sysUpTimeTicks: number | null
  readonly interfaces: Map<number, InterfaceState>
  /** Why the device is not up, for logs and the source detail. */
  detail: string | null
}

/** One interface as read by a poll; nulls where the agent had no such object. */
export type InterfaceReading = {
  readonly ifIndex: number
  readonly name: string | null
  readonly admin: number | null
  readonly oper: number | null
  readonly inOctets: bigint | null
  readonly outOctets: bigint | null
  readonly highSpeedMbps: number | null
}

export type PollReading = {
  readonly at: number
  readonly latencyMs: number
  readonly sysUpTimeTicks: number | null
  readonly interfaces: readonly InterfaceReading[]
}

/** An interface the device reported but the config did not list (walk mode, or a trap). */
function discoveredInterface(ifIndex: number): InterfaceState {
  return {
    ifIndex,
    name: `ifIndex ${ifIndex}`,
    configured: false,
    fixedName: false,
    uplink: false,
    peerId: null,
    configuredSpeedMbps: null,
    admin: null,
    oper: null,
    everUp: false,
    utilisationPct: null,
    counters: null,
  }
}

export function createDeviceState(config: SnmpDeviceConfig, now: number): DeviceState {
  const interfaces = new Map<number, InterfaceState>()
  for (const iface of config.interfaces ?? []) {
    interfaces.set(iface.ifIndex, {
      ifIndex: iface.ifIndex,
      name: iface.name ?? `ifIndex ${iface.ifIndex}`,
      configured: true,
      fixedName: iface.name !== undefined,
      uplink: iface.uplink,
      peerId: iface.peerId ?? null,
      configuredSpeedMbps: iface.speedMbps ?? null,
      admin: null,
      oper: null,
      everUp: false,
      utilisationPct: null,
      counters: null,
    })
  }
  return {
    config,
    status: 'unknown',
    statusSince: now,
    missedPolls: 0,
    outcomes: [],
    latencyMs: null,
    lastPolledAt: null,
    sysUpTimeTicks: null,
    interfaces,
    detail: 'not polled yet',
  }
}

function isOperUp(oper: number | null): boolean {
  return oper === IF_STATUS.up || oper === IF_STATUS.dormant
}

function faultOf(iface: InterfaceState): string | null {
  if (iface.configured) {
    if (iface.admin === null || iface.oper === null) return `${iface.name} not found`
    if (iface.admin !== IF_STATUS.up) return `${iface.name} admin-down`
    if (!isOperUp(iface.oper)) return `${iface.name} down`
    return null
  }
  if (iface.admin === IF_STATUS.up && iface.everUp && !isOperUp(iface.oper)) return `${iface.name} down`
  return null
}

function setStatus(device: DeviceState, status: DeviceStatus, now: number): void {
  if (device.status !== status) {
    device.status = status
    device.statusSince = now
  }
}

function recordOutcome(device: DeviceState, answered: boolean, lossWindow: number): void {
  device.outcomes.push(answered)
  while (device.outcomes.length > lossWindow) device.outcomes.shift()
}

/** Re-derives up/degraded from interface states; only meaningful while the device answers. */
function evaluateAnswering(device: DeviceState, now: number): void {
  const faults: string[] = []
  for (const iface of device.interfaces.values()) {
    const fault = faultOf(iface)
    if (fault !== null) faults.push(iface.uplink ? `uplink ${fault}` : fault)
  }
  setStatus(device, faults.length === 0 ? 'up' : 'degraded', now)
  device.detail =
    faults.length === 0 ? null : faults.slice(0, 5).join(', ') + (faults.length > 5 ? ', …' : '')
}

/** Applies a successful poll. */
export function applyPoll(device: DeviceState, reading: PollReading, lossWindow: number): void {
  device.missedPolls = 0
  recordOutcome(device, true, lossWindow)
  device.latencyMs = reading.latencyMs
  device.lastPolledAt = reading.at
  device.sysUpTimeTicks = reading.sysUpTimeTicks
  const walkMode = device.config.interfaces === undefined
  for (const r of reading.interfaces) {
    let iface = device.interfaces.get(r.ifIndex)
    if (iface === undefined) {
      if (!walkMode) continue
      iface = discoveredInterface(r.ifIndex)
      device.interfaces.set(r.ifIndex, iface)
    }
    if (r.name !== null && r.name.length > 0 && !iface.fixedName) iface.name = r.name.slice(0, 64)
    iface.admin = r.admin
    iface.oper = r.oper
    if (isOperUp(r.oper)) iface.everUp = true
    iface.utilisationPct = utilisation(iface, r, reading.at)
  }
  if (walkMode) {
    // Interfaces that vanished from the table (a module pulled) are forgotten, not left stale.
    const seen = new Set(reading.interfaces.map((r) => r.ifIndex))
    for (const ifIndex of device.interfaces.keys()) if (!seen.has(ifIndex)) device.interfaces.delete(ifIndex)
  }
  evaluateAnswering(device, reading.at)
}

/**
 * Percent of line rate over the time since the previous poll, the busier direction. Null on the
 * first poll, without a speed, or when a counter went backwards (agent restart or 64-bit wrap).
 */
function utilisation(iface: InterfaceState, r: InterfaceReading, at: number): number | null {
  if (r.inOctets === null || r.outOctets === null) {
    iface.counters = null
    return null
  }
  const previous = iface.counters
  iface.counters = { inOctets: r.inOctets, outOctets: r.outOctets, at }
  const speedMbps =
    iface.configuredSpeedMbps ?? (r.highSpeedMbps !== null && r.highSpeedMbps > 0 ? r.highSpeedMbps : null)
  if (previous === null || speedMbps === null || at <= previous.at) return null
  const dIn = r.inOctets - previous.inOctets
  const dOut = r.outOctets - previous.outOctets
  if (dIn < 0n || dOut < 0n) return null
  const busiest = Number(dIn > dOut ? dIn : dOut)
  const bitsPerSecond = (busiest * 8 * 1000) / (at - previous.at)
  return Math.min(100, Math.round((bitsPerSecond / (speedMbps * 1_000_000)) * 100 * 100) / 100)
}

/** Applies a poll that got no answer (timeout, refused, authentication failure). */
export function applyMissedPoll(
  device: DeviceState,
  now: number,
  reason: string,
  downAfterMissedPolls: number,
  lossWindow: number,
): void {
  device.missedPolls++
  recordOutcome(device, false, lossWindow)
  device.latencyMs = null
  const status: DeviceStatus = device.missedPolls >= downAfterMissedPolls ? 'down' : 'unknown'
  setStatus(device, status, now)
  device.detail = `${device.missedPolls} missed poll${device.missedPolls === 1 ? '' : 's'}: ${reason}`
  // What we knew about the interfaces is no longer known either.
  for (const iface of device.interfaces.values()) iface.utilisationPct = null
}

/**
 * Applies a linkDown/linkUp trap at once; the next poll confirms or corrects it. Returns whether
 * the interface is watched on this device. A trap from a device that is not answering polls
 * updates the interface but not the device status: only a poll brings a device back to up.
 */
export function applyLinkTrap(
  device: DeviceState,
  ifIndex: number,
  admin: number | null,
  oper: number,
  now: number,
): boolean {
  let iface = device.interfaces.get(ifIndex)
  if (iface === undefined) {
    if (device.config.interfaces !== undefined) return false
    iface = discoveredInterface(ifIndex)
    device.interfaces.set(ifIndex, iface)
  }
  if (admin !== null) iface.admin = admin
  iface.oper = oper
  if (isOperUp(oper)) iface.everUp = true
  // A linkDown in walk mode is a fault even before a poll saw the port up: the device said so.
  if (!iface.configured && !isOperUp(oper)) iface.everUp = true
  if (device.missedPolls === 0 && (device.status === 'up' || device.status === 'degraded'))
    evaluateAnswering(device, now)
  return true
}

function linkStatusOf(oper: number | null): DeviceLink['status'] {
  if (isOperUp(oper)) return 'up'
  if (oper === IF_STATUS.down || oper === IF_STATUS.lowerLayerDown || oper === IF_STATUS.notPresent)
    return 'down'
  return 'unknown'
}

/** The device as the shared contract has it. */
export function toNetworkDevice(device: DeviceState): NetworkDevice {
  const { config } = device
  const answering = device.missedPolls === 0 && device.lastPolledAt !== null
  const links: DeviceLink[] = []
  let uplinkUtil: number | null = null
  let anyUtil: number | null = null
  for (const iface of device.interfaces.values()) {
    if (iface.utilisationPct !== null) {
      anyUtil = Math.max(anyUtil ?? 0, iface.utilisationPct)
      if (iface.uplink) uplinkUtil = Math.max(uplinkUtil ?? 0, iface.utilisationPct)
    }
    if (iface.peerId !== null) {
      links.push({
        peerId: iface.peerId,
        ifName: iface.name,
        status: answering ? linkStatusOf(iface.oper) : 'unknown',
        utilisationPct: answering ? iface.utilisationPct : null,
      })
    }
  }
  const lost = device.outcomes.filter((answered) => !answered).length
  return {
    id: config.id,
    name: config.name,
    kind: config.kind,
    siteId: config.siteId,
    levelId: config.levelId,
    x: config.x,
    y: config.y,
    status: device.status,
    statusSince: device.statusSince,
    latencyMs: device.latencyMs,
    lossPct: device.outcomes.length === 0 ? null : Math.round((lost / device.outcomes.length) * 1000) / 10,
    utilisationPct: answering ? (uplinkUtil ?? anyUtil) : null,
    uplinkId: config.uplinkId,
    links,
    servesUnitIds: [...config.servesUnitIds],
    address: config.host.slice(0, 64),
    lastPolledAt: device.lastPolledAt,
  }
}
