/**
 * What the fuzzer runs: every parser and framer that reads bytes from outside the gateway, each
 * with its seed corpus (tests/fixtures, origins in each folder's README), a format dictionary, and
 * oracles beyond "does not throw":
 *
 * | target | runs | oracle |
 * |---|---|---|
 * | `hl7` | parseHl7Message → planBedChanges → buildAck | the ACK is one MLLP frame with MSA; no PID/NK1/PV1-7 canary reaches the output |
 * | `mllp` | MllpFramer, the input cut into random chunks | no frame over the bound, no block character inside a frame, no byte counted twice |
 * | `syslog` | parseSyslog → parseCef → cefToAlertOp → the viewer's redaction | header tokens within their RFC 5424 bounds; no canary in what a viewer gets |
 * | `syslog-tcp` | SyslogTcpFramer, random chunks | no message over the bound, no byte counted twice |
 * | `cef` | parseCef → cefToAlertOp → redaction | fields within CEF_LIMITS, only kept keys; no canary for a viewer |
 * | `webhook` | parseWebhookBody → wazuhToAlertOp → redaction | at most 500 alerts; no canary for a viewer |
 * | `feed` | JSON → the zod schemas of the client→server events | never throws |
 *
 * A target's `run` throws `FuzzInvariantError` for a broken oracle and `FuzzLeakError` for a
 * canary that got through; any other exception is a crash.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cyberAlertSchema, type CyberAlert } from '../../shared/contracts/entities.ts'
import {
  alarmActionRequestSchema,
  alertAckRequestSchema,
  handshakeAuthSchema,
  subscribeRequestSchema,
} from '../../shared/contracts/feed.ts'
import { buildAck } from '../../gateway/adapters/hl7v2/buildAck.ts'
import { MllpFramer, mllpFrame } from '../../gateway/adapters/hl7v2/MllpFramer.ts'
import { parseHl7Message } from '../../gateway/adapters/hl7v2/parseHl7Message.ts'
import { planBedChanges } from '../../gateway/adapters/hl7v2/planBedChanges.ts'
import { cefToAlertOp } from '../../gateway/adapters/syslog/cefToAlertOp.ts'
import { CEF_LIMITS, KEPT_KEYS, parseCef, type CefEvent } from '../../gateway/adapters/syslog/parseCef.ts'
import { parseSyslog, SYSLOG_FIELD_LIMITS } from '../../gateway/adapters/syslog/parseSyslog.ts'
import { SyslogTcpFramer } from '../../gateway/adapters/syslog/SyslogTcpFramer.ts'
import { parseWebhookBody, MAX_WEBHOOK_BATCH } from '../../gateway/adapters/webhook/parseWebhookBody.ts'
import { wazuhToAlertOp } from '../../gateway/adapters/webhook/wazuhToAlertOp.ts'
import { redact } from '../../gateway/fanout/siteFilter.ts'
import { createHostMatcher } from '../../gateway/ingest/createHostMatcher.ts'
import type { SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { createKeyedHash } from '../../gateway/security/createKeyedHash.ts'
import { createRandom, type Random } from './mutate.ts'

export class FuzzInvariantError extends Error {}
export class FuzzLeakError extends Error {}

export type FuzzTarget = {
  readonly name: string
  readonly seeds: readonly Buffer[]
  /** Tokens of the format, inserted by the mutator. */
  readonly dictionary: readonly string[]
  /** The largest input worth trying (what the transport lets through). */
  readonly maxBytes: number
  /**
   * Runs one input through the gateway's code and returns what it produced; `random` drives any
   * choice the target makes (chunking). This is what `--slow-ms` times.
   */
  readonly run: (input: Buffer, random: Random) => unknown
  /** The oracles that are costly (leak checks), on `run`'s output; not timed. */
  readonly check?: (input: Buffer, output: unknown) => void
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
const NOW = Date.UTC(2026, 10, 21, 22, 0)
const keyedHash = createKeyedHash(Buffer.alloc(32, 0x42))
const placeOf = createHostMatcher([{ match: 'WS-W07-*', siteId: 'site-a', unitId: 'ward-7' }])

const read = (...path: string[]): string => readFileSync(join(FIXTURES, ...path), 'utf8')
const lines = (...path: string[]): Buffer[] =>
  read(...path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Buffer.from(line, 'utf8'))
const hl7Seeds = (): Buffer[] =>
  [
    ...readdirSync(join(FIXTURES, 'hl7/adt'))
      .filter((f) => f.endsWith('.hl7'))
      .sort()
      .map((f) => read('hl7/adt', f)),
    read('fuzz/hl7-canary.hl7'),
  ].map((text) => Buffer.from(text.replace(/\r?\n/g, '\r'), 'utf8'))

// ---------------------------------------------------------------------------------------------
// Canaries

/** Values from PID, NK1 and PV1-7/19 of the HL7 canary message: never in anything we produce. */
const HL7_CANARIES = [
  '9434765919',
  '19570312',
  'CANARYSURNAME',
  'CANARYGIVEN',
  'CANARYDOCTOR',
  'V123456',
  'K123456',
]

/**
 * What a viewer must never get from a security source, in the forms the scrubber promises to
 * catch (docs/gateway-config.md#privacy): the NHS number grouped any way, and the day-first date.
 * (User names are dropped by key in the parser — `suser=` and the rest — which parseCef's own
 * property test checks; once a mutation breaks the key, the name is free text no pattern knows.)
 */
const VIEWER_CANARIES: readonly RegExp[] = [
  /(?<![0-9])943[ .-]?476[ .-]?5919(?![0-9])/,
  /(?<![0-9])12([/.-])03\1 ?1957(?![0-9])/,
]

/** Strings of a value, recursively (so a JSON escape cannot hide or fake a boundary). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out)
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) stringsOf(item, out)
  return out
}

/** HL7: a canary in the output is a leak unless the input also had it outside PID/NK1/PV1-7/19. */
function checkHl7Leaks(input: string, output: unknown): void {
  const produced = stringsOf(output).join('\u0000')
  const segments = input.split(/\r\n|\r|\n/)
  // The parts of the input that may legitimately reach the output: no PID, no NK1, and PV1
  // without fields 7 and 19 (the parser never reads them).
  const readable = segments
    .filter((s) => !/^\s*(PID|NK1)/.test(s))
    .map((s) =>
      /^\s*PV1/.test(s)
        ? s
            .split('|')
            .filter((_, i) => i !== 7 && i !== 19)
            .join('|')
        : s,
    )
    .join('\r')
  for (const canary of HL7_CANARIES) {
    if (produced.includes(canary) && !readable.includes(canary)) {
      throw new FuzzLeakError(`hl7: ${canary} reached the output from a segment the parser must not read`)
    }
  }
}

/** The alert a viewer receives from an op (the gateway validates it first; so do we). */
function viewerAlert(op: SourceOp): CyberAlert | null {
  if (op.op !== 'upsert') return null
  const parsed = cyberAlertSchema.safeParse(op.entity)
  return parsed.success ? (redact('cyber', parsed.data) as CyberAlert) : null
}

export function checkViewerLeaks(target: string, alert: CyberAlert | null): void {
  if (alert === null) return
  for (const text of stringsOf(alert)) {
    for (const canary of VIEWER_CANARIES) {
      if (canary.test(text))
        throw new FuzzLeakError(`${target}: ${canary.source} reached a viewer in "${text.slice(0, 80)}"`)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function invariant(condition: boolean, message: string): void {
  if (!condition) throw new FuzzInvariantError(message)
}

/** Cuts `input` into 1–8 chunks at random points (as TCP may deliver it). */
function chunks(input: Buffer, random: Random): Buffer[] {
  const cuts = new Set<number>()
  const n = Math.floor(random() * 8)
  for (let i = 0; i < n; i++) cuts.add(Math.floor(random() * (input.length + 1)))
  const sorted = [...cuts].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const cut of sorted) {
    out.push(input.subarray(from, cut))
    from = cut
  }
  out.push(input.subarray(from))
  return out
}

type CefOutput = { readonly event: CefEvent; readonly op: SourceOp } | null

function cefAlert(text: string, syslogHost: string | null): CefOutput {
  const cef = parseCef(text)
  if (!cef.ok) return null
  const op = cefToAlertOp(cef.event, syslogHost, {
    source: 'siem-cef',
    hostKeys: ['dhost', 'dst', 'dvchost', 'shost', 'src'],
    tacticKeys: ['mitreTactic'],
    techniqueKeys: ['mitreTechnique'],
    placeOf,
    current: () => undefined,
    now: NOW,
    keyedHash,
  })
  return { event: cef.event, op }
}

function checkCef(target: string, output: CefOutput): void {
  if (output === null) return
  const { event } = output
  for (const field of [
    event.version,
    event.vendor,
    event.product,
    event.productVersion,
    event.signatureId,
    event.name,
    event.severity,
  ]) {
    invariant(field.length <= CEF_LIMITS.field, `${target}: a CEF header field of ${field.length} characters`)
  }
  for (const [key, value] of Object.entries(event.extensions)) {
    invariant(KEPT_KEYS.has(key), `${target}: extension key ${key} kept`)
    invariant(value.length <= CEF_LIMITS.field, `${target}: a CEF value of ${value.length} characters`)
  }
  checkViewerLeaks(target, viewerAlert(output.op))
}

// ---------------------------------------------------------------------------------------------
// Targets

const HL7_DICTIONARY = [
  '|',
  '^',
  '~',
  '\\',
  '&',
  '\r',
  '\n',
  '\r\n',
  'MSH|^~\\&|',
  '\rPID|',
  '\rPV1|1|I|',
  '\rPV2|',
  '\rNPU|',
  '\rEVN|',
  '\rZBD|',
  '\\X1C\\',
  '\\X0B\\',
  '\\X0D\\',
  '\\F\\',
  '\\E\\',
  '\\.br\\',
  '\\H\\',
  'ADT^A01',
  'ADT^A20',
  'ACK',
  '2.5',
  '3.0',
  '2.8.2',
  '\u000b',
  '\u001c',
  '\u001c\r',
  'W07^BAY1^B01',
  '9434765919',
]
const CEF_DICTIONARY = [
  'CEF:0|',
  'CEF:1|',
  '|',
  '\\|',
  '\\\\',
  '\\=',
  '\\n',
  '=',
  ' ',
  'cs1Label=',
  'cs1=',
  'dhost=',
  'suser=',
  'msg=',
  'cat=',
  'rt=',
  'act=',
  'src=10.0.0.1',
  '943 476 5919',
  '12/03/1957',
  'DOB ',
  'mitreTactic',
]
const SYSLOG_DICTIONARY = [
  ...CEF_DICTIONARY,
  '<134>',
  '<13>1 ',
  '<999>',
  'Nov 21 22:46:19 ',
  '2026-11-21T22:00:00Z ',
  ' - - ',
  '[x@1 a="b"]',
  '\\]',
  '"',
  '\uFEFF',
  'host ',
  'tag: ',
  'tag[1]: ',
  '\r\n',
  '\0',
]

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'hl7',
    seeds: hl7Seeds(),
    dictionary: HL7_DICTIONARY,
    maxBytes: 128 * 1024,
    run: (input) => {
      const text = input.toString('utf8')
      const parsed = parseHl7Message(text, { extraFields: [{ segment: 'ZBD', field: 2 }] })
      const header = parsed.ok ? parsed.message.header : parsed.header
      const plan = parsed.ok
        ? planBedChanges(parsed.message, {
            resolveBed: (location) =>
              `${location.pointOfCare}-${location.room}-${location.bed}`.slice(0, 128),
            currentBed: () => undefined,
            now: NOW,
            nctrOf: (m) => (m.extra['ZBD-2'] === undefined ? null : m.extra['ZBD-2'] === 'Y'),
            timeZone: 'Europe/London',
            unknownLocations: 'ignore',
          })
        : null
      const ack = buildAck({
        code: parsed.ok ? 'AA' : 'AR',
        original: header,
        application: 'WATCHFLOOR',
        facility: 'RWH',
        controlId: 'WF1',
        now: NOW,
        ...(parsed.ok
          ? {}
          : {
              error: { location: parsed.ackError.location, code: parsed.ackError.code, text: parsed.reason },
            }),
      })
      return { text, parsed, plan, ack }
    },
    check: (_input, output) => {
      const { text, parsed, plan, ack } = output as {
        text: string
        parsed: unknown
        plan: unknown
        ack: string
      }
      // The sender's MLLP reader must see exactly one frame, with MSA in it.
      const frames = new MllpFramer(1 << 22).push(mllpFrame(ack))
      invariant(
        frames.length === 1 && frames[0]?.kind === 'frame',
        'hl7: the ACK is not exactly one MLLP frame',
      )
      invariant(
        ack.split('\r').some((segment) => segment.startsWith('MSA|')),
        'hl7: the ACK has no MSA',
      )
      checkHl7Leaks(text, { parsed, plan, ack })
    },
  },
  {
    name: 'mllp',
    seeds: hl7Seeds().map((payload) => mllpFrame(payload.toString('utf8'))),
    dictionary: ['\u000b', '\u001c', '\r', '\u001c\r', '\n', 'MSH|'],
    maxBytes: 128 * 1024,
    run: (input, random) => {
      const max = 4_096
      const framer = new MllpFramer(max)
      let counted = 0
      for (const chunk of chunks(input, random)) {
        for (const event of framer.push(chunk)) {
          if (event.kind === 'frame') {
            invariant(event.payload.length <= max, 'mllp: a frame over maxFrameBytes')
            invariant(
              !event.payload.includes(0x0b) && !event.payload.includes(0x1c),
              'mllp: a block character inside a frame',
            )
            counted += event.payload.length + 2
          } else if (event.kind === 'oversized') {
            invariant(event.head.length <= 4_096, 'mllp: an oversized frame kept more than its head')
            counted += event.bytes + 2
          } else {
            counted += event.bytes
          }
        }
        invariant(framer.heldBytes <= max, 'mllp: more than maxFrameBytes held in memory')
      }
      invariant(counted <= input.length + 2, `mllp: ${counted} bytes accounted for in ${input.length}`)
    },
  },
  {
    name: 'syslog',
    seeds: [
      ...lines('syslog/rfc-examples.log'),
      ...lines('cef/alerts.cef').map((l) => Buffer.concat([Buffer.from('<134>Nov 21 22:46:19 fw-01 '), l])),
      ...lines('cef/arcsight-guide.cef'),
      ...lines('fuzz/cef-canary.cef'),
    ],
    dictionary: SYSLOG_DICTIONARY,
    maxBytes: 65_507,
    run: (input) => {
      const message = parseSyslog(input.toString('utf8'), NOW)
      if (message.format === 'rfc5424') {
        invariant(
          (message.hostname?.length ?? 0) <= SYSLOG_FIELD_LIMITS.hostname,
          'syslog: hostname over its bound',
        )
        invariant(
          (message.appName?.length ?? 0) <= SYSLOG_FIELD_LIMITS.appName,
          'syslog: app name over its bound',
        )
      }
      return cefAlert(message.message, message.hostname)
    },
    check: (_input, output) => checkCef('syslog', output as CefOutput),
  },
  {
    name: 'syslog-tcp',
    seeds: lines('syslog/rfc-examples.log').flatMap((line) => [
      Buffer.concat([Buffer.from(`${line.length} `), line]),
      Buffer.concat([line, Buffer.from('\n')]),
    ]),
    dictionary: ['\n', '\r\n', '\0', ' ', '0', '9', '65536 ', '12 ', '<13>'],
    maxBytes: 128 * 1024,
    run: (input, random) => {
      const max = 2_048
      const framer = new SyslogTcpFramer(max)
      let bytes = 0
      for (const chunk of chunks(input, random)) {
        for (const event of framer.push(chunk)) {
          if (event.kind === 'message') {
            invariant(event.payload.length <= max, 'syslog-tcp: a message over maxMessageBytes')
            bytes += event.payload.length
          }
        }
      }
      invariant(bytes <= input.length, `syslog-tcp: ${bytes} message bytes from ${input.length}`)
    },
  },
  {
    name: 'cef',
    seeds: [...lines('cef/alerts.cef'), ...lines('cef/arcsight-guide.cef'), ...lines('fuzz/cef-canary.cef')],
    dictionary: CEF_DICTIONARY,
    maxBytes: 65_507,
    run: (input) => cefAlert(input.toString('utf8'), 'relay-01'),
    check: (_input, output) => checkCef('cef', output as CefOutput),
  },
  {
    name: 'webhook',
    seeds: [
      Buffer.from(read('wazuh/alerts.json')),
      ...(JSON.parse(read('wazuh/alerts.json')) as unknown[]).map((alert) =>
        Buffer.from(JSON.stringify(alert)),
      ),
    ],
    dictionary: [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\u0000',
      '"rule":',
      '"level":16',
      '"description":',
      '"agent":',
      '"name":',
      '"mitre":',
      'null',
      '1e999',
      '943 476 5919',
      '12/03/1957',
    ],
    maxBytes: 256 * 1024,
    run: (input) => {
      const body = parseWebhookBody(input)
      if (!body.ok) return []
      invariant(
        body.alerts.length >= 1 && body.alerts.length <= MAX_WEBHOOK_BATCH,
        'webhook: batch size out of range',
      )
      return body.alerts.map((alert) =>
        wazuhToAlertOp(alert, { source: 'wazuh', placeOf, current: () => undefined, now: NOW, keyedHash }),
      )
    },
    check: (_input, output) => {
      for (const op of output as SourceOp[]) checkViewerLeaks('webhook', viewerAlert(op))
    },
  },
  {
    name: 'feed',
    seeds: (JSON.parse(read('fuzz/feed-events.json')) as { payload: unknown }[]).map((seed) =>
      Buffer.from(JSON.stringify(seed.payload)),
    ),
    dictionary: [
      '{',
      '}',
      '[',
      ']',
      '"topics":',
      '"sites":',
      '"beds"',
      '"cyber"',
      '"alertId":',
      '"note":',
      '"action":',
      '"shelve"',
      '"until":',
      '"token":',
      '1e308',
      '-1',
      'null',
      '"__proto__":',
      '"constructor":',
    ],
    maxBytes: 64 * 1024,
    run: (input) => {
      let payload: unknown
      try {
        payload = JSON.parse(input.toString('utf8')) as unknown
      } catch {
        return
      }
      // socket.io hands the server whatever JSON the client sent; each schema must take it.
      for (const schema of [
        subscribeRequestSchema,
        alertAckRequestSchema,
        alarmActionRequestSchema,
        handshakeAuthSchema,
      ]) {
        schema.safeParse(payload)
      }
    },
  },
]

/** A deterministic random for a target's run choices, from the input's position. */
export function runRandom(seed: number, index: number): Random {
  return createRandom((seed * 0x9e3779b1 + index) >>> 0)
}
