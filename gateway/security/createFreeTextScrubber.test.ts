import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createFreeTextScrubber,
  DATE_MARK,
  isValidNhsNumber,
  NHS_NUMBER_MARK,
  REDACTED_MARK,
} from './createFreeTextScrubber.ts'

// Canaries (tests/fixtures/cef/README.md): 943 476 5919 passes the modulus-11 check; the date of
// birth is invented.
const NHS = '9434765919'
const scrub = createFreeTextScrubber()

describe('isValidNhsNumber', () => {
  it('accepts numbers whose check digit is right and rejects the rest', () => {
    expect(isValidNhsNumber(NHS)).toBe(true)
    expect(isValidNhsNumber('9434765918')).toBe(false)
    // The 999 test range of the HL7 fixtures has check digit 10: never a valid number.
    expect(isValidNhsNumber('9990000001')).toBe(false)
    expect(isValidNhsNumber('943476591')).toBe(false)
  })

  it('agrees with the rule for every check digit, including 11 → 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (nine) => {
        const sum = nine.reduce((acc, d, i) => acc + d * (10 - i), 0)
        const check = 11 - (sum % 11)
        const valid = check === 10 ? [] : [check === 11 ? 0 : check]
        for (let last = 0; last <= 9; last++) {
          expect(isValidNhsNumber(`${nine.join('')}${last}`)).toBe(valid.includes(last))
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('createFreeTextScrubber', () => {
  it('scrubs a valid NHS number written with spaces, hyphens or none', () => {
    for (const written of ['943 476 5919', '943-476-5919', '943.476.5919', '943 476-5919', '9434765919']) {
      expect(scrub(`Record of TEST PATIENT NHS ${written} opened`)).toBe(
        `Record of TEST PATIENT NHS ${NHS_NUMBER_MARK} opened`,
      )
    }
    expect(scrub(`id=${NHS}x`)).toBe(`id=${NHS_NUMBER_MARK}x`)
  })

  it('keeps ten-digit numbers that fail the check, longer digit runs and other groupings', () => {
    for (const kept of [
      '9434765918',
      '99434765919',
      '94347659190',
      '9434 765 919',
      '943  476 5919',
      'port 4433',
    ]) {
      expect(scrub(`x ${kept} y`)).toBe(`x ${kept} y`)
    }
  })

  it('scrubs dates of birth after a keyword, in any form', () => {
    for (const written of [
      '12/03/1957',
      '12.03.57',
      '12031957',
      '12 March 1957',
      '1957-03-12',
      'Mar 12, 1957',
    ]) {
      expect(scrub(`Patient DOB: ${written} viewed`)).toBe(`Patient DOB: ${DATE_MARK} viewed`)
    }
    expect(scrub('d.o.b 120357 seen')).toBe(`d.o.b ${DATE_MARK} seen`)
    expect(scrub('born on 12/3/1957')).toBe(`born on ${DATE_MARK}`)
    expect(scrub('Date of Birth=12-03-1957')).toBe(`Date of Birth=${DATE_MARK}`)
  })

  it('scrubs calendar dates anywhere, keeping timestamps', () => {
    expect(scrub('opened 12/03/1957 and 1957-03-12 and 12th Mar 1957')).toBe(
      `opened ${DATE_MARK} and ${DATE_MARK} and ${DATE_MARK}`,
    )
    expect(scrub('at 2026-11-21T22:00:00Z and 2026-11-21 22:00')).toBe(
      'at 2026-11-21T22:00:00Z and 2026-11-21 22:00',
    )
    expect(scrub('build 1.2.3 of 13/13/2020')).toBe('build 1.2.3 of 13/13/2020')
  })

  it("applies the trust's patterns", () => {
    const trust = createFreeTextScrubber({ extraPatterns: [/\bRWH[0-9]{7}\b/i, /\bTEST PATIENT\b/] })
    expect(trust(`Record of TEST PATIENT rwh1234567 NHS ${NHS}`)).toBe(
      `Record of ${REDACTED_MARK} ${REDACTED_MARK} NHS ${NHS_NUMBER_MARK}`,
    )
  })

  it('leaves ordinary alert titles alone', () => {
    for (const title of [
      'SMB lateral movement attempt',
      'Outbound connection to known C2 blocked',
      'sshd: authentication failure from 10.20.7.15 port 52344',
      'Rule 5710 fired 12 times',
    ]) {
      expect(scrub(title)).toBe(title)
    }
  })

  it('never lets a valid NHS number through, wherever it sits', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).filter((nine) => {
      const check = 11 - (nine.reduce((acc, d, i) => acc + d * (10 - i), 0) % 11)
      return check !== 10
    })
    const words = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ':', '=', '|', '/'), maxLength: 30 })
    fc.assert(
      fc.property(digits, words, words, fc.constantFrom('', ' ', '-', '.'), (nine, before, after, sep) => {
        const check = 11 - (nine.reduce((acc, d, i) => acc + d * (10 - i), 0) % 11)
        const number = `${nine.join('')}${check === 11 ? 0 : check}`
        const written = `${number.slice(0, 3)}${sep}${number.slice(3, 6)}${sep}${number.slice(6)}`
        const out = scrub(`${before}${written}${after}`)
        expect(out.replace(/[^0-9]/g, '')).not.toContain(number)
      }),
      { numRuns: 1_000 },
    )
  })
})
