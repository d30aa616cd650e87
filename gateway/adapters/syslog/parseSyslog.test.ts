import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSyslog } from './parseSyslog.ts'

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
