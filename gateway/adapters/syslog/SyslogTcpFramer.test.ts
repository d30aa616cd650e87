import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SyslogTcpEvent } from './SyslogTcpFramer.ts'
import { SyslogTcpFramer } from './SyslogTcpFramer.ts'

const messages = (events: readonly SyslogTcpEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'message' ? [e.payload.toString('utf8')] : []))

describe('SyslogTcpFramer', () => {
  it('reads octet-counted and newline-delimited messages on the same stream', () => {
    const framer = new SyslogTcpFramer(1_000)
    const wire = '11 <13>1 hello\n<13>line one\r\n4 a\nbc<13>line two\n'
    expect(messages(framer.push(Buffer.from(wire)))).toEqual([
      '<13>1 hello',
      '<13>line one',
      'a\nbc',
      '<13>line two',
    ])
  })

  it('gives the same messages however the stream is cut', () => {
    const wire = Buffer.from('12 <13>1 héllo<13>two\n3 abc')
    for (let cut = 0; cut <= wire.length; cut++) {
      const framer = new SyslogTcpFramer(1_000)
      const out = [...framer.push(wire.subarray(0, cut)), ...framer.push(wire.subarray(cut))]
      expect(messages(out)).toEqual(['<13>1 héllo', '<13>two', 'abc'])
    }
  })

  it('skips oversized messages of both kinds and carries on', () => {
    const framer = new SyslogTcpFramer(10)
    const events = framer.push(Buffer.from(`20 ${'x'.repeat(20)}<13>${'y'.repeat(30)}\n2 ok`))
    expect(events).toEqual([
      { kind: 'oversized', bytes: 20 },
      { kind: 'oversized', bytes: 34 },
      { kind: 'message', payload: Buffer.from('ok') },
    ])
  })

  it('never throws and never yields a message over the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }), (chunks) => {
        const framer = new SyslogTcpFramer(64)
        for (const c of chunks)
          for (const e of framer.push(Buffer.from(c)))
            if (e.kind === 'message') expect(e.payload.length).toBeLessThanOrEqual(64)
      }),
    )
  })
})
