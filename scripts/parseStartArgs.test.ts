import { describe, expect, it } from 'vitest'
import { browserHostRefusal, parseStartArgs, withMode } from './parseStartArgs.ts'

const parsed = (argv: readonly string[]) => {
  const result = parseStartArgs(argv)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

describe('parseStartArgs', () => {
  it('takes --port in the space form and the = form', () => {
    expect(parsed(['--port', '8740']).port).toBe(8740)
    expect(parsed(['--port=8740']).port).toBe(8740)
    expect(parseStartArgs(['--port', 'eighty'])).toEqual({
      ok: false,
      error: '--port: expected an integer 0–65535, got "eighty"',
    })
    expect(parseStartArgs(['--port'])).toEqual({ ok: false, error: '--port needs a value (--port VALUE)' })
  })

  it('reads --mode, --gateway and --token, and refuses a mode that does not exist', () => {
    expect(parsed(['--mode', 'desktop', '--gateway', 'https://gw.example', '--token', 't'])).toMatchObject({
      mode: 'desktop',
      gateway: 'https://gw.example',
      token: 't',
      other: [],
    })
    expect(parseStartArgs(['--mode', 'kiosk'])).toEqual({
      ok: false,
      error: '--mode: expected wall or desktop, got "kiosk"',
    })
  })

  it('gives Electron its flags and Chromium flags as typed, without ours', () => {
    const args = parsed([
      '--rebuild',
      '--mode',
      'wall',
      '--ozone-platform=x11',
      '--port',
      '1',
      '--enable-logging',
    ])
    expect(args.rebuild).toBe(true)
    expect(args.electronArgs).toEqual(['--mode', 'wall', '--ozone-platform=x11', '--enable-logging'])
    expect(args.other).toEqual(['--ozone-platform=x11', '--enable-logging'])
  })

  it('lets the browser host refuse what it cannot honour, in one line', () => {
    expect(browserHostRefusal(parsed(['--mode', 'wall', '--token', 't', '--port', '0']))).toBeNull()
    expect(browserHostRefusal(parsed(['--gateway', 'https://gw.example', '--token', 't']))).toContain(
      '--gateway needs the Electron app',
    )
    const unknown = browserHostRefusal(parsed(['--prot', '8740']))
    expect(unknown).toBe(
      'the browser host does not take --prot 8740 (npm start -- --help lists what it takes)',
    )
  })

  it('puts the mode in the query and keeps the token in the fragment', () => {
    expect(withMode('http://127.0.0.1:8740/#token=abc', 'wall')).toBe(
      'http://127.0.0.1:8740/?mode=wall#token=abc',
    )
    expect(withMode('http://127.0.0.1:8740/#token=abc', null)).toBe('http://127.0.0.1:8740/#token=abc')
  })
})
