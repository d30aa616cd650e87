/**
 * Outbound notification: reads the gateway engine's alarms after every evaluation, lets the
 * planner decide what is due (NotificationPlanner.ts), delivers it through the receivers and
 * records every send and failure (NotificationRecorder.ts). One per gateway; with no `notify`
 * section in the config there is none.
 */
import { randomUUID } from 'node:crypto'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { AlarmEngine } from '../../shared/domain/alarms/AlarmEngine.ts'
import { alarmDomainOf } from '../../shared/domain/alarms/alarmDomain.ts'
import { effectivePriority } from '../../shared/domain/alarms/alarmLifecycle.ts'
import type { GatewayAlarms } from '../alarms/createGatewayAlarms.ts'
import type { Logger } from '../log/Logger.ts'
import { createReceiver, type Receiver } from './createReceiver.ts'
import {
  NotificationPlanner,
  planRoutes,
  type NotifiableAlarm,
  type NotifiableStatus,
} from './NotificationPlanner.ts'
import type { NotificationRecorder } from './NotificationRecorder.ts'
import type { NotifyConfig } from './notifyConfigSchema.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

export type Notifier = {
  /** Stops planning; waits for sends in flight. */
  close(): Promise<void>
}

export function createNotifier(deps: {
  readonly config: NotifyConfig
  readonly alarms: GatewayAlarms
  readonly siteModel: SiteModel
  readonly recorder: NotificationRecorder
  readonly log: Logger
  readonly now: () => number
  /** Where relative paths in the config (an email receiver's caFile) resolve from. */
  readonly configDir: string
  readonly env?: Readonly<Record<string, string | undefined>>
}): Notifier {
  const log = deps.log.child('notify')
  const sites = new Map(deps.siteModel.sites.map((site) => [site.id, site.name]))
  const context = { trustName: deps.siteModel.trust.name, siteName: (id: string) => sites.get(id) }
  const receivers = new Map<string, Receiver>()
  for (const receiver of deps.config.receivers)
    receivers.set(
      receiver.name,
      createReceiver(receiver, context, {
        configDir: deps.configDir,
        ...(deps.env === undefined ? {} : { env: deps.env }),
      }),
    )
  const planner = new NotificationPlanner(planRoutes(deps.config), randomUUID)
  const inFlight = new Set<Promise<void>>()
  let closed = false

  const deliver = (notification: ReturnType<NotificationPlanner['due']>[number]): void => {
    const receiver = receivers.get(notification.receiver)
    if (receiver === undefined) return
    const started = performance.now()
    const outcome = (ok: boolean, error?: string): void => {
      const at = deps.now()
      planner.settle(notification.id, ok, at)
      deps.recorder.record({
        at,
        notificationId: notification.id,
        receiver: receiver.name,
        receiverKind: receiver.kind,
        groupKey: notification.groupKey,
        status: notification.status,
        firing: notification.firing.length,
        resolved: notification.resolved.length,
        attempt: notification.attempt,
        outcome: ok ? 'sent' : 'failed',
        ...(error === undefined ? {} : { error }),
        durationMs: performance.now() - started,
      })
    }
    const sending = receiver.send(notification).then(
      () => outcome(true),
      (error: unknown) => outcome(false, error instanceof Error ? error.message : String(error)),
    )
    inFlight.add(sending)
    // A send records its own failure; this only forgets it once it has settled either way.
    runDetached(
      sending.finally(() => inFlight.delete(sending)),
      () => undefined,
    )
  }

  const detach = deps.alarms.onEvaluated((engine, now) => {
    if (closed) return
    planner.update(notifiableAlarms(engine), now)
    for (const notification of planner.due(now)) deliver(notification)
  })
  log.info('notifications on', { receivers: receivers.size, routes: deps.config.route.routes.length })

  return {
    close: async () => {
      closed = true
      detach()
      await Promise.allSettled([...inFlight])
      for (const receiver of receivers.values()) receiver.close()
    },
  }
}

/** Every alarm the engine holds, as the planner sees it, with the banner line it is folded into. */
export function notifiableAlarms(engine: AlarmEngine): NotifiableAlarm[] {
  const lineOf = new Map<string, ActiveAlarm>()
  for (const line of engine.alarms()) for (const member of line.members) lineOf.set(member, line)
  const out: NotifiableAlarm[] = []
  for (const record of engine.records()) {
    const rule = engine.rule(record.ruleId)
    if (rule === undefined) continue
    const line = lineOf.get(record.fingerprint)
    out.push({
      fingerprint: record.fingerprint,
      ruleId: record.ruleId,
      title: record.title,
      detail: record.detail,
      // A flood line is one alarm to whoever is told: routed at the line's priority (the APs
      // behind a failed switch go with the switch), not each member's own.
      priority: line?.priority ?? effectivePriority(record),
      domain: alarmDomainOf(rule.kind),
      siteId: record.subject.siteId,
      raisedAt: record.raisedAt,
      status: statusOf(record.state, record.active),
      line: {
        fingerprint: line?.fingerprint ?? record.fingerprint,
        detail: line?.detail ?? record.detail,
        count: line?.groupCount ?? 1,
      },
    })
  }
  return out
}

function statusOf(state: string, active: boolean): NotifiableStatus {
  switch (state) {
    case 'unacknowledged':
      return active ? 'firing' : 'resolved'
    case 'acknowledged':
      return 'acknowledged'
    case 'shelved':
    case 'out-of-service':
      return 'silenced'
    default:
      return 'resolved'
  }
}
