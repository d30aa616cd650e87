/**
 * The syslog, CEF and HL7 parsers on hostile input (issue 13: ten 60 KB UDP datagrams of
 * whitespace froze the gateway for 11.7 s): time per message for the inputs that were quadratic,
 * next to ordinary messages, and the regexes the parsers used to run on the same strings. Prints
 * figures; asserts nothing (timings are not tests; the unit tests assert bounded work).
 *
 *   npm run bench:parsers
 */
import { parseHl7Message } from '../../gateway/adapters/hl7v2/parseHl7Message.ts'
import { cefToAlertOp } from '../../gateway/adapters/syslog/cefToAlertOp.ts'
import { parseCef } from '../../gateway/adapters/syslog/parseCef.ts'
import { parseSyslog } from '../../gateway/adapters/syslog/parseSyslog.ts'
import { createHostMatcher } from '../../gateway/ingest/createHostMatcher.ts'
import { createKeyedHash } from '../../gateway/security/createKeyedHash.ts'
import { readBenchArgs } from './benchCli.ts'

readBenchArgs({
  name: 'bench:parsers',
  usage: 'npm run bench:parsers',
  summary: 'The syslog, CEF and HL7 parsers on hostile input next to ordinary messages: time per message.',
  flags: {},
  env: [],
})

const NOW = Date.UTC(2026, 10, 21, 22, 0)
const KB60 = 60 * 1024
const keyedHash = createKeyedHash(Buffer.alloc(32, 1))
const placeOf = createHostMatcher([])

/** What the syslog adapter does with one datagram. */
function handleDatagram(text: string): void {
  const syslog = parseSyslog(text, NOW)
  const cef = parseCef(syslog.message)
  if (!cef.ok) return
  cefToAlertOp(cef.event, syslog.hostname, {
    source: 'bench',
    hostKeys: ['dhost'],
    tacticKeys: [],
    techniqueKeys: [],
    placeOf,
    current: () => undefined,
    now: NOW,
    keyedHash,
  })
}

/** Median ms per call over enough calls to take about `budgetMs`. */
function measure(run: () => void, budgetMs = 400): { median: number; calls: number } {
  run()
  const times: number[] = []
  const start = performance.now()
  while (performance.now() - start < budgetMs || times.length < 5) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
    if (times.length >= 2_000) break
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] ?? 0, calls: times.length }
}

const ordinary =
  '<134>Nov 21 22:46:19 fw-01 CEF:0|ExampleSec|NetIDS|4.2|4242|SMB lateral movement attempt|8|src=10.20.8.44 dhost=WS-W07-03 dpt=445 cat=Intrusion cs1Label=mitreTactic cs1=TA0008'
const cases: [string, string][] = [
  ['ordinary CEF line (233 B)', ordinary],
  ['60 KB of LF, then one byte (the trailing-trim attack)', `<13>Nov 21 22:46:19 h t: ${'\n'.repeat(KB60)}x`],
  ['60 KB of LF at the end', `<13>Nov 21 22:46:19 h t: CEF:0|V|P|1|S|N|5|dhost=x${'\n'.repeat(KB60)}`],
  ['CEF value with 60 KB of spaces inside', `CEF:0|V|P|1|S|N|5|dhost=ws1${' '.repeat(KB60)}x act=y`],
  ['CEF extension of 60 KB of "a=b " pairs', `CEF:0|V|P|1|S|N|5|${'a=b '.repeat(KB60 / 4)}`],
  [
    '60 KB token as an RFC 5424 hostname',
    `<13>1 2026-11-21T22:00:00Z ${'h'.repeat(KB60)} app - - - CEF:0|V|P|1|S|N|5|`,
  ],
]

process.stdout.write('syslog/CEF, one datagram through parseSyslog → parseCef → cefToAlertOp\n')
for (const [label, text] of cases) {
  const { median, calls } = measure(() => handleDatagram(text))
  process.stdout.write(`  ${label.padEnd(56)} ${median.toFixed(3).padStart(9)} ms  (${calls} runs)\n`)
}

process.stdout.write('\nthe regexes the parsers used to run, on the attack strings (one call each)\n')
const attackLf = `${'\n'.repeat(KB60)}x`
const attackSpace = `${' '.repeat(KB60)}x`
for (const [label, run] of [
  ["/[\\r\\n\\0]+$/ on 60 KB of LF + 'x'", () => attackLf.replace(/[\r\n\0]+$/, '')],
  ["/\\s+$/ on 60 KB of spaces + 'x'", () => attackSpace.replace(/\s+$/, '')],
] as const) {
  const t0 = performance.now()
  run()
  process.stdout.write(`  ${label.padEnd(56)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms\n`)
}

process.stdout.write('\nHL7, one message through parseHl7Message\n')
const msh = 'MSH|^~\\&|PAS|RWH|WATCHFLOOR|RWH|20261121080100||ADT^A01^ADT_A01|MSG00001|P|2.5'
const hl7Cases: [string, string][] = [
  [
    'ordinary A01',
    `${msh}\rEVN|A01|20261121080100\rPID|1||9990000001^^^NHS^NH||TEST^PATIENT\rPV1|1|I|W07^BAY1^B01^RWH`,
  ],
  ['1 MB of line ends (maxFrameBytes)', `${msh}\r${'\n'.repeat(1024 * 1024)}PV1|1|I|W07^BAY1^B01`],
  ['1 MB field of "|" in EVN', `${msh}\rEVN|${'|'.repeat(1024 * 1024)}\rPV1|1|I|W07^BAY1^B01`],
  ['1 MB of "^" in PV1-3', `${msh}\rPV1|1|I|${'^'.repeat(1024 * 1024)}`],
]
for (const [label, text] of hl7Cases) {
  const { median, calls } = measure(() => void parseHl7Message(text))
  process.stdout.write(`  ${label.padEnd(56)} ${median.toFixed(3).padStart(9)} ms  (${calls} runs)\n`)
}
