/**
 * A webhook request body → Wazuh alerts, or why not. A value, never an exception: the adapter
 * answers 400 with `reason` and counts a reject with `reject`. Both name the schema, never the
 * payload's values. Pure, so the fuzzer runs it on its own.
 */
import { z } from 'zod'
import { wazuhAlertSchema, type WazuhAlert } from './wazuhToAlertOp.ts'

/** Alerts one request may carry. */
export const MAX_WEBHOOK_BATCH = 500

export type WebhookBodyResult =
  | { readonly ok: true; readonly alerts: readonly WazuhAlert[] }
  | {
      readonly ok: false
      /** For the 400 response. */
      readonly reason: string
      /** For the source's reject count and log. */
      readonly reject: string
    }

export function parseWebhookBody(body: Buffer): WebhookBodyResult {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8')) as unknown
  } catch {
    return { ok: false, reason: 'body is not valid JSON', reject: 'webhook body is not JSON' }
  }
  const items = Array.isArray(json) ? json : [json]
  if (items.length === 0 || items.length > MAX_WEBHOOK_BATCH) {
    return {
      ok: false,
      reason: `send 1 to ${MAX_WEBHOOK_BATCH} alerts`,
      reject: 'webhook batch size out of range',
    }
  }
  const parsed = z.array(wazuhAlertSchema).safeParse(items)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue === undefined ? '' : issue.path.join('.')
    return {
      ok: false,
      // The path and message name the schema, not the payload's values.
      reason: `not a Wazuh alert: ${where} ${issue?.message ?? ''}`.trim(),
      reject: 'webhook body is not a Wazuh alert',
    }
  }
  return { ok: true, alerts: parsed.data }
}
