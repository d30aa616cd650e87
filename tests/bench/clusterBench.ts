/**
 * `npm run bench:cluster` — one gateway (SQLite change log, synchronous FULL) against three
 * gateways on one Redis (AOF, fsync always), in one run, at the bench rate (5,000 ev/s mixed,
 * scale 10; see bench:gateway for the synthetic source, which this reuses as its server role).
 *
 * For each: ingest → client p50/p99/max (the source stamps every change; the client is on a
 * gateway that does NOT run the source, so in the cluster every change crosses Redis), and CPU per
 * 1,000 events (all gateways plus redis-server, from process.cpuUsage and /proc). Then the
 * failover time: the client's gateway is killed (SIGKILL) and the client moves to the next
 * address; the figure is its last event before the kill → its first after. Also the lease
 * failover: the gateway running the source is killed; the figure is the last event before → the
 * first from the gateway that took the lease.
 *
 * Flags: --seconds N (measurement window, default 15), --rate EV_PER_S (5000), --scale N (10).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { io } from 'socket.io-client'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import { FEED_NAMESPACE, FeedEvent, type Batch } from '../../shared/contracts/feed.ts'
import { failoverSocketPort } from '../../shared/hub/failoverSocketPort.ts'
import { startRedisServer, type RedisServer } from '../support/redisServer.ts'
import { benchNumber, readBenchArgs } from './benchCli.ts'

const values = readBenchArgs({
  name: 'bench:cluster',
  usage: 'npm run bench:cluster -- [flags]',
  summary:
    'One gateway (SQLite) vs three on Redis at the bench rate: ingest → client p99, CPU per 1,000 events,\n' +
    'and the failover time when the client’s gateway, then the source’s gateway, is killed.',
  flags: {
    seconds: { type: 'string', arg: 'N', default: '15', help: 'measurement window per setup, in seconds' },
    rate: { type: 'string', arg: 'EV_PER_S', default: '5000', help: 'events per second' },
    scale: { type: 'string', arg: 'N', default: '10', help: 'trust size (10 = bench scale)' },
  },
  env: [],
})
const SECONDS = benchNumber('--seconds', values.seconds, 15, 1)
const RATE = benchNumber('--rate', values.rate, 5000)
const SCALE = benchNumber('--scale', values.scale, 10, 0.01)
const GATEWAY_BENCH = fileURLToPath(new URL('./gatewayBench.ts', import.meta.url))
const TOKEN = `bench-${randomBytes(8).toString('hex')}`

type Sample = { cpuUs: number; emitted: number; at: number }
type Server = {
  readonly child: ChildProcess
  readonly url: string
  readonly dir: string
  latest: Sample | null
}

function startServer(cluster: string | null): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-cluster-'))
  const args = [
    GATEWAY_BENCH,
    '--role',
    'server',
    '--token',
    TOKEN,
    '--data-dir',
    dir,
    '--rate',
    String(RATE),
    '--scale',
    String(SCALE),
    '--log',
    'full',
  ]
  if (cluster !== null) args.push('--cluster', cluster)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr?.on('data', () => undefined)
  return new Promise((resolve, reject) => {
    let buffered = ''
    let server: Server | null = null
    const timer = setTimeout(() => reject(new Error('gateway did not start within 120 s')), 120_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (server === null) reject(new Error(`gateway exited ${code} before listening`))
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      let newline = buffered.indexOf('\n')
      while (newline >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
        if (line.startsWith('listening ')) {
          server = { child, url: line.slice('listening '.length), dir, latest: null }
          clearTimeout(timer)
          resolve(server)
        } else if (line.startsWith('{') && server !== null) {
          server.latest = JSON.parse(line) as Sample
        }
      }
    })
  })
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGTERM')
    await exited
  }
  rmSync(server.dir, { recursive: true, force: true })
}

async function kill(server: Server): Promise<number> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGKILL')
  const at = Date.now()
  await exited
  return at
}

/** CPU time of a process from /proc (user + system), in microseconds. */
function procCpuUs(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks / 100) * 1_000_000
  } catch {
    return 0
  }
}

const stampOf = (batch: Batch, entity: Batch['upserts'][number]): number => {
  switch (batch.topic) {
    case 'assets':
      return (entity as Asset).lastSeen
    case 'beds':
      return (entity as Bed).updatedAt
    case 'network':
      return (entity as NetworkDevice).lastPolledAt ?? 0
    case 'cyber':
      return (entity as CyberAlert).lastSeen
    case 'waiting':
      return (entity as { updatedAt: number }).updatedAt
  }
}

/** A client on a list of addresses (as the hub), recording latencies and event times. */
function startClient(urls: readonly string[]) {
  const latencies: number[] = []
  let measuring = false
  let lastEventAt = 0
  /** Receive time and the newest source stamp of each event, for the failover figures. */
  const eventTimes: number[] = []
  const eventStamps: number[] = []
  let subscribed = false
  const port = failoverSocketPort({
    urls,
    createSocket: (url) =>
      io(url + FEED_NAMESPACE, {
        transports: ['websocket'],
        auth: { token: TOKEN },
        forceNew: true,
        autoConnect: false,
        reconnection: false,
      }),
    after: (ms, callback) => {
      const timer = setTimeout(callback, ms)
      return () => clearTimeout(timer)
    },
  })
  // As the hub: after a reconnect, resume from the last seqs (the next gateway has the same log).
  const seqs: Record<string, number> = {}
  let logId: string | null = null
  port.onEvent(FeedEvent.hello, (payload) => {
    logId = (payload as { log?: { id: string } }).log?.id ?? null
  })
  port.onConnect(() => {
    subscribed = false
    const topics = ['beds', 'assets', 'network', 'cyber']
    const since =
      logId !== null && Object.keys(seqs).length === topics.length
        ? { log: logId, seqs: { ...seqs } }
        : undefined
    port.request(FeedEvent.subscribe, since === undefined ? { topics } : { topics, since }, 120_000).then(
      (ack) => {
        const answer = ack as {
          ok: boolean
          snapshots?: { topic: string; seq: number }[]
          resumed?: { topic: string; batches: { seq: number }[] }[]
        }
        for (const snapshot of answer.snapshots ?? []) seqs[snapshot.topic] = snapshot.seq
        for (const resumed of answer.resumed ?? [])
          for (const batch of resumed.batches)
            seqs[resumed.topic] = Math.max(seqs[resumed.topic] ?? 0, batch.seq)
        subscribed = answer.ok
      },
      () => undefined,
    )
  })
  port.onEvent(FeedEvent.batch, (payload) => {
    const batch = payload as Batch
    const now = Date.now()
    if (subscribed) seqs[batch.topic] = Math.max(seqs[batch.topic] ?? 0, batch.seq)
    if (batch.upserts.length > 0 && subscribed) {
      lastEventAt = now
      eventTimes.push(now)
      eventStamps.push(batch.upserts.reduce((newest, entity) => Math.max(newest, stampOf(batch, entity)), 0))
      if (eventTimes.length > 10_000) {
        eventTimes.splice(0, 5_000)
        eventStamps.splice(0, 5_000)
      }
    }
    if (!measuring) return
    for (const entity of batch.upserts) latencies.push(now - stampOf(batch, entity))
  })
  port.open()
  return {
    get subscribed() {
      return subscribed
    },
    get url() {
      return port.url
    },
    lastEventAt: () => lastEventAt,
    firstEventAfter: (at: number) => eventTimes.find((time) => time > at) ?? null,
    /** The first event the source stamped after `at` (made after the kill, by the new owner). */
    firstStampedAfter: (at: number) => {
      const index = eventStamps.findIndex((stamp) => stamp > at)
      return index < 0 ? null : (eventTimes[index] ?? null)
    },
    measure: (on: boolean) => {
      measuring = on
    },
    latencies,
    close: () => port.close(),
  }
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN)

const waitUntil = async (what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

type Row = { setup: string; p50: number; p99: number; max: number; cpuPer1000: number; events: number }

/** Measures SECONDS of steady state: latencies at the client, CPU of the servers (and Redis). */
async function measure(
  setup: string,
  servers: readonly Server[],
  client: ReturnType<typeof startClient>,
  redis: RedisServer | null,
): Promise<Row> {
  await waitUntil('the client subscribed', () => client.subscribed)
  // Warm-up: let the initial snapshot and the first snapshots of the log pass.
  await new Promise((resolve) => setTimeout(resolve, 5_000))
  await waitUntil('samples', () => servers.every((server) => server.latest !== null))
  const cpu0 = servers.reduce((sum, server) => sum + (server.latest?.cpuUs ?? 0), 0) + procCpuUs(redis?.pid)
  const emitted0 = servers.reduce((sum, server) => sum + (server.latest?.emitted ?? 0), 0)
  client.latencies.length = 0
  client.measure(true)
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  client.measure(false)
  const cpu1 = servers.reduce((sum, server) => sum + (server.latest?.cpuUs ?? 0), 0) + procCpuUs(redis?.pid)
  const emitted1 = servers.reduce((sum, server) => sum + (server.latest?.emitted ?? 0), 0)
  const sorted = [...client.latencies].sort((a, b) => a - b)
  const events = emitted1 - emitted0
  return {
    setup,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    cpuPer1000: events > 0 ? (cpu1 - cpu0) / 1000 / (events / 1000) : Number.NaN,
    events,
  }
}

async function main(): Promise<void> {
  const rows: Row[] = []
  const failovers: string[] = []
  process.stdout.write(
    `bench:cluster — scale ${SCALE}, ${RATE} ev/s mixed, ${SECONDS} s per setup; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  )

  // One gateway, SQLite.
  {
    const server = await startServer(null)
    const client = startClient([server.url])
    rows.push(await measure('1 gateway, SQLite (FULL)', [server], client, null))
    client.close()
    await stopServer(server)
  }

  // Three gateways on Redis; the client on one that does not run the source.
  const redis = await startRedisServer()
  const servers: Server[] = []
  try {
    for (let n = 0; n < 3; n += 1) servers.push(await startServer(redis.url))
    // Which gateway runs the source: the one whose samples show emitted > 0.
    await waitUntil('the source running', () => servers.some((server) => (server.latest?.emitted ?? 0) > 0))
    const owner = servers.find((server) => (server.latest?.emitted ?? 0) > 0) as Server
    const others = servers.filter((server) => server !== owner)
    const client = startClient(others.map((server) => server.url).concat(owner.url))
    rows.push(await measure('3 gateways, Redis (AOF always)', servers, client, redis))
    printRows(rows)

    // Failover of the client's gateway.
    const clientsGateway = others[0] as Server
    try {
      const lastBefore = client.lastEventAt()
      const killedAt = await kill(clientsGateway)
      await waitUntil(
        'an event after the client failed over',
        () => client.firstEventAfter(killedAt) !== null,
        60_000,
      )
      const firstAfter = client.firstEventAfter(killedAt) as number
      failovers.push(
        `client's gateway killed: last event before → first after ${firstAfter - lastBefore} ms (kill → first after ${firstAfter - killedAt} ms), now on ${client.url}`,
      )

      // Failover of the source's lease.
      const lastBeforeLease = client.lastEventAt()
      const ownerKilledAt = await kill(owner)
      await waitUntil(
        'events from the new source owner',
        () => client.firstStampedAfter(ownerKilledAt) !== null,
        60_000,
      )
      const firstAfterLease = client.firstStampedAfter(ownerKilledAt) as number
      failovers.push(
        `source's gateway killed (lease moves): last event before → first after ${firstAfterLease - lastBeforeLease} ms`,
      )
    } catch (error) {
      failovers.push(`not measured: ${error instanceof Error ? error.message : String(error)}`)
    }
    client.close()
  } finally {
    for (const server of servers) await stopServer(server)
    await redis.dispose()
  }

  for (const line of failovers) process.stdout.write(`failover: ${line}\n`)
  process.exit(0)
}

function printRows(rows: readonly Row[]): void {
  const pad = (text: string, width: number): string => text.padEnd(width)
  process.stdout.write(
    `\n${pad('setup', 34)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}CPU ms / 1,000 events\n`,
  )
  for (const row of rows) {
    process.stdout.write(
      `${pad(row.setup, 34)}${pad(row.p50.toFixed(0), 9)}${pad(row.p99.toFixed(0), 9)}${pad(row.max.toFixed(0), 9)}${row.cpuPer1000.toFixed(1)}\n`,
    )
  }
  const [single, cluster] = rows
  if (single !== undefined && cluster !== undefined)
    process.stdout.write(
      `p99 ratio (3 on Redis / 1): ${(cluster.p99 / single.p99).toFixed(2)} (budget: within 2×)\n`,
    )
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cluster failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
