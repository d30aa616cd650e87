import type { Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { makeSiteModel } from '../../tests/support/builders.ts'
import { createRecordingContext } from '../../tests/support/recordingAdapterContext.ts'
import { admitRequest, boundPort, listenIntake, replyJson, type IntakeGuard } from './httpIntake.ts'

const SECRET = 'a-shared-secret-of-24-chars'

const guard = (over: Partial<IntakeGuard> = {}): IntakeGuard => ({
  label: 'test upload',
  methods: ['POST', 'PUT'],
  secretHeader: 'x-watchfloor-secret',
  secret: { secret: SECRET },
  maxBytes: 1_024,
  ...over,
})

let servers: Server[] = []
afterEach(async () => {
  for (const srv of servers) {
    srv.closeAllConnections()
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  }
  servers = []
})

async function intake(g: IntakeGuard) {
  const rec = createRecordingContext({ siteModel: makeSiteModel() })
  const srv = await listenIntake(
    rec.context,
    { label: g.label, host: '127.0.0.1', port: 0, baseDir: '.', requestTimeoutMs: 5_000 },
    (req, res) => {
      if (!admitRequest(rec.context, req, res, g)) return
      req.resume()
      req.on('end', () => replyJson(res, 200, { admitted: true }))
    },
  )
  if (srv === null) throw new Error('the intake did not listen')
  servers.push(srv)
  return { rec, url: `http://127.0.0.1:${boundPort(srv)}/` }
}

const send = (url: string, init: RequestInit): Promise<Response> => fetch(url, init)

describe('an HTTP source’s intake', () => {
  it('admits a request with the secret, and refuses the wrong method, secret or size, each counted', async () => {
    const { rec, url } = await intake(guard())
    const ok = await send(url, { method: 'PUT', headers: { 'x-watchfloor-secret': SECRET }, body: 'x' })
    expect(ok.status).toBe(200)

    const get = await send(url, { method: 'GET' })
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST, PUT')

    const wrong = await send(url, {
      method: 'POST',
      headers: { 'x-watchfloor-secret': `${SECRET}!` },
      body: 'x',
    })
    expect(wrong.status).toBe(401)
    const none = await send(url, { method: 'POST', body: 'x' })
    expect(none.status).toBe(401)

    const big = await send(url, {
      method: 'POST',
      headers: { 'x-watchfloor-secret': SECRET },
      body: 'x'.repeat(2_048),
    })
    expect(big.status).toBe(413)
    expect(await big.json()).toEqual({ error: 'body exceeds 1024 bytes' })

    expect(rec.rejects).toEqual([
      'test upload request without a valid secret',
      'test upload request without a valid secret',
      'test upload body of 2048 bytes exceeds its limit (1024)',
    ])
  })

  it('refuses everything with 503 while no secret of 16 characters or more is configured', async () => {
    const { rec, url } = await intake(guard({ secret: { secret: 'too-short' } }))
    const res = await send(url, {
      method: 'POST',
      headers: { 'x-watchfloor-secret': 'too-short' },
      body: 'x',
    })
    expect(res.status).toBe(503)
    expect(rec.errors).toEqual(['test upload secret is not configured'])
  })

  it('reads the secret from the environment variable the config names', async () => {
    process.env.WATCHFLOOR_TEST_INTAKE_SECRET = SECRET
    try {
      const { url } = await intake(guard({ secret: { secretEnv: 'WATCHFLOOR_TEST_INTAKE_SECRET' } }))
      const res = await send(url, { method: 'POST', headers: { 'x-watchfloor-secret': SECRET }, body: 'x' })
      expect(res.status).toBe(200)
    } finally {
      delete process.env.WATCHFLOOR_TEST_INTAKE_SECRET
    }
  })

  it('marks the source down with the reason when its TLS files cannot be read, and does not throw', async () => {
    const rec = createRecordingContext({ siteModel: makeSiteModel() })
    const srv = await listenIntake(
      rec.context,
      {
        label: 'test upload',
        host: '127.0.0.1',
        port: 0,
        tls: { certFile: 'no-such-cert.pem', keyFile: 'no-such-key.pem' },
        baseDir: '/nonexistent',
        requestTimeoutMs: 5_000,
      },
      () => undefined,
    )
    expect(srv).toBeNull()
    expect(rec.errors).toEqual(['test upload TLS files unreadable'])
    expect(rec.lastStatus()).toEqual({
      status: 'down',
      detail: 'cannot read the test upload TLS certificate or key',
    })
  })

  it('marks the source down when its port is taken', async () => {
    const first = await intake(guard())
    const port = Number(new URL(first.url).port)
    const rec = createRecordingContext({ siteModel: makeSiteModel() })
    const srv = await listenIntake(
      rec.context,
      { label: 'test upload', host: '127.0.0.1', port, baseDir: '.', requestTimeoutMs: 5_000 },
      () => undefined,
    )
    expect(srv).toBeNull()
    expect(rec.lastStatus()).toEqual({
      status: 'down',
      detail: `cannot listen on 127.0.0.1:${port} (EADDRINUSE)`,
    })
  })
})
