/**
 * The cyber alert response as a state machine, owned once: the gateway applies it to every
 * request, and the screen asks it which buttons to show. Status only moves forward —
 * new → acknowledged → investigating → resolved — so a source re-sending an alert can never
 * undo a response (see mergeSourceAlert); a resolved alert that recurs arrives as a new occurrence.
 *
 * | action      | from                              | to            |
 * |-------------|-----------------------------------|---------------|
 * | acknowledge | new (or investigating, never acked) | acknowledged (investigating stays) |
 * | investigate | new, acknowledged                 | investigating (acknowledges a new one) |
 * | update      | acknowledged, investigating       | unchanged (a note; NHS: the next update) |
 * | resolve     | acknowledged, investigating       | resolved      |
 *
 * Everything else is refused with a sentence saying why and what to do instead.
 */
import {
  MAX_ALERT_UPDATES,
  type AlertResponseAction,
  type AlertUpdate,
  type CyberAlert,
  type CyberStatus,
} from '../../contracts/entities.ts'
import type { Role } from '../../contracts/feed.ts'
import { mayRespondToCyberAlert } from './cyberPermissions.ts'
import { nhsNextUpdateDueAt } from './nhsDeadlines.ts'

export type AlertResponseStep = {
  readonly action: AlertResponseAction
  readonly note: string
  readonly owner?: string | undefined
  readonly applicability?: 'applicable' | 'not-applicable' | undefined
}

export type Actor = { readonly role: Role; readonly user: string }

export type AlertResponseResult =
  { readonly ok: true; readonly alert: CyberAlert } | { readonly ok: false; readonly error: string }

const VERB: Readonly<Record<AlertResponseAction, string>> = {
  acknowledge: 'acknowledge',
  investigate: 'investigate',
  update: 'update',
  resolve: 'resolve',
}

const clock = (at: number): string => new Date(at).toISOString().slice(11, 16) + ' UTC'

/** The status an action leads to from `status`, or why it may not be taken. */
export function nextStatus(
  alert: Pick<CyberAlert, 'status' | 'ack'>,
  action: AlertResponseAction,
): { ok: true; status: CyberStatus } | { ok: false; error: string } {
  const { status } = alert
  if (status === 'resolved')
    return {
      ok: false,
      error: `the alert is resolved and cannot be ${action === 'resolve' ? 'resolved again' : `${VERB[action]}d`}; a recurrence arrives as a new alert`,
    }
  switch (action) {
    case 'acknowledge':
      if (alert.ack !== null)
        return { ok: false, error: `already acknowledged by ${alert.ack.by} at ${clock(alert.ack.at)}` }
      return { ok: true, status: status === 'new' ? 'acknowledged' : status }
    case 'investigate':
      if (status === 'investigating') return { ok: false, error: 'already being investigated' }
      return { ok: true, status: 'investigating' }
    case 'update':
      if (status === 'new') return { ok: false, error: 'acknowledge the alert before giving an update' }
      return { ok: true, status }
    case 'resolve':
      if (status === 'new') return { ok: false, error: 'acknowledge the alert before resolving it' }
      return { ok: true, status: 'resolved' }
  }
}

/** Whether `action` is open to `role` on this alert now (the screen's buttons). */
export function mayTake(alert: CyberAlert, action: AlertResponseAction, role: Role): boolean {
  return mayRespondToCyberAlert(role, action) && nextStatus(alert, action).ok
}

/** Applies one response step by `actor` at `now`, or says why not. Pure. */
export function respondToAlert(
  alert: CyberAlert,
  step: AlertResponseStep,
  actor: Actor,
  now: number,
): AlertResponseResult {
  if (!mayRespondToCyberAlert(actor.role, step.action))
    return { ok: false, error: `role ${actor.role} may not ${VERB[step.action]} alerts` }
  const nhs = alert.nhs
  if (nhs === undefined && (step.owner !== undefined || step.applicability !== undefined))
    return { ok: false, error: 'owner and applicability are recorded only on NHS cyber alerts' }
  const next = nextStatus(alert, step.action)
  if (!next.ok) return next
  const applicability = step.applicability ?? nhs?.applicability
  if (step.action === 'resolve' && applicability === 'unassessed')
    return { ok: false, error: 'record whether the NHS cyber alert applies before closing it' }

  const note = step.note.trim()
  const entry: AlertUpdate = { action: step.action, status: next.status, by: actor.user, at: now, note }
  const updates = [...(alert.updates ?? []), entry].slice(-MAX_ALERT_UPDATES)
  const ack = alert.ack ?? { by: actor.user, at: now, note }
  const updated: CyberAlert = { ...alert, status: next.status, ack, updates }
  if (nhs === undefined) return { ok: true, alert: updated }
  return {
    ok: true,
    alert: {
      ...updated,
      nhs: {
        ...nhs,
        owner: step.owner ?? nhs.owner ?? actor.user,
        applicability: applicability ?? nhs.applicability,
        // Every step short of closing is an update to NHS England: the next one is due 3 days on.
        nextUpdateDueAt: next.status === 'resolved' ? null : nhsNextUpdateDueAt(now, alert.severity),
      },
    },
  }
}
