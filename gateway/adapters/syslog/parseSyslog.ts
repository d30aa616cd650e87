/**
 * Syslog message parsing: RFC 5424 ("<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG") and the BSD
 * format of RFC 3164 ("<PRI>Mmm dd hh:mm:ss HOST TAG: MSG"), as sent by appliances, rsyslog,
 * syslog-ng and util-linux `logger`. Never throws: anything unrecognised becomes `format:
 * 'unknown'` with the whole text as the message, so a CEF payload without a syslog header (some
 * SIEM forwarders send bare CEF) is still found.
 */

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `now` resolves the year of RFC 3164 timestamps, which do not carry one. */
export function parseSyslog(text: string, now: number): SyslogMessage {
  let rest = text.replace(/[\r\n\0]+$/, '')
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
  const head = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest)
  if (head === null) return null
  const [, ts = '-', host = '-', app = '-'] = head
  const sdStart = head[0].length
  const sdEnd = skipStructuredData(rest, sdStart)
  if (sdEnd === -1) return null
  let message = rest.slice(sdEnd)
  if (message.startsWith(' ')) message = message.slice(1)
  if (message.startsWith('\uFEFF')) message = message.slice(1)
  return {
    format: 'rfc5424',
    timestamp: ts === '-' ? null : parseIso(ts),
    hostname: host === '-' ? null : host,
    appName: app === '-' ? null : app,
    message,
  }
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
    const iso = /^(\d{4}-\d{2}-\d{2}T\S+) /.exec(rest)
    if (iso === null) return null
    timestamp = parseIso(iso[1] ?? '')
    body = rest.slice(iso[0].length)
  }
  // HOSTNAME is one word; when the first word already ends in ':' it is the TAG (no hostname sent).
  let hostname: string | null = null
  const first = /^(\S+) /.exec(body)
  if (first !== null && !(first[1] ?? '').endsWith(':') && !(first[1] ?? '').endsWith(']')) {
    hostname = first[1] ?? null
    body = body.slice(first[0].length)
  }
  const tag = /^([^\s:[]{1,48})(?:\[[^\]]*\])?: ?/.exec(body)
  const appName = tag === null ? null : (tag[1] ?? null)
  const message = tag === null ? body : body.slice(tag[0].length)
  return { format: 'rfc3164', timestamp, hostname, appName, message }
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
