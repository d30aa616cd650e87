import type { ActiveAlarm, AlarmSubject } from '../../contracts/alarms.ts'
import type { CyberSeverity } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'
import { STATE_ORDER, compareAlarms, severityRank, stateOf, toActiveAlarm } from './activeAlarms.ts'
import { effectivePriority, priorityRank } from './alarmLifecycle.ts'
import type { AlarmRecord } from './alarmLifecycle.ts'
import type { AlarmRule } from './alarmRuleSchema.ts'
import type { AlarmWorld } from './alarmWorld.ts'
import { deviceSubject } from './entityDetectors.ts'
import { GROUP_SUFFIX, groupFingerprintOf } from './fingerprint.ts'
import type { RuleState, RuleStates } from './ruleStates.ts'

/** The output: lines highest priority first, and each flood line's members by line fingerprint. */
export type GroupedAlarms = {
  readonly lines: readonly ActiveAlarm[]
  readonly groups: ReadonlyMap<string, readonly string[]>
}

/**
 * Flood grouping: alarms of a rule that share a cause (a unit, a site, the failed uplink switch
 * that took devices behind it down) fold into one line once there are `groupMin` of them, so a
 * flood is one line per cause, never a wall of rows. `roots` memoises uplink walks for one pass.
 */
export class FloodGrouping {
  readonly #world: AlarmWorld
  readonly #rules: RuleStates

  constructor(world: AlarmWorld, rules: RuleStates) {
    this.#world = world
    this.#rules = rules
  }

  group(records: Iterable<AlarmRecord>): GroupedAlarms {
    const roots = new Map<string, string>()
    const byCause = new Map<
      string,
      { state: RuleState; cause: string; suffix: string; records: AlarmRecord[] }
    >()
    const lines: ActiveAlarm[] = []
    for (const record of records) {
      const state = this.#rules.byId(record.ruleId)
      const cause = state === undefined ? null : this.#causeOf(state, record, roots)
      if (state === undefined || cause === null) {
        lines.push(toActiveAlarm(record))
        continue
      }
      // Shelved and out-of-service alarms are folded apart from annunciated ones: a line must not
      // hide an unacknowledged alarm behind a shelved one, nor the reverse.
      const suffix =
        record.state === 'shelved'
          ? GROUP_SUFFIX.shelved
          : record.state === 'out-of-service'
            ? GROUP_SUFFIX.outOfService
            : ''
      const key = groupFingerprintOf(record.ruleId, cause, suffix)
      let group = byCause.get(key)
      if (group === undefined) {
        group = { state, cause, suffix, records: [] }
        byCause.set(key, group)
      }
      group.records.push(record)
    }
    const groups = new Map<string, readonly string[]>()
    for (const [key, group] of byCause) {
      if (group.records.length < group.state.rule.groupMin) {
        for (const record of group.records) lines.push(toActiveAlarm(record))
        continue
      }
      const members = group.records.map((r) => r.fingerprint).sort()
      groups.set(key, members)
      lines.push(this.#groupLine(key, group.state.rule, group.cause, group.records, members))
    }
    return { lines: lines.sort(compareAlarms), groups }
  }

  /** The key of the flood line an alarm belongs to, or null for a rule that does not group. */
  lineKeyOf(record: AlarmRecord, roots: Map<string, string>): string | null {
    const state = this.#rules.byId(record.ruleId)
    const cause = state === undefined ? null : this.#causeOf(state, record, roots)
    return cause === null ? null : groupFingerprintOf(record.ruleId, cause)
  }

  #causeOf(state: RuleState, record: AlarmRecord, roots: Map<string, string>): string | null {
    const { rule } = state
    switch (rule.groupBy) {
      case 'none':
        return null
      case 'unit':
        return record.subject.unitId
      case 'site':
        return record.subject.siteId
      case 'rule':
        return 'all'
      case 'uplink':
        if (rule.kind !== 'device-down' || record.subject.kind !== 'device') return null
        return this.#rootCause(record.subject.id, rule.statuses, roots)
      default:
        return assertNever(rule.groupBy, 'groupBy')
    }
  }

  /** The highest device up the uplink chain that is itself down: the common cause of a flood. */
  #rootCause(deviceId: string, downStatuses: readonly string[], memo: Map<string, string>): string {
    const known = memo.get(deviceId)
    if (known !== undefined) return known
    let current = this.#world.devices.get(deviceId)
    let root = deviceId
    const visited = new Set<string>([deviceId])
    while (current?.uplinkId != null) {
      const uplink = this.#world.devices.get(current.uplinkId)
      if (uplink === undefined || !downStatuses.includes(uplink.status) || visited.has(uplink.id)) break
      visited.add(uplink.id)
      root = uplink.id
      current = uplink
    }
    memo.set(deviceId, root)
    return root
  }

  #groupLine(
    fingerprint: string,
    rule: AlarmRule,
    cause: string,
    records: readonly AlarmRecord[],
    members: string[],
  ): ActiveAlarm {
    let worst = records[0] as AlarmRecord
    let priority = effectivePriority(worst)
    let raisedAt = Infinity
    let changedAt = 0
    let active = false
    let escalated = false
    let shelvedUntil: number | null = null
    let ack: AlarmRecord['ack'] = null
    let alertSeverity: CyberSeverity | null = null
    for (const r of records) {
      if (
        r.alertSeverity !== null &&
        (alertSeverity === null || severityRank(r.alertSeverity) > severityRank(alertSeverity))
      )
        alertSeverity = r.alertSeverity
      const p = effectivePriority(r)
      if (priorityRank(p) > priorityRank(priority)) priority = p
      if (STATE_ORDER[stateOf(r)] < STATE_ORDER[stateOf(worst)]) worst = r
      raisedAt = Math.min(raisedAt, r.raisedAt)
      changedAt = Math.max(changedAt, r.changedAt)
      active ||= r.active
      escalated ||= r.escalated
      if (r.shelvedUntil !== null)
        shelvedUntil = shelvedUntil === null ? r.shelvedUntil : Math.min(shelvedUntil, r.shelvedUntil)
      if (r.ack !== null && (ack === null || r.ack.at > ack.at)) ack = r.ack
    }
    const state = stateOf(worst)
    return {
      fingerprint,
      ruleId: rule.id,
      title: rule.title,
      detail: this.#groupDetail(rule, cause, records),
      priority,
      state,
      active,
      raisedAt,
      changedAt,
      subject: this.#groupSubject(rule, cause, worst.subject),
      groupCount: records.length,
      members,
      ack: state === 'acknowledged' ? ack : null,
      shelvedUntil,
      escalated,
      ...(alertSeverity === null ? {} : { alertSeverity }),
    }
  }

  #groupSubject(rule: AlarmRule, cause: string, fallback: AlarmSubject): AlarmSubject {
    if (rule.groupBy === 'uplink') {
      const device = this.#world.devices.get(cause)
      if (device !== undefined) return deviceSubject(device)
    }
    if (rule.groupBy === 'unit') {
      const unit = this.#world.units.get(cause)
      return {
        ...fallback,
        id: cause,
        siteId: unit?.siteId ?? fallback.siteId,
        levelId: unit?.levelId ?? null,
        unitId: cause,
      }
    }
    return {
      ...fallback,
      id: cause,
      levelId: null,
      unitId: null,
      siteId: rule.groupBy === 'site' ? cause : fallback.siteId,
    }
  }

  #groupDetail(rule: AlarmRule, cause: string, records: readonly AlarmRecord[]): string {
    const n = records.length
    switch (rule.groupBy) {
      case 'uplink': {
        const root = this.#world.devices.get(cause)
        const name = root?.name ?? cause
        const rootIsMember = records.some((r) => r.subject.id === cause)
        return rootIsMember
          ? `${name} and ${n - 1} devices behind it are down`
          : `${n} devices behind ${name} are down`
      }
      case 'unit':
        return `${n} in ${this.#world.units.get(cause)?.name ?? cause}; oldest: ${oldestOf(records).detail}`
      case 'site':
        return `${n} at ${this.#world.siteModel?.sites.find((s) => s.id === cause)?.name ?? cause}; oldest: ${oldestOf(records).detail}`
      case 'rule':
      case 'none':
        return `${n} in all; oldest: ${oldestOf(records).detail}`
      default:
        return assertNever(rule.groupBy, 'groupBy')
    }
  }
}

function oldestOf(records: readonly AlarmRecord[]): AlarmRecord {
  let oldest = records[0] as AlarmRecord
  for (const r of records) if (r.raisedAt < oldest.raisedAt) oldest = r
  return oldest
}
