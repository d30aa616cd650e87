/**
 * The MLLP listener against badly behaved peers on 127.0.0.x (issue 13): a sender that half-closes
 * after its last message, too many connections from one address and in all, a slowloris peer, a
 * header with escaped control characters, an unsupported MSH-12, and identifiers in MSH-9/MSH-10
 * that must not reach the logs. Flow control (a peer that never reads its ACKs) is tested without
 * time in gateway/adapters/hl7v2/MllpTransport.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Hl7MllpAdapter } from '../../gateway/adapters/hl7v2/hl7MllpAdapter.ts'
import { createHl7MllpAdapter, hl7MllpConfigSchema } from '../../gateway/adapters/hl7v2/hl7MllpAdapter.ts'
import { MllpFramer, mllpFrame } from '../../gateway/adapters/hl7v2/MllpFramer.ts'
import type { Logger } from '../../gateway/log/Logger.ts'
import { makeSiteModel } from '../support/builders.ts'
import { waitFor } from '../support/daemons.ts'
import { createRecordingContext, type RecordingContext } from '../support/recordingAdapterContext.ts'

let dataDir = ''
let adapter: Hl7MllpAdapter | null = null
let rec: RecordingContext
let logLines: string[] = []
const sockets: Socket[] = []

/** A logger that keeps every line as JSON, to search for what must never be written. */
function recordingLogger(scope = 'test'): Logger {
  const write =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void logLines.push(JSON.stringify({ level, scope, message, ...fields }))
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => recordingLogger(`${scope}.${child}`),
  }
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wf-mllp-'))
  logLines = []
  rec = createRecordingContext({ siteModel: makeSiteModel(), log: recordingLogger() })
})
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await adapter?.stop()
  adapter = null
  await rm(dataDir, { recursive: true, force: true })
})

async function start(overrides: Record<string, unknown> = {}): Promise<number> {
  adapter = createHl7MllpAdapter(
    hl7MllpConfigSchema.parse({
      kind: 'hl7-mllp',
      id: 'pas-adt',
      port: 0,
      dataDir,
      locations: [{ pointOfCare: 'W07', room: 'BAY1', bed: 'B01', bedId: 'w07-b01' }],
      ...overrides,
    }),
  )
  await adapter.start(rec.context)
  return adapter.port() ?? 0
}

type Peer = {
  socket: Socket
  frames: string[]
  /** The server ended its side (the client is half-open, so it stays writable). */
  ended: Promise<void>
  /** The server ended or dropped the connection. */
  gone: Promise<void>
}

/** A client bound to `from` (any 127.x address is this host), recording the frames it reads. */
async function peer(port: number, from = '127.0.0.1'): Promise<Peer> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from, allowHalfOpen: true })
  sockets.push(socket)
  const framer = new MllpFramer(1 << 20)
  const frames: string[] = []
  socket.on('data', (chunk: Buffer) => {
    for (const e of framer.push(chunk)) if (e.kind === 'frame') frames.push(e.payload.toString('utf8'))
  })
  socket.on('error', () => undefined)
  const ended = new Promise<void>((resolve) => socket.once('end', resolve))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  const gone = Promise.race([ended, closed])
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return { socket, frames, ended, gone }
}

const admit = (controlId: string, msh3 = 'PAS', version = '2.5', msh9 = 'ADT^A01^ADT_A01'): string =>
  [
    `MSH|^~\\&|${msh3}|RWH|WATCHFLOOR|RWH|20261121080100||${msh9}|${controlId}|P|${version}`,
    'EVN|A01|20261121080100',
    'PID|1||9990000001^^^NHS^NH||TEST^PATIENT',
    'PV1|1|I|W07^BAY1^B01^RWH',
  ].join('\r')

const msa = (frame: string | undefined): string[] =>
  (frame ?? '')
    .split('\r')
    .find((s) => s.startsWith('MSA|'))
    ?.split('|') ?? []

describe('MLLP peers that misbehave', () => {
  it('acknowledges a sender that half-closes right after its last message, then closes its side', async () => {
    const port = await start()
    const client = await peer(port)
    client.socket.write(mllpFrame(admit('HALF0001')))
    client.socket.end()
    await client.ended
    expect(client.frames.map((f) => msa(f).slice(1, 3))).toEqual([['AA', 'HALF0001']])
    expect(rec.entities.beds.get('w07-b01')?.status).toBe('occupied')
  })

  it('refuses connections past the per-peer and overall limits, counted, logged and degraded', async () => {
    const port = await start({ maxConnections: 3, maxConnectionsPerPeer: 2 })
    const [a1, a2] = [await peer(port), await peer(port)]
    const a3 = await peer(port)
    await a3.gone
    await waitFor('the refusal', () => rec.refusals.length === 1)
    expect(rec.refusals).toEqual(['peer-limit'])
    const b1 = await peer(port, '127.0.0.2')
    const c1 = await peer(port, '127.0.0.3')
    await c1.gone
    await waitFor('the second refusal', () => rec.refusals.length === 2)
    expect(rec.refusals).toEqual(['peer-limit', 'limit'])
    expect(rec.lastStatus()).toEqual({
      status: 'degraded',
      detail: expect.stringMatching(
        /3 connection\(s\); refused 2 connection\(s\) in the last minute \(limits 3 in all, 2 per peer\)/,
      ),
    })
    expect(logLines.filter((l) => l.includes('mllp connection refused'))).toHaveLength(2)
    // The peers let in are served as before.
    for (const [client, id] of [
      [a1, 'LIM00001'],
      [a2, 'LIM00002'],
      [b1, 'LIM00003'],
    ] as const) {
      client.socket.write(mllpFrame(admit(id)))
      await waitFor(`the ACK of ${id}`, () => client.frames.length === 1)
      expect(msa(client.frames[0])[1]).toBe('AA')
    }
  })

  it('closes a slowloris peer when its frame is not complete within frameTimeoutMs, and serves others meanwhile', async () => {
    const port = await start({ frameTimeoutMs: 1_000 })
    const slow = await peer(port)
    const message = mllpFrame(admit('SLOW0001'))
    let sent = 0
    slow.socket.write(message.subarray(sent, ++sent))
    const trickle = setInterval(() => {
      if (!slow.socket.destroyed && sent < message.length - 1)
        slow.socket.write(message.subarray(sent, ++sent))
    }, 200)
    try {
      const fast = await peer(port)
      fast.socket.write(mllpFrame(admit('FAST0001')))
      await waitFor('the fast ACK', () => fast.frames.length === 1)
      await slow.gone
    } finally {
      clearInterval(trickle)
    }
    expect(sent).toBeLessThan(message.length - 1)
    expect(slow.frames).toEqual([])
    expect(rec.errors).toContain('connection closed: message not completed within frameTimeoutMs')
  })

  it('keeps escaped control characters of MSH-3…MSH-12 escaped in the ACK: one frame, MSA intact', async () => {
    const port = await start()
    const client = await peer(port)
    client.socket.write(mllpFrame(admit('C\\X1C\\0001', 'P\\X0B\\AS')))
    await waitFor('the ACK', () => client.frames.length >= 1)
    // Had <FS> or <VT> gone out raw, the reader would see a short frame without MSA, or two.
    expect(client.frames).toHaveLength(1)
    expect(msa(client.frames[0]).slice(1, 3)).toEqual(['AA', 'C\\X1C\\0001'])
    expect(client.frames[0]).toContain('|P\\X0B\\AS|')
  })

  it('answers AR 203 to an unsupported MSH-12 and applies nothing', async () => {
    const port = await start()
    const client = await peer(port)
    // At start the adapter marks the board's beds it has no state for unknown; nothing after that.
    const atStart = rec.accepted.length
    for (const [n, version] of ['3.0', '9.9', '', 'garbage'].entries()) {
      client.socket.write(mllpFrame(admit(`VER0000${n}`, 'PAS', version)))
      await waitFor(`the ACK for "${version}"`, () => client.frames.length === n + 1)
      expect(msa(client.frames[n]).slice(1, 3)).toEqual(['AR', `VER0000${n}`])
      expect(client.frames[n]).toContain('ERR||MSH^1^12|203^')
    }
    expect(rec.accepted.slice(atStart)).toEqual([])
  })

  it('never writes MSH-10 or a non-event MSH-9 to the logs or reject reasons, only a keyed tag', async () => {
    const port = await start()
    const client = await peer(port)
    const nhs = '9434765919'
    client.socket.write(mllpFrame(admit(`NHS${nhs}`)))
    client.socket.write(mllpFrame(admit(`NHS${nhs}`)))
    client.socket.write(mllpFrame(admit(`X${nhs}`, 'PAS', '2.5', `ADT^${nhs}`)))
    client.socket.write(mllpFrame(admit(`Y${nhs}`, 'PAS', '3.0')))
    await waitFor('four ACKs', () => client.frames.length === 4)
    const written = [...logLines, ...rec.rejects, ...rec.errors].join('\n')
    expect(written).not.toContain(nhs)
    expect(written).toMatch(/"controlIdTag":"h:[0-9a-f]{12}"/)
    expect(rec.rejects).toContain('hl7 other AR 201')
  })
})
