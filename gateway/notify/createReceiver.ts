/**
 * Receivers deliver one notification each; an expected failure (a refused connection, a 500, a
 * command's non-zero exit, a timeout) rejects with a message saying what happened, for the
 * recorder — never a payload. Three kinds:
 *
 * - webhook: an HTTP POST of JSON (Node's own fetch) — Teams, Slack or the document itself;
 * - email: SMTP through Nodemailer (STARTTLS required by default, as NHSmail requires);
 * - command: a program run without a shell, the notification as JSON on its stdin (a pager
 *   gateway, an SMS script); exit 0 is success.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createTransport } from 'nodemailer'
import {
  notificationDocument,
  notificationText,
  slackMessage,
  teamsMessage,
  type NotificationContext,
} from './formatNotification.ts'
import type { Notification } from './NotificationPlanner.ts'
import type { ReceiverConfig } from './notifyConfigSchema.ts'

export type Receiver = {
  readonly name: string
  readonly kind: 'webhook' | 'email' | 'command'
  send(notification: Notification): Promise<void>
  close(): void
}

export function createReceiver(
  config: ReceiverConfig,
  context: NotificationContext,
  options: { readonly configDir: string; readonly env?: Readonly<Record<string, string | undefined>> },
): Receiver {
  const env = options.env ?? process.env
  if (config.webhook !== undefined) {
    const hook = config.webhook
    return {
      name: config.name,
      kind: 'webhook',
      send: async (notification) => {
        const doc = notificationDocument(notification, context)
        const body =
          hook.format === 'teams' ? teamsMessage(doc) : hook.format === 'slack' ? slackMessage(doc) : doc
        let response: Response
        try {
          response = await fetch(hook.url, {
            method: 'POST',
            headers: { ...hook.headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(hook.timeoutMs),
          })
        } catch (error) {
          throw new Error(`webhook unreachable: ${describe(error)}`, { cause: error })
        }
        // Drain the body so the connection is reused; its content is the receiver's, not logged.
        await response.arrayBuffer().catch(() => undefined)
        if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`)
      },
      close: () => undefined,
    }
  }
  if (config.email !== undefined) {
    const mail = config.email
    let password: string | undefined
    if (mail.auth !== undefined) {
      password = env[mail.auth.passwordEnv]
      if (password === undefined || password === '')
        throw new Error(
          `config: notify.receivers "${config.name}": environment variable ${mail.auth.passwordEnv} is not set`,
        )
    }
    let ca: string | undefined
    if (mail.caFile !== undefined) {
      const path = resolve(options.configDir, mail.caFile)
      try {
        ca = readFileSync(path, 'utf8')
      } catch (error) {
        throw new Error(`config: notify.receivers "${config.name}": cannot read caFile ${path}`, {
          cause: error,
        })
      }
    }
    const transport = createTransport({
      host: mail.host,
      port: mail.port,
      secure: mail.secure,
      requireTLS: mail.requireTls,
      connectionTimeout: mail.timeoutMs,
      greetingTimeout: mail.timeoutMs,
      socketTimeout: mail.timeoutMs,
      ...(ca === undefined ? {} : { tls: { ca } }),
      ...(mail.auth === undefined || password === undefined
        ? {}
        : { auth: { user: mail.auth.user, pass: password } }),
    })
    return {
      name: config.name,
      kind: 'email',
      send: async (notification) => {
        const doc = notificationDocument(notification, context)
        try {
          await transport.sendMail({
            from: mail.from,
            to: mail.to,
            subject: doc.summary,
            text: notificationText(doc),
          })
        } catch (error) {
          throw new Error(`SMTP: ${describe(error)}`, { cause: error })
        }
      },
      close: () => transport.close(),
    }
  }
  if (config.command !== undefined) {
    const command = config.command
    return {
      name: config.name,
      kind: 'command',
      send: (notification) =>
        new Promise<void>((resolve, reject) => {
          const doc = notificationDocument(notification, context)
          const child = execFile(
            command.path,
            command.args,
            {
              timeout: command.timeoutMs,
              maxBuffer: 64 * 1024,
              env: {
                ...env,
                WATCHFLOOR_NOTIFICATION_STATUS: doc.status,
                WATCHFLOOR_NOTIFICATION_SUMMARY: doc.summary,
              },
            },
            (error) => {
              if (error === null) resolve()
              else if (error.killed) reject(new Error(`command timed out after ${command.timeoutMs} ms`))
              else
                reject(
                  new Error(
                    `command failed: ${typeof error.code === 'number' ? `exit ${error.code}` : describe(error)}`,
                  ),
                )
            },
          )
          child.stdin?.on('error', () => undefined)
          child.stdin?.end(JSON.stringify(doc))
        }),
      close: () => undefined,
    }
  }
  throw new Error(`config: notify.receivers "${config.name}": no webhook, email or command`)
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}
