/**
 * Hand-written trims for text that arrives from the network. A regex such as `/\s+$/` or
 * `/[\r\n\0]+$/` looks harmless but is quadratic in V8 on a long run of the trimmed characters that
 * does not reach the end (every start position re-scans the run): ten 60 KB UDP datagrams of
 * whitespace froze the gateway for 11.7 s. These loops look at each character at most once.
 */

/** A predicate on a UTF-16 code unit. */
export type CodeUnitTest = (code: number) => boolean

/** `text` without its trailing run of code units matching `drop`; one backward pass. */
export function trimEndWhere(text: string, drop: CodeUnitTest): string {
  let end = text.length
  while (end > 0 && drop(text.charCodeAt(end - 1))) end--
  return end === text.length ? text : text.slice(0, end)
}

/** `text` without its leading run of code units matching `drop`; one forward pass. */
export function trimStartWhere(text: string, drop: CodeUnitTest): string {
  let start = 0
  while (start < text.length && drop(text.charCodeAt(start))) start++
  return start === 0 ? text : text.slice(start)
}

/** CR, LF and NUL: what syslog senders leave at the end of a message. */
export const isLineEnd: CodeUnitTest = (code) => code === 0x0d || code === 0x0a || code === 0x00

/** The characters `\s` matches that CEF senders use: space, tab, CR, LF, VT, FF and NBSP. */
export const isSpace: CodeUnitTest = (code) =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff
