/**
 * Scrubs free text from security sources (a CEF Name, a Wazuh rule description) before it reaches
 * a role that may not see it. Security tools write whatever they saw into those fields — "Record
 * of <name> NHS <number> opened" — so the text shown on walls and to operators is scrubbed of:
 *
 * - **NHS numbers**: ten digits (as `9434765919`, or grouped 3-3-4 by spaces, hyphens or dots in
 *   any mix, `943 476 5919`, `943-476-5919`; not inside a longer run of digits) that pass the
 *   modulus-11 check. Ten-digit numbers that fail it are kept:
 *   they are not NHS numbers, and security text is full of long numbers (ids, counters).
 * - **Dates of birth**: a date after "DOB", "D.O.B.", "date of birth" or "born" in any form
 *   (including `12031957`), and any calendar date written day-first (`12/03/1957`, `12-03-1957`,
 *   `12.03.1957`, `12 Mar 1957`, `12th March 1957`), month-first (`March 12, 1957`) or as an ISO
 *   date not followed by a time
 *   (`1957-03-12`; `2026-11-21T22:00` and `2026-11-21 22:00` are timestamps and kept).
 * - **The trust's own patterns** (config `privacy.scrubPatterns`), e.g. its hospital number format.
 *
 * Names cannot be recognised reliably; a trust whose tools put names in alert titles adds a
 * pattern. Every built-in pattern is bounded (no nested or open-ended quantifiers), so scrubbing is
 * linear in the text, which the cyber alert contract caps at 200 characters anyway.
 */

export type FreeTextScrubber = (text: string) => string

export type FreeTextScrubberOptions = {
  /** Extra patterns (the trust's identifier formats); every match becomes `[redacted]`. */
  readonly extraPatterns?: readonly RegExp[]
}

export const NHS_NUMBER_MARK = '[NHS number]'
export const DATE_MARK = '[date]'
export const REDACTED_MARK = '[redacted]'

const NHS_SHAPED = /(?<![0-9])([0-9]{3})[ .-]?([0-9]{3})[ .-]?([0-9]{4})(?![0-9])/g

const MONTH =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'
const DAY = '(?:0?[1-9]|[12][0-9]|3[01])'
const MONTH_NUMBER = '(?:0?[1-9]|1[0-2])'
const YEAR = '(?:1[89][0-9]{2}|20[0-9]{2})'
const DAY_FIRST = `${DAY}([/.-])${MONTH_NUMBER}\\1${YEAR}`
const SPELLED = `${DAY}(?:st|nd|rd|th)?[ -](?:${MONTH})\\.?[ -]${YEAR}`
const MONTH_FIRST = `(?:${MONTH})\\.? ${DAY}(?:st|nd|rd|th)?,? ${YEAR}`
const ISO = `${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])`

/** A date after a date-of-birth keyword, in any of the forms, or eight or six bare digits. */
const KEYWORD_DATE = new RegExp(
  `(\\b(?:d\\.?o\\.?b\\.?|date of birth|born(?: on)?)[ \\t]{0,3}[:=-]?[ \\t]{0,3})` +
    `(?:${DAY}[/.-]${MONTH_NUMBER}[/.-](?:${YEAR}|[0-9]{2})|${SPELLED}|${MONTH_FIRST}|${ISO}|[0-9]{8}|[0-9]{6})(?![0-9])`,
  'gi',
)
const DATE_ANYWHERE = [
  new RegExp(`(?<![0-9])${DAY_FIRST}(?![0-9])`, 'g'),
  new RegExp(`(?<![0-9A-Za-z])${SPELLED}(?![0-9])`, 'gi'),
  new RegExp(`(?<![0-9A-Za-z])${MONTH_FIRST}(?![0-9])`, 'gi'),
  new RegExp(`(?<![0-9])${ISO}(?![0-9]|[T ][0-9]{2}:)`, 'g'),
]

/** The NHS number check digit rule: weights 10…2 on the first nine digits, 11 − (sum mod 11). */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^[0-9]{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(digits[9])
}

export function createFreeTextScrubber(options: FreeTextScrubberOptions = {}): FreeTextScrubber {
  const extra = (options.extraPatterns ?? []).map((pattern) =>
    pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`),
  )
  return (text) => {
    let out = text.replace(NHS_SHAPED, (match, a: string, b: string, c: string) =>
      isValidNhsNumber(`${a}${b}${c}`) ? NHS_NUMBER_MARK : match,
    )
    out = out.replace(KEYWORD_DATE, (_match, keyword: string) => `${keyword}${DATE_MARK}`)
    for (const pattern of DATE_ANYWHERE) out = out.replace(pattern, DATE_MARK)
    for (const pattern of extra) out = out.replace(pattern, REDACTED_MARK)
    return out
  }
}
