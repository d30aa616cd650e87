/**
 * What an integration engine relies on: 2,000 synthetic ADT messages over MLLP into a real gateway
 * process, which is killed (SIGKILL, no chance to flush anything) at random moments and started
 * again on the same data directory. The client behaves as Mirth or Rhapsody do: one message at a
 * time, re-send whatever was not acknowledged after reconnecting. At the end: every message was
 * acknowledged AA, the beds equal a model of the expected state (0 acknowledged messages lost),
 * and the change log shows each message's change exactly once (0 applied twice).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Bed } from '../../shared/contracts/entities.ts'
import { MllpFramer, mllpFrame } from '../../gateway/adapters/hl7v2/MllpFramer.ts'
import { makeSiteModel } from '../support/builders.ts'
import { connectClient, connected } from '../support/gatewayTestKit.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'

const MESSAGES = 2_000
const BEDS = 40
const KILLS = 5
const TOKEN = 'kill-replay-test-token'

/** A small seeded PRNG (mulberry32): the same run every time, and still "random moments". */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Status = 'unknown' | 'occupied' | 'housekeeping' | 'unoccupied'
type Planned = { readonly text: string; readonly beds: readonly string[] }

const bedCode = (index: number): string => `B${String(index + 1).padStart(2, '0')}`
const bedId = (index: number): string => `W07-${bedCode(index)}`

/** The messages, and the state every bed must end in, from a model of the ward. */
function planMessages(random: () => number): { messages: Planned[]; expected: Map<string, Status> } {
  const state = new Map<string, Status>(Array.from({ length: BEDS }, (_, i) => [bedId(i), 'unknown']))
  const messages: Planned[] = []
  const header = (event: string, n: number): string =>
    `MSH|^~\\&|PAS|RWH|WATCHFLOOR|RWH|20261201${String(100000 + n).slice(-6)}||ADT^${event}|K${String(n).padStart(6, '0')}|P|2.5\rEVN|${event}|20261201000000`
  for (let n = 0; n < MESSAGES; n += 1) {
    const index = Math.floor(random() * BEDS)
    const id = bedId(index)
    const code = bedCode(index)
    const status = state.get(id)
    if (status === 'occupied') {
      const pick = random()
      if (pick < 0.4) {
        messages.push({ text: `${header('A03', n)}\rPV1|1|I|W07^^${code}`, beds: [id] })
        state.set(id, 'housekeeping')
      } else if (pick < 0.7) {
        messages.push({ text: `${header('A08', n)}\rPV1|1|I|W07^^${code}`, beds: [id] })
      } else {
        const free = [...state].filter(([, s]) => s !== 'occupied').map(([bed]) => bed)
        const target = free[Math.floor(random() * free.length)]
        if (target === undefined) continue
        const targetCode = target.slice(4)
        messages.push({
          text: `${header('A02', n)}\rPV1|1|I|W07^^${targetCode}|||W07^^${code}`,
          beds: [id, target],
        })
        state.set(id, 'housekeeping')
        state.set(target, 'occupied')
      }
    } else if (status === 'housekeeping' && random() < 0.5) {
      messages.push({ text: `${header('A20', n)}\rNPU|W07^^${code}|U`, beds: [id] })
      state.set(id, 'unoccupied')
    } else {
      messages.push({ text: `${header('A01', n)}\rPV1|1|I|W07^^${code}`, beds: [id] })
      state.set(id, 'occupied')
    }
  }
  return { messages, expected: state }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** One MLLP connection that resolves each sent message with its ACK code, or null if the link dies. */
class EngineLink {
  readonly #socket: Socket
  readonly #framer = new MllpFramer(1 << 20)
  #waiting: ((code: string | null) => void) | null = null
  #dead = false

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.#framer.push(chunk)) {
        if (event.kind !== 'frame') continue
        const msa = event.payload
          .toString('utf8')
          .split('\r')
          .find((s) => s.startsWith('MSA|'))
        this.#settle(msa?.split('|')[1] ?? '')
      }
    })
    const die = (): void => {
      this.#dead = true
      this.#settle(null)
    }
    socket.on('close', die)
    socket.on('error', die)
  }

  static open(port: number): Promise<EngineLink | null> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve(new EngineLink(socket)))
      socket.once('error', () => resolve(null))
    })
  }

  get dead(): boolean {
    return this.#dead
  }

  send(text: string): Promise<string | null> {
    if (this.#dead) return Promise.resolve(null)
    return new Promise((resolve) => {
      this.#waiting = resolve
      this.#socket.write(mllpFrame(text))
    })
  }

  close(): void {
    this.#socket.destroy()
  }

  #settle(code: string | null): void {
    const waiting = this.#waiting
    this.#waiting = null
    waiting?.(code)
  }
}

const gateways: GatewayProcess[] = []
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop()
})

describe('HL7 over MLLP with the gateway killed at random moments', () => {
  it('loses no acknowledged message and applies none twice', { timeout: 240_000 }, async () => {
    const random = prng(20261203)
    const { messages, expected } = planMessages(random)
    expect(messages.length).toBeGreaterThanOrEqual(MESSAGES * 0.95)

    const dir = mkdtempSync(join(tmpdir(), 'wf-kill-'))
    const base = makeSiteModel()
    const template = base.beds[0]
    if (template === undefined) throw new Error('no bed in the site model')
    const siteModel = {
      ...base,
      beds: Array.from({ length: BEDS }, (_, i) => ({ ...template, id: bedId(i), label: bedCode(i) })),
    }
    writeFileSync(join(dir, 'site-model.json'), JSON.stringify(siteModel))
    const mllpPort = await freePort()
    writeFileSync(
      join(dir, 'gateway.json'),
      JSON.stringify({
        tokens: [{ token: TOKEN, name: 'test', role: 'admin' }],
        siteModel: 'site-model.json',
        sources: [{ kind: 'hl7-mllp', id: 'pas-adt', port: mllpPort, bedIdPattern: '{pointOfCare}-{bed}' }],
      }),
    )
    const dataDir = join(dir, 'data')
    const start = async (): Promise<GatewayProcess> => {
      const gateway = await startGateway({ config: join(dir, 'gateway.json'), dataDir, token: null })
      gateways.push(gateway)
      return gateway
    }

    // Kill points: after sending message k, before (or just after) its ACK.
    const killAt = new Set<number>()
    while (killAt.size < KILLS) killAt.add(50 + Math.floor(random() * (messages.length - 100)))

    let gateway = await start()
    let link: EngineLink | null = null
    let kills = 0
    let resends = 0
    for (let k = 0; k < messages.length; k += 1) {
      const message = messages[k]
      if (message === undefined) continue
      for (let attempt = 0; ; attempt += 1) {
        if (attempt > 0) resends += 1
        while (link === null || link.dead) {
          link = await EngineLink.open(mllpPort)
          // The gateway is starting again: the engine retries its connection, as engines do.
          if (link === null) await new Promise((resolve) => setImmediate(resolve))
        }
        const answer = link.send(message.text)
        if (killAt.has(k) && attempt === 0) {
          killAt.delete(k)
          // Sometimes before the commit, sometimes after it: the moment is random.
          if (random() < 0.5) await new Promise((resolve) => setImmediate(resolve))
          await gateway.kill()
          kills += 1
          gateway = await start()
        }
        const code = await answer
        if (code === null) continue
        expect(code, `message ${k}`).toBe('AA')
        break
      }
    }
    link?.close()
    expect(kills).toBe(KILLS)
    expect(resends).toBeGreaterThanOrEqual(1)

    // 0 lost: the beds are exactly the model's.
    const client = connectClient(gateway.url, TOKEN)
    await connected(client)
    const ack = await client.subscribe({ topics: ['beds'] })
    client.close()
    if (!ack.ok) throw new Error(ack.error)
    const beds = new Map((ack.snapshots[0]?.entities as Bed[]).map((bed) => [bed.id, bed.status]))
    expect(Object.fromEntries(beds)).toEqual(Object.fromEntries(expected))

    // 0 applied twice: in the log, each bed changed once per message about it (restarts only ever
    // add `unknown` for beds no message had named yet).
    const response = await fetch(`${gateway.url}/v1/history/changes?topic=beds&from=0`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    const history = (await response.json()) as { batches: { upserts: Bed[] }[]; truncated: boolean }
    expect(history.truncated).toBe(false)
    const changes = new Map<string, number>()
    for (const batch of history.batches) {
      for (const bed of batch.upserts) {
        if (bed.status !== 'unknown') changes.set(bed.id, (changes.get(bed.id) ?? 0) + 1)
      }
    }
    const perBed = new Map<string, number>()
    for (const message of messages)
      for (const bed of message.beds) perBed.set(bed, (perBed.get(bed) ?? 0) + 1)
    expect(Object.fromEntries(changes)).toEqual(Object.fromEntries(perBed))
  })
})
