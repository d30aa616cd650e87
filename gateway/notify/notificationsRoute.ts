/**
 * `GET /v1/history/notifications?from=T1&to=T2[&limit=N]`: the notification sends and failures in
 * [T1, T2], oldest first. Redacted as the rest of the history is: a failure's reason is in the
 * receiver's words and may name a relay's host or a webhook's address, so only the roles that see
 * network detail (it, admin) read it; others see that it failed.
 */
import { z } from 'zod'
import type { Role } from '../../shared/contracts/feed.ts'
import { seesNetworkDetail } from '../fanout/siteFilter.ts'
import { parseInstant, type HistoryAnswer } from '../reports/historyAnswer.ts'
import type { EventLog } from '../store/eventLog.ts'

const MAX_RECORDS = 5_000
/** What a reason reads as for a role that may not see it. */
export const REDACTED_REASON = 'delivery failed (the reason is shown to IT roles)'

const outcomeSchema = z.object({
  at: z.number(),
  notificationId: z.string(),
  receiver: z.string(),
  receiverKind: z.enum(['webhook', 'email', 'command']),
  groupKey: z.string(),
  status: z.enum(['firing', 'resolved']),
  firing: z.number(),
  resolved: z.number(),
  attempt: z.number(),
  outcome: z.enum(['sent', 'failed']),
  error: z.string().optional(),
  durationMs: z.number(),
})

export function notificationsRoute(deps: {
  readonly events: Pick<EventLog, 'eventsBetween'>
  readonly now: () => number
  readonly onUnreadable?: () => void
}): (query: URLSearchParams, role: Role) => Promise<HistoryAnswer> {
  return async (query, role) => {
    const from = parseInstant(query.get('from'))
    const to = parseInstant(query.get('to')) ?? deps.now()
    if (from === null)
      return { status: 400, body: { error: 'from: expected epoch milliseconds or an ISO 8601 time' } }
    if (to < from) return { status: 400, body: { error: 'to is before from' } }
    const rawLimit = query.get('limit')
    const limit = rawLimit === null ? MAX_RECORDS : Number(rawLimit)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECORDS)
      return { status: 400, body: { error: `limit: expected a whole number from 1 to ${MAX_RECORDS}` } }
    const events = await deps.events.eventsBetween('notification', from, to, limit)
    const detail = seesNetworkDetail(role)
    const records = []
    let unreadable = 0
    for (const event of events) {
      const parsed = outcomeSchema.safeParse(event.body)
      if (!parsed.success) {
        unreadable += 1
        continue
      }
      const record = parsed.data
      records.push(detail || record.error === undefined ? record : { ...record, error: REDACTED_REASON })
    }
    if (unreadable > 0) deps.onUnreadable?.()
    return { status: 200, body: { from, to, records, unreadable, truncated: events.length === limit } }
  }
}
