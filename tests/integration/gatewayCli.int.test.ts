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

  it('refuses a config whose top level is a list, and a --serve-renderer directory that is not there', async () => {
    const list = join(dir, 'list.yaml')
    await writeFile(list, '- server:\n    port: 8740\n')
    const fromList = await runGatewayToExit(['--config', list, '--demo'])
    expect(fromList.code).toBe(1)
    expect(fromList.stdout).toBe('')
    expect(fromList.stderr).toBe(
      `watchfloor-gateway: config: ${list}: the top level must be a mapping of keys (server:, tokens:, sources: …), not a list\n`,
    )
    const missing = join(dir, 'no-such-renderer')
    const noRenderer = await runGatewayToExit(['--demo', '--serve-renderer', missing])
    expect(noRenderer.code).toBe(1)
    expect(noRenderer.stdout).toBe('')
    expect(noRenderer.stderr).toBe(
      `watchfloor-gateway: --serve-renderer: ${missing} does not exist (npm run build:renderer makes out/renderer)\n`,
    )
  })

  it('checks a config with --check-config: the result on one line, exit 0 or 1, nothing started', async () => {
    const good = join(dir, 'check-good.yaml')
    await writeFile(
      good,
      [
        'server: { host: 127.0.0.1, port: 8740 }',
        'tokens:',
        '  - { token: check-wall-token-1, name: Wall 1, role: viewer }',
        '  - { token: check-desk-token-1, name: Desk, role: operator }',
        'sources:',
        '  - { kind: demo, id: demo }',
      ].join('\n'),
    )
    const ok = await runGatewayToExit(['--config', good, '--check-config'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe(
      `config OK: ${good}: listens on http://127.0.0.1:8740; 2 tokens (viewer 1, operator 1); 1 source: demo demo; change log: ${join(dir, '.data/gateway')} (created at start)\n`,
    )
    expect(ok.stdout + ok.stderr).not.toContain('check-wall-token-1')

    const bad = join(dir, 'check-bad.yaml')
    await writeFile(bad, 'server:\n  tls: { cert: missing.crt, key: missing.key }\n')
    const refused = await runGatewayToExit(['--config', bad, '--check-config'])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toContain(
      `config: server.tls.cert: cannot read ${join(dir, 'missing.crt')}: ENOENT`,
    )
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
