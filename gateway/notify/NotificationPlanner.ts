/**
 * Decides what to notify and when, Alertmanager-style, from the gateway engine's alarms. Pure: it
 * is handed the alarms and the time, and answers with the notifications due; delivery is someone
 * else's (createNotifier.ts), and reports back with `settle`.
 *
 * - Routing: each alarm goes to the first child route whose match (priority, domain, site) it
 *   satisfies — and on to later ones while a matched route says `continue` — else to the root
 *   route's receiver, if it has one.
 * - Grouping: alarms of one route with the same `groupBy` label values form a group; one
 *   notification covers the group. Members are alarms (fingerprints), not banner lines, so a flood
 *   folding into one line is not news; a member joining is.
 * - Timing: a new group waits `groupWait` for more alarms; a change (an alarm joined, escalated or
 *   cleared) is sent `groupInterval` after the last notification; an unchanged group still firing
 *   is repeated every `repeatInterval`. A failed send is retried with backoff (10 s doubling, at
 *   most `groupInterval`), never more often.
 * - Silence: an acknowledged alarm is not repeated (someone is on it), a shelved or out-of-service
 *   one is not notified at all — shelving is the silence. A notified alarm that clears is sent as
 *   resolved (`sendResolved`).
 */
import type { AlarmPriority } from '../../shared/contracts/alarms.ts'
import type { AlarmDomain } from '../../shared/domain/alarms/alarmDomain.ts'
import { NOTIFY_DEFAULTS, type GroupLabel, type NotifyConfig } from './notifyConfigSchema.ts'

/** Where an alarm stands, for notification. */
export type NotifiableStatus = 'firing' | 'acknowledged' | 'silenced' | 'resolved'

/** One alarm (one fingerprint) as the planner sees it. */
export type NotifiableAlarm = {
  readonly fingerprint: string
  readonly ruleId: string
  readonly title: string
  readonly detail: string
  readonly priority: AlarmPriority
  readonly domain: AlarmDomain
  readonly siteId: string | null
  readonly raisedAt: number
  readonly status: NotifiableStatus
  /** The banner line it is folded into (its own when not folded). */
  readonly line: { readonly fingerprint: string; readonly detail: string; readonly count: number }
}

export type PlannedRoute = {
  /** Position among the child routes; -1 for the root route. */
  readonly index: number
  readonly receiver: string
  readonly match: {
    readonly priorities?: readonly AlarmPriority[]
    readonly domains?: readonly AlarmDomain[]
    readonly sites?: readonly string[]
  }
  readonly continue: boolean
  readonly groupBy: readonly GroupLabel[]
  readonly groupWait: number
  readonly groupInterval: number
  readonly repeatInterval: number
  readonly sendResolved: boolean
}

export type Notification = {
  readonly id: string
  readonly receiver: string
  readonly routeIndex: number
  readonly groupKey: string
  readonly labels: Readonly<Partial<Record<GroupLabel, string>>>
  /** `firing` while any alarm of the group fires; `resolved` once the last notified one cleared. */
  readonly status: 'firing' | 'resolved'
  readonly firing: readonly NotifiableAlarm[]
  readonly resolved: readonly NotifiableAlarm[]
  readonly at: number
  /** 1 for the first try of this content, then 2, 3… after failures. */
  readonly attempt: number
}

type InFlight = {
  readonly id: string
  readonly hash: string
  readonly firing: string[]
  readonly resolved: string[]
}

type Group = {
  readonly key: string
  readonly route: PlannedRoute
  readonly labels: Partial<Record<GroupLabel, string>>
  readonly createdAt: number
  firing: Map<string, NotifiableAlarm>
  /** Members in the last notification sent. */
  notified: Set<string>
  /** Notified members that cleared since, waiting to be sent as resolved. */
  readonly resolvedPending: Map<string, NotifiableAlarm>
  lastSentAt: number | null
  lastSentHash: string | null
  failures: number
  nextAttemptAt: number
  inFlight: InFlight | null
}

const RETRY_BASE_MS = 10_000

/** The root and child routes with every default filled in (children inherit the root's timing). */
export function planRoutes(config: NotifyConfig): {
  readonly children: PlannedRoute[]
  readonly root: PlannedRoute | null
} {
  const { route } = config
  const base = {
    groupBy: route.groupBy ?? NOTIFY_DEFAULTS.groupBy,
    groupWait: route.groupWait ?? NOTIFY_DEFAULTS.groupWait,
    groupInterval: route.groupInterval ?? NOTIFY_DEFAULTS.groupInterval,
    repeatInterval: route.repeatInterval ?? NOTIFY_DEFAULTS.repeatInterval,
    sendResolved: route.sendResolved ?? NOTIFY_DEFAULTS.sendResolved,
  }
  const children = route.routes.map((child, index): PlannedRoute => ({
    index,
    receiver: child.receiver,
    match: child.match,
    continue: child.continue,
    groupBy: child.groupBy ?? base.groupBy,
    groupWait: child.groupWait ?? base.groupWait,
    groupInterval: child.groupInterval ?? base.groupInterval,
    repeatInterval: child.repeatInterval ?? base.repeatInterval,
    sendResolved: child.sendResolved ?? base.sendResolved,
  }))
  const root: PlannedRoute | null =
    route.receiver === undefined
      ? null
      : { index: -1, receiver: route.receiver, match: {}, continue: false, ...base }
  return { children, root }
}

function matches(route: PlannedRoute, alarm: NotifiableAlarm): boolean {
  const { priorities, domains, sites } = route.match
  if (priorities !== undefined && !priorities.includes(alarm.priority)) return false
  if (domains !== undefined && !domains.includes(alarm.domain)) return false
  if (sites !== undefined && (alarm.siteId === null || !sites.includes(alarm.siteId))) return false
  return true
}

function labelValue(alarm: NotifiableAlarm, label: GroupLabel): string {
  switch (label) {
    case 'rule':
      return alarm.ruleId
    case 'site':
      return alarm.siteId ?? '-'
    case 'domain':
      return alarm.domain
    case 'priority':
      return alarm.priority
  }
}

function hashOf(firing: ReadonlyMap<string, NotifiableAlarm>): string {
  return [...firing.values()]
    .map((a) => `${a.fingerprint}:${a.priority}`)
    .sort()
    .join('|')
}

export class NotificationPlanner {
  readonly #children: readonly PlannedRoute[]
  readonly #root: PlannedRoute | null
  readonly #groups = new Map<string, Group>()
  readonly #newId: () => string

  constructor(
    routes: { readonly children: readonly PlannedRoute[]; readonly root: PlannedRoute | null },
    newId: () => string,
  ) {
    this.#children = routes.children
    this.#root = routes.root
    this.#newId = newId
  }

  /** The routes an alarm goes to. */
  routesFor(alarm: NotifiableAlarm): PlannedRoute[] {
    const out: PlannedRoute[] = []
    for (const route of this.#children) {
      if (!matches(route, alarm)) continue
      out.push(route)
      if (!route.continue) return out
    }
    if (out.length === 0 && this.#root !== null) out.push(this.#root)
    return out
  }

  /** The alarms as they are now (every one not in the normal state; absent means cleared). */
  update(alarms: Iterable<NotifiableAlarm>, now: number): void {
    const firingByGroup = new Map<string, Map<string, NotifiableAlarm>>()
    const status = new Map<string, NotifiableAlarm>()
    for (const alarm of alarms) {
      status.set(alarm.fingerprint, alarm)
      if (alarm.status !== 'firing') continue
      for (const route of this.routesFor(alarm)) {
        const labels: Partial<Record<GroupLabel, string>> = {}
        for (const label of route.groupBy) labels[label] = labelValue(alarm, label)
        const key = `${route.index}|${route.receiver}|${route.groupBy.map((l) => `${l}=${labels[l] ?? ''}`).join(',')}`
        let group = this.#groups.get(key)
        if (group === undefined) {
          group = {
            key,
            route,
            labels,
            createdAt: now,
            firing: new Map(),
            notified: new Set(),
            resolvedPending: new Map(),
            lastSentAt: null,
            lastSentHash: null,
            failures: 0,
            nextAttemptAt: 0,
            inFlight: null,
          }
          this.#groups.set(key, group)
        }
        let firing = firingByGroup.get(key)
        if (firing === undefined) {
          firing = new Map()
          firingByGroup.set(key, firing)
        }
        firing.set(alarm.fingerprint, alarm)
      }
    }
    for (const [key, group] of this.#groups) {
      const firing = firingByGroup.get(key) ?? new Map<string, NotifiableAlarm>()
      for (const [fingerprint, previous] of group.firing) {
        if (firing.has(fingerprint) || !group.notified.has(fingerprint)) continue
        const now_ = status.get(fingerprint)
        // Cleared (or gone to normal): tell whoever was told it fired. Acknowledged or shelved: stop.
        if ((now_ === undefined || now_.status === 'resolved') && group.route.sendResolved)
          group.resolvedPending.set(fingerprint, { ...(now_ ?? previous), status: 'resolved' })
        group.notified.delete(fingerprint)
      }
      group.firing = firing
      if (firing.size === 0 && group.resolvedPending.size === 0 && group.inFlight === null)
        this.#groups.delete(key)
    }
  }

  /** The notifications due at `now`; each is in flight until `settle`d. */
  due(now: number): Notification[] {
    const out: Notification[] = []
    for (const group of this.#groups.values()) {
      if (group.inFlight !== null) continue
      const { route } = group
      const hash = hashOf(group.firing)
      const changed = hash !== group.lastSentHash || group.resolvedPending.size > 0
      let dueAt: number
      if (group.lastSentAt === null) {
        if (group.firing.size === 0) continue
        dueAt = group.createdAt + route.groupWait
      } else if (changed) {
        dueAt = group.lastSentAt + route.groupInterval
      } else if (group.firing.size > 0) {
        dueAt = group.lastSentAt + route.repeatInterval
      } else continue
      if (now < Math.max(dueAt, group.nextAttemptAt)) continue
      const id = this.#newId()
      const firing = [...group.firing.values()]
      const resolved = [...group.resolvedPending.values()]
      group.inFlight = {
        id,
        hash,
        firing: firing.map((a) => a.fingerprint),
        resolved: resolved.map((a) => a.fingerprint),
      }
      out.push({
        id,
        receiver: route.receiver,
        routeIndex: route.index,
        groupKey: group.key,
        labels: group.labels,
        status: firing.length > 0 ? 'firing' : 'resolved',
        firing,
        resolved,
        at: now,
        attempt: group.failures + 1,
      })
    }
    return out
  }

  /** Delivery's answer for a notification `due` returned. */
  settle(id: string, ok: boolean, now: number): void {
    for (const [key, group] of this.#groups) {
      const sent = group.inFlight
      if (sent === null || sent.id !== id) continue
      group.inFlight = null
      if (ok) {
        group.lastSentAt = now
        group.lastSentHash = sent.hash
        group.notified = new Set(sent.firing)
        for (const fingerprint of sent.resolved) group.resolvedPending.delete(fingerprint)
        group.failures = 0
        group.nextAttemptAt = 0
      } else {
        group.failures += 1
        group.nextAttemptAt =
          now + Math.min(group.route.groupInterval, RETRY_BASE_MS * 2 ** (group.failures - 1))
      }
      if (group.firing.size === 0 && group.resolvedPending.size === 0) this.#groups.delete(key)
      return
    }
  }

  /** Groups held (bounded by the alarms there are). */
  get size(): number {
    return this.#groups.size
  }
}
