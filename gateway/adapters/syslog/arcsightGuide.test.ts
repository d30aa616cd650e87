/**
 * The examples of ArcSight's CEF guide (tests/fixtures/cef/arcsight-guide.cef, origin in its
 * README) through the adapter's own path: parseSyslog, then parseCef on the syslog message.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseCef, type CefEvent } from './parseCef.ts'
import { parseSyslog } from './parseSyslog.ts'

const NOW = Date.UTC(2026, 8, 20, 12, 0, 0)
const lines = readFileSync(new URL('../../../tests/fixtures/cef/arcsight-guide.cef', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')

function viaAdapterPath(text: string): { event: CefEvent; hostname: string | null } {
  const syslog = parseSyslog(text, NOW)
  const cef = parseCef(syslog.message)
  if (!cef.ok) throw new Error(`not parsed (${cef.reason}): ${text}`)
  return { event: cef.event, hostname: syslog.hostname }
}

describe('the ArcSight CEF guide examples', () => {
  it('has the six examples', () => expect(lines).toHaveLength(6))

  it.each([
    ['as printed (BSD header without PRI)', (line: string) => line],
    ['with a <PRI> in front, as appliances send it', (line: string) => `<134>${line}`],
  ])('parses every example %s, taking "host" as the sender and not "CEF" as a tag', (_, wrap) => {
    for (const line of lines) {
      const syslog = parseSyslog(wrap(line), NOW)
      expect(syslog).toMatchObject({ format: 'rfc3164', hostname: 'host', appName: null })
      expect(syslog.timestamp).toBe(Date.UTC(2026, 8, 19, 8, 26, 10))
      expect(syslog.message.startsWith('CEF:0|')).toBe(true)
      expect(parseCef(syslog.message).ok).toBe(true)
    }
  })

  it('parses every example bare, as SIEM forwarders send it', () => {
    for (const line of lines) {
      const bare = line.slice(line.indexOf('CEF:'))
      expect(viaAdapterPath(bare).hostname).toBeNull()
    }
  })

  it('reads the header and extension of the basic example', () => {
    const { event } = viaAdapterPath(`<134>${lines[0] ?? ''}`)
    expect(event).toMatchObject({
      version: '0',
      vendor: 'Security',
      product: 'threatmanager',
      productVersion: '1.0',
      signatureId: '100',
      name: 'worm successfully stopped',
      severity: '10',
    })
    expect(event.extensions).toMatchObject({ src: '10.0.0.1', dst: '2.1.2.2', spt: '1232' })
  })

  it("applies the guide's escaping rules: \\| in the header, a bare | and \\\\ and \\= in the extension", () => {
    const [, pipe, backslash, equals] = lines.map((line) => viaAdapterPath(line).event)
    expect(pipe?.name).toBe('detected a | in message')
    expect(pipe?.extensions).toMatchObject({ act: 'blocked a |', dst: '1.1.1.1' })
    expect(backslash?.name).toBe('detected a \\ in packet')
    expect(backslash?.extensions).toMatchObject({ act: 'blocked a \\', dst: '1.1.1.1' })
    expect(equals?.name).toBe('detected a = in message')
    expect(equals?.extensions).toMatchObject({ act: 'blocked a =', dst: '1.1.1.1' })
  })

  it('keeps labelled custom strings with spaces and drops free text (msg)', () => {
    const logger = viaAdapterPath(lines[4] ?? '').event
    expect(logger.custom).toEqual({ unit: 'null', timeframe: 'Current Value', Status: 'Ok' })
    expect(logger.extensions).toMatchObject({
      cat: '/Monitor/Sensor/Fan5',
      dvc: '10.0.0.1',
      rt: '1305034099211',
    })
    const multiLine = viaAdapterPath(lines[5] ?? '').event
    expect(multiLine.name).toBe('Detected a threat. No action needed.')
    expect(JSON.stringify(multiLine.extensions)).not.toContain('No action')
  })
})
