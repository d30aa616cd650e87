import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CEF_LIMITS, parseCef } from './parseCef.ts'

describe('parseCef', () => {
  it('reads the header and the extension', () => {
    const r = parseCef(
      'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 act=blocked cat=/Malware',
    )
    expect(r).toEqual({
      ok: true,
      event: {
        version: '0',
        vendor: 'Security',
        product: 'threatmanager',
        productVersion: '1.0',
        signatureId: '100',
        name: 'worm successfully stopped',
        severity: '10',
        extensions: { src: '10.0.0.1', dst: '2.1.2.2', spt: '1232', act: 'blocked', cat: '/Malware' },
        custom: {},
      },
    })
  })

  it('unescapes \\| and \\\\ in the header and \\= \\\\ \\n in extension values, keeping spaces in values', () => {
    const r = parseCef(
      'CEF:0|Ven\\|dor|Pro\\\\duct|1|sig|Name with spaces|High|dhost=ws 01\\=a\\\\b\\nc cat=x y',
    )
    expect(r.ok && r.event.vendor).toBe('Ven|dor')
    expect(r.ok && r.event.product).toBe('Pro\\duct')
    expect(r.ok && r.event.extensions).toEqual({ dhost: 'ws 01=a\\b\nc', cat: 'x y' })
  })

  it('finds CEF after a syslog prefix and keeps labelled custom strings', () => {
    const r = parseCef(
      'Nov 21 host CEF:0|V|P|1|S|N|7|cs1Label=mitreTactic cs1=TA0008 cs2=Lateral cs2Label=mitreTechnique',
    )
    expect(r.ok && r.event.custom).toEqual({ mitreTactic: 'TA0008', mitreTechnique: 'Lateral' })
  })

  it('drops user names, user ids, free text and custom strings labelled as accounts', () => {
    const r = parseCef(
      'CEF:0|V|P|1|S|N|7|suser=TESTUSER1 duser=TESTUSER2 suid=UID1 duid=UID2 msg=hello TESTUSER3 cs3Label=userName cs3=TESTUSER4 dhost=ws1',
    )
    const json = JSON.stringify(r)
    for (const secret of ['TESTUSER', 'UID1', 'UID2', 'hello']) expect(json).not.toContain(secret)
    expect(r.ok && r.event.extensions).toEqual({ dhost: 'ws1' })
  })

  it('rejects text without CEF or with a short header', () => {
    expect(parseCef('hello')).toEqual({ ok: false, reason: 'no-cef' })
    expect(parseCef('CEF:0|a|b|c')).toEqual({ ok: false, reason: 'short-header' })
  })
})

// Bounded work and output on hostile input (issue 13: 60 KB datagrams froze the gateway). Timing is
// in tests/bench/parserBench.ts; these assert what the parser is allowed to produce and read.
describe('parseCef on hostile sizes', () => {
  const KB60 = 60 * 1024

  it('cuts a 60 KB header field at the field bound and still finds the rest of the header', () => {
    const r = parseCef(`CEF:0|V|P|1|S|${'N'.repeat(KB60)}|7|dhost=ws1`)
    expect(r.ok && r.event.name.length).toBe(CEF_LIMITS.field)
    expect(r.ok && r.event.severity).toBe('7')
    expect(r.ok && r.event.extensions).toEqual({ dhost: 'ws1' })
  })

  it('trims a 60 KB whitespace run inside a value, and keeps a value at most the field bound', () => {
    const r = parseCef(`CEF:0|V|P|1|S|N|7|dhost=ws1${' '.repeat(KB60)}x act=${'a'.repeat(KB60)}`)
    // Cut at the bound first, then trimmed: the 60 KB run is never copied.
    expect(r.ok && r.event.extensions['dhost']).toBe('ws1')
    expect(r.ok && r.event.extensions['act']?.length).toBe(CEF_LIMITS.field)
    const trailing = parseCef(`CEF:0|V|P|1|S|N|7|dhost=ws1${' \t'.repeat(KB60 / 2)}`)
    expect(trailing.ok && trailing.event.extensions).toEqual({ dhost: 'ws1' })
  })

  it('reads only the first pairs of an extension: a key past the bound is never looked at', () => {
    const filler = Array.from({ length: CEF_LIMITS.pairs }, (_, n) => `k${n}=v`).join(' ')
    const within = parseCef(`CEF:0|V|P|1|S|N|7|dhost=first ${filler}`)
    expect(within.ok && within.event.extensions).toEqual({ dhost: 'first' })
    const beyond = parseCef(`CEF:0|V|P|1|S|N|7|${filler} dhost=late`)
    expect(beyond.ok && beyond.event.extensions).toEqual({})
  })

  it('ignores a key longer than the key bound, as the old parser did', () => {
    const r = parseCef(`CEF:0|V|P|1|S|N|7|${'k'.repeat(CEF_LIMITS.key + 1)}=x dhost=ws1`)
    expect(r.ok && r.event.extensions).toEqual({ dhost: 'ws1' })
  })
})

const userArb = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789._-'.split('')),
  minLength: 8,
  maxLength: 24,
})

describe('parseCef properties', () => {
  it('never throws on arbitrary strings or bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 1_000 }),
        fc.boolean(),
        (text, prefix) => void parseCef(prefix ? `CEF:${text}` : text),
      ),
      { numRuns: 3_000 },
    )
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1_000 }),
        (bytes) => void parseCef(`CEF:0|${Buffer.from(bytes).toString('utf8')}`),
      ),
      { numRuns: 2_000 },
    )
  })

  it('never lets a user name through, wherever it sits in the extension', () => {
    fc.assert(
      fc.property(
        userArb,
        userArb,
        fc.constantFrom('suser', 'duser', 'suid', 'duid'),
        fc.shuffledSubarray(
          ['src=10.0.0.1', 'dhost=ws-w07-01', 'act=blocked', 'cs1Label=mitreTactic cs1=TA0001'],
          { minLength: 0 },
        ),
        (user, other, key, rest) => {
          const ext = [`${key}=${user}`, ...rest, `duser=${other}`].join(' ')
          const json = JSON.stringify(parseCef(`CEF:0|V|P|1|S|N|5|${ext}`))
          expect(json).not.toContain(user)
          expect(json).not.toContain(other)
        },
      ),
      { numRuns: 1_000 },
    )
  })
})
