import { describe, expect, it } from 'vitest'
import { parseMainArgs } from './mainArgs.ts'

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
      args: { gateway: { url: 'https://gw.example.nhs.uk', token: 't' }, mode: 'desktop' },
    })
    expect(parseMainArgs([])).toEqual({ ok: true, args: { gateway: null, mode: null } })
  })

  it('refuses a gateway without a token, a bad URL or an unknown mode', () => {
    expect(parseMainArgs(['--gateway', 'http://127.0.0.1:1'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--gateway', 'not a url', '--token', 't'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--gateway', 'file:///etc/passwd', '--token', 't'])).toMatchObject({ ok: false })
    expect(parseMainArgs(['--mode', 'kiosk'])).toMatchObject({ ok: false })
  })
})
