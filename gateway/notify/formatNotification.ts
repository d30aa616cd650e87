/**
 * A notification in words, and in the shapes its receivers take: the JSON document (webhook
 * `json`, the command's stdin), a Slack message, a Teams Adaptive Card message, an email. Alarms
 * are shown as the banner shows them — one line per flood — with their priority in words (never
 * colour alone), their place, and their raise time in UTC. Only what the gateway already shows
 * every wall leaves it: titles and details of alarms, never an entity's payload.
 */
import type { Notification, NotifiableAlarm } from './NotificationPlanner.ts'

export type NotificationContext = {
  readonly trustName: string
  readonly siteName: (siteId: string) => string | undefined
}

/** One banner line of a notification. */
export type NotifiedLine = {
  readonly fingerprint: string
  readonly title: string
  readonly detail: string
  readonly priority: string
  readonly count: number
  readonly site: string | null
  readonly raisedAt: string
}

export type NotificationDocument = {
  readonly version: 1
  readonly id: string
  readonly status: 'firing' | 'resolved'
  readonly trust: string
  readonly receiver: string
  readonly groupKey: string
  readonly labels: Readonly<Record<string, string>>
  readonly at: string
  readonly summary: string
  readonly firing: readonly NotifiedLine[]
  readonly resolved: readonly NotifiedLine[]
}

const PRIORITY_WORD: Readonly<Record<string, string>> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' }
const PRIORITY_ORDER: Readonly<Record<string, number>> = { high: 3, medium: 2, low: 1 }

function linesOf(alarms: readonly NotifiableAlarm[], context: NotificationContext): NotifiedLine[] {
  const byLine = new Map<string, NotifiableAlarm[]>()
  for (const alarm of alarms) {
    const list = byLine.get(alarm.line.fingerprint) ?? []
    list.push(alarm)
    byLine.set(alarm.line.fingerprint, list)
  }
  const lines: NotifiedLine[] = []
  for (const [fingerprint, members] of byLine) {
    let top = members[0] as NotifiableAlarm
    let raisedAt = top.raisedAt
    for (const m of members) {
      if ((PRIORITY_ORDER[m.priority] ?? 0) > (PRIORITY_ORDER[top.priority] ?? 0)) top = m
      raisedAt = Math.min(raisedAt, m.raisedAt)
    }
    const siteId = top.siteId
    lines.push({
      fingerprint,
      title: top.title,
      // One member of a flood line: its own detail; several: the line's ("SW-1 and 40 devices behind it…").
      detail: members.length === 1 && top.line.count > 1 ? top.detail : top.line.detail,
      priority: top.priority,
      count: members.length,
      site: siteId === null ? null : (context.siteName(siteId) ?? siteId),
      raisedAt: new Date(raisedAt).toISOString(),
    })
  }
  return lines.sort(
    (a, b) =>
      (PRIORITY_ORDER[b.priority] ?? 0) - (PRIORITY_ORDER[a.priority] ?? 0) ||
      a.raisedAt.localeCompare(b.raisedAt),
  )
}

/** `HIGH Network device down ×41 — SW-1 and 40 devices behind it are down · Alpha Hospital · raised 2026-…Z` */
export function lineText(line: NotifiedLine): string {
  const count = line.count > 1 ? ` ×${line.count}` : ''
  const site = line.site === null ? '' : ` · ${line.site}`
  return `${PRIORITY_WORD[line.priority] ?? line.priority} ${line.title}${count} — ${line.detail}${site} · raised ${line.raisedAt}`
}

export function notificationDocument(
  notification: Notification,
  context: NotificationContext,
): NotificationDocument {
  const firing = linesOf(notification.firing, context)
  const resolved = linesOf(notification.resolved, context)
  const top = firing[0] ?? resolved[0]
  const what = top === undefined ? 'alarms' : `${PRIORITY_WORD[top.priority] ?? top.priority} ${top.title}`
  const counts = [
    firing.length > 0 ? `${notification.firing.length} firing` : null,
    resolved.length > 0 ? `${notification.resolved.length} resolved` : null,
  ]
    .filter((x) => x !== null)
    .join(', ')
  return {
    version: 1,
    id: notification.id,
    status: notification.status,
    trust: context.trustName,
    receiver: notification.receiver,
    groupKey: notification.groupKey,
    labels: Object.fromEntries(
      Object.entries(notification.labels).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
    at: new Date(notification.at).toISOString(),
    summary: `[Watchfloor ${context.trustName}] ${notification.status === 'firing' ? 'FIRING' : 'RESOLVED'}: ${what} (${counts})`,
    firing,
    resolved,
  }
}

/** The plain-text body (email, Slack): the summary, then firing and resolved lines. */
export function notificationText(doc: NotificationDocument): string {
  const parts = [doc.summary, '']
  if (doc.firing.length > 0) parts.push('Firing:', ...doc.firing.map((l) => `  ${lineText(l)}`), '')
  if (doc.resolved.length > 0) parts.push('Resolved:', ...doc.resolved.map((l) => `  ${lineText(l)}`), '')
  parts.push(
    `Sent ${doc.at} by the Watchfloor gateway. Acknowledge or shelve the alarm on a Watchfloor desktop to stop repeats.`,
  )
  return parts.join('\n')
}

/** A Slack incoming-webhook message. */
export function slackMessage(doc: NotificationDocument): unknown {
  return {
    text: doc.summary,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: doc.summary.slice(0, 150) } },
      ...[...doc.firing, ...doc.resolved].slice(0, 45).map((line) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: lineText(line) },
      })),
    ],
  }
}

/** A Microsoft Teams (Workflows) message carrying an Adaptive Card. */
export function teamsMessage(doc: NotificationDocument): unknown {
  const block = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'TextBlock',
    text,
    wrap: true,
    ...extra,
  })
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            block(doc.summary, { weight: 'Bolder', size: 'Medium' }),
            ...(doc.firing.length > 0
              ? [block('Firing', { weight: 'Bolder' }), ...doc.firing.map((l) => block(lineText(l)))]
              : []),
            ...(doc.resolved.length > 0
              ? [block('Resolved', { weight: 'Bolder' }), ...doc.resolved.map((l) => block(lineText(l)))]
              : []),
          ],
        },
      },
    ],
  }
}
