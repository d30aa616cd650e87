/**
 * Entity conditions: given one entity and a rule, whether the condition holds, since when, and how
 * to describe it. Pure and per entity, so the engine re-evaluates only the entities that changed.
 */
import type { AlarmSubject } from '../../contracts/alarms.ts'
import type { Asset, Bed, CyberAlert, EntityOf, NetworkDevice, Topic } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'
import type {
  AlarmRule,
  AssetOutsideHomeRule,
  AssetUnseenRule,
  BedHousekeepingRule,
  CyberAlertRule,
  DeviceDownRule,
} from './alarmRuleSchema.ts'
import { isWithinUnit } from './alarmWorld.ts'
import type { AlarmWorld } from './alarmWorld.ts'
import type { Detection } from './Detection.ts'
import { detectNhsCyberDeadline } from './detectNhsCyberDeadline.ts'

export type { Detection } from './Detection.ts'

export function detectDeviceDown(rule: DeviceDownRule, device: NetworkDevice): Detection | null {
  if (rule.deviceKinds !== undefined && !rule.deviceKinds.includes(device.kind)) return null
  if (!rule.statuses.includes(device.status)) return null
  return {
    subject: deviceSubject(device),
    since: device.statusSince,
    detail: `${device.name} (${device.kind}) is ${device.status}`,
    priority: rule.priorityByKind?.[device.kind] ?? rule.priority,
  }
}

export function deviceSubject(device: NetworkDevice): AlarmSubject {
  return {
    kind: 'device',
    id: device.id,
    siteId: device.siteId,
    levelId: device.levelId,
    unitId: device.servesUnitIds[0] ?? null,
  }
}

function assetSubject(asset: Asset): AlarmSubject {
  return {
    kind: 'asset',
    id: asset.id,
    siteId: asset.siteId,
    levelId: asset.levelId,
    unitId: asset.zoneId ?? asset.homeUnitId,
  }
}

function unitName(world: AlarmWorld, unitId: string): string {
  return world.units.get(unitId)?.name ?? unitId
}

export function detectAssetOutsideHome(
  world: AlarmWorld,
  rule: AssetOutsideHomeRule,
  asset: Asset,
): Detection | null {
  if (rule.assetTypes !== undefined && !rule.assetTypes.includes(asset.type)) return null
  // Between zones (zoneId null) is not "outside": the tag is moving and will be placed shortly.
  if (asset.homeUnitId === null || asset.zoneId === null) return null
  if (isWithinUnit(world, asset.zoneId, asset.homeUnitId)) return null
  return {
    subject: assetSubject(asset),
    since: null,
    detail: `${asset.label} (${asset.type}) is in ${unitName(world, asset.zoneId)}, away from ${unitName(world, asset.homeUnitId)}`,
    priority: rule.priority,
  }
}

export function detectAssetUnseen(rule: AssetUnseenRule, asset: Asset): Detection | null {
  if (rule.assetTypes !== undefined && !rule.assetTypes.includes(asset.type)) return null
  // Always a candidate: "unseen" is a matter of time since lastSeen, which the clock tick checks.
  return {
    subject: assetSubject(asset),
    since: asset.lastSeen,
    detail: `${asset.label} (${asset.type}) not seen by the RTLS`,
    priority: rule.priority,
  }
}

export function detectBedHousekeeping(
  world: AlarmWorld,
  rule: BedHousekeepingRule,
  bed: Bed,
): Detection | null {
  if (bed.status !== 'housekeeping') return null
  const place = world.bedPlaces.get(bed.id)
  const ward = place === undefined ? null : unitName(world, place.wardId)
  const label = place === undefined ? bed.id : `${place.label}${ward === null ? '' : `, ${ward}`}`
  return {
    subject: {
      kind: 'bed',
      id: bed.id,
      siteId: place?.siteId ?? null,
      levelId: place?.levelId ?? null,
      unitId: place?.wardId ?? null,
    },
    since: bed.housekeeping?.requestedAt ?? bed.statusSince,
    detail: `Bed ${label} waiting for cleaning`,
    priority: rule.priority,
  }
}

export function detectCyberAlert(rule: CyberAlertRule, alert: CyberAlert): Detection | null {
  if (!rule.severities.includes(alert.severity) || !rule.statuses.includes(alert.status)) return null
  return {
    subject: { kind: 'cyber-alert', id: alert.id, siteId: alert.siteId, levelId: null, unitId: alert.unitId },
    since: alert.firstSeen,
    // The line already carries the alarm's priority (HIGH/MEDIUM/LOW); the alert's severity is the
    // source's vocabulary, so it travels apart (`alertSeverity`) rather than as "HIGH: …" here.
    detail: alert.title,
    priority: rule.priorityBySeverity?.[alert.severity] ?? rule.priority,
    alertSeverity: alert.severity,
  }
}

/**
 * The condition of an entity rule for one entity. The engine's topic index (`ENTITY_RULE_TOPIC`)
 * guarantees the entity is of the rule's topic; aggregate and time rules detect nothing here.
 */
export function detectEntity(world: AlarmWorld, rule: AlarmRule, entity: EntityOf[Topic]): Detection | null {
  switch (rule.kind) {
    case 'device-down':
      return detectDeviceDown(rule, entity as NetworkDevice)
    case 'asset-outside-home':
      return detectAssetOutsideHome(world, rule, entity as Asset)
    case 'asset-unseen':
      return detectAssetUnseen(rule, entity as Asset)
    case 'bed-housekeeping':
      return detectBedHousekeeping(world, rule, entity as Bed)
    case 'cyber-alert':
      return detectCyberAlert(rule, entity as CyberAlert)
    case 'nhs-cyber-deadline':
      return detectNhsCyberDeadline(rule, entity as CyberAlert)
    case 'kpi-threshold':
    case 'par-below':
    case 'feed-stale':
    case 'gateway-disconnected':
      return null
    default:
      return assertNever(rule, 'alarm rule')
  }
}
