/**
 * Selectors. Narrow ones return a slice of state as it is stored (stable references); derived
 * ones are pure functions over a slice, tested on their own, and wrapped by `memoByRef` so they
 * return the same result until their input slice changes (zustand re-renders on a new reference;
 * an `EntityTable` is a new reference whenever its topic changed).
 */
import { ALARM_PRIORITY_RANK } from '../../shared/domain/alarms/alarmPriority.ts'
import {
  ASSET_STATES,
  BED_STATUSES,
  CYBER_SEVERITIES,
  DEVICE_STATUSES,
  type Asset,
  type AssetState,
  type Bed,
  type BedStatus,
  type CyberAlert,
  type CyberSeverity,
  type DeviceStatus,
  type NetworkDevice,
  type Topic,
} from '../../shared/contracts/entities.ts'
import type { ActiveAlarm, AlarmPriority } from '../../shared/contracts/alarms.ts'
import type { ConnectionState, TopicState } from '../../shared/contracts/hub.ts'
import { freshnessOf, type Freshness } from '../../shared/domain/freshness.ts'
import type { EntityTable } from '../../shared/util/EntityTable.ts'
import type { WatchfloorState } from './watchfloorStore.ts'

/** A topic's entities: an `EntityTable` in the store; any `ReadonlyMap` in tests. */
type ById<T> = ReadonlyMap<string, T>

/** Memoises a one-argument function on the argument's reference. */
export function memoByRef<I, O>(fn: (input: I) => O): (input: I) => O {
  let lastInput: { value: I } | null = null
  let lastOutput: O
  return (input) => {
    if (lastInput && lastInput.value === input) return lastOutput
    lastOutput = fn(input)
    lastInput = { value: input }
    return lastOutput
  }
}

// ---------------------------------------------------------------------------------------------
// Narrow selectors

export const selectBeds = (s: WatchfloorState): EntityTable<Bed> => s.entities.beds
export const selectAssets = (s: WatchfloorState): EntityTable<Asset> => s.entities.assets
export const selectNetwork = (s: WatchfloorState): EntityTable<NetworkDevice> => s.entities.network
export const selectCyber = (s: WatchfloorState): EntityTable<CyberAlert> => s.entities.cyber
export const selectConnection = (s: WatchfloorState): ConnectionState => s.connection
export const selectTopics = (s: WatchfloorState): WatchfloorState['topics'] => s.topics
export const selectTopicState =
  (topic: Topic) =>
  (s: WatchfloorState): TopicState =>
    s.topics[topic]
export const selectHello = (s: WatchfloorState): WatchfloorState['hello'] => s.hello
export const selectSiteModel = (s: WatchfloorState): WatchfloorState['siteModel'] => s.siteModel
export const selectSources = (s: WatchfloorState): WatchfloorState['sources'] => s.sources
/** The board's alarms: the replayed ones while the window replays (the alarm list, the map). */
export const selectAlarms = (s: WatchfloorState): WatchfloorState['alarms'] => s.alarms
/**
 * The live alarms, replaying or not: the banner, the sound and the rotation's jump read these, so
 * a live alarm keeps sounding and showing while a board replays (and the past never sounds).
 */
export const selectLiveAlarms = (s: WatchfloorState): WatchfloorState['alarms'] => s.liveAlarms ?? s.alarms
export const selectReplay = (s: WatchfloorState): WatchfloorState['replay'] => s.replay
export const selectAlarmActions = (s: WatchfloorState): WatchfloorState['alarmActions'] => s.alarmActions
export const selectSelection = (s: WatchfloorState): WatchfloorState['selection'] => s.selection
export const selectBoardId = (s: WatchfloorState): string => s.boardId
export const selectTheme = (s: WatchfloorState): WatchfloorState['theme'] => s.theme
export const selectReceived = (s: WatchfloorState): boolean => s.received

// ---------------------------------------------------------------------------------------------
// Derived (pure)

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
}

/** Beds per status; every status is present (0 when none). */
export function countBedsByStatus(beds: ById<Bed>): Record<BedStatus, number> {
  const counts = zeroCounts(BED_STATUSES)
  for (const bed of beds.values()) {
    counts[bed.status] += 1
  }
  return counts
}

/** Network devices per status; every status is present. */
export function countDevicesByStatus(devices: ById<NetworkDevice>): Record<DeviceStatus, number> {
  const counts = zeroCounts(DEVICE_STATUSES)
  for (const device of devices.values()) {
    counts[device.status] += 1
  }
  return counts
}

/** Tracked assets per state (staff badges are people, not equipment, and are left out). */
export function countAssetsByState(assets: ById<Asset>): Record<AssetState, number> {
  const counts = zeroCounts(ASSET_STATES)
  for (const asset of assets.values()) {
    if (asset.type !== 'staff-badge') counts[asset.state] += 1
  }
  return counts
}

/** Whether a cyber alert still needs someone: anything not resolved. */
export function isOpenCyberAlert(alert: CyberAlert): boolean {
  return alert.status !== 'resolved'
}

/** Open cyber alerts per severity; every severity is present. */
export function countOpenCyberBySeverity(alerts: ById<CyberAlert>): Record<CyberSeverity, number> {
  const counts = zeroCounts(CYBER_SEVERITIES)
  for (const alert of alerts.values()) {
    if (isOpenCyberAlert(alert)) counts[alert.severity] += 1
  }
  return counts
}

const DEVICE_STATUS_RANK: Record<DeviceStatus, number> = { down: 0, unknown: 1, degraded: 2, up: 3 }

/** Devices that are down, unknown or degraded: worst first, then longest in that state. */
export function listUnhealthyDevices(devices: ById<NetworkDevice>): NetworkDevice[] {
  const list: NetworkDevice[] = []
  for (const device of devices.values()) {
    if (device.status !== 'up') list.push(device)
  }
  return list.sort(
    (a, b) =>
      DEVICE_STATUS_RANK[a.status] - DEVICE_STATUS_RANK[b.status] ||
      a.statusSince - b.statusSince ||
      a.name.localeCompare(b.name),
  )
}

const SEVERITY_RANK: Record<CyberSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }

/** Open cyber alerts: most severe first, then most recently seen. */
export function listOpenCyberAlerts(alerts: ById<CyberAlert>): CyberAlert[] {
  const list: CyberAlert[] = []
  for (const alert of alerts.values()) {
    if (isOpenCyberAlert(alert)) list.push(alert)
  }
  return list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.lastSeen - a.lastSeen)
}

export type AlarmSummary = {
  /** Alarms an operator must still see: not shelved, not out of service. */
  readonly active: number
  readonly unacknowledged: number
  /** Highest priority among unacknowledged alarms, else among active ones; null when none. */
  readonly highest: AlarmPriority | null
}

/** The counts the status strip shows. */
export function summariseAlarms(alarms: readonly ActiveAlarm[]): AlarmSummary {
  let active = 0
  let unacknowledged = 0
  let highestUnack: AlarmPriority | null = null
  let highestActive: AlarmPriority | null = null
  const higher = (a: AlarmPriority | null, b: AlarmPriority): AlarmPriority =>
    a === null || ALARM_PRIORITY_RANK[b] > ALARM_PRIORITY_RANK[a] ? b : a
  for (const alarm of alarms) {
    if (alarm.state === 'shelved' || alarm.state === 'out-of-service') continue
    active += 1
    highestActive = higher(highestActive, alarm.priority)
    if (alarm.state === 'unacknowledged' || alarm.state === 'rtn-unacknowledged') {
      unacknowledged += 1
      highestUnack = higher(highestUnack, alarm.priority)
    }
  }
  return { active, unacknowledged, highest: highestUnack ?? highestActive }
}

/**
 * A topic's freshness as a window must show it. While the gateway is unreachable nothing can be
 * confirmed live, so every topic that has data is stale at once rather than after its threshold.
 */
export function topicFreshness(
  topic: TopicState,
  connection: ConnectionState,
  now: number,
  staleAfterMs: number,
  replaying = false,
): Freshness {
  if (topic.confirmedAt === null) return 'unknown'
  // Replayed data is the log's, as it was then: never live, never stale (docs/replay.md).
  if (replaying) return 'replay'
  if (connection.status !== 'connected') return 'stale'
  // Restored after a gateway restart and not yet confirmed by a source: never live. Past the
  // threshold it is stale like any other unconfirmed data.
  const freshness = freshnessOf(topic.confirmedAt, now, staleAfterMs)
  if (topic.restored !== null) return freshness === 'stale' ? 'stale' : 'restored'
  return freshness
}

// ---------------------------------------------------------------------------------------------
// Memoised selectors over the store (stable results for `useWatchfloor`)

const bedCounts = memoByRef(countBedsByStatus)
const deviceCounts = memoByRef(countDevicesByStatus)
const assetCounts = memoByRef(countAssetsByState)
const cyberCounts = memoByRef(countOpenCyberBySeverity)
const unhealthyDevices = memoByRef(listUnhealthyDevices)
const openCyberAlerts = memoByRef(listOpenCyberAlerts)
const alarmSummary = memoByRef(summariseAlarms)

export const selectBedCountsByStatus = (s: WatchfloorState): Record<BedStatus, number> =>
  bedCounts(s.entities.beds)
export const selectDeviceCountsByStatus = (s: WatchfloorState): Record<DeviceStatus, number> =>
  deviceCounts(s.entities.network)
export const selectAssetCountsByState = (s: WatchfloorState): Record<AssetState, number> =>
  assetCounts(s.entities.assets)
export const selectOpenCyberCountsBySeverity = (s: WatchfloorState): Record<CyberSeverity, number> =>
  cyberCounts(s.entities.cyber)
export const selectUnhealthyDevices = (s: WatchfloorState): NetworkDevice[] =>
  unhealthyDevices(s.entities.network)
export const selectOpenCyberAlerts = (s: WatchfloorState): CyberAlert[] => openCyberAlerts(s.entities.cyber)
export const selectAlarmSummary = (s: WatchfloorState): AlarmSummary => alarmSummary(s.alarms)
