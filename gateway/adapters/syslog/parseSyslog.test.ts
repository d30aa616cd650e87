import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSyslog, SYSLOG_FIELD_LIMITS } from './parseSyslog.ts'

const NOW = Date.UTC(2026, 10, 21, 22, 46, 0)

describe('parseSyslog', () => {
  it('reads RFC 5424 with structured data (as util-linux logger sends it)', () => {
    const m = parseSyslog(
      '<13>1 2026-11-21T22:46:19.592797+00:00 ids-01 suricata - - [timeQuality tzKnown="1" isSynced="0"] CEF:0|V|P|1|100|N|5|',
      NOW,
    )
    expect(m).toEqual({
      format: 'rfc5424',
      facility: 1,
      severity: 5,
      timestamp: Date.UTC(2026, 10, 21, 22, 46, 19, 592),
      hostname: 'ids-01',
      appName: 'suricata',
      message: 'CEF:0|V|P|1|100|N|5|',
    })
  })

  it('reads RFC 5424 with nil fields, escaped "]" in SD and a BOM', () => {
    const m = parseSyslog('<165>1 - - - - - [a@1 x="q\\]z"][b@2] \uFEFFhello', NOW)
    expect(m).toMatchObject({
      format: 'rfc5424',
      facility: 20,
      severity: 5,
      hostname: null,
      timestamp: null,
      message: 'hello',
    })
  })

  it('reads RFC 3164 with and without a hostname, and the rsyslog ISO variant', () => {
    expect(parseSyslog('<13>Nov 21 22:46:19 vm root: CEF:0|x', NOW)).toEqual({
      format: 'rfc3164',
      facility: 1,
      severity: 5,
      timestamp: Date.UTC(2026, 10, 21, 22, 46, 19),
      hostname: 'vm',
      appName: 'root',
      message: 'CEF:0|x',
    })
    expect(parseSyslog('<34>Nov  1 01:02:03 sshd[42]: hello', NOW)).toMatchObject({
      hostname: null,
      appName: 'sshd',
      message: 'hello',
    })
    expect(parseSyslog('<13>2026-11-21T22:00:00Z fw01 asa: x', NOW)).toMatchObject({
      format: 'rfc3164',
      hostname: 'fw01',
    })
  })

  it('reads "<PRI>Mmm dd hh:mm:ss host CEF:0|…" with CEF as the message, not the tag', () => {
    expect(parseSyslog('<134>Nov 21 22:46:19 fw-01 CEF:0|V|P|1|S|N|5|src=10.0.0.1', NOW)).toEqual({
      format: 'rfc3164',
      facility: 16,
      severity: 6,
      timestamp: Date.UTC(2026, 10, 21, 22, 46, 19),
      hostname: 'fw-01',
      appName: null,
      message: 'CEF:0|V|P|1|S|N|5|src=10.0.0.1',
    })
    // Without a hostname the CEF header is not taken for one.
    expect(parseSyslog('<134>Nov 21 22:46:19 CEF:0|V|P|1|S|N|5|', NOW)).toMatchObject({
      hostname: null,
      appName: null,
      message: 'CEF:0|V|P|1|S|N|5|',
    })
    // A real tag in front of CEF still is one.
    expect(parseSyslog('<134>Nov 21 22:46:19 fw-01 asa[7]: CEF:0|V|P|1|S|N|5|', NOW)).toMatchObject({
      hostname: 'fw-01',
      appName: 'asa',
      message: 'CEF:0|V|P|1|S|N|5|',
    })
  })

  it('never takes a header token over its RFC 5424 bound (a 60 KB "hostname" is not one)', () => {
    const long = 'h'.repeat(SYSLOG_FIELD_LIMITS.hostname + 1)
    expect(parseSyslog(`<13>1 2026-11-21T22:00:00Z ${long} app - - - CEF:0|`, NOW).format).toBe('unknown')
    expect(parseSyslog(`<13>Nov 21 22:46:19 ${long} CEF:0|V`, NOW)).toMatchObject({ hostname: null })
    const ok = 'h'.repeat(SYSLOG_FIELD_LIMITS.hostname)
    expect(parseSyslog(`<13>1 2026-11-21T22:00:00Z ${ok} app - - - m`, NOW)).toMatchObject({
      format: 'rfc5424',
      hostname: ok,
    })
  })

  it('keeps a message ending in a 60 KB run of line ends as the message without them', () => {
    const m = parseSyslog(`<13>Nov 21 22:46:19 h t: CEF:0|x${'\r\n\0'.repeat(20_000)}`, NOW)
    expect(m.message).toBe('CEF:0|x')
    const inner = '\n'.repeat(60 * 1024)
    expect(parseSyslog(`<13>Nov 21 22:46:19 h t: a${inner}b`, NOW).message).toBe(`a${inner}b`)
  })

  it('puts a December BSD timestamp seen in January in the previous year', () => {
    const jan = Date.UTC(2027, 0, 1, 0, 5)
    expect(parseSyslog('<13>Dec 31 23:59:00 h t: m', jan).timestamp).toBe(Date.UTC(2026, 11, 31, 23, 59))
  })

  it('keeps bare CEF and junk as the message', () => {
    expect(parseSyslog('CEF:0|a|b|c|d|e|f|', NOW)).toMatchObject({
      format: 'unknown',
      facility: null,
      message: 'CEF:0|a|b|c|d|e|f|',
    })
    expect(parseSyslog('<999>x', NOW)).toMatchObject({ format: 'unknown', facility: null, message: '<999>x' })
  })

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => void parseSyslog(text, NOW)),
      { numRuns: 2_000 },
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => void parseSyslog(`<13>1 ${text}`, NOW)),
      { numRuns: 1_000 },
    )
  })
})
