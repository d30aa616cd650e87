import { describe, expect, it } from 'vitest'
import { parseCliArgs } from './parseCliArgs.ts'

describe('parseCliArgs', () => {
  it('reads every flag', () => {
    const result = parseCliArgs([
      '--config',
      'gw.yaml',
      '--port',
      '0',
      '--host',
      '::1',
      '--token',
      't',
      '--demo',
      '--seed',
      '7',
      '--scale',
      '10',
      '--rate',
      '5000',
      '--serve-renderer',
      'out/renderer',
      '--data-dir',
      '/var/lib/watchfloor',
      '--log-level',
      'warn',
      '--check-config',
    ])
    expect(result).toEqual({
      ok: true,
      args: {
        config: 'gw.yaml',
        port: 0,
        host: '::1',
        token: 't',
        demo: true,
        seed: 7,
        scale: 10,
        rate: 5000,
        serveRenderer: 'out/renderer',
        dataDir: '/var/lib/watchfloor',
        logLevel: 'warn',
        checkConfig: true,
        help: false,
      },
    })
  })

  it('defaults to nothing set and info logs', () => {
    expect(parseCliArgs([])).toMatchObject({
      ok: true,
      args: { config: null, port: null, demo: false, logLevel: 'info', checkConfig: false },
    })
  })

  it('turns bad flags into error values', () => {
    expect(parseCliArgs(['--port', 'eighty'])).toEqual({
      ok: false,
      error: '--port: expected an integer ≥ 0, got "eighty"',
    })
    expect(parseCliArgs(['--port', '70000'])).toMatchObject({ ok: false })
    expect(parseCliArgs(['--rate', '-1'])).toMatchObject({ ok: false })
    expect(parseCliArgs(['--log-level', 'loud'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--log-level'),
    })
    expect(parseCliArgs(['--frobnicate'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--frobnicate'),
    })
  })
})
