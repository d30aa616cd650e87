/**
 * The cyber alert response on one socket (docs/cyber.md): `alert:ack` (protocol 1.0, the
 * acknowledge step), `alert:respond` (acknowledge, investigate, update, resolve) and
 * `nhs-alert:record` (an NHS England cyber alert entered by hand). Every payload is parsed with the
 * shared schemas; the role and transition checks are the shared rule's (respondToAlert); the
 * change is an ordinary cyber alert change, so it reaches every client as a batch, is in the change
 * log (and `/v1/history/changes?topic=cyber`), and survives a restart. The requester is answered
 * only once the change is durable.
 */
import {
  alertRespondRequestSchema,
  nhsAlertInputSchema,
  type AlertRespondResponse,
} from '../../shared/contracts/cyberResponse.ts'
import { FeedEvent, alertAckRequestSchema, type AlertAckResponse } from '../../shared/contracts/feed.ts'
import type { Actor } from '../../shared/domain/cyber/respondToAlert.ts'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'
import type { Committer } from '../ingest/createCommitter.ts'
import type { AlertChange, Ingest } from '../ingest/createIngest.ts'
import type { Logger } from '../log/Logger.ts'
import type { FeedSocket } from '../core/feedTypes.ts'

export function attachCyberResponseHandlers(
  socket: FeedSocket,
  deps: {
    readonly ingest: Pick<Ingest, 'respondToAlert' | 'recordNhsAlert'>
    readonly committer: Pick<Committer, 'durable'>
    readonly log: Logger
  },
): void {
  const { ingest, committer, log } = deps
  const actor = (): Actor => ({ role: socket.data.role, user: socket.data.user })

  /** Answers once the change is in the log; what the user was told is what was kept. */
  const whenDurable = <T>(
    change: AlertChange,
    answer: (change: Extract<AlertChange, { ok: true }>) => T,
    reply: (response: T | { ok: false; error: string }) => void,
    what: string,
  ): void => {
    if (!change.ok) {
      log.info(`${what} refused`, { socket: socket.id, reason: change.reason })
      reply({ ok: false, error: change.reason })
      return
    }
    committer.durable().then(
      () => {
        log.info(what, { alert: change.alert.id, status: change.alert.status, by: socket.data.user })
        reply(answer(change))
      },
      (error: unknown) =>
        reply({
          ok: false,
          error: `not recorded: ${error instanceof Error ? error.message : String(error)}`,
        }),
    )
  }

  socket.on(FeedEvent.alertAck, (request, ack) => {
    if (typeof ack !== 'function') return
    const parsed = alertAckRequestSchema.safeParse(request)
    if (!parsed.success)
      return ack({ ok: false, error: formatConfigIssues(parsed.error.issues, 'alert:ack') })
    const change = ingest.respondToAlert(
      parsed.data.alertId,
      { action: 'acknowledge', note: parsed.data.note },
      actor(),
    )
    whenDurable<AlertAckResponse>(
      change,
      ({ alert }) =>
        alert.ack === null ? { ok: false, error: 'not acknowledged' } : { ok: true, ack: alert.ack },
      ack,
      'alert acknowledged',
    )
  })

  socket.on(FeedEvent.alertRespond, (request, ack) => {
    if (typeof ack !== 'function') return
    const parsed = alertRespondRequestSchema.safeParse(request)
    if (!parsed.success)
      return ack({ ok: false, error: formatConfigIssues(parsed.error.issues, 'alert:respond') })
    const { alertId, ...step } = parsed.data
    whenDurable<AlertRespondResponse>(
      ingest.respondToAlert(alertId, step, actor()),
      ({ alert }) => ({ ok: true, alert }),
      ack,
      `alert ${step.action}`,
    )
  })

  socket.on(FeedEvent.nhsAlertRecord, (request, ack) => {
    if (typeof ack !== 'function') return
    const parsed = nhsAlertInputSchema.safeParse(request)
    if (!parsed.success)
      return ack({ ok: false, error: formatConfigIssues(parsed.error.issues, 'nhs-alert:record') })
    whenDurable(
      ingest.recordNhsAlert(parsed.data, actor()),
      ({ alert }) => ({ ok: true as const, alert }),
      ack,
      'nhs alert recorded',
    )
  })
}
