/**
 * Syslog message parsing: RFC 5424 ("<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG") and the BSD
 * format of RFC 3164 ("<PRI>Mmm dd hh:mm:ss HOST TAG: MSG"), as sent by appliances, rsyslog,
 * syslog-ng and util-linux `logger`. Never throws: anything unrecognised becomes `format:
 * 'unknown'` with the whole text as the message, so a CEF payload without a syslog header (some
 * SIEM forwarders send bare CEF) is still found.
 *
 * Linear time on any input: the header is read with bounded tokens (the field lengths of RFC 5424
 * §6: HOSTNAME ≤ 255, APP-NAME ≤ 48, PROCID ≤ 128, MSGID ≤ 32), every regex is anchored at the start
 * and bounded, and trailing CR/LF/NUL are trimmed by hand (see `trimEndWhere`). A header token over
 * its bound means "not this format", not an error.
 */
import { isLineEnd, trimEndWhere } from './trimEndWhere.ts'

export type SyslogMessage = {
  readonly format: 'rfc5424' | 'rfc3164' | 'unknown'
  /** 0–23; null when the message had no PRI. */
  readonly facility: number | null
  /** 0 emergency … 7 debug; null when the message had no PRI. */
  readonly severity: number | null
  /** Epoch ms from the header; null when absent or unreadable. */
  readonly timestamp: number | null
  /** The sending host as it names itself; null when absent ("-" in RFC 5424). */
  readonly hostname: string | null
  readonly appName: string | null
  readonly message: string
}

/** RFC 5424 §6 field bounds, also applied to the BSD header (RFC 3164 allows less). */
export const SYSLOG_FIELD_LIMITS = {
  timestamp: 40,
  hostname: 255,
  appName: 48,
  procId: 128,
  msgId: 32,
} as const

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `now` resolves the year of RFC 3164 timestamps, which do not carry one. */
export function parseSyslog(text: string, now: number): SyslogMessage {
  let rest = trimEndWhere(text, isLineEnd)
  let facility: number | null = null
  let severity: number | null = null
  const pri = /^<(\d{1,3})>/.exec(rest)
  if (pri !== null) {
    const value = Number(pri[1])
    if (value <= 191) {
      facility = Math.floor(value / 8)
      severity = value % 8
      rest = rest.slice(pri[0].length)
    }
  }
  if (pri !== null && facility !== null) {
    const v5424 = parse5424(rest)
    if (v5424 !== null) return { facility, severity, ...v5424 }
  }
  const v3164 = parse3164(rest, now)
  if (v3164 !== null) return { facility, severity, ...v3164 }
  return {
    format: 'unknown',
    facility,
    severity,
    timestamp: null,
    hostname: null,
    appName: null,
    message: rest,
  }
}

type Parsed = Omit<SyslogMessage, 'facility' | 'severity'>

function parse5424(rest: string): Parsed | null {
  // VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
  if (!rest.startsWith('1 ')) return null
  const ts = readToken(rest, 2, SYSLOG_FIELD_LIMITS.timestamp)
  const host = ts === null ? null : readToken(rest, ts.next, SYSLOG_FIELD_LIMITS.hostname)
  const app = host === null ? null : readToken(rest, host.next, SYSLOG_FIELD_LIMITS.appName)
  const proc = app === null ? null : readToken(rest, app.next, SYSLOG_FIELD_LIMITS.procId)
  const msgId = proc === null ? null : readToken(rest, proc.next, SYSLOG_FIELD_LIMITS.msgId)
  if (ts === null || host === null || app === null || msgId === null) return null
  const sdEnd = skipStructuredData(rest, msgId.next)
  if (sdEnd === -1) return null
  let message = rest.slice(sdEnd)
  if (message.startsWith(' ')) message = message.slice(1)
  if (message.startsWith('\uFEFF')) message = message.slice(1)
  return {
    format: 'rfc5424',
    timestamp: ts.value === '-' ? null : parseIso(ts.value),
    hostname: host.value === '-' ? null : host.value,
    appName: app.value === '-' ? null : app.value,
    message,
  }
}

/**
 * A run of 1…`max` non-space characters at `start`, followed by one space; null otherwise. Looks at
 * no more than `max` + 1 characters, so a hostile 60 KB token costs nothing.
 */
function readToken(text: string, start: number, max: number): { value: string; next: number } | null {
  const limit = Math.min(text.length, start + max + 1)
  let i = start
  while (i < limit && text.charCodeAt(i) !== 0x20) i++
  if (i === start || i >= limit || text.charCodeAt(i) !== 0x20) return null
  return { value: text.slice(start, i), next: i + 1 }
}

/** Returns the index just past STRUCTURED-DATA ("-" or one or more [id param="value"…]), or -1. */
function skipStructuredData(text: string, start: number): number {
  if (text.charAt(start) === '-') return start + 1
  let i = start
  if (text.charAt(i) !== '[') return -1
  while (text.charAt(i) === '[') {
    i++
    let inQuotes = false
    for (; i < text.length; i++) {
      const c = text.charAt(i)
      if (inQuotes && c === '\\') {
        i++
        continue
      }
      if (c === '"') inQuotes = !inQuotes
      else if (c === ']' && !inQuotes) break
    }
    if (i >= text.length) return -1
    i++
  }
  return i
}

function parse3164(rest: string, now: number): Parsed | null {
  const m = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) /.exec(rest)
  let timestamp: number | null
  let body: string
  if (m !== null) {
    const month = MONTHS.indexOf(m[1] ?? '')
    if (month === -1) return null
    timestamp = nearestYear(month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), now)
    body = rest.slice(m[0].length)
  } else {
    // rsyslog's RFC 3339 variant of the BSD header.
    const iso = /^\d{4}-\d{2}-\d{2}T/.test(rest) ? readToken(rest, 0, SYSLOG_FIELD_LIMITS.timestamp) : null
    if (iso === null) return null
    timestamp = parseIso(iso.value)
    body = rest.slice(iso.next)
  }
  // The form ArcSight's CEF guide shows, and many appliances send: "Mmm dd hh:mm:ss host CEF:0|…".
  // "CEF:" is the start of the message, never a TAG (nor, without a hostname, a hostname).
  if (isCefStart(body)) return { format: 'rfc3164', timestamp, hostname: null, appName: null, message: body }
  // HOSTNAME is one word; when the first word already ends in ':' it is the TAG (no hostname sent).
  let hostname: string | null = null
  const first = readToken(body, 0, SYSLOG_FIELD_LIMITS.hostname)
  if (first !== null && !first.value.endsWith(':') && !first.value.endsWith(']')) {
    hostname = first.value
    body = body.slice(first.next)
  }
  if (isCefStart(body)) return { format: 'rfc3164', timestamp, hostname, appName: null, message: body }
  const tag = /^([^\s:[]{1,48})(?:\[[^\]]{0,128}\])?: ?/.exec(body)
  const appName = tag === null ? null : (tag[1] ?? null)
  const message = tag === null ? body : body.slice(tag[0].length)
  return { format: 'rfc3164', timestamp, hostname, appName, message }
}

/** "CEF:" followed by a version digit. */
function isCefStart(text: string): boolean {
  const c = text.charCodeAt(4)
  return text.startsWith('CEF:') && c >= 0x30 && c <= 0x39
}

/** RFC 3164 has no year: take the one that puts the time closest to now (handles New Year). */
function nearestYear(
  month: number,
  day: number,
  h: number,
  mi: number,
  s: number,
  now: number,
): number | null {
  if (day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return null
  const year = new Date(now).getUTCFullYear()
  const candidates = [year - 1, year, year + 1].map((y) => Date.UTC(y, month, day, h, mi, s))
  let best = candidates[0] ?? null
  for (const c of candidates) if (best === null || Math.abs(c - now) < Math.abs(best - now)) best = c
  return best
}

function parseIso(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) return null
  // Date.parse accepts at most millisecond precision.
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(ms) ? null : ms
}
