/**
 * Several gateways, one state, as a trust runs them: three gateway processes on one Redis (a real
 * redis-server, AOF with fsync always, on a free loopback port), behind a TCP load balancer (in
 * this test) for both MLLP and the feed. An integration engine replays ADT through the balancer,
 * one message at a time, re-sending whatever was not acknowledged; a random gateway is killed
 * (SIGKILL) at random moments and started again, and Redis is restarted once mid-stream. Feed
 * clients stay connected through the balancer the whole time, failing over by themselves.
 *
 * At the end: every message was acknowledged AA, the beds equal a model of the expected state
 * (0 acknowledged messages lost), the log shows each message's change exactly once (0 applied
 * twice), and every client's replica equals a fresh snapshot.
 *
 * Then: Redis paused (SIGSTOP) for 30 s while clients reconnect — no gateway exits, messages
 * are not acknowledged meanwhile, and once it resumes the replay is acknowledged and lands as the
 * model says (the beds, and each bed's history since the pause: 0 lost, 0 applied twice).
 *
 * And the lease: two gateways polling one real snmpd through an SNMP source that must run once;
 * the owner is killed, the other takes the lease within the stated time and the device keeps
 * being polled.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bed, NetworkDevice } from '../../shared/contracts/entities.ts'
import { MllpFramer, mllpFrame } from '../../gateway/adapters/hl7v2/MllpFramer.ts'
import { makeSiteModel } from '../support/builders.ts'
import { freePort, startSnmpd, waitFor, type Daemon } from '../support/daemons.ts'
import { FeedReplica, expectSameState } from '../support/feedReplica.ts'
import { connectClient, connected } from '../support/gatewayTestKit.ts'
import { startRedisServer, type RedisServer } from '../support/redisServer.ts'
import { startResumingClient, type ResumingClient } from '../support/resumingClient.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'
import { startTcpBalancer, type TcpBalancer } from '../support/tcpBalancer.ts'

const MESSAGES = 1_200
const BEDS = 40
const KILLS = 3
const TOKEN = 'cluster-failover-token'
const GATEWAYS = 3

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
/** A message and, per bed it names, the status it leaves that bed in. */
type Planned = {
  readonly text: string
  readonly beds: readonly string[]
  readonly statuses: readonly Status[]
}
const bedCode = (index: number): string => `B${String(index + 1).padStart(2, '0')}`
const bedId = (index: number): string => `W07-${bedCode(index)}`

/** The same ward model as hl7KillReplay.int.test.ts: A01, A02, A03, A08, A20 over 40 beds. */
function planMessages(random: () => number, count: number, from = 0, state?: Map<string, Status>) {
  const beds = state ?? new Map<string, Status>(Array.from({ length: BEDS }, (_, i) => [bedId(i), 'unknown']))
  const messages: Planned[] = []
  const header = (event: string, n: number): string =>
    `MSH|^~\\&|PAS|RWH|WATCHFLOOR|RWH|20261201${String(100000 + n).slice(-6)}||ADT^${event}|C${String(n).padStart(6, '0')}|P|2.5\rEVN|${event}|20261201000000`
  for (let n = from; n < from + count; n += 1) {
    const index = Math.floor(random() * BEDS)
    const id = bedId(index)
    const code = bedCode(index)
    const status = beds.get(id)
    if (status === 'occupied') {
      const pick = random()
      if (pick < 0.4) {
        messages.push({
          text: `${header('A03', n)}\rPV1|1|I|W07^^${code}`,
          beds: [id],
          statuses: ['housekeeping'],
        })
        beds.set(id, 'housekeeping')
      } else if (pick < 0.7) {
        messages.push({
          text: `${header('A08', n)}\rPV1|1|I|W07^^${code}`,
          beds: [id],
          statuses: ['occupied'],
        })
      } else {
        const free = [...beds].filter(([, s]) => s !== 'occupied').map(([bed]) => bed)
        const target = free[Math.floor(random() * free.length)]
        if (target === undefined) continue
        messages.push({
          text: `${header('A02', n)}\rPV1|1|I|W07^^${target.slice(4)}|||W07^^${code}`,
          beds: [id, target],
          statuses: ['housekeeping', 'occupied'],
        })
        beds.set(id, 'housekeeping')
        beds.set(target, 'occupied')
      }
    } else if (status === 'housekeeping' && random() < 0.5) {
      messages.push({
        text: `${header('A20', n)}\rNPU|W07^^${code}|U`,
        beds: [id],
        statuses: ['unoccupied'],
      })
      beds.set(id, 'unoccupied')
    } else {
      messages.push({
        text: `${header('A01', n)}\rPV1|1|I|W07^^${code}`,
        beds: [id],
        statuses: ['occupied'],
      })
      beds.set(id, 'occupied')
    }
  }
  return { messages, expected: beds }
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
  /** Resolves with the ACK code, or null when the link dies or no answer comes in `timeoutMs`. */
  send(text: string, timeoutMs = 10_000): Promise<string | null> {
    if (this.#dead) return Promise.resolve(null)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // An engine's reply timeout: it drops the link and re-sends on a new one.
        this.#settle(null)
        this.close()
      }, timeoutMs)
      this.#waiting = (code) => {
        clearTimeout(timer)
        resolve(code)
      }
      this.#socket.write(mllpFrame(text))
    })
  }
  close(): void {
    this.#dead = true
    this.#socket.destroy()
  }
  #settle(code: string | null): void {
    const waiting = this.#waiting
    this.#waiting = null
    waiting?.(code)
  }
}

type Node = { gateway: GatewayProcess; config: string; mllpPort: number; httpPort: number }

let redis: RedisServer
let dir = ''
const nodes: Node[] = []
let mllpBalancer: TcpBalancer
let feedBalancer: TcpBalancer
const clients: ResumingClient[] = []

async function startNode(config: string, httpPort = 0): Promise<GatewayProcess> {
  return startGateway({ config, port: httpPort, token: null, timeoutMs: 60_000 })
}

beforeAll(async () => {
  redis = await startRedisServer()
  dir = mkdtempSync(join(tmpdir(), 'wf-cluster-'))
  const base = makeSiteModel()
  const template = base.beds[0]
  if (template === undefined) throw new Error('no bed in the site model')
  writeFileSync(
    join(dir, 'site-model.json'),
    JSON.stringify({
      ...base,
      beds: Array.from({ length: BEDS }, (_, i) => ({ ...template, id: bedId(i), label: bedCode(i) })),
    }),
  )
  for (let n = 0; n < GATEWAYS; n += 1) {
    const mllpPort = await freePort('tcp')
    const config = join(dir, `gateway-${n}.json`)
    writeFileSync(
      config,
      JSON.stringify({
        tokens: [{ token: TOKEN, name: 'test', role: 'admin' }],
        siteModel: 'site-model.json',
        server: { tickMs: 20 },
        sources: [{ kind: 'hl7-mllp', id: 'pas-adt', port: mllpPort, bedIdPattern: '{pointOfCare}-{bed}' }],
        cluster: { redisUrl: redis.url, name: 'failover', commandTimeoutMs: 1_000 },
      }),
    )
    const gateway = await startNode(config)
    nodes.push({ gateway, config, mllpPort, httpPort: gateway.port })
  }
  mllpBalancer = await startTcpBalancer(nodes.map((node) => node.mllpPort))
  feedBalancer = await startTcpBalancer(nodes.map((node) => node.httpPort))
}, 180_000)

afterAll(async () => {
  for (const client of clients) client.close()
  await mllpBalancer?.close()
  await feedBalancer?.close()
  for (const node of nodes) await node.gateway.stop()
  await redis?.dispose()
})

const feedUrl = (): string => `http://127.0.0.1:${feedBalancer.port}`

async function freshSnapshot(url: string): Promise<FeedReplica> {
  const client = connectClient(url, TOKEN)
  await connected(client)
  const replica = new FeedReplica()
  replica.applyAck(await client.subscribe({ topics: ['beds'] }))
  client.close()
  return replica
}

/**
 * Waits until every gateway has followed the log to its end: each gateway's beds seq is the log's
 * last (the counter in Redis, which the last acknowledged message's commit has bumped). Agreeing
 * with each other is not enough: right after Redis returns from a pause every gateway is still at
 * the seq it had before it, the same on all of them, for the moment its follow loop takes to read
 * on. A follower (a gateway just restarted, catching up from a snapshot and the stream) may also
 * lag a moment. One that never catches up fails here, naming the seqs.
 */
async function allFollowedToTheEnd(): Promise<void> {
  const last = Number(await redis.command(['HGET', 'wf:{failover}:seqs', 'beds']))
  expect(last).toBeGreaterThan(0)
  const seqOf = async (node: Node): Promise<number> =>
    ((await (await fetch(`${node.gateway.url}/healthz`)).json()) as { seqs: { beds: number } }).seqs.beds
  let seen: number[] = []
  await waitFor("every gateway at the log's last beds seq", async () => {
    seen = await Promise.all(nodes.map(seqOf))
    return seen.every((seq) => seq === last)
  }).catch((error: unknown) => {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; beds seqs: ${seen.join(', ')}, the log's: ${last}`,
    )
  })
}

/**
 * 0 lost, 0 applied twice, in the order acknowledged: every gateway's beds are the model's, and
 * the log's history since `since` holds, per bed, exactly the statuses the planned messages give
 * it, in the plan's order (the engine sends one message at a time, the next only after an AA).
 */
async function expectTheModel(
  messages: readonly Planned[],
  expected: ReadonlyMap<string, Status>,
  since: number,
): Promise<void> {
  for (const node of nodes) {
    const fresh = await freshSnapshot(node.gateway.url)
    const beds = Object.fromEntries([...fresh.maps.beds.values()].map((bed) => [bed.id, (bed as Bed).status]))
    expect(beds, `gateway on ${node.httpPort}`).toEqual(Object.fromEntries(expected))
  }
  const response = await fetch(`${nodes[0]?.gateway.url}/v1/history/changes?topic=beds&from=${since}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  const history = (await response.json()) as { batches: { upserts: Bed[] }[]; truncated: boolean }
  expect(history.truncated).toBe(false)
  const logged = new Map<string, string[]>()
  for (const batch of history.batches)
    for (const bed of batch.upserts) logged.set(bed.id, [...(logged.get(bed.id) ?? []), bed.status])
  const planned = new Map<string, string[]>()
  for (const message of messages)
    message.beds.forEach((bed, index) =>
      planned.set(bed, [...(planned.get(bed) ?? []), message.statuses[index] ?? '?']),
    )
  expect(Object.fromEntries(logged)).toEqual(Object.fromEntries(planned))
}

/** Sends every message through the balancer until it is acknowledged AA, as an engine does. */
async function replay(
  messages: readonly Planned[],
  duringSend: (k: number) => Promise<void>,
): Promise<{ resends: number }> {
  let link: EngineLink | null = null
  let resends = 0
  for (let k = 0; k < messages.length; k += 1) {
    const message = messages[k] as Planned
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) resends += 1
      while (link === null || link.dead) {
        link = await EngineLink.open(mllpBalancer.port)
        if (link === null) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const answer = link.send(message.text)
      if (attempt === 0) await duringSend(k)
      const code = await answer
      if (code === 'AA') break
      // AE while the log is unavailable, or no answer: the engine tries again.
      expect(code === null || code === 'AE', `message ${k}: ${code}`).toBe(true)
      if (code === 'AE') await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  link?.close()
  return { resends }
}

describe('three gateways on one Redis behind a load balancer', () => {
  it(
    'loses no acknowledged message and applies none twice when gateways are killed and Redis restarts',
    { timeout: 300_000 },
    async () => {
      const random = prng(20261214)
      const { messages, expected } = planMessages(random, MESSAGES)
      for (let n = 0; n < 3; n += 1) clients.push(startResumingClient(feedUrl(), TOKEN, ['beds']))
      await waitFor('clients subscribed', () => clients.every((client) => client.ready))

      // Kill points after every bed has been named (see docs/cluster.md on `unknown` beds at start).
      const killAt = new Map<number, number>()
      while (killAt.size < KILLS)
        killAt.set(200 + Math.floor(random() * (messages.length - 300)), Math.floor(random() * GATEWAYS))
      let redisRestartAt = 200 + Math.floor(random() * (messages.length - 300))
      while (killAt.has(redisRestartAt)) redisRestartAt += 1
      let kills = 0
      let redisRestarts = 0

      const { resends } = await replay(messages, async (k) => {
        const pick = killAt.get(k)
        if (pick !== undefined) {
          // Two of the kills hit the gateway the engine is sending to (its message in flight), the
          // others a random one (the engine carries on, clients of that gateway fail over).
          const serving = nodes.findIndex((node) => node.mllpPort === mllpBalancer.lastBackend)
          const victim = kills < 2 && serving >= 0 ? serving : pick
          // Sometimes before the commit, sometimes after it.
          if (random() < 0.5) await new Promise((resolve) => setImmediate(resolve))
          const node = nodes[victim] as Node
          await node.gateway.kill()
          kills += 1
          node.gateway = await startNode(node.config, node.httpPort)
        }
        if (k === redisRestartAt) {
          await redis.restart()
          redisRestarts += 1
        }
      })
      expect(kills).toBe(KILLS)
      expect(redisRestarts).toBe(1)
      expect(resends).toBeGreaterThanOrEqual(1)
      // Traffic was spread over the gateways.
      expect([...mllpBalancer.accepted.values()].filter((count) => count > 0).length).toBeGreaterThan(1)

      // 0 lost: the beds, on every gateway, are exactly the model's (once each has followed the log).
      await allFollowedToTheEnd()
      for (const node of nodes) {
        const fresh = await freshSnapshot(node.gateway.url)
        const beds = Object.fromEntries(
          [...fresh.maps.beds.values()].map((bed) => [bed.id, (bed as Bed).status]),
        )
        expect(beds, `gateway on ${node.httpPort}`).toEqual(Object.fromEntries(expected))
      }

      // 0 applied twice: in the log, each bed changed once per message about it.
      const response = await fetch(`${nodes[0]?.gateway.url}/v1/history/changes?topic=beds&from=0`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      const history = (await response.json()) as { batches: { upserts: Bed[] }[]; truncated: boolean }
      expect(history.truncated).toBe(false)
      const changes = new Map<string, number>()
      for (const batch of history.batches)
        for (const bed of batch.upserts)
          if (bed.status !== 'unknown') changes.set(bed.id, (changes.get(bed.id) ?? 0) + 1)
      const perBed = new Map<string, number>()
      for (const message of messages)
        for (const bed of message.beds) perBed.set(bed, (perBed.get(bed) ?? 0) + 1)
      expect(Object.fromEntries(changes)).toEqual(Object.fromEntries(perBed))

      // Every client, failed over through the balancer, holds exactly a fresh snapshot.
      const fresh = await freshSnapshot(nodes[1]?.gateway.url ?? '')
      await waitFor('clients caught up', () =>
        clients.every((client) => client.ready && client.replica.seqs.beds === fresh.seqs.beds),
      )
      for (const client of clients) {
        expect(client.errors).toEqual([])
        expectSameState(client.replica, fresh, ['beds'])
      }
      // They did fail over (each lost its gateway or its link at least once), mostly by resuming.
      expect(clients.some((client) => client.connects > 1)).toBe(true)
      expect(clients.flatMap((client) => client.answers.slice(1))).toContain('resumed')
    },
  )

  it(
    'keeps every gateway running while Redis is paused for 30 s and clients reconnect',
    { timeout: 180_000 },
    async () => {
      const random = prng(77)
      const before = await freshSnapshot(nodes[0]?.gateway.url ?? '')
      const state = new Map<string, Status>(
        [...before.maps.beds.values()].map((bed) => [bed.id, (bed as Bed).status as Status]),
      )
      const { messages, expected } = planMessages(random, 60, 50_000, state)
      // The history is read from here: what the log holds of the pause and the replay after it.
      const since = Date.now() - 1
      redis.pause()
      const pausedAt = Date.now()
      try {
        // Clients reconnect during the pause (the case that used to crash the gateway ~5 s later).
        for (const client of clients) client.socket.disconnect().connect()
        const newcomers = [0, 1, 2].map(() => startResumingClient(feedUrl(), TOKEN, ['beds']))
        clients.push(...newcomers)
        // A message sent now is not acknowledged AA: Redis does not have it.
        const link = await EngineLink.open(mllpBalancer.port)
        const first = await link?.send((messages[0] as Planned).text, 5_000)
        expect(first === null || first === 'AE').toBe(true)
        link?.close()
        // The feed says why: degraded, Redis named.
        const sources = await waitFor('a degraded sources event', async () => {
          const response = await fetch(`${nodes[2]?.gateway.url}/healthz`)
          const body = (await response.json()) as {
            status: string
            sources: { status: string; detail: string }[]
          }
          return body.sources.every((source) => source.status === 'degraded') ? body.sources : null
        })
        expect(sources[0]?.detail).toMatch(/redis/i)
        await waitFor('30 s of pause', () => Date.now() - pausedAt >= 30_000, {
          timeoutMs: 40_000,
          intervalMs: 500,
        })
        for (const node of nodes)
          expect(node.gateway.child.exitCode, `gateway ${node.httpPort} exited`).toBeNull()
      } finally {
        redis.resume()
      }
      await replay(messages, () => Promise.resolve())
      for (const node of nodes) expect(node.gateway.child.exitCode).toBeNull()
      await allFollowedToTheEnd()
      await expectTheModel(messages, expected, since)
      const fresh = await freshSnapshot(nodes[0]?.gateway.url ?? '')
      await waitFor('clients caught up after the pause', () =>
        clients.every((client) => client.ready && client.replica.seqs.beds === fresh.seqs.beds),
      )
      for (const client of clients) {
        expect(client.errors).toEqual([])
        expectSameState(client.replica, fresh, ['beds'])
      }
    },
  )
})

describe('a run-once source (SNMP) in a cluster', () => {
  let agent: Daemon
  const leaseNodes: GatewayProcess[] = []
  beforeAll(async () => {
    agent = await startSnmpd({ confLines: ['rocommunity public 127.0.0.1'] })
  })
  afterAll(async () => {
    for (const gateway of leaseNodes) await gateway.stop()
    await agent?.dispose()
  })

  type Health = {
    cluster: { leases: string[]; failoverMs: number }
    sources: { id: string; detail: string | null }[]
  }
  const healthOf = async (gateway: GatewayProcess): Promise<Health> =>
    (await (await fetch(`${gateway.url}/healthz`)).json()) as Health
  const polledAt = async (gateway: GatewayProcess): Promise<number> => {
    const client = connectClient(gateway.url, TOKEN)
    await connected(client)
    const ack = await client.subscribe({ topics: ['network'] })
    client.close()
    if (!ack.ok) throw new Error(ack.error)
    const device = (ack.snapshots[0]?.entities as NetworkDevice[]).find((d) => d.id === 'core-1')
    return device?.lastPolledAt ?? 0
  }

  it(
    'moves to another gateway within the stated time when its owner is killed, and keeps polling',
    { timeout: 120_000 },
    async () => {
      const config = join(dir, 'gateway-snmp.json')
      writeFileSync(
        config,
        JSON.stringify({
          tokens: [{ token: TOKEN, name: 'test', role: 'admin' }],
          server: { tickMs: 20 },
          sources: [
            {
              kind: 'snmp',
              id: 'snmp-core',
              intervalMs: 500,
              timeoutMs: 400,
              retries: 0,
              devices: [
                {
                  id: 'core-1',
                  name: 'CORE-SW-01',
                  kind: 'core-switch',
                  siteId: 'site-a',
                  host: '127.0.0.1',
                  port: agent.port,
                  snmp: { version: '2c', community: 'public' },
                  interfaces: [{ ifIndex: 1, name: 'lo', uplink: true }],
                },
              ],
            },
          ],
          cluster: { redisUrl: redis.url, name: 'lease', leaseTtlMs: 3_000 },
        }),
      )
      for (let n = 0; n < 2; n += 1) leaseNodes.push(await startNode(config))
      const owner = await waitFor('one gateway holding the SNMP lease', async () => {
        const held = await Promise.all(
          leaseNodes.map(async (g) => (await healthOf(g)).cluster.leases.includes('source:snmp-core')),
        )
        return held.filter(Boolean).length === 1 ? held.indexOf(true) : null
      })
      const [ownerNode, other] = owner === 0 ? [leaseNodes[0], leaseNodes[1]] : [leaseNodes[1], leaseNodes[0]]
      if (ownerNode === undefined || other === undefined) throw new Error('two gateways expected')
      // The standby shows its clients the owner's health of the source.
      const standby = await healthOf(other)
      expect(standby.sources.find((source) => source.id === 'snmp-core')?.detail).toMatch(/^run by gateway /)
      const failoverMs = standby.cluster.failoverMs
      expect(failoverMs).toBe(4_000)
      // Polls reach the other gateway through the log.
      const before = await waitFor('polls on the standby', async () => {
        const at = await polledAt(other)
        return at > 0 ? at : null
      })

      await ownerNode.kill()
      const killedAt = Date.now()
      await waitFor(
        'the lease on the other gateway',
        async () => (await healthOf(other)).cluster.leases.includes('source:snmp-core'),
        { timeoutMs: failoverMs + 5_000 },
      )
      const tookMs = Date.now() - killedAt
      // The stated time, plus one check interval of slack for a loaded machine.
      expect(tookMs).toBeLessThanOrEqual(failoverMs + 1_000)
      // And the device keeps being polled, now by the survivor.
      const after = await waitFor('polls after the failover', async () => {
        const at = await polledAt(other)
        return at > before && at > killedAt ? at : null
      })
      expect(after).toBeGreaterThan(killedAt)
    },
  )
})
