import { describe, expect, it } from 'vitest'
import { parseMainArgs, TOKEN_ENV, type MainArgsSources } from './mainArgs.ts'

const files = (contents: Record<string, string>, env: Record<string, string> = {}): MainArgsSources => ({
  env,
  readFile: (path) => contents[path] ?? null,
})

describe('parseMainArgs', () => {
  it('reads --gateway, --token and --mode, ignoring Chromium flags', () => {
    expect(
      parseMainArgs([
        '--ozone-platform=x11',
        '--gateway',
        'https://gw.example.nhs.uk',
        '--token',
        't',
        '--mode',
        'desktop',
        '.',
      ]),
    ).toEqual({
      ok: true,
      args: {
        gateway: { url: 'https://gw.example.nhs.uk', token: 't' },
        collaborative: null,
        mode: 'desktop',
        warnings: [expect.stringContaining('--token is visible to every user in the process list')],
      },
    })
    expect(parseMainArgs([])).toEqual({
      ok: true,
      args: { gateway: null, collaborative: null, mode: null, warnings: [] },
    })
  })

  it("reads a cluster's gateways from a comma-separated --gateway, the first tried first", () => {
    const parsed = parseMainArgs(
      ['--gateway', 'https://gw1.example.nhs.uk, https://gw2.example.nhs.uk'],
      files({}, { [TOKEN_ENV]: 't' }),
    )
    expect(parsed).toMatchObject({
      ok: true,
      args: {
        gateway: {
          url: 'https://gw1.example.nhs.uk',
          token: 't',
          alternateUrls: ['https://gw2.example.nhs.uk'],
        },
      },
    })
    // One bad address in the list refuses the whole flag, naming it.
    expect(
      parseMainArgs(['--gateway', 'https://gw1.example.nhs.uk,not a url'], files({}, { [TOKEN_ENV]: 't' })),
    ).toMatchObject({ ok: false, error: expect.stringContaining('--gateway') })
  })

  it('refuses a gateway without a token, a bad URL or an unknown mode', () => {
    expect(parseMainArgs(['--gateway', 'http://127.0.0.1:1'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--gateway', 'not a url', '--token', 't'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--gateway', 'file:///etc/passwd', '--token', 't'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--mode', 'kiosk'])).toMatchObject({ ok: false })
  })

  it('takes the token from a file (its first line) or the environment, off the command line', () => {
    const sources = files(
      { '/etc/watchfloor/token': 'wall-token-0001\n# comment\n' },
      { [TOKEN_ENV]: ' env-token ' },
    )
    expect(
      parseMainArgs(['--gateway', 'https://gw', '--token-file', '/etc/watchfloor/token'], sources),
    ).toEqual({
      ok: true,
      args: {
        gateway: { url: 'https://gw', token: 'wall-token-0001' },
        collaborative: null,
        mode: null,
        warnings: [],
      },
    })
    expect(parseMainArgs(['--gateway', 'https://gw'], sources)).toEqual({
      ok: true,
      args: {
        gateway: { url: 'https://gw', token: 'env-token' },
        collaborative: null,
        mode: null,
        warnings: [],
      },
    })
    // The environment alone does not pick a gateway: settings (or the embedded one) still decide.
    expect(parseMainArgs([], sources)).toEqual({
      ok: true,
      args: { gateway: null, collaborative: null, mode: null, warnings: [] },
    })
  })

  it('says which token source is wrong', () => {
    expect(parseMainArgs(['--gateway', 'https://gw', '--token-file', '/missing'], files({}))).toEqual({
      ok: false,
      error: '--token-file: cannot read /missing',
    })
    expect(
      parseMainArgs(['--gateway', 'https://gw', '--token-file', '/empty'], files({ '/empty': '\n' })),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--token-file: /),
    })
    expect(parseMainArgs(['--token-file', '/t'], files({ '/t': 'x' }))).toEqual({
      ok: false,
      error: '--token-file needs --gateway',
    })
    expect(
      parseMainArgs(['--gateway', 'https://gw', '--token', 'a', '--token-file', '/t'], files({ '/t': 'x' })),
    ).toEqual({
      ok: false,
      error: '--token and --token-file: give the token one way',
    })
  })

  it('reads a collaborative’s gateways from --collaborative FILE, and refuses a bad list, naming why', () => {
    const list = [
      { trust: 'ngt', url: 'https://gw-ngt.example.nhs.uk', token: 'token-ngt' },
      { trust: 'kvh', url: 'https://gw-kvh.example.nhs.uk', token: 'token-kvh' },
    ]
    const parsed = parseMainArgs(['--collaborative', 'c.json'], files({ 'c.json': JSON.stringify(list) }))
    expect(parsed).toMatchObject({ ok: true, args: { gateway: null, collaborative: list } })
    const repeated = parseMainArgs(
      ['--collaborative', 'c.json'],
      files({ 'c.json': JSON.stringify([list[0], list[0]]) }),
    )
    expect(repeated.ok ? '' : repeated.error).toMatch(/^--collaborative: 1\.trust .*repeats/)
    expect(parseMainArgs(['--collaborative', 'nope.json'], files({}))).toEqual({
      ok: false,
      error: '--collaborative: cannot read nope.json',
    })
    const both = parseMainArgs(
      ['--collaborative', 'c.json', '--gateway', 'https://gw.example.nhs.uk', '--token', 't'],
      files({ 'c.json': JSON.stringify(list) }),
    )
    expect(both).toEqual({ ok: false, error: '--collaborative and --gateway: give one' })
  })
})
