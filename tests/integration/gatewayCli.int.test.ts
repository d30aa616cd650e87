/**
 * `node gateway/main.ts` as a process: the listening line, flags, config errors, clean shutdown
 * and a restart on the same port.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { get as httpsGet } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, connected, waitFor } from '../support/gatewayTestKit.ts'
import { runGatewayToExit, startGateway } from '../support/startGateway.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfloor-gateway-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('gateway CLI', () => {
  it('prints its listening line, serves a token, stops cleanly on SIGTERM and restarts on the same port', async () => {
    const first = await startGateway({ token: 'cli-test-token' })
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`)
    const client = connectClient(first.url, 'cli-test-token')
    await connected(client)
    await waitFor(() => client.hellos.length === 1, 'hello')
    expect(client.hellos[0]).toMatchObject({ role: 'admin', user: 'cli' })
    const ack = await client.subscribe({ topics: ['beds'] })
    expect(ack).toMatchObject({ ok: true, snapshots: [{ topic: 'beds', seq: 0, entities: [] }] })
    client.close()
    expect(await first.stop()).toBe(0)

    const second = await startGateway({ token: 'cli-test-token', port: first.port })
    expect(second.port).toBe(first.port)
    const again = connectClient(second.url, 'cli-test-token')
    await connected(again)
    again.close()
    expect(await second.stop()).toBe(0)
  })

  it('fails on an invalid config with an error naming the bad key', async () => {
    const file = join(dir, 'bad.yaml')
    await writeFile(
      file,
      [
        'server:',
        '  port: eighty',
        'tokens:',
        '  - token: wall-token-0001',
        '    name: Wall',
        '    role: superuser',
        'tokenz: []',
      ].join('\n'),
    )
    const result = await runGatewayToExit(['--config', file])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('config: server.port: expected number, received string')
    expect(result.stderr).toContain('config: tokens[0].role:')
    expect(result.stderr).toContain('config: tokenz: unknown key')
    // The token value is never echoed.
    expect(result.stderr).not.toContain('wall-token-0001')
  })

  it('exits with a clear error when its port is taken', async () => {
    const first = await startGateway({ token: 'cli-test-token' })
    try {
      const second = await runGatewayToExit(['--port', String(first.port), '--token', 'cli-test-token'])
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`cannot listen on 127.0.0.1:${first.port}: listen EADDRINUSE`)
    } finally {
      await first.stop()
    }
  })

  it('serves HTTPS and WSS when server.tls names a certificate and key', async () => {
    const key = join(dir, 'tls.key')
    const cert = join(dir, 'tls.crt')
    const made = spawnSync('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-keyout', key, '-out', cert],
    ])
    expect(made.status).toBe(0)
    const file = join(dir, 'tls.yaml')
    await writeFile(file, 'server:\n  tls: { cert: tls.crt, key: tls.key }\n')
    const gateway = await startGateway({ config: file, token: 'tls-test-token' })
    try {
      expect(gateway.url).toBe(`https://127.0.0.1:${gateway.port}`)
      const status = await new Promise<number | undefined>((resolve, reject) => {
        // The certificate is self-signed for this test only.
        httpsGet(`${gateway.url}/healthz`, { rejectUnauthorized: false }, (res) => {
          res.resume()
          resolve(res.statusCode)
        }).on('error', reject)
      })
      expect(status).toBe(200)
      const client = connectClient(gateway.url, 'tls-test-token', { rejectUnauthorized: false })
      await connected(client)
      await waitFor(() => client.hellos.length === 1, 'hello over WSS')
      client.close()
    } finally {
      await gateway.stop()
    }
  })

  it('refuses an unknown flag with usage and exit code 2', async () => {
    const result = await runGatewayToExit(['--prot', '80'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Unknown option '--prot'")
    expect(result.stderr).toContain('usage: node gateway/main.ts')
  })

  it('serves the renderer with a strict CSP and prints an open URL with a generated token', async () => {
    const renderer = join(dir, 'renderer')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(renderer, 'assets'), { recursive: true })
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Watchfloor</title>')
    await writeFile(join(renderer, 'assets', 'app-abc123.js'), 'export {}')
    const gateway = await startGateway({ token: null, serveRenderer: renderer })
    try {
      expect(gateway.openUrl).toBe(`http://127.0.0.1:${gateway.port}/#token=${gateway.token}`)
      const page = await fetch(`${gateway.url}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>Watchfloor</title>')
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; font-src 'self'; media-src 'self'",
      )
      const script = await fetch(`${gateway.url}/assets/app-abc123.js`)
      expect(script.headers.get('content-type')).toContain('text/javascript')
      expect((await fetch(`${gateway.url}/..%2f..%2fetc/passwd`)).status).toBe(404)
      const model = await fetch(`${gateway.url}/v1/site-model`, {
        headers: { authorization: `Bearer ${gateway.token}` },
      })
      expect(model.status).toBe(200)
    } finally {
      await gateway.stop()
    }
  })
})
