/**
 * A webhook request body → NHS England cyber alerts (docs/cyber.md#webhook), or why not: one
 * alert or an array of up to 100, each the same body a hand entry sends (`nhsAlertInputSchema`).
 * A value, never an exception; the reason names the schema's path, never the payload's values.
 */
import { z } from 'zod'
import { nhsAlertInputSchema, type NhsAlertInput } from '../../../shared/contracts/cyberResponse.ts'
import type { WebhookBodyResult } from './parseWebhookBody.ts'

/** NHS cyber alerts one request may carry (NHS England issues a handful a week). */
export const MAX_NHS_ALERT_BATCH = 100

export type NhsAlertBodyResult =
  { readonly ok: true; readonly alerts: readonly NhsAlertInput[] } | Extract<WebhookBodyResult, { ok: false }>

export function parseNhsAlertBody(body: Buffer): NhsAlertBodyResult {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8')) as unknown
  } catch {
    return { ok: false, reason: 'body is not valid JSON', reject: 'webhook body is not JSON' }
  }
  const items = Array.isArray(json) ? json : [json]
  if (items.length === 0 || items.length > MAX_NHS_ALERT_BATCH) {
    return {
      ok: false,
      reason: `send 1 to ${MAX_NHS_ALERT_BATCH} NHS cyber alerts`,
      reject: 'webhook batch size out of range',
    }
  }
  const parsed = z.array(nhsAlertInputSchema).safeParse(items)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue === undefined ? '' : issue.path.join('.')
    return {
      ok: false,
      reason: `not an NHS cyber alert: ${where} ${issue?.message ?? ''}`.trim(),
      reject: 'webhook body is not an NHS cyber alert',
    }
  }
  return { ok: true, alerts: parsed.data }
}
