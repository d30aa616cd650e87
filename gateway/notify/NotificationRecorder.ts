/**
 * Every send and every failure of an outbound notification is recorded: the gateway wires the
 * recorder to its logger and metrics (`createLoggingRecorder`) and, when its change log keeps
 * events, to the log as well (`createEventLogRecorder`, read with `GET /v1/history/notifications`).
 */
import { Counter, Histogram, type Registry } from 'prom-client'
import type { Logger } from '../log/Logger.ts'

export type NotificationOutcome = {
  readonly at: number
  readonly notificationId: string
  readonly receiver: string
  readonly receiverKind: 'webhook' | 'email' | 'command'
  readonly groupKey: string
  readonly status: 'firing' | 'resolved'
  /** Alarms (members) firing and resolved in it. */
  readonly firing: number
  readonly resolved: number
  readonly attempt: number
  readonly outcome: 'sent' | 'failed'
  /** Why it failed, in the receiver's words (never a payload). */
  readonly error?: string
  readonly durationMs: number
}

export type NotificationRecorder = {
  record(outcome: NotificationOutcome): void
}

/** Logs every outcome (sends at info, failures at warn) and counts them per receiver and outcome. */
export function createLoggingRecorder(log: Logger, registry: Registry): NotificationRecorder {
  const total = new Counter({
    name: 'watchfloor_notifications_total',
    help: 'Outbound alarm notifications, by receiver and outcome (sent, failed)',
    labelNames: ['receiver', 'outcome'],
    registers: [registry],
  })
  const seconds = new Histogram({
    name: 'watchfloor_notification_duration_seconds',
    help: 'Time to deliver one notification to its receiver',
    labelNames: ['receiver'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  return {
    record: (outcome) => {
      total.inc({ receiver: outcome.receiver, outcome: outcome.outcome })
      seconds.observe({ receiver: outcome.receiver }, outcome.durationMs / 1000)
      const fields = {
        id: outcome.notificationId,
        receiver: outcome.receiver,
        kind: outcome.receiverKind,
        group: outcome.groupKey,
        status: outcome.status,
        firing: outcome.firing,
        resolved: outcome.resolved,
        attempt: outcome.attempt,
        durationMs: Math.round(outcome.durationMs),
      }
      if (outcome.outcome === 'sent') log.info('notification sent', fields)
      else log.warn('notification failed', { ...fields, error: outcome.error })
    },
  }
}
