/**
 * Every send and every failure of an outbound notification, in the change log as a
 * `notification` event (keyed by the notification's id), beside the logger and the metrics: the
 * audit asks "was the on-call told, and when" long after the log file has rotated. Read back with
 * `GET /v1/history/notifications` (`notificationsRoute`).
 *
 * Recording never holds up a send: the write is detached, and one that fails is logged and counted
 * (`watchfloor_notification_records_failed_total`); the send's own outcome is unaffected.
 */
import { Counter, type Registry } from 'prom-client'
import { runDetached } from '../../shared/util/runDetached.ts'
import type { Logger } from '../log/Logger.ts'
import type { EventLog } from '../store/eventLog.ts'
import type { NotificationOutcome, NotificationRecorder } from './NotificationRecorder.ts'

export function createEventLogRecorder(
  events: EventLog,
  log: Logger,
  registry: Registry,
): NotificationRecorder {
  const failed = new Counter({
    name: 'watchfloor_notification_records_failed_total',
    help: 'Notification outcomes that could not be written to the change log',
    registers: [registry],
  })
  return {
    record: (outcome: NotificationOutcome) => {
      runDetached(
        events.appendEvents([
          { kind: 'notification', key: outcome.notificationId, at: outcome.at, body: outcome },
        ]),
        (error) => {
          failed.inc()
          log.warn('notification outcome not written to the change log', {
            id: outcome.notificationId,
            reason: error instanceof Error ? error.message : String(error),
          })
        },
      )
    },
  }
}

/** One recorder that tells each of `recorders`, in order. */
export function combineRecorders(...recorders: readonly NotificationRecorder[]): NotificationRecorder {
  return { record: (outcome) => recorders.forEach((recorder) => recorder.record(outcome)) }
}
