import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLineEnd, isSpace, trimEndWhere, trimStartWhere, type CodeUnitTest } from './trimEndWhere.ts'

/** Wraps a predicate to count how many characters the trim looked at. */
function counting(test: CodeUnitTest): { test: CodeUnitTest; calls: () => number } {
  let calls = 0
  return {
    test: (code) => {
      calls++
      return test(code)
    },
    calls: () => calls,
  }
}

// The attack of issue 13: a 60 KB run of the trimmed characters that does not reach the end.
// `/[\r\n\0]+$/` re-scans the run from every start position (1.8 billion steps for 60 KB); the
// trims must look at each character at most once, whatever the input.
const RUN = 60 * 1024

describe('trimEndWhere / trimStartWhere', () => {
  it('look at a character at most once on a 60 KB run that does not reach the end', () => {
    const hostile = '\n'.repeat(RUN) + 'x'
    const endProbe = counting(isLineEnd)
    expect(trimEndWhere(hostile, endProbe.test)).toBe(hostile)
    expect(endProbe.calls()).toBe(1)

    const startProbe = counting(isSpace)
    const spaces = ' '.repeat(RUN) + 'x'
    expect(trimStartWhere(spaces, startProbe.test)).toBe('x')
    expect(startProbe.calls()).toBe(RUN + 1)
  })

  it('look at each character of a 60 KB run that does reach the end once, plus one', () => {
    const trailing = 'x' + '\r\n\0'.repeat(RUN / 3)
    const probe = counting(isLineEnd)
    expect(trimEndWhere(trailing, probe.test)).toBe('x')
    expect(probe.calls()).toBe(RUN + 1)
  })

  it('agree with the regexes they replace', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', '\t', '\r', '\n', '\0', '\u00a0', 'é'),
      maxLength: 40,
    })
    fc.assert(
      fc.property(text, (t) => {
        expect(trimEndWhere(t, isLineEnd)).toBe(t.replace(/[\r\n\0]+$/, ''))
        expect(trimEndWhere(t, isSpace)).toBe(t.replace(/[ \t\r\n\v\f\u00a0\ufeff]+$/, ''))
        expect(trimStartWhere(t, isSpace)).toBe(t.replace(/^[ \t\r\n\v\f\u00a0\ufeff]+/, ''))
      }),
      { numRuns: 2_000 },
    )
  })

  it('are what the syslog and CEF parsers use: no end-anchored open-ended regex is left in them', () => {
    // A tripwire: `/…+$/` or `/…*$/` on network input is the quadratic shape this file exists to avoid.
    for (const file of ['parseSyslog.ts', 'parseCef.ts', 'cefToAlertOp.ts', 'SyslogTcpFramer.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8')
      expect({ file, found: source.match(/[+*]\)*\$\//g) }).toEqual({ file, found: null })
    }
  })
})
