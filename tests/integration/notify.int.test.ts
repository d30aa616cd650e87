/**
 * Outbound notification end to end: a real gateway (in this process, with a source the test
 * drives) whose own alarm engine raises a switch failure, routed by priority, domain and site to a
 * Teams-style webhook (a real HTTP receiver on 127.0.0.1) and to email through a real SMTP server
 * on 127.0.0.1 (the `smtp-server` package) over STARTTLS with a certificate made for the test, and
 * to a webhook that is down — whose failure is recorded. Then the switch recovers and both
 * receivers are told it resolved.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import type { SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import { createTestAdapter, makeDevice, testSiteModel, waitFor } from '../support/gatewayTestKit.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

type Mail = { from: string; to: string[]; user: string | undefined; raw: string }

const dir = mkdtempSync(join(tmpdir(), 'wf-notify-int-'))
const hooks: unknown[] = []
const mails: Mail[] = []
let hookServer: Server
let smtp: SMTPServer
let smtpPort = 0
let hookPort = 0
let deadPort = 0
let gateway: RunningGateway | null = null

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function listen(
  server: { listen(port: number, host: string, cb: () => void): unknown },
  address: () => AddressInfo | string | null,
): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const info = address()
  if (info === null || typeof info === 'string') throw new Error('no port')
  return info.port
}

beforeAll(async () => {
  // A certificate for 127.0.0.1, and its own CA file for the gateway (a trust's internal relay).
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(dir, 'smtp.key'),
      '-out',
      join(dir, 'smtp.crt'),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  )

  hookServer = createServer((req, res) => {
    runDetached(
      readBody(req).then((body) => {
        hooks.push(JSON.parse(body))
        res.writeHead(200, { 'content-type': 'text/plain' }).end('1')
      }),
      (error) => res.writeHead(500).end(String(error)),
    )
  })
  hookPort = await listen(hookServer, () => hookServer.address())

  // A port with nobody listening: the down receiver.
  const probe = createServer()
  deadPort = await listen(probe, () => probe.address())
  await new Promise<void>((resolve) => probe.close(() => resolve()))

  smtp = new SMTPServer({
    key: readFileSync(join(dir, 'smtp.key')),
    cert: readFileSync(join(dir, 'smtp.crt')),
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'watchfloor' && auth.password === 'relay-secret')
        callback(null, { user: auth.username })
      else callback(new Error('bad credentials'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
    logger: false,
  })
  smtpPort = await listen(smtp, () => smtp.server.address())
})

afterAll(async () => {
  await gateway?.close()
  await new Promise<void>((resolve) => smtp?.close(() => resolve()))
  await new Promise<void>((resolve) => hookServer?.close(() => resolve()))
})

const upsert = (entity: unknown): SourceOp => ({ topic: 'network', op: 'upsert', entity })

/** A mail's text body, its quoted-printable transfer encoding undone (RFC 2045 §6.7). */
function bodyText(raw: string | undefined): string {
  const body = (raw ?? '')
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n')
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`)
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'))
}

describe('outbound notification', () => {
  it('routes a switch failure to a Teams webhook and to email over SMTP, records a receiver that is down, and tells both when it resolves', async () => {
    process.env['WF_TEST_SMTP_PASSWORD'] = 'relay-secret'
    const parsed = parseConfig(
      {
        server: { tickMs: 10 },
        tokens: [
          { token: 'notify-test-token', name: 'Ops Desk', role: 'operator' },
          { token: 'notify-it-token', name: 'On-call IT', role: 'it' },
        ],
        notify: {
          receivers: [
            { name: 'it-teams', webhook: { url: `http://127.0.0.1:${hookPort}/teams`, format: 'teams' } },
            {
              name: 'site-managers',
              email: {
                host: '127.0.0.1',
                port: smtpPort,
                caFile: 'smtp.crt',
                auth: { user: 'watchfloor', passwordEnv: 'WF_TEST_SMTP_PASSWORD' },
                from: 'watchfloor@alpha.example.nhs.uk',
                to: ['site-managers@alpha.example.nhs.uk'],
              },
            },
            { name: 'old-pager', webhook: { url: `http://127.0.0.1:${deadPort}/page`, timeoutMs: 2_000 } },
          ],
          route: {
            groupWait: '0s',
            groupInterval: '1s',
            routes: [
              {
                receiver: 'it-teams',
                match: { priorities: ['high'], domains: ['network', 'cyber'] },
                continue: true,
              },
              { receiver: 'old-pager', match: { domains: ['network'] }, continue: true },
              { receiver: 'site-managers', match: { sites: ['site-a'] } },
              { receiver: 'it-teams', match: { sites: ['site-b'] } },
            ],
          },
        },
      },
      {},
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const downSince = Date.now() - 5 * 60_000
    const adapter = createTestAdapter('test', [
      upsert(
        makeDevice({
          id: 'sw-1',
          name: 'ACC-SW-1',
          siteId: 'site-a',
          status: 'down',
          statusSince: downSince,
        }),
      ),
      ...[1, 2].map((n) =>
        upsert(
          makeDevice({
            id: `ap-${n}`,
            name: `AP-${n}`,
            kind: 'access-point',
            siteId: 'site-a',
            uplinkId: 'sw-1',
            status: 'down',
            statusSince: downSince,
          }),
        ),
      ),
    ])
    gateway = await startGateway({
      config: parsed.config,
      configDir: dir,
      adapters: [adapter],
      siteModel: testSiteModel,
      dataDir: ':memory:',
    })

    await waitFor(() => hooks.length >= 1 && mails.length >= 1, 'the webhook and the email', 15_000)
    const card = JSON.stringify(hooks[0])
    expect(hooks[0]).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    })
    expect(card).toContain('FIRING: HIGH Network device down')
    expect(card).toContain(
      'HIGH Network device down ×3 — ACC-SW-1 and 2 devices behind it are down · Alpha Hospital',
    )
    expect(card).toContain(`raised ${new Date(downSince + 60_000).toISOString()}`)

    const mail = mails[0]
    expect(mail).toMatchObject({
      from: 'watchfloor@alpha.example.nhs.uk',
      to: ['site-managers@alpha.example.nhs.uk'],
      user: 'watchfloor',
    })
    expect(mail?.raw).toMatch(/^Subject: \[Watchfloor Test Trust\] FIRING: HIGH Network device down/m)
    expect(bodyText(mail?.raw)).toContain(
      'HIGH Network device down ×3 — ACC-SW-1 and 2 devices behind it are down · Alpha Hospital',
    )

    // The pager receiver is down: its failure is recorded (and retried), the others unaffected.
    const scrape = async (): Promise<string> => (await fetch(`${gateway?.url ?? ''}/metrics`)).text()
    let metrics = await scrape()
    for (let tries = 0; !metrics.includes('receiver="old-pager",outcome="failed"'); tries++) {
      if (tries > 150)
        throw new Error('timed out waiting for the failure of the down receiver in the metrics')
      await new Promise((resolve) => setTimeout(resolve, 100))
      metrics = await scrape()
    }
    expect(metrics).toContain('watchfloor_notifications_total{receiver="it-teams",outcome="sent"} 1')
    expect(metrics).toContain('watchfloor_notifications_total{receiver="site-managers",outcome="sent"} 1')

    // Every send and failure is in the change log too, read through the history API: the reason
    // of a failure for IT, redacted for the operator (it may name a relay's host or a hook's URL).
    type Logged = { receiver: string; outcome: string; error?: string; status: string }
    const logged = async (token: string): Promise<Logged[]> => {
      const response = await fetch(`${gateway?.url ?? ''}/v1/history/notifications?from=0`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(response.status).toBe(200)
      return ((await response.json()) as { records: Logged[] }).records
    }
    const forIt = await logged('notify-it-token')
    expect(forIt).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ receiver: 'it-teams', outcome: 'sent', status: 'firing' }),
        expect.objectContaining({ receiver: 'site-managers', outcome: 'sent', status: 'firing' }),
        expect.objectContaining({ receiver: 'old-pager', outcome: 'failed' }),
      ]),
    )
    const pagerFailure = forIt.find((record) => record.receiver === 'old-pager')
    expect(pagerFailure?.error).toMatch(/ECONNREFUSED|refused|fetch failed/i)
    const forOperator = await logged('notify-test-token')
    expect(forOperator.length).toBe(forIt.length)
    const redacted = forOperator.find((record) => record.receiver === 'old-pager')
    expect(redacted?.error).toBe('delivery failed (the reason is shown to IT roles)')
    expect(JSON.stringify(forOperator)).not.toContain(String(deadPort))

    // The switch and its APs come back: both receivers hear it resolved.
    adapter.emit(
      ['sw-1', 'ap-1', 'ap-2'].map((id) =>
        upsert(
          makeDevice({
            id,
            name: id.toUpperCase(),
            kind: id === 'sw-1' ? 'access-switch' : 'access-point',
            siteId: 'site-a',
            uplinkId: id === 'sw-1' ? null : 'sw-1',
            status: 'up',
            statusSince: Date.now(),
          }),
        ),
      ),
    )
    await waitFor(() => hooks.length >= 2 && mails.length >= 2, 'the resolved notifications', 15_000)
    expect(JSON.stringify(hooks[1])).toContain('RESOLVED: HIGH Network device down')
    expect(mails[1]?.raw).toMatch(/^Subject: \[Watchfloor Test Trust\] RESOLVED: HIGH Network device down/m)
  })
})
