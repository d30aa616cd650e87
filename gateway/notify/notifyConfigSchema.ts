/**
 * The `notify` section of the gateway config: Alertmanager-style outbound notification of the
 * gateway engine's alarms to people off the wall. Receivers (a webhook, email over SMTP, a
 * command) and one routing level: the root route's defaults, and child routes matched in order by
 * priority, domain and site. Documented in docs/gateway-config.md and docs/alarms.md.
 */
import { z } from 'zod'
import { ALARM_PRIORITIES } from '../../shared/contracts/alarms.ts'
import { ALARM_DOMAINS } from '../../shared/domain/alarms/alarmDomain.ts'
import { DURATION_HINT, parseDuration } from '../../shared/domain/alarms/parseDuration.ts'

const duration = z.string({ error: DURATION_HINT }).transform((text, ctx) => {
  const ms = parseDuration(text)
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: DURATION_HINT })
    return z.NEVER
  }
  return ms
})

const receiverName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a lower-case name of letters, digits and dashes')

export const WEBHOOK_FORMATS = ['teams', 'slack', 'json'] as const

const webhookSchema = z
  .object({
    /** Where to POST. https in production; a loopback http URL in tests. */
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    /** `teams`: an Adaptive Card message (Teams Workflows); `slack`: `{ text, blocks }`; `json`: the notification itself. */
    format: z.enum(WEBHOOK_FORMATS).default('json'),
    /** Extra headers (an API key a receiver needs). Never logged. */
    headers: z.record(z.string().min(1), z.string()).default({}),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  })
  .strict()

const emailSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless STARTTLS succeeds (NHSmail requires TLS). */
    requireTls: z.boolean().default(true),
    /** A PEM file of the CA that signed the relay's certificate (a trust's internal CA), relative to the config. */
    caFile: z.string().min(1).optional(),
    auth: z
      .object({
        user: z.string().min(1),
        /** The environment variable holding the password, so it is not written in the config. */
        passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name'),
      })
      .strict()
      .optional(),
    from: z.email(),
    to: z.array(z.email()).min(1),
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  })
  .strict()

const commandSchema = z
  .object({
    /** An absolute path: no shell is involved, and the notification arrives as JSON on stdin. */
    path: z.string().regex(/^\//, 'expected an absolute path'),
    args: z.array(z.string()).default([]),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict()

export const receiverConfigSchema = z
  .object({
    name: receiverName,
    webhook: webhookSchema.optional(),
    email: emailSchema.optional(),
    command: commandSchema.optional(),
  })
  .strict()
  .refine(
    (r) => [r.webhook, r.email, r.command].filter((x) => x !== undefined).length === 1,
    'a receiver has exactly one of webhook, email or command',
  )
export type ReceiverConfig = z.output<typeof receiverConfigSchema>

export const GROUP_LABELS = ['rule', 'site', 'domain', 'priority'] as const
export type GroupLabel = (typeof GROUP_LABELS)[number]

/** Timing shared by the root route and (overridden) by child routes; Alertmanager's names and defaults. */
const timing = {
  /** Labels whose values split alarms into separate notifications. */
  groupBy: z.array(z.enum(GROUP_LABELS)).optional(),
  /** How long a new group waits for more alarms before its first notification. */
  groupWait: duration.optional(),
  /** How long after a notification a group's changes (new or resolved alarms) are sent. */
  groupInterval: duration.optional(),
  /** How often a group still firing, unchanged and unacknowledged, is sent again. */
  repeatInterval: duration.optional(),
  /** Send a notification when a notified alarm clears. */
  sendResolved: z.boolean().optional(),
}

const matchSchema = z
  .object({
    priorities: z.array(z.enum(ALARM_PRIORITIES)).min(1).optional(),
    domains: z.array(z.enum(ALARM_DOMAINS)).min(1).optional(),
    /** Site ids; an alarm without a site (a feed, the gateway) matches only routes without `sites`. */
    sites: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()

export const childRouteSchema = z
  .object({
    receiver: receiverName,
    match: matchSchema.default({}),
    /** Keep matching later routes after this one (by default the first match wins). */
    continue: z.boolean().default(false),
    ...timing,
  })
  .strict()

export const notifyConfigSchema = z
  .object({
    receivers: z.array(receiverConfigSchema).min(1),
    route: z
      .object({
        /** Where alarms no child route matched go; none: they are not notified. */
        receiver: receiverName.optional(),
        routes: z.array(childRouteSchema).default([]),
        ...timing,
      })
      .strict(),
  })
  .strict()
  .superRefine((config, context) => {
    const names = new Set<string>()
    config.receivers.forEach((receiver, index) => {
      if (names.has(receiver.name))
        context.addIssue({
          code: 'custom',
          path: ['receivers', index, 'name'],
          message: `duplicate receiver "${receiver.name}"`,
        })
      names.add(receiver.name)
    })
    const known = (name: string | undefined, path: (string | number)[]): void => {
      if (name !== undefined && !names.has(name))
        context.addIssue({ code: 'custom', path, message: `no receiver named "${name}"` })
    }
    known(config.route.receiver, ['route', 'receiver'])
    config.route.routes.forEach((route, index) =>
      known(route.receiver, ['route', 'routes', index, 'receiver']),
    )
  })
export type NotifyConfig = z.output<typeof notifyConfigSchema>

/** Alertmanager's defaults (docs: group_wait 30s, group_interval 5m, repeat_interval 4h). */
export const NOTIFY_DEFAULTS = {
  groupBy: ['rule', 'site'] as readonly GroupLabel[],
  groupWait: 30_000,
  groupInterval: 5 * 60_000,
  repeatInterval: 4 * 3_600_000,
  sendResolved: true,
} as const
