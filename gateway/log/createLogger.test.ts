import { describe, expect, it } from 'vitest'
import { makeFakeLogClock } from '../../tests/support/makeFakeLogClock.ts'
import { createLogger, type LoggerOptions } from './createLogger.ts'

type Record = { level: string; time: string; pid: number; scope: string; msg: string } & {
  [field: string]: unknown
}

function capture(level: Parameters<typeof createLogger>[0] = 'debug', options: LoggerOptions = {}) {
  const lines: string[] = []
  const log = createLogger(level, 'gateway', (line) => lines.push(line), options)
  return { log, lines, records: (): Record[] => lines.map((line) => JSON.parse(line) as Record) }
}

describe('createLogger', () => {
  it('writes one JSON line per record: level by name, ISO time, pid, scope, msg and the fields', () => {
    const { log, lines, records } = capture()
    log.child('ingest').child('adt').warn('rejected', { source: 'adt', reason: 'segment PV1 missing' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    const [record] = records()
    expect(record).toMatchObject({
      level: 'warn',
      pid: process.pid,
      scope: 'gateway.ingest.adt',
      msg: 'rejected',
      source: 'adt',
      reason: 'segment PV1 missing',
    })
    expect(new Date(record?.time ?? '').toISOString()).toBe(record?.time)
  })

  it('drops records below its level, and writes nothing at silent', () => {
    const { log, records } = capture('warn')
    log.debug('d')
    log.info('i')
    log.warn('w')
    log.error('e')
    expect(records().map((r) => r.level)).toEqual(['warn', 'error'])
    const silent = capture('silent')
    silent.log.error('e')
    expect(silent.lines).toEqual([])
  })

  it('redacts secrets and free text at the top level and one object down (the one redaction point)', () => {
    const { log, lines } = capture()
    log.info('request', {
      token: 'canary-token-5f2a',
      headers: { authorization: 'Bearer canary-bearer-77', 'user-agent': 'curl' },
      community: 'canary-community',
      note: 'canary note about Mrs Example',
      controlId: 'canary-msh10',
      alert: { title: 'Record of canary-patient opened', id: 'a1' },
      reason: 'bad frame',
    })
    const [line = ''] = lines
    for (const canary of [
      'canary-token',
      'canary-bearer',
      'canary-community',
      'canary note',
      'canary-msh10',
      'canary-patient',
    ]) {
      expect(line).not.toContain(canary)
    }
    expect(JSON.parse(line)).toMatchObject({
      token: '[redacted]',
      headers: { authorization: '[redacted]', 'user-agent': 'curl' },
      alert: { title: '[redacted]', id: 'a1' },
      reason: 'bad frame',
    })
  })

  it('bounds a flood of one warning: a bounded number of lines, and summaries that count the rest', () => {
    const clock = makeFakeLogClock()
    const { log, records } = capture('debug', { clock })
    const mllp = log.child('source.adt')
    // One bad frame every millisecond for five minutes: 300,000 warnings.
    const N = 300_000
    for (let i = 0; i < N; i++) {
      mllp.warn('hl7 frame rejected', { code: 'AR', bytes: i })
      clock.advance(1)
    }
    // The summary of the last window is written when it ends, with no further line.
    clock.advance(60_000)
    const written = records()
    const summaries = written.filter((r) => typeof r['suppressed'] === 'number')
    const plain = written.filter((r) => r['suppressed'] === undefined)
    // 20 lines and one summary per 60 s window: 5 windows.
    expect(plain).toHaveLength(5 * 20)
    expect(summaries).toHaveLength(5)
    expect(written.length).toBeLessThanOrEqual(5 * 21)
    // Nothing is lost from the count.
    expect(plain.length + summaries.reduce((sum, r) => sum + Number(r['suppressed']), 0)).toBe(N)
    expect(summaries[0]).toMatchObject({
      level: 'warn',
      scope: 'gateway.source.adt',
      msg: 'hl7 frame rejected (… 59,980 more like this in the last 60 s)',
      suppressed: 59_980,
      windowSec: 60,
    })
  })

  it('keeps scopes and messages apart: one source flooding holds back none of another', () => {
    const clock = makeFakeLogClock()
    const { log, records } = capture('debug', { clock })
    for (let i = 0; i < 1000; i++) log.child('ingest.poison').warn('rejected', { reason: 'bad' })
    log.child('ingest.adt').warn('rejected', { reason: 'bad' })
    log.child('ingest.poison').info('source status', { status: 'degraded' })
    expect(records().filter((r) => r.scope === 'gateway.ingest.adt')).toHaveLength(1)
    expect(records().filter((r) => r.msg === 'source status')).toHaveLength(1)
  })

  it('writes every line when the repeat limit is off', () => {
    const { log, lines } = capture('debug', { repeats: false })
    for (let i = 0; i < 100; i++) log.warn('rejected')
    expect(lines).toHaveLength(100)
  })
})
