/**
 * Aggregate conditions: rules computed over many entities (a KPI past its threshold, a ward short
 * of equipment) or over this instance's own view (its connection, its feeds' freshness). Each
 * returns the complete set of detections of its rule, keyed by subject id; the engine makes that
 * the rule's set of conditions.
 */
import { REALTIME_TOPICS } from '../../contracts/entities.ts'
import { DEFAULT_STALE_AFTER_MS, freshnessOf } from '../freshness.ts'
import { alarmKpiFormat } from './alarmKpis.ts'
import type {
  FeedStaleRule,
  GatewayDisconnectedRule,
  KpiThresholdRule,
  ParBelowRule,
} from './alarmRuleSchema.ts'
import type { AlarmWorld } from './alarmWorld.ts'
import type { Detection } from './entityDetectors.ts'
import type { KpiSource } from './occupancyTracker.ts'
import type { ParTracker } from './parTracker.ts'
import { formatDuration } from './parseDuration.ts'

/**
 * KPI threshold with hysteresis: a subject is latched once its value reaches `raise` and stays so
 * until it passes `clear`; a value between the two keeps whatever state it had. `latched` is the
 * rule's own state, updated here; subjects no longer reported are dropped from it.
 */
export function detectKpiThreshold(
  rule: KpiThresholdRule,
  latched: Set<string>,
  kpis: KpiSource,
): Map<string, Detection> {
  const detections = new Map<string, Detection>()
  const seen = new Set<string>()
  const above = rule.direction === 'above'
  const format = alarmKpiFormat(rule.kpi)
  for (const v of kpis.values(rule.kpi, rule.scope)) {
    seen.add(v.subjectId)
    const raise = above ? v.value >= rule.raise : v.value <= rule.raise
    const clear = above ? v.value < rule.clear : v.value > rule.clear
    if (raise) latched.add(v.subjectId)
    else if (clear) latched.delete(v.subjectId)
    if (!latched.has(v.subjectId)) continue
    detections.set(v.subjectId, {
      subject: {
        kind: 'kpi',
        id: `${rule.kpi}:${v.subjectId}`,
        siteId: v.siteId,
        levelId: v.levelId,
        unitId: v.unitId,
      },
      since: null,
      detail: `${format.label} ${v.value.toFixed(format.decimals)} ${format.unit} at ${v.label} (${above ? '≥' : '≤'} ${rule.raise} ${format.unit})`,
      priority: rule.priority,
    })
  }
  for (const id of latched) if (!seen.has(id)) latched.delete(id)
  return detections
}

/** PAR over every ward the rule concerns: those with an override and those owning the type. */
export function detectParBelow(
  world: AlarmWorld,
  par: ParTracker,
  rule: ParBelowRule,
): Map<string, Detection> {
  const units = new Set([...Object.keys(rule.units ?? {}), ...par.homeUnits(rule.assetType)])
  const detections = new Map<string, Detection>()
  for (const unitId of units) {
    const detection = detectParInUnit(world, par, rule, unitId)
    if (detection !== null) detections.set(unitId, detection)
  }
  return detections
}

/** PAR for one ward (after its count moved), or null when it has enough or has no PAR for the type. */
export function detectParInUnit(
  world: AlarmWorld,
  par: ParTracker,
  rule: ParBelowRule,
  unitId: string,
): Detection | null {
  const critical = parCritical(world, par, rule, unitId)
  if (critical === undefined) return null
  const available = par.available(unitId, rule.assetType)
  if (available >= critical) return null
  const unit = world.units.get(unitId)
  return {
    subject: {
      kind: 'kpi',
      id: `par:${unitId}:${rule.assetType}`,
      siteId: unit?.siteId ?? null,
      levelId: unit?.levelId ?? null,
      unitId,
    },
    since: null,
    detail: `${available} available ${rule.assetType} in ${unit?.name ?? unitId} (critical PAR ${critical})`,
    priority: rule.priority,
  }
}

/**
 * A ward's critical PAR for the rule's type: its override, else the rule's default where the ward
 * owns equipment of that type (and is of a watched kind); none otherwise.
 */
function parCritical(
  world: AlarmWorld,
  par: ParTracker,
  rule: ParBelowRule,
  unitId: string,
): number | undefined {
  const override = rule.units?.[unitId]
  if (override !== undefined) return override
  if (par.homed(unitId, rule.assetType) === 0) return undefined
  const unit = world.units.get(unitId)
  if (unit !== undefined && !(rule.unitKinds as readonly string[]).includes(unit.kind)) return undefined
  return rule.critical
}

/** This instance is not connected to the gateway: nothing it shows is live. */
export function detectGatewayDisconnected(
  world: AlarmWorld,
  rule: GatewayDisconnectedRule,
): Map<string, Detection> {
  const detections = new Map<string, Detection>()
  const { status, since } = world.connection
  if (status !== 'connected') {
    detections.set('gateway', {
      subject: { kind: 'gateway', id: 'gateway', siteId: null, levelId: null, unitId: null },
      since,
      detail: `No connection to the gateway (${status}): data on every board is not live`,
      priority: rule.priority,
    })
  }
  return detections
}

/** Feeds with no confirmed data for longer than their stale-after. */
export function detectStaleFeeds(
  world: AlarmWorld,
  rule: FeedStaleRule,
  now: number,
): Map<string, Detection> {
  const detections = new Map<string, Detection>()
  // Suppressed by design while the gateway is unreachable: every feed is stale then, and the
  // gateway alarm already says why — one alarm, not five.
  if (world.connection.status !== 'connected') return detections
  // The waiting list is a daily extract: its lateness is its source's status (REALTIME_TOPICS).
  for (const topic of rule.topics ?? REALTIME_TOPICS) {
    const staleAfter = rule.staleAfter?.[topic] ?? DEFAULT_STALE_AFTER_MS[topic]
    const confirmedAt = world.confirmedAt[topic]
    if (freshnessOf(confirmedAt ?? world.startedAt, now, staleAfter) !== 'stale') continue
    detections.set(topic, {
      subject: { kind: 'feed', id: topic, siteId: null, levelId: null, unitId: null },
      since: (confirmedAt ?? world.startedAt) + staleAfter,
      detail:
        confirmedAt === null
          ? `The ${topic} feed has sent nothing`
          : `The ${topic} feed is STALE: no confirmed data for more than ${formatDuration(staleAfter)}`,
      priority: rule.priority,
    })
  }
  return detections
}
