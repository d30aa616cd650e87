import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildAck } from './buildAck.ts'
import { MllpFramer, mllpFrame } from './MllpFramer.ts'
import { parseHl7Message, unescapeHl7, type Hl7Header } from './parseHl7Message.ts'

const STD = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' }

function header(overrides: Partial<Hl7Header> = {}): Hl7Header {
  return {
    sendingApplication: 'PAS',
    sendingFacility: 'RWH',
    receivingApplication: 'WATCHFLOOR',
    receivingFacility: 'RWH',
    messageDateTime: '20261121080100',
    messageType: 'ADT',
    triggerEvent: 'A01',
    controlId: 'MSG00001',
    processingId: 'P',
    versionId: '2.5',
    ...overrides,
  }
}

const ack = (original: Hl7Header | null, code: 'AA' | 'AE' | 'AR' = 'AA'): string =>
  buildAck({
    code,
    original,
    application: 'WATCHFLOOR',
    facility: 'RWH',
    controlId: 'WF1',
    now: Date.UTC(2026, 10, 21, 8, 1),
    error: code === 'AA' ? undefined : { location: 'MSH', code: '100', text: 'bad\u001cthing' },
  })

/** What the sender's MLLP reader gets from our ACK: every frame, in order. */
function framesOf(text: string): string[] {
  const events = new MllpFramer(1 << 20).push(mllpFrame(text))
  return events.flatMap((e) => (e.kind === 'frame' ? [e.payload.toString('utf8')] : []))
}

const msa2 = (text: string): string | undefined => {
  const msa = text.split('\r').find((segment) => segment.startsWith('MSA|'))
  return msa === undefined ? undefined : unescapeHl7(msa.split('|')[2] ?? '', STD)
}

describe('buildAck', () => {
  it('writes a decoded \\X1C\\ or \\X0B\\ from MSH-3…MSH-12 back as its escape: one whole frame, MSA included', () => {
    // What the parser makes of `P\X1C\AS` (MSH-3), `R\X0B\WH` (MSH-4) and `C\X1C\1` (MSH-10).
    const parsed = parseHl7Message(
      'MSH|^~\\&|P\\X1C\\AS|R\\X0B\\WH|WF|RWH|20261121||ADT^A01|C\\X1C\\1|P|2.5\rPV1|1|I|W07^BAY1^B01',
    )
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.message.header.controlId).toBe('C\u001c1')
    const text = ack(parsed.message.header, 'AE')
    expect([...text].filter((c) => c < ' ' && c !== '\r')).toEqual([])
    const frames = framesOf(text)
    expect(frames).toHaveLength(1)
    expect(frames[0]).toContain('MSH|^~\\&|WATCHFLOOR|RWH|P\\X1C\\AS|R\\X0B\\WH|')
    expect(msa2(frames[0] ?? '')).toBe('C\u001c1')
    expect(frames[0]).toContain('ERR||MSH|100^bad\\X1C\\thing^HL70357|E')
  })

  it('keeps any header the parser can produce inside one frame, and MSA-2 decodes to the control id', () => {
    const value = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\u000b', '\u001c', '\u0000', '\u007f', '|', '^', '\\', '&', '~'),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
      maxLength: 30,
    })
    fc.assert(
      fc.property(value, value, value, value, value, (app, facility, event, controlId, version) => {
        const text = ack(
          header({
            sendingApplication: app,
            sendingFacility: facility,
            triggerEvent: event,
            controlId,
            versionId: version,
          }),
        )
        expect([...text].some((c) => (c < ' ' && c !== '\r') || c === '\u007f')).toBe(false)
        const frames = framesOf(text)
        expect(frames).toHaveLength(1)
        expect(msa2(frames[0] ?? '')).toBe(controlId.replace(/[\r\n]/g, ' '))
      }),
      { numRuns: 2_000 },
    )
  })

  it("declares the message's version when supported, and 2.5 for any other", () => {
    const mshOf = (text: string): string[] => (text.split('\r')[0] ?? '').split('|')
    expect(mshOf(ack(header({ versionId: '2.3.1' })))[11]).toBe('2.3.1')
    for (const versionId of ['3.0', '9.9', '', 'x\u001c'])
      expect(mshOf(ack(header({ versionId })))[11]).toBe('2.5')
    expect(mshOf(ack(null, 'AR'))[11]).toBe('2.5')
  })
})
