/**
 * The HL7 v2 ADT adapter against a real MLLP client (a net.Socket on 127.0.0.1), with the
 * synthetic fixture set in tests/fixtures/hl7/adt. Receipts go to the recording context's sink (the
 * gateway's change log is tested with a real gateway in changeLogRestart.int.test.ts).
 */
import { readdir, readFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MllpFramer, mllpFrame } from '../../gateway/adapters/hl7v2/MllpFramer.ts'
import type { Hl7MllpAdapter } from '../../gateway/adapters/hl7v2/hl7MllpAdapter.ts'
import { createHl7MllpAdapter, hl7MllpConfigSchema } from '../../gateway/adapters/hl7v2/hl7MllpAdapter.ts'
import { makeSiteModel } from '../support/builders.ts'
import { waitFor } from '../support/daemons.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

const FIXTURES = join(import.meta.dirname, '../fixtures/hl7/adt')
const LOCATIONS = [
  { pointOfCare: 'W07', room: 'BAY1', bed: 'B01', bedId: 'w07-b01' },
  { pointOfCare: 'W07', room: 'BAY1', bed: 'B02', bedId: 'w07-b02' },
  { pointOfCare: 'W07', room: 'BAY1', bed: 'B03', bedId: 'w07-b03' },
  { pointOfCare: 'W07', room: 'BAY1', bed: 'B04', bedId: 'w07-b04' },
  { pointOfCare: 'W08', room: 'BAY2', bed: 'B01', bedId: 'w08-b01' },
  { pointOfCare: 'W08', bed: 'B02', bedId: 'w08-b02' },
]

let adapter: Hl7MllpAdapter | null = null
let rec: RecordingContext
const clients: Socket[] = []

beforeEach(() => {
  rec = createRecordingContext({ siteModel: makeSiteModel() })
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await adapter?.stop()
  adapter = null
})

async function startAdapter(overrides: Record<string, unknown> = {}): Promise<Hl7MllpAdapter> {
  const config = hl7MllpConfigSchema.parse({
    kind: 'hl7-mllp',
    id: 'pas-adt',
    port: 0,
    locations: LOCATIONS,
    nctr: { field: 'ZBD-2' },
    ...overrides,
  })
  const created = createHl7MllpAdapter(config)
  await created.start(rec.context)
  adapter = created
  return created
}

type Ack = { code: string; controlId: string; text: string; receiptHadId: boolean }

/** Whether a receipt was recorded for a control id (keys are MSH-3, MSH-4 and MSH-10). */
const hasReceipt = (controlId: string): boolean =>
  [...rec.receipts.keys()].some((key) => key.endsWith(`\u0000${controlId}`))

/** An MLLP client that reads ACK frames and, as each arrives, checks the receipts recorded. */
class MllpClient {
  readonly socket: Socket
  readonly acks: Ack[] = []
  readonly #framer = new MllpFramer(1 << 20)

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    clients.push(this.socket)
    this.socket.on('data', (chunk: Buffer) => {
      for (const e of this.#framer.push(chunk)) {
        if (e.kind !== 'frame') continue
        const text = e.payload.toString('utf8')
        const msa =
          text
            .split('\r')
            .find((s) => s.startsWith('MSA|'))
            ?.split('|') ?? []
        const controlId = msa[2] ?? ''
        this.acks.push({ code: msa[1] ?? '', controlId, text, receiptHadId: hasReceipt(controlId) })
      }
    })
  }

  async connected(): Promise<void> {
    if (!this.socket.connecting) return
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve)
      this.socket.once('error', reject)
    })
  }

  /** Sends one message (segments joined with CR, as on the wire) and waits for its ACK. */
  async send(message: string): Promise<Ack> {
    const before = this.acks.length
    this.socket.write(mllpFrame(message))
    return waitFor('an ACK', () => this.acks[before], { timeoutMs: 10_000 })
  }
}

const wire = (text: string): string => text.replace(/\r?\n/g, '\r').replace(/\r+$/, '')

async function fixture(name: string): Promise<string> {
  return wire(await readFile(join(FIXTURES, name), 'utf8'))
}

const bed = (id: string): unknown => rec.entities.beds.get(id)

describe('HL7 v2 ADT over MLLP', () => {
  it('plays the fixture set: bed states end as expected, bad messages get AE/AR and the next still applies', async () => {
    const a = await startAdapter()
    const client = new MllpClient(a.port() ?? 0)
    await client.connected()
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.hl7')).sort()
    expect(files).toHaveLength(18)
    const codes: Record<string, string> = {}
    for (const file of files) codes[file.slice(0, 2)] = (await client.send(await fixture(file))).code

    expect(codes).toMatchObject({
      '01': 'AA',
      '09': 'AA',
      '10': 'AE',
      '11': 'AR',
      '12': 'AR',
      '13': 'AA',
      '18': 'AA',
    })
    expect(Object.values(codes).filter((c) => c === 'AA')).toHaveLength(15)
    // Every ACK with a control id arrived only after its receipt was recorded.
    for (const ack of client.acks.filter((k) => k.controlId !== '')) expect(ack.receiptHadId).toBe(true)

    expect(bed('w07-b01')).toMatchObject({ status: 'unoccupied' })
    expect(bed('w07-b02')).toMatchObject({ status: 'occupied', nctr: true })
    expect(bed('w07-b03')).toMatchObject({ status: 'closed', closedReason: 'other' })
    expect(bed('w07-b04')).toMatchObject({ status: 'unoccupied' })
    expect(bed('w08-b01')).toMatchObject({ status: 'occupied' })
    expect(bed('w08-b02')).toMatchObject({ status: 'unoccupied' })
    expect(rec.invalid).toEqual([])

    const ae = client.acks.find((k) => k.controlId === 'MSG00010')
    // Separators inside ERR text are escaped (\S\ for ^), as HL7 requires.
    expect(ae?.text).toContain('ERR||PV1^1^3|103^unknown bed location W99\\S\\BAY9\\S\\B99^HL70357|E')
    expect(client.acks.find((k) => k.controlId === 'MSG00012')?.text).toContain('|201^')
    expect(rec.rejects.length).toBeGreaterThanOrEqual(3)
    expect(rec.lastStatus()?.status).toBe('up')
  })

  it('never lets a patient identifier past the adapter: ops, rejects and receipts hold none', async () => {
    const a = await startAdapter()
    const client = new MllpClient(a.port() ?? 0)
    await client.connected()
    for (const file of (await readdir(FIXTURES)).sort()) await client.send(await fixture(file))
    const everything = JSON.stringify([rec.accepted, rec.rejects, rec.errors, [...rec.receipts]])
    for (const secret of [
      '999000000',
      'PATIENT',
      'TEST STREET',
      '19700101',
      'RELATIVE',
      'V000000',
      'TST00',
    ]) {
      expect(everything).not.toContain(secret)
    }
  })

  it('applies a repeated MSH-10 once, re-acknowledging it, also after a restart', async () => {
    const a = await startAdapter()
    let client = new MllpClient(a.port() ?? 0)
    await client.connected()
    const admit = await fixture('01-a01-admit-w07-b01.hl7')
    const atStart = rec.accepted.length
    expect((await client.send(admit)).code).toBe('AA')
    expect((await client.send(admit)).code).toBe('AA')
    expect(rec.accepted).toHaveLength(atStart + 1)

    // The bed is cleaned and freed; a late re-send of the admission must not re-occupy it.
    expect((await client.send(await fixture('07-a20-cleaned-w07-b01.hl7'))).code).toBe('AA')
    expect((await client.send(admit)).code).toBe('AA')
    expect(bed('w07-b01')).toMatchObject({ status: 'unoccupied' })

    await a.stop()
    const restarted = await startAdapter()
    client = new MllpClient(restarted.port() ?? 0)
    await client.connected()
    const opsBefore = rec.accepted.length
    expect((await client.send(admit)).code).toBe('AA')
    expect(rec.accepted).toHaveLength(opsBefore)
    expect(bed('w07-b01')).toMatchObject({ status: 'unoccupied' })
    // A repeated rejected message keeps its original code.
    expect((await client.send(await fixture('10-a01-unknown-location.hl7'))).code).toBe('AE')
    expect((await client.send(await fixture('10-a01-unknown-location.hl7'))).code).toBe('AE')
  })

  it('copes with split frames, several frames per write, garbage between frames and oversized frames', async () => {
    const a = await startAdapter({ maxFrameBytes: 2_048 })
    const client = new MllpClient(a.port() ?? 0)
    await client.connected()
    const one = mllpFrame(await fixture('01-a01-admit-w07-b01.hl7'))
    for (let i = 0; i < one.length; i += 7) client.socket.write(one.subarray(i, i + 7))
    await waitFor('first ACK', () => client.acks[0])

    const big = `MSH|^~\\&|PAS|RWH|WF|RWH|20261121||ADT^A01|BIG00001|P|2.5\rZZZ|${'x'.repeat(5_000)}`
    client.socket.write(
      Buffer.concat([
        Buffer.from('junk between frames'),
        mllpFrame(big),
        mllpFrame(await fixture('02-a01-admit-w07-b02.hl7')),
        mllpFrame(await fixture('06-a20-close-w07-b03.hl7')),
      ]),
    )
    await waitFor('four ACKs', () => client.acks.length >= 4)
    expect(client.acks.map((k) => [k.controlId, k.code])).toEqual([
      ['MSG00001', 'AA'],
      ['BIG00001', 'AR'],
      ['MSG00002', 'AA'],
      ['MSG00006', 'AA'],
    ])
    expect(bed('w07-b03')).toMatchObject({ status: 'closed' })
    expect(rec.rejects.some((r) => r.includes('outside MLLP frames'))).toBe(true)
  })

  it('serves many connections at once and survives a peer vanishing mid-frame', async () => {
    const a = await startAdapter()
    const port = a.port() ?? 0
    const dropper = new MllpClient(port)
    await dropper.connected()
    dropper.socket.write(mllpFrame(await fixture('01-a01-admit-w07-b01.hl7')).subarray(0, 40))
    dropper.socket.destroy()

    const template = await fixture('06-a20-close-w07-b03.hl7')
    const many = Array.from({ length: 20 }, () => new MllpClient(port))
    await Promise.all(many.map((c) => c.connected()))
    const acks = await Promise.all(
      many.map((c, i) => c.send(template.replace('MSG00006', `PAR${String(i).padStart(5, '0')}`))),
    )
    expect(acks.every((k) => k.code === 'AA' && k.receiptHadId)).toBe(true)
    // The same control id on two connections at once is still applied only once.
    const twins = [new MllpClient(port), new MllpClient(port)]
    await Promise.all(twins.map((c) => c.connected()))
    const opsBefore = rec.accepted.length
    const twinAcks = await Promise.all(twins.map((c) => c.send(template.replace('MSG00006', 'TWIN0001'))))
    expect(twinAcks.map((k) => k.code)).toEqual(['AA', 'AA'])
    expect(rec.accepted.length - opsBefore).toBe(1)
  })

  it('reports down when it cannot listen', async () => {
    const first = await startAdapter()
    const clash = createHl7MllpAdapter(
      hl7MllpConfigSchema.parse({ kind: 'hl7-mllp', id: 'clash', port: first.port(), locations: LOCATIONS }),
    )
    const other = createRecordingContext({ siteModel: makeSiteModel() })
    await clash.start(other.context)
    expect(other.lastStatus()?.status).toBe('down')
    expect(other.errors.some((e) => e.includes('EADDRINUSE'))).toBe(true)
    await clash.stop()
  })

  it('acknowledges nothing the change log did not take, and answers the re-send once it can', async () => {
    const a = await startAdapter()
    const admit = await fixture('01-a01-admit-w07-b01.hl7')
    rec.failCommits('disk full')
    const first = new MllpClient(a.port() ?? 0)
    await first.connected()
    first.socket.write(mllpFrame(admit))
    // No ACK: the connection is dropped so the engine re-sends, and the source says why.
    await new Promise<void>((resolve) => first.socket.once('close', () => resolve()))
    expect(first.acks).toEqual([])
    expect(rec.lastStatus()).toMatchObject({ status: 'degraded' })
    expect(rec.errors).toContain('change log write failed')

    rec.failCommits(null)
    const again = new MllpClient(a.port() ?? 0)
    await again.connected()
    const applied = rec.accepted.length
    expect((await again.send(admit)).code).toBe('AA')
    // The first attempt's change was held, not lost: the re-send is its duplicate, not a second admit.
    expect(rec.accepted).toHaveLength(applied)
    expect(bed('w07-b01')).toMatchObject({ status: 'occupied' })
    expect(rec.lastStatus()?.status).toBe('up')
  })

  it('keys duplicates by sender and control id, and refuses a reused id with other content', async () => {
    const a = await startAdapter()
    const client = new MllpClient(a.port() ?? 0)
    await client.connected()
    const fromPas = await fixture('01-a01-admit-w07-b01.hl7')
    // The ED system happens to use the same control id for its own message about another bed.
    const fromEd = (await fixture('02-a01-admit-w07-b02.hl7'))
      .replace('|PAS|RWH|', '|EDIS|RWH|')
      .replace(/\|MSG00002\|/, '|MSG00001|')
    expect((await client.send(fromPas)).code).toBe('AA')
    expect((await client.send(fromEd)).code).toBe('AA')
    expect(bed('w07-b01')).toMatchObject({ status: 'occupied' })
    expect(bed('w07-b02')).toMatchObject({ status: 'occupied' })

    // The PAS reusing MSG00001 for a different message is not a re-send: AE, counted, not applied.
    const reused = (await fixture('03-a02-transfer-w07-b01-to-w08-b01.hl7')).replace(
      /\|MSG0000\d\|/,
      '|MSG00001|',
    )
    const rejectsBefore = rec.rejects.length
    const ack = await client.send(reused)
    expect(ack.code).toBe('AE')
    expect(ack.text).toContain('already used by this sender for a different message')
    expect(rec.rejects.length).toBe(rejectsBefore + 1)
    expect(bed('w07-b01')).toMatchObject({ status: 'occupied' })
  })

  it('marks the beds of the board it has no state for unknown, and an update does not invent a status', async () => {
    const siteModel = makeSiteModel()
    const bedId = siteModel.beds[0]?.id ?? ''
    await startAdapter({ locations: [...LOCATIONS, { pointOfCare: 'W01', room: 'BAY1', bed: 'B01', bedId }] })
    expect(bed(bedId)).toMatchObject({ status: 'unknown' })
    const client = new MllpClient(adapter?.port() ?? 0)
    await client.connected()
    // An A08 for a bed with no known state changes its flags only: still unknown, not "available".
    const update = (await fixture('01-a01-admit-w07-b01.hl7'))
      .replace('ADT^A01^ADT_A01', 'ADT^A08^ADT_A01')
      .replace('EVN|A01', 'EVN|A08')
      .replace('W07^BAY1^B01', 'W01^BAY1^B01')
      .replace('MSG00001', 'UPD00001')
    expect((await client.send(update)).code).toBe('AA')
    expect(bed(bedId)).toMatchObject({ status: 'unknown' })
  })

  it('parses its section of gateway/config.example.yaml', () => {
    const example = parseYaml(
      readFileSync(join(import.meta.dirname, '../../gateway/config.example.yaml'), 'utf8'),
    ) as {
      sources: { kind: string }[]
    }
    const section = example.sources.find((s) => s.kind === 'hl7-mllp')
    expect(hl7MllpConfigSchema.safeParse(section).error).toBeUndefined()
  })
})
