/**
 * A careful HL7 v2 parser for the ADT messages that move beds.
 *
 * Privacy by construction: the parser reads only MSH, EVN, PV1, PV2, NPU and trust-configured
 * Z-segment fields. PID (identifiers, name, date of birth, address, phone), NK1, GT1, IN1, AL1,
 * DG1, OBX and every other segment are never copied into the result, so nothing past this function
 * can leak a patient identifier. Within PV1 only the location, class and admit/discharge times are
 * read (never PV1-7 attending doctor or PV1-19 visit number).
 *
 * Never throws: a structurally broken message is a value (`ok: false`) with a reason and whatever
 * header fields could be read, so the adapter can still answer with an AR.
 */

/** The five separators of a message, from MSH-1 and MSH-2. */
export type Hl7Encoding = {
  readonly field: string
  readonly component: string
  readonly repetition: string
  readonly escape: string
  readonly subcomponent: string
}

/** PL data type (PV1-3, PV1-6, PV1-11, NPU-1): the first four components, unescaped and trimmed. */
export type Hl7Location = {
  readonly pointOfCare: string
  readonly room: string
  readonly bed: string
  readonly facility: string
}

/** MSH fields needed to route, deduplicate and acknowledge a message. */
export type Hl7Header = {
  readonly sendingApplication: string
  readonly sendingFacility: string
  readonly receivingApplication: string
  readonly receivingFacility: string
  readonly messageDateTime: string
  /** MSH-9.1, e.g. "ADT". */
  readonly messageType: string
  /** MSH-9.2, e.g. "A01". */
  readonly triggerEvent: string
  /** MSH-10: the sender's message control id, our deduplication key. */
  readonly controlId: string
  readonly processingId: string
  readonly versionId: string
}

/** One PV1 (and its PV2) — A17 carries two. */
export type AdtVisit = {
  /** PV1-2 (table 0004): I inpatient, O outpatient, E emergency… */
  readonly patientClass: string
  /** PV1-3. */
  readonly assignedLocation: Hl7Location | null
  /** PV1-6. */
  readonly priorLocation: Hl7Location | null
  /** PV1-11. */
  readonly temporaryLocation: Hl7Location | null
  /** PV1-44, HL7 DTM as sent. */
  readonly admitDateTime: string
  /** PV1-45, HL7 DTM as sent. */
  readonly dischargeDateTime: string
  /** PV2-9, HL7 DTM as sent. */
  readonly expectedDischargeDateTime: string
}

/** What a bed board needs from an ADT message, and nothing that identifies a patient. */
export type AdtMessage = {
  readonly encoding: Hl7Encoding
  readonly header: Hl7Header
  /** EVN-1 and EVN-2, when an EVN segment is present. */
  readonly event: { readonly eventTypeCode: string; readonly recordedDateTime: string } | null
  readonly visits: readonly AdtVisit[]
  /** NPU-1/NPU-2 (A20 bed status update). */
  readonly bedStatusUpdate: { readonly location: Hl7Location | null; readonly status: string } | null
  /** Trust-configured fields keyed as requested ("ZBD-2"), first occurrence only. */
  readonly extra: Readonly<Record<string, string>>
}

export type Hl7ParseErrorCode =
  | 'empty'
  | 'no-msh'
  | 'bad-encoding'
  | 'missing-message-type'
  | 'missing-control-id'
  | 'bad-control-id'
  | 'unsupported-version'

/**
 * MSH-12 versions accepted: every HL7 v2 release from 2.1 to 2.8.2. The fields read (MSH, EVN,
 * PV1-2/3/6/11/44/45, PV2-9, NPU-1/2) keep their place and meaning across all of them; v3 and
 * anything else (9.9, empty, garbage) is answered AR with ERR-3 203 "unsupported version id".
 */
export const SUPPORTED_HL7_VERSIONS: readonly string[] = [
  '2.1',
  '2.2',
  '2.3',
  '2.3.1',
  '2.4',
  '2.5',
  '2.5.1',
  '2.6',
  '2.7',
  '2.7.1',
  '2.8',
  '2.8.1',
  '2.8.2',
]

export function isSupportedHl7Version(version: string): boolean {
  return SUPPORTED_HL7_VERSIONS.includes(version)
}

export type Hl7ParseResult =
  | { readonly ok: true; readonly message: AdtMessage }
  | {
      readonly ok: false
      readonly code: Hl7ParseErrorCode
      /** Operator-readable, free of payload values. */
      readonly reason: string
      /** For the ACK's ERR segment: ERR-3 (HL7 table 0357) and ERR-2, the field at fault. */
      readonly ackError: { readonly code: '100' | '203'; readonly location: string }
      /** Whatever of MSH could be read, so the ACK can echo the control id. */
      readonly header: Hl7Header | null
    }

/** A field reference like "ZBD-2" or "PV2-9"; components are not addressed (the first is read). */
export type Hl7FieldRef = { readonly segment: string; readonly field: number }

export type Hl7ParseOptions = {
  /** Extra fields to expose. Only Z-segments, PV1 and PV2 may be named: see `isExtraFieldAllowed`. */
  readonly extraFields?: readonly Hl7FieldRef[]
}

/** Segments whose fields may be exposed through `extraFields`: never PID, NK1 or any other. */
export function isExtraFieldAllowed(segment: string): boolean {
  return /^Z[A-Z0-9]{2}$/.test(segment) || segment === 'PV1' || segment === 'PV2'
}

const DEFAULT_ENCODING: Hl7Encoding = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
}
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/
/** Bounds the work on hostile input; a real ADT message has a few dozen segments. */
const MAX_SEGMENTS = 2_000
/** Fields split from one segment: a Z-segment field may be configured up to 999; the rest is ignored. */
const MAX_FIELDS = 1_000
/** Components split from one field: a PL location uses four. */
const MAX_COMPONENTS = 16
const MAX_CONTROL_ID = 199

/** Parses one HL7 v2 message (the payload of one MLLP frame). */
export function parseHl7Message(text: string, options: Hl7ParseOptions = {}): Hl7ParseResult {
  const segments = splitSegments(text)
  if (segments.length === 0) return failure('empty', 'empty message', null)

  const msh = segments[0]
  if (msh === undefined || !msh.startsWith('MSH') || msh.length < 8) {
    return failure('no-msh', 'message does not start with an MSH segment', null)
  }
  const encoding = readEncoding(msh)
  if (encoding === null) {
    return failure('bad-encoding', 'MSH-1/MSH-2 encoding characters are invalid', null)
  }

  const mshFields = splitFields(msh, encoding)
  const header = readHeader(mshFields, encoding)
  if (header.messageType === '' || header.triggerEvent === '') {
    return failure('missing-message-type', 'MSH-9 message type or trigger event is empty', header)
  }
  if (header.controlId === '') {
    return failure('missing-control-id', 'MSH-10 message control id is empty', header)
  }
  if (header.controlId.length > MAX_CONTROL_ID) {
    // v2.7 allows 199 characters; longer is garbage, and we would not echo it in an ACK.
    const clipped = { ...header, controlId: header.controlId.slice(0, MAX_CONTROL_ID) }
    return failure('bad-control-id', 'MSH-10 message control id is too long', clipped)
  }
  if (!isSupportedHl7Version(header.versionId)) {
    // Checked last, so the AR can echo the control id. The value is not in the reason (payload).
    return failure('unsupported-version', 'MSH-12 version is not one of 2.1–2.8.2', header)
  }

  let event: AdtMessage['event'] = null
  let bedStatusUpdate: AdtMessage['bedStatusUpdate'] = null
  const visits: MutableVisit[] = []
  const extra: Record<string, string> = {}
  const wanted = (options.extraFields ?? []).filter((ref) => isExtraFieldAllowed(ref.segment))

  for (let s = 1; s < segments.length; s++) {
    const segment = segments[s] ?? ''
    const id = segment.slice(0, 3)
    if (!SEGMENT_ID.test(id)) continue
    // PID, NK1 and everything else unlisted are skipped here, before any field is split.
    if (
      id !== 'EVN' &&
      id !== 'PV1' &&
      id !== 'PV2' &&
      id !== 'NPU' &&
      !wanted.some((ref) => ref.segment === id)
    ) {
      continue
    }
    const fields = splitFields(segment, encoding)
    for (const ref of wanted) {
      const key = `${ref.segment}-${ref.field}`
      if (ref.segment === id && !(key in extra)) extra[key] = firstComponent(fields[ref.field], encoding)
    }
    switch (id) {
      case 'EVN':
        if (event === null) {
          event = {
            eventTypeCode: firstComponent(fields[1], encoding),
            recordedDateTime: firstComponent(fields[2], encoding),
          }
        }
        break
      case 'PV1':
        visits.push({
          patientClass: firstComponent(fields[2], encoding),
          assignedLocation: readLocation(fields[3], encoding),
          priorLocation: readLocation(fields[6], encoding),
          temporaryLocation: readLocation(fields[11], encoding),
          admitDateTime: firstComponent(fields[44], encoding),
          dischargeDateTime: firstComponent(fields[45], encoding),
          expectedDischargeDateTime: '',
        })
        break
      case 'PV2': {
        const last = visits[visits.length - 1]
        if (last !== undefined && last.expectedDischargeDateTime === '') {
          last.expectedDischargeDateTime = firstComponent(fields[9], encoding)
        }
        break
      }
      case 'NPU':
        if (bedStatusUpdate === null) {
          bedStatusUpdate = {
            location: readLocation(fields[1], encoding),
            status: firstComponent(fields[2], encoding).toUpperCase(),
          }
        }
        break
      default:
        break
    }
  }

  return { ok: true, message: { encoding, header, event, visits, bedStatusUpdate, extra } }
}

function failure(code: Hl7ParseErrorCode, reason: string, header: Hl7Header | null): Hl7ParseResult {
  const ackError =
    code === 'unsupported-version'
      ? ({ code: '203', location: 'MSH^1^12' } as const)
      : code === 'missing-control-id' || code === 'bad-control-id'
        ? ({ code: '100', location: 'MSH^1^10' } as const)
        : ({ code: '100', location: 'MSH' } as const)
  return { ok: false, code, reason, header, ackError }
}

type MutableVisit = { -readonly [K in keyof AdtVisit]: AdtVisit[K] }

/**
 * MSH-1 is the character after "MSH"; MSH-2 runs to the next field separator and holds component,
 * repetition, escape and subcomponent characters (v2.7 adds a fifth, truncation, which we ignore).
 */
function readEncoding(msh: string): Hl7Encoding | null {
  const field = msh.charAt(3)
  const end = msh.indexOf(field, 4)
  const chars = end === -1 ? msh.slice(4) : msh.slice(4, end)
  if (chars.length < 4 || chars.length > 5) return null
  const all = [field, ...chars.split('')]
  for (const c of all) if (/[A-Za-z0-9\s]/.test(c)) return null
  if (new Set(all).size !== all.length) return null
  const [component, repetition, escape, subcomponent] = chars.split('') as [string, string, string, string]
  return { field, component, repetition, escape, subcomponent }
}

/**
 * Segments, each without leading whitespace, empty ones skipped, at most MAX_SEGMENTS. Senders
 * separate segments with CR; LF and CRLF (files, hand-made tests) are tolerated. One pass over the
 * characters, allocating only for non-empty lines: a 1 MB frame of line ends once cost 150 ms as
 * `split` made a million empty strings.
 */
function splitSegments(text: string): string[] {
  const segments: string[] = []
  let start = 0
  for (let i = 0; i <= text.length && segments.length < MAX_SEGMENTS; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0d
    if (c !== 0x0d && c !== 0x0a) continue
    if (i > start) {
      const line = text.slice(start, i).trimStart()
      if (line.length > 0) segments.push(line)
    }
    start = i + 1
  }
  return segments
}

/**
 * Splits a segment so that index n is field n. MSH is special: MSH-1 is the separator itself, so the
 * split parts are shifted by one.
 */
function splitFields(segment: string, encoding: Hl7Encoding): string[] {
  const parts = segment.split(encoding.field, MAX_FIELDS)
  if (parts[0] === 'MSH') return ['MSH', encoding.field, ...parts.slice(1)]
  return parts
}

function readHeader(fields: readonly string[], encoding: Hl7Encoding): Hl7Header {
  const messageType = components(fields[9], encoding)
  return {
    sendingApplication: firstComponent(fields[3], encoding),
    sendingFacility: firstComponent(fields[4], encoding),
    receivingApplication: firstComponent(fields[5], encoding),
    receivingFacility: firstComponent(fields[6], encoding),
    messageDateTime: firstComponent(fields[7], encoding),
    messageType: (messageType[0] ?? '').toUpperCase(),
    triggerEvent: (messageType[1] ?? '').toUpperCase(),
    controlId: firstComponent(fields[10], encoding),
    processingId: firstComponent(fields[11], encoding),
    versionId: firstComponent(fields[12], encoding),
  }
}

/** First repetition, split into components; each component's first subcomponent, unescaped. */
function components(raw: string | undefined, encoding: Hl7Encoding): string[] {
  if (raw === undefined || raw === '') return []
  const firstRepetition = before(raw, encoding.repetition)
  return firstRepetition
    .split(encoding.component, MAX_COMPONENTS)
    .map((c) => unescapeHl7(before(c, encoding.subcomponent), encoding).trim())
}

/** `value` up to the first `separator` (all of it when there is none). */
function before(value: string, separator: string): string {
  const at = value.indexOf(separator)
  return at === -1 ? value : value.slice(0, at)
}

function firstComponent(raw: string | undefined, encoding: Hl7Encoding): string {
  return components(raw, encoding)[0] ?? ''
}

function readLocation(raw: string | undefined, encoding: Hl7Encoding): Hl7Location | null {
  const c = components(raw, encoding)
  const location = { pointOfCare: c[0] ?? '', room: c[1] ?? '', bed: c[2] ?? '', facility: c[3] ?? '' }
  if (location.pointOfCare === '' && location.room === '' && location.bed === '') return null
  return location
}

/**
 * Replaces HL7 escape sequences: \F\ \S\ \T\ \R\ \E\ with the separators, \Xhh…\ with the bytes
 * (read as Latin-1), and drops formatting sequences (\H\ \N\ \.br\ …) which carry no meaning for us.
 * An unterminated escape is kept literally.
 */
export function unescapeHl7(value: string, encoding: Hl7Encoding): string {
  const esc = encoding.escape
  if (!value.includes(esc)) return value
  let out = ''
  let i = 0
  while (i < value.length) {
    const start = value.indexOf(esc, i)
    if (start === -1) {
      out += value.slice(i)
      break
    }
    out += value.slice(i, start)
    const end = value.indexOf(esc, start + 1)
    if (end === -1) {
      out += value.slice(start)
      break
    }
    out += decodeEscape(value.slice(start + 1, end), encoding, esc)
    i = end + 1
  }
  return out
}

function decodeEscape(sequence: string, encoding: Hl7Encoding, esc: string): string {
  switch (sequence) {
    case 'F':
      return encoding.field
    case 'S':
      return encoding.component
    case 'T':
      return encoding.subcomponent
    case 'R':
      return encoding.repetition
    case 'E':
      return encoding.escape
    default:
      break
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(sequence)) {
    let decoded = ''
    for (let k = 1; k < sequence.length; k += 2)
      decoded += String.fromCharCode(parseInt(sequence.slice(k, k + 2), 16))
    return decoded
  }
  if (sequence === 'H' || sequence === 'N' || sequence.startsWith('.')) return ''
  return `${esc}${sequence}${esc}`
}

/** Escapes a value for a field of a message we build (our ACKs), with the standard separators. */
export function escapeHl7(value: string, encoding: Hl7Encoding = DEFAULT_ENCODING): string {
  let out = ''
  for (const ch of value) {
    if (ch === encoding.escape) out += `${encoding.escape}E${encoding.escape}`
    else if (ch === encoding.field) out += `${encoding.escape}F${encoding.escape}`
    else if (ch === encoding.component) out += `${encoding.escape}S${encoding.escape}`
    else if (ch === encoding.subcomponent) out += `${encoding.escape}T${encoding.escape}`
    else if (ch === encoding.repetition) out += `${encoding.escape}R${encoding.escape}`
    else if (ch === '\r' || ch === '\n') out += ' '
    else out += ch
  }
  return out
}

/**
 * HL7 DTM (YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]) → epoch ms, or null. Without an offset the time is
 * taken as UTC: callers use these only for whole days (length of stay, discharge today).
 */
export function parseHl7DateTime(value: string): number | null {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d{1,4})?([+-]\d{4})?$/.exec(value.trim())
  if (m === null) return null
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', offset] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (
    Number.isNaN(ms) ||
    Number(mo) > 12 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null
  }
  if (offset === undefined) return ms
  const sign = offset.startsWith('-') ? -1 : 1
  const offsetMin = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5))
  return ms - sign * offsetMin * 60_000
}
