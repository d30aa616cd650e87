import { describe, expect, it } from 'vitest'
import { MAX_WEBHOOK_BATCH, parseWebhookBody } from './parseWebhookBody.ts'

const alert = { rule: { level: 5, description: 'sshd: authentication failed' }, agent: { name: 'ws-1' } }
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

describe('parseWebhookBody', () => {
  it('takes one alert or an array of up to 500', () => {
    expect(parseWebhookBody(body(alert))).toMatchObject({ ok: true, alerts: [{ rule: { level: 5 } }] })
    const many = parseWebhookBody(body(Array.from({ length: MAX_WEBHOOK_BATCH }, () => alert)))
    expect(many.ok && many.alerts).toHaveLength(MAX_WEBHOOK_BATCH)
  })

  it('says what is wrong without echoing the payload', () => {
    expect(parseWebhookBody(Buffer.from('{"rule":'))).toEqual({
      ok: false,
      reason: 'body is not valid JSON',
      reject: 'webhook body is not JSON',
    })
    expect(parseWebhookBody(body([]))).toMatchObject({ ok: false, reason: 'send 1 to 500 alerts' })
    expect(parseWebhookBody(body(Array.from({ length: 501 }, () => alert)))).toMatchObject({ ok: false })
    const bad = parseWebhookBody(body({ rule: { level: 99, description: 'SECRET-VALUE-943' } }))
    expect(bad).toMatchObject({ ok: false, reject: 'webhook body is not a Wazuh alert' })
    expect(JSON.stringify(bad)).not.toContain('SECRET-VALUE')
  })
})
