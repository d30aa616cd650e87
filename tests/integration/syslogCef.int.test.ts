/**
 * The syslog/CEF adapter against real senders on 127.0.0.1: util-linux `logger` over UDP and TCP
 * (RFC 5424 and RFC 3164, octet-counted and newline framing), and a raw TCP socket.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import type { SyslogAdapter } from '../../gateway/adapters/syslog/syslogAdapter.ts'
import { createSyslogAdapter, syslogConfigSchema } from '../../gateway/adapters/syslog/syslogAdapter.ts'
import { makeSiteModel } from '../support/builders.ts'
import { waitFor } from '../support/daemons.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

const run = promisify(execFile)
const LINES = readFileSync(join(import.meta.dirname, '../fixtures/cef/alerts.cef'), 'utf8')
  .trim()
  .split('\n')
const [LATERAL = '', C2 = '', CRED = '', ESCAPED = ''] = LINES

let adapter: SyslogAdapter | null = null
let rec: RecordingContext
const sockets: Socket[] = []

beforeEach(() => {
  rec = createRecordingContext({ siteModel: makeSiteModel() })
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await adapter?.stop()
  adapter = null
})

async function start(overrides: Record<string, unknown> = {}): Promise<{ udp: number; tcp: number }> {
  const config = syslogConfigSchema.parse({
    kind: 'syslog',
    id: 'siem-cef',
    udpPort: 0,
    tcpPort: 0,
    hosts: [
      { match: 'WS-W07-*', siteId: 'site-a', unitId: 'ward-7' },
      { match: 'WS-W08-01', deviceId: 'ws-w08-01', siteId: 'site-a', unitId: 'ward-8' },
      { match: '10.20.7.*', siteId: 'site-a', unitId: 'ward-7' },
    ],
    ...overrides,
  })
  adapter = createSyslogAdapter(config)
  await adapter.start(rec.context)
  const ports = adapter.ports()
  return { udp: ports.udp ?? 0, tcp: ports.tcp ?? 0 }
}

function logger(
  port: number,
  transport: '--udp' | '--tcp',
  format: '--rfc5424' | '--rfc3164',
  message: string,
  extra: string[] = [],
) {
  return run('logger', [
    '--server',
    '127.0.0.1',
    '--port',
    String(port),
    transport,
    format,
    '-t',
    'siem',
    ...extra,
    message,
  ])
}

const alerts = (): CyberAlert[] => [...rec.entities.cyber.values()]
const alertWith = (title: string): CyberAlert | undefined => alerts().find((a) => a.title === title)

describe('syslog + CEF', () => {
  it('turns CEF from logger over UDP (RFC 5424 and 3164) into alerts, deduplicated by signature and host', async () => {
    const { udp } = await start()
    await logger(udp, '--udp', '--rfc5424', LATERAL)
    await logger(udp, '--udp', '--rfc3164', LATERAL)
    await logger(udp, '--udp', '--rfc3164', C2)
    await waitFor(
      'two alerts, one seen twice',
      () => alertWith('SMB lateral movement attempt')?.count === 2 && alerts().length === 2,
    )

    expect(alertWith('SMB lateral movement attempt')).toMatchObject({
      source: 'siem-cef',
      severity: 'high',
      category: 'Intrusion',
      tactic: 'TA0008',
      technique: 'T1021.002',
      host: 'WS-W07-03',
      siteId: 'site-a',
      unitId: 'ward-7',
      status: 'new',
    })
    // Outbound C2 (src the ward PC, dst the C2 server): the trust's own end is the host, so the
    // alert lands on ward 7 (issue 20: it used to take the external dst and sit nowhere on the map).
    expect(alertWith('Outbound connection to known C2 blocked')).toMatchObject({
      severity: 'critical',
      tactic: 'TA0011',
      host: '10.20.7.15',
      siteId: 'site-a',
      unitId: 'ward-7',
    })
    expect(rec.invalid).toEqual([])
    expect(rec.lastStatus()?.status).toBe('up')
  })

  it('reads logger over TCP with octet counting and with newline framing, and drops user names', async () => {
    const { tcp } = await start()
    await logger(tcp, '--tcp', '--rfc5424', CRED, ['--octet-count'])
    await logger(tcp, '--tcp', '--rfc3164', ESCAPED)
    await logger(tcp, '--tcp', '--rfc3164', 'an ordinary syslog line, not CEF')
    await waitFor('two alerts and one reject', () => alerts().length === 2 && rec.rejects.length === 1)

    expect(alertWith('Credential dumping tool detected')).toMatchObject({
      severity: 'medium',
      tactic: 'TA0006',
      host: 'WS-W08-01',
      deviceId: 'ws-w08-01',
      unitId: 'ward-8',
    })
    expect(alertWith('Escaped header and extension')).toMatchObject({
      severity: 'low',
      category: 'Policy=Audit',
      host: 'WS-W07-09',
    })
    expect(alertWith('Escaped header and extension')?.lastSeen).toBe(1795300000000)
    expect(rec.rejects).toEqual(['syslog message without CEF'])
    expect(JSON.stringify(rec.accepted)).not.toContain('TESTUSER')
  })

  it('reads octet-counted frames from a raw socket however they are cut, bounds size, and survives peers leaving', async () => {
    const { tcp } = await start({ maxMessageBytes: 1_024 })
    const frame = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`
    const a = `<134>1 2026-11-21T22:00:00Z ids-01 ids - - - ${LATERAL}`
    const b = `<134>1 2026-11-21T22:00:01Z fw-01 fw - - - ${C2}`

    const vanishing = connect(tcp, '127.0.0.1')
    sockets.push(vanishing)
    await new Promise((resolve) => vanishing.once('connect', resolve))
    vanishing.write(frame(a).slice(0, 30))
    vanishing.destroy()

    const client = connect(tcp, '127.0.0.1')
    sockets.push(client)
    await new Promise((resolve) => client.once('connect', resolve))
    const wire = Buffer.from(
      frame(a) + frame(`<134>1 - - - - - - ${'x'.repeat(2_000)}`) + frame(b) + frame(a),
    )
    for (let i = 0; i < wire.length; i += 97) client.write(wire.subarray(i, i + 97))
    await waitFor(
      'both alerts',
      () => alerts().length === 2 && alertWith('SMB lateral movement attempt')?.count === 2,
    )
    expect(rec.rejects.filter((r) => r.includes('exceeds maxMessageBytes'))).toHaveLength(1)
  })

  it('reports down, with the reason, when its port is taken', async () => {
    const { tcp } = await start({ udpPort: undefined })
    const other = createRecordingContext({ siteModel: makeSiteModel() })
    const clash = createSyslogAdapter(syslogConfigSchema.parse({ kind: 'syslog', id: 'clash', tcpPort: tcp }))
    await clash.start(other.context)
    expect(other.lastStatus()?.status).toBe('down')
    expect(other.errors.some((e) => e.includes('EADDRINUSE'))).toBe(true)
    await clash.stop()
  })

  it('parses its section of gateway/config.example.yaml', () => {
    const example = parseYaml(
      readFileSync(join(import.meta.dirname, '../../gateway/config.example.yaml'), 'utf8'),
    ) as {
      sources: { kind: string }[]
    }
    const section = example.sources.find((s) => s.kind === 'syslog')
    expect(syslogConfigSchema.safeParse(section).error).toBeUndefined()
  })
})
