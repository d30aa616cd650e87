/**
 * The Wazuh-style webhook adapter driven by real curl on 127.0.0.1, over HTTP and HTTPS (a
 * throwaway self-signed certificate made with openssl in a temp dir).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import type { WebhookAdapter } from '../../gateway/adapters/webhook/webhookAdapter.ts'
import { createWebhookAdapter, webhookConfigSchema } from '../../gateway/adapters/webhook/webhookAdapter.ts'
import { makeSiteModel } from '../support/builders.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

const run = promisify(execFile)
const SECRET = 'test-secret-0123456789abcdef'

const ALERT = {
  id: '1795300000.1001',
  timestamp: '2026-11-21T21:59:00.000+0000',
  rule: {
    level: 12,
    description: 'Multiple authentication failures followed by a success',
    id: '40112',
    groups: ['authentication_success', 'attacks'],
    mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] },
  },
  agent: { id: '007', name: 'WS-W07-03', ip: '10.20.7.13' },
  data: { srcuser: 'TESTUSER01', dstuser: 'TESTUSER02' },
  full_log: 'Accepted password for TESTUSER01 from 10.20.8.44',
}

let adapter: WebhookAdapter | null = null
let rec: RecordingContext
let dir = ''

beforeEach(async () => {
  rec = createRecordingContext({ siteModel: makeSiteModel() })
  dir = await mkdtemp(join(tmpdir(), 'wf-webhook-'))
})
afterEach(async () => {
  await adapter?.stop()
  adapter = null
  await rm(dir, { recursive: true, force: true })
})

async function start(overrides: Record<string, unknown> = {}): Promise<number> {
  const config = webhookConfigSchema.parse({
    kind: 'webhook',
    id: 'wazuh',
    port: 0,
    secret: SECRET,
    maxBodyBytes: 4_096,
    hosts: [{ match: 'WS-W07-*', siteId: 'site-a', unitId: 'ward-7' }],
    ...overrides,
  })
  adapter = createWebhookAdapter(config, { configDir: dir })
  await adapter.start(rec.context)
  return adapter.port() ?? 0
}

type CurlResult = { status: number; body: unknown }

async function curl(url: string, args: string[]): Promise<CurlResult> {
  const { stdout } = await run('curl', ['-sS', '-o', '-', '-w', '\n%{http_code}', ...args, url])
  const lines = stdout.split('\n')
  const status = Number(lines.pop())
  const text = lines.join('\n')
  return { status, body: text === '' ? null : (JSON.parse(text) as unknown) }
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = { 'x-watchfloor-secret': SECRET },
  extra: string[] = [],
) {
  const file = join(dir, `body-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, body)
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`])
  return curl(url, [
    '-X',
    'POST',
    '-H',
    'content-type: application/json',
    ...h,
    '--data-binary',
    `@${file}`,
    ...extra,
  ])
}

const alerts = (): CyberAlert[] => [...rec.entities.cyber.values()]

describe('Wazuh webhook', () => {
  it('accepts an alert from curl, maps it, counts repeats and ignores a re-delivered alert id', async () => {
    const url = `http://127.0.0.1:${await start()}/wazuh`
    expect(await post(url, JSON.stringify(ALERT))).toEqual({
      status: 202,
      body: { accepted: 1, duplicates: 0 },
    })
    expect(alerts()).toHaveLength(1)
    expect(alerts()[0]).toMatchObject({
      source: 'wazuh',
      severity: 'high',
      title: 'Multiple authentication failures followed by a success',
      tactic: 'TA0006',
      technique: 'T1110',
      host: 'WS-W07-03',
      siteId: 'site-a',
      unitId: 'ward-7',
      count: 1,
    })
    expect(await post(url, JSON.stringify(ALERT))).toEqual({
      status: 202,
      body: { accepted: 0, duplicates: 1 },
    })
    const repeat = { ...ALERT, id: '1795300000.1002', rule: { ...ALERT.rule, level: 14 } }
    const other = { ...ALERT, id: '1795300000.1003', agent: { name: 'SRV-PACS-01', ip: '10.30.0.5' } }
    expect(await post(url, JSON.stringify([repeat, other]))).toEqual({
      status: 202,
      body: { accepted: 2, duplicates: 0 },
    })
    expect(alerts().map((a) => [a.host, a.count, a.severity])).toEqual([
      ['WS-W07-03', 2, 'critical'],
      ['SRV-PACS-01', 1, 'high'],
    ])
    expect(JSON.stringify(rec.accepted)).not.toContain('TESTUSER')
    expect(rec.invalid).toEqual([])
    expect(rec.lastStatus()?.status).toBe('up')
  })

  it('answers 401, 400 with a reason, 413, 404 and 405 — and accepts nothing from them', async () => {
    const url = `http://127.0.0.1:${await start()}/wazuh`
    expect((await post(url, JSON.stringify(ALERT), {})).status).toBe(401)
    expect((await post(url, JSON.stringify(ALERT), { 'x-watchfloor-secret': `${SECRET}x` })).status).toBe(401)
    expect(await post(url, '{"rule": ')).toEqual({ status: 400, body: { error: 'body is not valid JSON' } })
    const noLevel = await post(url, JSON.stringify({ rule: { description: 'x' } }))
    expect(noLevel.status).toBe(400)
    expect(JSON.stringify(noLevel.body)).toContain('rule.level')
    expect((await post(url, JSON.stringify({ ...ALERT, pad: 'x'.repeat(5_000) }))).status).toBe(413)
    expect((await post(url.replace('/wazuh', '/other'), JSON.stringify(ALERT))).status).toBe(404)
    expect((await curl(url, ['-H', `x-watchfloor-secret: ${SECRET}`])).status).toBe(405)
    expect(alerts()).toEqual([])
    expect(rec.rejects.length).toBeGreaterThanOrEqual(5)
    // The adapter is still healthy and takes the next good alert.
    expect((await post(url, JSON.stringify(ALERT))).status).toBe(202)
  })

  it('serves HTTPS when a certificate and key are configured, with the secret from the environment', async () => {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ])
    process.env.WF_TEST_WEBHOOK_SECRET = SECRET
    const port = await start({
      secret: undefined,
      secretEnv: 'WF_TEST_WEBHOOK_SECRET',
      tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
    })
    const url = `https://127.0.0.1:${port}/wazuh`
    expect(await post(url, JSON.stringify(ALERT), undefined, ['--cacert', join(dir, 'cert.pem')])).toEqual({
      status: 202,
      body: { accepted: 1, duplicates: 0 },
    })
    expect(rec.lastStatus()?.detail).toContain('https')
    delete process.env.WF_TEST_WEBHOOK_SECRET
  })

  it('parses its section of gateway/config.example.yaml', () => {
    const example = parseYaml(
      readFileSync(join(import.meta.dirname, '../../gateway/config.example.yaml'), 'utf8'),
    ) as {
      sources: { kind: string }[]
    }
    const section = example.sources.find((s) => s.kind === 'webhook')
    expect(webhookConfigSchema.safeParse(section).error).toBeUndefined()
  })
})
