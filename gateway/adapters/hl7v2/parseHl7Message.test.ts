import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseHl7DateTime, parseHl7Message, SUPPORTED_HL7_VERSIONS, unescapeHl7 } from './parseHl7Message.ts'

const STD = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' }

function msg(...segments: string[]): string {
  return segments.join('\r')
}

const A01 = msg(
  'MSH|^~\\&|PAS|RWH|WATCHFLOOR|RWH|20261121080100||ADT^A01^ADT_A01|MSG00001|P|2.5',
  'EVN|A01|20261121080100',
  'PID|1||9990000001^^^NHS^NH||TEST^PATIENT^ONE||19700101|U|||1 TEST STREET^^TESTTOWN||01234 000001',
  'NK1|1|TEST^RELATIVE|SPO',
  'PV1|1|I|W07^BAY1^B01^RWH|||W06^BAY3^B02||C0000001^TEST^DOCTOR|||||||||||V0000001',
  'PV2|||||||||20261121',
)

describe('parseHl7Message', () => {
  it('reads the header, event and bed locations of an ADT message', () => {
    const result = parseHl7Message(A01)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const m = result.message
    expect(m.header).toMatchObject({
      messageType: 'ADT',
      triggerEvent: 'A01',
      controlId: 'MSG00001',
      versionId: '2.5',
    })
    expect(m.header.sendingApplication).toBe('PAS')
    expect(m.event).toEqual({ eventTypeCode: 'A01', recordedDateTime: '20261121080100' })
    expect(m.visits).toHaveLength(1)
    expect(m.visits[0]).toMatchObject({
      patientClass: 'I',
      assignedLocation: { pointOfCare: 'W07', room: 'BAY1', bed: 'B01', facility: 'RWH' },
      priorLocation: { pointOfCare: 'W06', room: 'BAY3', bed: 'B02', facility: '' },
      temporaryLocation: null,
      expectedDischargeDateTime: '20261121',
    })
  })

  it('drops patient identifiers, name, date of birth, address, phone, next of kin and visit number', () => {
    const result = parseHl7Message(A01)
    const json = JSON.stringify(result)
    for (const secret of [
      '9990000001',
      'PATIENT',
      '19700101',
      'TEST STREET',
      '01234',
      'RELATIVE',
      'DOCTOR',
      'V0000001',
    ]) {
      expect(json).not.toContain(secret)
    }
  })

  it('tolerates LF and CRLF segment separators and leading whitespace', () => {
    for (const sep of ['\n', '\r\n', '\n\n']) {
      const result = parseHl7Message(A01.split('\r').join(sep) + sep)
      expect(result.ok && result.message.visits[0]?.assignedLocation?.bed).toBe('B01')
    }
  })

  it('uses the separators declared in MSH-1/MSH-2', () => {
    const custom = msg('MSH#*@!%#PAS#RWH#WF#RWH#20261121##ADT*A02#C1#P#2.4', 'PV1#1#I#W07*BAY1*B01%X#')
    const result = parseHl7Message(custom)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.message.header.triggerEvent).toBe('A02')
    expect(result.message.visits[0]?.assignedLocation).toEqual({
      pointOfCare: 'W07',
      room: 'BAY1',
      bed: 'B01',
      facility: '',
    })
  })

  it('decodes escape sequences in the fields it keeps', () => {
    const result = parseHl7Message(
      msg('MSH|^~\\&|PAS|RWH|WF|RWH|1||ADT^A01|C1|P|2.5', 'PV1|1|I|W\\F\\7^BAY\\S\\1^B\\X4142\\\\.br\\'),
    )
    expect(result.ok && result.message.visits[0]?.assignedLocation).toEqual({
      pointOfCare: 'W|7',
      room: 'BAY^1',
      bed: 'BAB',
      facility: '',
    })
  })

  it('unescapes every standard sequence and keeps an unterminated one literally', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', STD)).toBe('a|b^c&d~e\\f')
    expect(unescapeHl7('x\\H\\bold\\N\\', STD)).toBe('xbold')
    expect(unescapeHl7('tail\\F', STD)).toBe('tail\\F')
  })

  it('reads two PV1 groups for A17 and NPU for A20', () => {
    const a17 = parseHl7Message(
      msg(
        'MSH|^~\\&|P|F|W|F|1||ADT^A17|C2|P|2.5',
        'PID|1||1',
        'PV1|1|I|W1^R^B1',
        'PID|2||2',
        'PV1|1|I|W1^R^B2',
      ),
    )
    expect(a17.ok && a17.message.visits.map((v) => v.assignedLocation?.bed)).toEqual(['B1', 'B2'])
    const a20 = parseHl7Message(msg('MSH|^~\\&|P|F|W|F|1||ADT^A20|C3|P|2.5', 'NPU|W1^R^B3|k'))
    expect(a20.ok && a20.message.bedStatusUpdate).toEqual({
      location: { pointOfCare: 'W1', room: 'R', bed: 'B3', facility: '' },
      status: 'K',
    })
  })

  it('exposes configured Z-segment fields but never PID fields', () => {
    const text = msg(
      'MSH|^~\\&|P|F|W|F|1||ADT^A08|C4|P|2.5',
      'PID|1||SECRET1||NAME1',
      'PV1|1|I|W1^R^B1',
      'ZBD|1|Y',
    )
    const result = parseHl7Message(text, {
      extraFields: [
        { segment: 'ZBD', field: 2 },
        { segment: 'PID', field: 3 },
      ],
    })
    expect(result.ok && result.message.extra).toEqual({ 'ZBD-2': 'Y' })
    expect(JSON.stringify(result)).not.toContain('SECRET1')
  })

  it('returns a structural error, with what it could read, for broken messages', () => {
    expect(parseHl7Message('')).toMatchObject({ ok: false, code: 'empty' })
    expect(parseHl7Message('PID|1||X')).toMatchObject({ ok: false, code: 'no-msh' })
    expect(parseHl7Message('MSH|^~|P')).toMatchObject({ ok: false, code: 'bad-encoding' })
    expect(parseHl7Message('MSH|^^\\&|P')).toMatchObject({ ok: false, code: 'bad-encoding' })
    expect(parseHl7Message('MSH|^~\\&|P|F|W|F|1||ADT^A01||P|2.5')).toMatchObject({
      ok: false,
      code: 'missing-control-id',
    })
    expect(parseHl7Message(`MSH|^~\\&|P|F|W|F|1||ADT^A01|${'9'.repeat(300)}|P|2.5`)).toMatchObject({
      ok: false,
      code: 'bad-control-id',
      header: { controlId: '9'.repeat(199) },
    })
    const noType = parseHl7Message('MSH|^~\\&|P|F|W|F|1|||C9|P|2.5')
    expect(noType).toMatchObject({ ok: false, code: 'missing-message-type', header: { controlId: 'C9' } })
  })

  it('accepts every v2 release from 2.1 to 2.8.2 in MSH-12 (with or without components)', () => {
    for (const version of SUPPORTED_HL7_VERSIONS) {
      const result = parseHl7Message(
        `MSH|^~\\&|P|F|W|F|1||ADT^A01|C1|P|${version}^GBR^HL70399\rPV1|1|I|W1^R^B1`,
      )
      expect(result.ok && result.message.header.versionId).toBe(version)
    }
    expect(SUPPORTED_HL7_VERSIONS).toEqual([
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
    ])
  })

  it('refuses any other MSH-12 (3.0, 9.9, empty, garbage) with ERR-3 203 at MSH-12, keeping the control id', () => {
    for (const version of ['3.0', '9.9', '', '2', '2.9', 'V2.5', '2.5.1.1', '\\X1C\\']) {
      const result = parseHl7Message(`MSH|^~\\&|P|F|W|F|1||ADT^A01|C7|P|${version}\rPV1|1|I|W1^R^B1`)
      expect({ version, result }).toMatchObject({
        version,
        result: {
          ok: false,
          code: 'unsupported-version',
          ackError: { code: '203', location: 'MSH^1^12' },
          header: { controlId: 'C7' },
        },
      })
    }
    const noVersionField = parseHl7Message('MSH|^~\\&|P|F|W|F|1||ADT^A01|C8|P\rPV1|1|I|W1^R^B1')
    expect(noVersionField).toMatchObject({ ok: false, code: 'unsupported-version' })
  })
})

describe('parseHl7DateTime', () => {
  it('reads HL7 DTM with any precision and an optional offset', () => {
    expect(parseHl7DateTime('20261121')).toBe(Date.UTC(2026, 10, 21))
    expect(parseHl7DateTime('202611210830')).toBe(Date.UTC(2026, 10, 21, 8, 30))
    expect(parseHl7DateTime('20261121083015.123+0100')).toBe(Date.UTC(2026, 10, 21, 7, 30, 15))
    expect(parseHl7DateTime('garbage')).toBeNull()
    expect(parseHl7DateTime('20261341')).toBeNull()
  })
})

// -------------------------------------------------------------------------------------------
// Properties

/** Values that look like identifiers or names: long enough not to occur by chance elsewhere. */
const secretArb = fc
  .string({
    unit: fc.constantFrom(..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789 -'".split('')),
    minLength: 8,
    maxLength: 24,
  })
  .filter((s) => s.trim().length >= 8)

const locationArb = fc.tuple(
  fc.constantFrom('W07', 'W08', 'AMU', 'ICU'),
  fc.constantFrom('BAY1', 'SR2', ''),
  fc.constantFrom('B01', 'B02', 'B10'),
)

describe('parseHl7Message properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), (text) => {
        parseHl7Message(text, { extraFields: [{ segment: 'ZBD', field: 2 }] })
      }),
      { numRuns: 2_000 },
    )
  })

  it('never throws on arbitrary bytes, nor on messages that start with MSH', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), fc.boolean(), (bytes, prefix) => {
        const text = Buffer.from(bytes).toString('utf8')
        parseHl7Message(prefix ? `MSH${text}` : text)
      }),
      { numRuns: 2_000 },
    )
  })

  it('never throws on mutated real messages', () => {
    fc.assert(
      fc.property(fc.nat(A01.length), fc.string({ maxLength: 20 }), (at, insert) => {
        parseHl7Message(A01.slice(0, at) + insert + A01.slice(at))
      }),
      { numRuns: 2_000 },
    )
  })

  it('never lets a PID-3 identifier or a PID-5 name through', () => {
    fc.assert(
      fc.property(
        secretArb,
        secretArb,
        secretArb,
        locationArb,
        fc.constantFrom('A01', 'A02', 'A03', 'A08', 'A17'),
        fc.constantFrom('\r', '\n', '\r\n'),
        (identifier, family, given, [poc, room, bed], event, sep) => {
          const text = [
            `MSH|^~\\&|PAS|RWH|WATCHFLOOR|RWH|20261121080000||ADT^${event}|C${event}|P|2.5`,
            `EVN|${event}|20261121080000`,
            `PID|1||${identifier}^^^NHS^NH~${identifier}X^^^RWH^MR||${family}^${given}^^^MX||19700101`,
            `PV1|1|I|${poc}^${room}^${bed}^RWH|||${poc}^${room}^B99`,
            `PID|2||${identifier}||${family}`,
            `PV1|1|I|${poc}^${room}^${bed}`,
            'ZBD|1|Y',
          ].join(sep)
          const json = JSON.stringify(parseHl7Message(text, { extraFields: [{ segment: 'ZBD', field: 2 }] }))
          for (const secret of [identifier, family, given]) expect(json).not.toContain(secret.trim())
        },
      ),
      { numRuns: 1_000 },
    )
  })
})
