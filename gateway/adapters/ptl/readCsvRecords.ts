/**
 * A streamed CSV reader (RFC 4180: comma-separated, fields optionally in double quotes, `""` for a
 * quote inside one, CRLF or LF line ends, a UTF-8 byte-order mark allowed) built for extracts that
 * are large and not always well-formed, with memory bounded by the limits whatever the input:
 *
 * - Input is read as physical lines, never more than `maxLineBytes` of one held at a time; a
 *   longer line is skipped to its end and reported as `too-long`.
 * - A record is one line, or several while a quoted field stays open (an address with a line
 *   break). A quote that never closes would swallow the rest of the file, so a record may span at
 *   most `maxRecordLines` lines: past that its first line is reported `malformed` and reading
 *   starts again at the line after it — one bad row costs one row.
 * - A record whose quoting is wrong (text after a closing quote) is reported `malformed`.
 *
 * Errors carry the record's first line number (1-based) and its class, never its text: a bad row
 * of a patient list may hold anything.
 */
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

export type CsvLimits = {
  /** Longest physical line kept (bytes, approximately: counted in UTF-16 units after decoding). */
  readonly maxLineBytes: number
  /** Most physical lines one record may span. */
  readonly maxRecordLines: number
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxLineBytes: 16 * 1024, maxRecordLines: 8 }

export type CsvRecord =
  | { readonly ok: true; readonly line: number; readonly fields: string[] }
  | { readonly ok: false; readonly line: number; readonly error: 'too-long' | 'malformed' }

type PhysicalLine = { readonly line: number; readonly text: string | null }

/** Physical lines of a stream; `text` is null for a line longer than the limit. */
async function* physicalLines(input: Readable, maxLineChars: number): AsyncGenerator<PhysicalLine> {
  const decoder = new StringDecoder('utf8')
  let partial = ''
  let overlong = false
  let line = 0
  let first = true
  const take = function* (chunk: string): Generator<PhysicalLine> {
    let text = chunk
    if (first && text.length > 0) {
      first = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl === -1) break
      line += 1
      if (overlong || partial.length + (nl - start) > maxLineChars) {
        yield { line, text: null }
      } else {
        const whole = partial + text.slice(start, nl)
        yield { line, text: whole.endsWith('\r') ? whole.slice(0, -1) : whole }
      }
      partial = ''
      overlong = false
      start = nl + 1
    }
    if (!overlong) {
      const rest = text.slice(start)
      if (partial.length + rest.length > maxLineChars) {
        overlong = true
        partial = ''
      } else {
        partial += rest
      }
    }
  }
  for await (const chunk of input) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer))
  }
  yield* take(decoder.end())
  if (overlong) yield { line: line + 1, text: null }
  else if (partial.length > 0)
    yield { line: line + 1, text: partial.endsWith('\r') ? partial.slice(0, -1) : partial }
}

function quoteCount(text: string): number {
  let n = 0
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n += 1
  return n
}

/** Splits one record's text into fields; null when its quoting is wrong. */
export function splitCsvRecord(text: string): string[] | null {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      // Quoted field: up to the closing quote, `""` standing for one quote.
      let value = ''
      let j = i + 1
      for (;;) {
        const q = text.indexOf('"', j)
        if (q === -1) return null
        value += text.slice(j, q)
        if (text.charCodeAt(q + 1) === 0x22) {
          value += '"'
          j = q + 2
          continue
        }
        j = q + 1
        break
      }
      fields.push(value)
      if (j === text.length) return fields
      if (text.charCodeAt(j) !== 0x2c) return null
      i = j + 1
    } else {
      const comma = text.indexOf(',', i)
      const value = comma === -1 ? text.slice(i) : text.slice(i, comma)
      // A quote inside an unquoted field is not RFC 4180, and usually a sign of a broken export.
      if (value.includes('"')) return null
      fields.push(value)
      if (comma === -1) return fields
      i = comma + 1
    }
  }
}

/**
 * The records of a CSV stream, in order, with their first line numbers. Blank lines are skipped.
 * Rejects only when the stream itself fails (a dropped upload): the caller then keeps nothing.
 */
export async function* readCsvRecords(
  input: Readable,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): AsyncGenerator<CsvRecord> {
  // Lines of the record being assembled (at most maxRecordLines), kept to restart from after a
  // record that never closes.
  let pending: PhysicalLine[] = []
  let quotes = 0

  /** Completes, or gives up on, the pending lines; returns what to emit and what to re-read. */
  function* settle(force: boolean): Generator<CsvRecord> {
    while (pending.length > 0) {
      const [head] = pending
      if (head === undefined) return
      if (quotes % 2 === 0) {
        const text = pending.map((p) => p.text).join('\n')
        pending = []
        quotes = 0
        if (text.trim() === '') return
        const fields = splitCsvRecord(text)
        yield fields === null
          ? { ok: false, line: head.line, error: 'malformed' }
          : { ok: true, line: head.line, fields }
        return
      }
      if (!force && pending.length < limits.maxRecordLines) return
      // An open quote that does not close within the limit (or before the end): the first line is
      // bad; the lines after it are read again as records of their own.
      yield { ok: false, line: head.line, error: 'malformed' }
      const again = pending.slice(1)
      pending = []
      quotes = 0
      for (const line of again) {
        pending.push(line)
        quotes += quoteCount(line.text ?? '')
        yield* settle(false)
      }
      if (!force) return
    }
  }

  for await (const physical of physicalLines(input, limits.maxLineBytes)) {
    if (physical.text === null) {
      // An overlong line ends whatever was being assembled (it cannot be part of a sane record).
      yield* settle(true)
      yield { ok: false, line: physical.line, error: 'too-long' }
      continue
    }
    pending.push(physical)
    quotes += quoteCount(physical.text)
    yield* settle(false)
  }
  yield* settle(true)
}
