/**
 * `npm run bench:gateway` — the gateway at bench scale (docs/architecture.md: ~12,000 beds, 40,000 assets,
 * 6,000 network devices, 5,000 events/s mixed), measured from socket.io clients on loopback.
 *
 * The gateway runs in a child process (this file with `--role server`) fed by a synthetic source
 * that stamps every change with its ingest time (asset `lastSeen`, bed `updatedAt`, device
 * `lastPolledAt`, alert `lastSeen`); the clients run in further child processes (`--role clients`,
 * at most 5 clients each, standing for walls on separate machines) and compare that stamp with
 * their receive time. The driver prints, for 1 and 25 clients: ingest→client-receive latency
 * p50/p99/max, throughput, the gateway's CPU and RSS, and the cold-start snapshot time.
 *
 * Flags: --seconds N (measurement window per run, default 15), --rate EV_PER_S (default 5000),
 * --clients 1,25, --scale N (default 10), --recovery-ms N (the gateway's recovery window; 0 = off),
 * --log MODES (comma-separated, one gateway run each, default `full`): `full` is what a trust runs —
 * the SQLite change log in a temporary data directory with synchronous FULL; `normal` the same with
 * synchronous NORMAL; `off` a log that keeps nothing (no durability: the gateway before the log),
 * so `--log off,full` measures what the log costs in one run (`npm run bench:log`). After a `full`
 * or `normal` run, --restart also measures a restart on that data directory: process start to
 * listening (the restore happens before the port opens) and the database's size and growth.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { io, type Socket } from 'socket.io-client'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import {
  FEED_NAMESPACE,
  FeedEvent,
  type Batch,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/contracts/feed.ts'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import type { ChangeLog } from '../../gateway/store/changeLog.ts'
import type { AdapterSink, SourceAdapter, SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { startGateway } from '../../gateway/startGateway.ts'
import { benchNumber, readBenchArgs } from './benchCli.ts'

const values = readBenchArgs({
  name: 'bench:gateway',
  usage: 'npm run bench:gateway -- [flags]',
  summary:
    'The gateway at bench scale under a synthetic 5,000 ev/s feed; prints ingest → client receive latency,\n' +
    "throughput, the gateway's CPU and RSS, and the snapshot time, for each client count.",
  flags: {
    seconds: { type: 'string', arg: 'N', default: '15', help: 'measurement window per run, in seconds' },
    rate: { type: 'string', arg: 'EV_PER_S', default: '5000', help: 'events per second' },
    clients: { type: 'string', arg: 'LIST', default: '1,25', help: 'client counts, one run each' },
    scale: { type: 'string', arg: 'N', default: '10', help: 'trust size (10 = bench scale)' },
    'recovery-ms': {
      type: 'string',
      arg: 'MS',
      default: '120000',
      help: "the gateway's connection-state recovery window (0 = off)",
    },
    log: {
      type: 'string',
      arg: 'MODES',
      default: 'full',
      help: 'change log per run, comma-separated: full (SQLite, synchronous FULL), normal, off (keeps nothing)',
    },
    restart: {
      type: 'boolean',
      help: 'after a full or normal run, also measure a restart on its data directory',
    },
    // The bench starts itself again in these roles; not for people.
    role: {
      type: 'string',
      arg: 'ROLE',
      default: 'driver',
      help: 'driver | server | clients',
      internal: true,
    },
    token: {
      type: 'string',
      arg: 'T',
      default: '',
      help: 'token (server and clients roles)',
      internal: true,
    },
    url: { type: 'string', arg: 'URL', default: '', help: 'gateway URL (clients role)', internal: true },
    'data-dir': {
      type: 'string',
      arg: 'DIR',
      default: '',
      help: 'the change log directory (server role)',
      internal: true,
    },
    count: {
      type: 'string',
      arg: 'N',
      default: '1',
      help: 'clients in this process (clients role)',
      internal: true,
    },
    cluster: {
      type: 'string',
      arg: 'REDIS_URL',
      default: '',
      help: 'run the gateway in a cluster on this Redis (server role; bench:cluster)',
      internal: true,
    },
  },
  env: [],
})
const SECONDS = benchNumber('--seconds', values.seconds, 15, 1)
const RATE = benchNumber('--rate', values.rate, 5000)
const SCALE = benchNumber('--scale', values.scale, 10, 0.01)
const RECOVERY_MS = benchNumber('--recovery-ms', values['recovery-ms'], 120_000)
const CLIENT_COUNTS = values.clients.split(',').map((count) => benchNumber('--clients', count, 1, 1))
const LOG_MODES = values.log.split(',').map((mode) => mode.trim())
for (const mode of LOG_MODES) {
  if (mode !== 'off' && mode !== 'full' && mode !== 'normal') {
    process.stderr.write(
      `bench:gateway: --log: expected off, full or normal (comma-separated), got "${mode}"\n`,
    )
    process.exit(2)
  }
}
const COUNTS = { beds: 1200 * SCALE, assets: 4000 * SCALE, devices: 600 * SCALE, alerts: 50 * SCALE }
const SITES = ['site-a', 'site-b', 'site-c']

// ---------------------------------------------------------------------------------------------
// Server role: the gateway and a synthetic source.

function synthBed(n: number, now: number): Bed {
  return {
    id: `bed-${n}`,
    status: n % 7 === 0 ? 'housekeeping' : n % 3 === 0 ? 'unoccupied' : 'occupied',
    statusSince: now,
    closedReason: null,
    housekeeping: n % 7 === 0 ? { requestedAt: now, startedAt: null } : null,
    escalationOpen: false,
    nctr: n % 11 === 0,
    expectedDischargeToday: n % 5 === 0,
    lengthOfStayDays: n % 3 === 0 ? null : n % 20,
    updatedAt: now,
  }
}
function synthAsset(n: number, now: number, step: number): Asset {
  return {
    id: `tag-${n}`,
    type: n % 13 === 0 ? 'wheelchair' : 'infusion-pump',
    label: `IP-${String(n).padStart(6, '0')}`,
    siteId: SITES[n % 3] as string,
    levelId: `${SITES[n % 3]}-l${n % 6}`,
    x: (n * 7 + step) % 400,
    y: (n * 3 + step) % 120,
    zoneId: `unit-${n % 900}`,
    homeUnitId: `unit-${n % 900}`,
    lastSeen: now,
    battery: 100 - (n % 90),
    state: 'available',
  }
}
function synthDevice(n: number, now: number, step: number): NetworkDevice {
  return {
    id: `dev-${n}`,
    name: `ACC-SW-${n}`,
    kind: n % 4 === 0 ? 'access-switch' : 'access-point',
    siteId: SITES[n % 3] as string,
    levelId: `${SITES[n % 3]}-l${n % 6}`,
    x: n % 400,
    y: n % 120,
    status: step % 50 === 0 ? 'degraded' : 'up',
    statusSince: now,
    latencyMs: (step % 20) + 1,
    lossPct: 0,
    utilisationPct: step % 100,
    uplinkId: n % 4 === 0 ? null : `dev-${n - (n % 4)}`,
    links: [],
    servesUnitIds: [`unit-${n % 900}`],
    address: `10.${n % 250}.${(n >> 8) % 250}.1`,
    lastPolledAt: now,
  }
}
function synthAlert(n: number, now: number, step: number): CyberAlert {
  return {
    id: `alert-${n}`,
    source: 'bench',
    severity: n % 10 === 0 ? 'critical' : 'medium',
    category: 'malware',
    title: 'Suspicious process on ward PC',
    tactic: 'TA0002',
    technique: 'T1204',
    host: `WPC-${n}`,
    deviceId: null,
    siteId: SITES[n % 3] as string,
    unitId: null,
    firstSeen: now - 1000,
    lastSeen: now,
    count: step + 1,
    status: 'new',
    ack: null,
  }
}

/** A change log that keeps nothing: the gateway as it was before the log, for comparison only. */
function createNullChangeLog(): ChangeLog {
  const empty = {
    beds: new Map(),
    assets: new Map(),
    network: new Map(),
    cyber: new Map(),
    waiting: new Map(),
  }
  return {
    id: 'bench-null-log',
    location: 'nowhere',
    restore: async () => ({
      entities: empty,
      seqs: { beds: 0, assets: 0, network: 0, cyber: 0, waiting: 0 },
      lastCommitAt: null,
      alarmActions: [],
      stats: { snapshotsRead: 0, batchesReplayed: 0, ms: 0 },
    }),
    append: async () => undefined,
    writeSnapshot: async () => undefined,
    batchesAfter: async () => null,
    stateAt: async () => null,
    changesBetween: async () => [],
    receipt: async () => undefined,
    alarmActionsBetween: async () => [],
    prune: async () => ({ batches: 0, snapshots: 0, receipts: 0, events: 0 }),
    stats: async () => ({ bytes: 0, batches: 0, snapshots: 0, receipts: 0, events: 0, oldestBatchAt: null }),
    close: async () => undefined,
  }
}

async function serverRole(token: string): Promise<void> {
  let sink: AdapterSink | null = null
  let timer: NodeJS.Timeout | null = null
  let emitted = 0
  const adapter: SourceAdapter = {
    id: 'bench',
    kind: 'demo',
    topics: ['beds', 'assets', 'network', 'cyber'],
    start: async (context) => {
      sink = context.sink
      const now = Date.now()
      const initial: SourceOp[] = []
      for (let n = 0; n < COUNTS.beds; n++)
        initial.push({ topic: 'beds', op: 'upsert', entity: synthBed(n, now) })
      for (let n = 0; n < COUNTS.assets; n++)
        initial.push({ topic: 'assets', op: 'upsert', entity: synthAsset(n, now, 0) })
      for (let n = 0; n < COUNTS.devices; n++)
        initial.push({ topic: 'network', op: 'upsert', entity: synthDevice(n, now, 0) })
      for (let n = 0; n < COUNTS.alerts; n++)
        initial.push({ topic: 'cyber', op: 'upsert', entity: synthAlert(n, now, 0) })
      sink.emit(initial)
      const startedAt = performance.now()
      let step = 0
      // 5 ms steps, catching up on timer drift so the long-run rate is exact.
      timer = setInterval(() => {
        const owed = Math.floor(((performance.now() - startedAt) / 1000) * RATE) - emitted
        if (owed <= 0 || sink === null) return
        const stamp = Date.now()
        const ops: SourceOp[] = []
        for (let i = 0; i < owed; i++) {
          step += 1
          const roll = step % 100
          // Mixed like a hospital: mostly RTLS positions, then beds, network, cyber.
          if (roll < 80)
            ops.push({
              topic: 'assets',
              op: 'upsert',
              entity: synthAsset((step * 7919) % COUNTS.assets, stamp, step),
            })
          else if (roll < 90)
            ops.push({ topic: 'beds', op: 'upsert', entity: synthBed((step * 104_729) % COUNTS.beds, stamp) })
          else if (roll < 98)
            ops.push({
              topic: 'network',
              op: 'upsert',
              entity: synthDevice((step * 31) % COUNTS.devices, stamp, step),
            })
          else
            ops.push({ topic: 'cyber', op: 'upsert', entity: synthAlert(step % COUNTS.alerts, stamp, step) })
        }
        sink.emit(ops)
        emitted += owed
      }, 5)
    },
    stop: async () => {
      if (timer !== null) clearInterval(timer)
    },
  }
  const mode = LOG_MODES[0] ?? 'full'
  const parsed = parseConfig(
    {
      server: { sourcesIntervalMs: 2000, recoveryWindowMs: RECOVERY_MS },
      storage: { synchronous: mode === 'normal' ? 'normal' : 'full' },
      // bench:cluster: the synthetic source is a run-once kind (`demo`), so one gateway runs it.
      ...(values.cluster === '' ? {} : { cluster: { redisUrl: values.cluster, name: 'bench' } }),
    },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const gateway = await startGateway({
    config: parsed.config,
    adapters: [adapter],
    tokens: [{ token, name: 'bench', role: 'admin' }],
    ...(mode === 'off' ? { changeLog: createNullChangeLog() } : { dataDir: values['data-dir'] }),
  })
  process.stdout.write(`listening ${gateway.url}\n`)
  setInterval(() => {
    const cpu = process.cpuUsage()
    process.stdout.write(
      `${JSON.stringify({ cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, emitted, at: performance.now() })}\n`,
    )
  }, 500)
  process.on('SIGTERM', () => {
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`gateway close failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  })
}

// ---------------------------------------------------------------------------------------------
// Driver role: clients and figures.

type ServerSample = { cpuUs: number; rss: number; emitted: number; at: number }
type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** Latency histogram in 0.1 ms buckets up to 5 s. */
class Histogram {
  readonly buckets = new Uint32Array(50_000)
  count = 0
  max = 0
  add(ms: number): void {
    const index = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 10)))
    this.buckets[index] = (this.buckets[index] ?? 0) + 1
    this.count += 1
    if (ms > this.max) this.max = ms
  }
  merge(other: { buckets: [number, number][]; count: number; max: number }): void {
    for (const [index, n] of other.buckets) this.buckets[index] = (this.buckets[index] ?? 0) + n
    this.count += other.count
    this.max = Math.max(this.max, other.max)
  }
  quantile(q: number): number {
    const target = Math.ceil(this.count * q)
    let seen = 0
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0
      if (seen >= target) return i / 10
    }
    return this.max
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

const CLIENTS_PER_PROCESS = 5

type ClientResult = {
  buckets: [number, number][]
  count: number
  max: number
  received: number
  gaps: number
  resyncs: number
  snapshotMs: number[]
  snapshotBytes: number
  cpuUs: number
  wallS: number
}

/** Client role: `count` feed clients; prints `ready`, measures after a `go` line on stdin, prints the result. */
async function clientRole(url: string, token: string, count: number): Promise<void> {
  const histogram = new Histogram()
  let received = 0
  let measuring = false
  let gaps = 0
  let resyncs = 0
  const sockets: FeedSocket[] = []
  const snapshotMs: number[] = []
  let snapshotBytes = 0
  // Clients come up one after another (each waits for the previous snapshot): see
  // docs/feed-protocol.md, "Cold start".
  const lags: number[] = Array.from({ length: count }, () => Number.POSITIVE_INFINITY)
  for (let c = 0; c < count; c++) {
    const index = c
    const socket: FeedSocket = io(url + FEED_NAMESPACE, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnection: false,
    })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
    const seqs = new Map<string, number>()
    socket.on(FeedEvent.batch, (batch) => {
      const previous = seqs.get(batch.topic)
      if (previous !== undefined && batch.seq !== previous + 1) gaps += 1
      seqs.set(batch.topic, batch.seq)
      const now = Date.now()
      const newest = batch.upserts.reduce((latest, entity) => Math.max(latest, stampOf(batch, entity)), 0)
      if (newest > 0) lags[index] = now - newest
      if (!measuring) return
      for (const entity of batch.upserts) {
        histogram.add(now - stampOf(batch, entity))
        received += 1
      }
    })
    const subscribe = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const started = performance.now()
        // The snapshot is applied inside the ack callback, synchronously: batches that arrive in
        // the same socket read are processed right after it (see docs/feed-protocol.md).
        socket
          .timeout(120_000)
          .emit(FeedEvent.subscribe, { topics: ['beds', 'assets', 'network', 'cyber'] }, (error, ack) => {
            if (error !== null) return reject(error)
            if (!ack.ok) return reject(new Error(ack.error))
            snapshotMs.push(performance.now() - started)
            snapshotBytes = JSON.stringify(ack.snapshots).length
            for (const snapshot of ack.snapshots) seqs.set(snapshot.topic, snapshot.seq)
            resolve()
          })
      })
    socket.on(FeedEvent.resync, () => {
      resyncs += 1
      subscribe().catch((error: unknown) => console.error('resubscribe failed:', String(error)))
    })
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') console.error('client disconnected:', reason)
    })
    await subscribe()
  }
  // Measure steady state, not the catch-up after the snapshots: wait until every client's latest
  // batch is fresh (bounded wait; a machine that never gets there is measured as it is).
  const warmDeadline = performance.now() + 30_000
  while (lags.some((lag) => lag > 250) && performance.now() < warmDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  process.stdout.write('ready\n')
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  measuring = true
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  measuring = false
  const cpu = process.cpuUsage(cpuBefore)
  const result: ClientResult = {
    buckets: [...histogram.buckets.entries()].filter(([, n]) => n > 0),
    count: histogram.count,
    max: histogram.max,
    received,
    gaps,
    resyncs,
    snapshotMs,
    snapshotBytes,
    cpuUs: cpu.user + cpu.system,
    wallS: (performance.now() - wallBefore) / 1000,
  }
  for (const socket of sockets) socket.disconnect()
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

function startClientProcess(
  self: string,
  url: string,
  token: string,
  count: number,
): { ready: Promise<void>; go(): void; result: Promise<ClientResult> } {
  const child = spawn(
    process.execPath,
    [
      self,
      '--role',
      'clients',
      '--url',
      url,
      '--token',
      token,
      '--count',
      String(count),
      '--seconds',
      String(SECONDS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  process.on('exit', () => child.kill('SIGTERM'))
  let output = ''
  let signalReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (signalReady = resolve))
  const result = new Promise<ClientResult>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready\n')) signalReady()
    })
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{'))
      if (line === undefined) reject(new Error(`client process exited ${code} without a result`))
      else resolve(JSON.parse(line) as ClientResult)
    })
  })
  return { ready, go: () => child.stdin.write('go\n'), result }
}

async function driverRole(): Promise<void> {
  for (const mode of LOG_MODES) {
    const dataDir = mode === 'off' ? '' : mkdtempSync(join(tmpdir(), 'wf-bench-log-'))
    const ran = await runMode(mode, dataDir)
    if (dataDir !== '' && values.restart) await measureRestart(dataDir, ran)
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Bytes of every file in a directory (the database and its WAL). */
function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

/** Process start → listening on a data directory left by a run: the restore is inside that time. */
async function measureRestart(dataDir: string, ran: { seconds: number; changes: number }): Promise<void> {
  const bytes = directoryBytes(dataDir)
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['gateway/main.ts', '--port', '0', '--data-dir', dataDir, '--token', randomBytes(12).toString('hex')],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    let stdout = ''
    child.once('exit', (code) => reject(new Error(`restarted gateway exited ${code}\n${stderr}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes('watchfloor-gateway listening')) resolve()
    })
  })
  const listeningMs = performance.now() - started
  const restoredLine = stderr.split('\n').find((line) => line.includes('change log restored'))
  const restored = restoredLine === undefined ? null : (JSON.parse(restoredLine) as Record<string, unknown>)
  child.kill('SIGKILL')
  await new Promise((resolve) => child.once('exit', resolve))
  const perHour = (bytes / ran.seconds) * 3600
  console.log(
    [
      `  restart (kill → listening)  ${listeningMs.toFixed(0)} ms from process start; restore itself ${String(restored?.['ms'] ?? '?')} ms (${String(restored?.['snapshots'] ?? '?')} snapshots, ${String(restored?.['batches'] ?? '?')} batches replayed)`,
      `  database                    ${(bytes / 1e6).toFixed(1)} MB after ${ran.seconds.toFixed(0)} s (${ran.changes.toFixed(0)} changes, ${(bytes / Math.max(1, ran.changes)).toFixed(0)} bytes/change): ${(perHour / 1e9).toFixed(2)} GB/hour at this rate before retention`,
    ].join('\n'),
  )
}

async function runMode(mode: string, dataDir: string): Promise<{ seconds: number; changes: number }> {
  const token = randomBytes(16).toString('hex')
  const self = fileURLToPath(import.meta.url)
  const runStarted = performance.now()
  const child = spawn(
    process.execPath,
    [
      self,
      ...['--role', 'server', '--token', token, '--rate', String(RATE), '--scale', String(SCALE)],
      ...['--recovery-ms', String(RECOVERY_MS), '--log', mode, '--data-dir', dataDir],
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  process.on('exit', () => child.kill('SIGTERM'))
  const samples: ServerSample[] = []
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = ''
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let newline = buffer.indexOf('\n')
      while (newline >= 0) {
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 1)
        if (line.startsWith('listening ')) resolve(line.slice('listening '.length))
        else if (line.startsWith('{')) samples.push(JSON.parse(line) as ServerSample)
        newline = buffer.indexOf('\n')
      }
    })
  })
  const lastSample = (): ServerSample => {
    const sample = samples.at(-1)
    if (sample === undefined) throw new Error('no server sample yet')
    return sample
  }
  const until = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await until(() => samples.length > 0)

  console.log(
    `gateway bench — ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version}`,
  )
  console.log(
    `scale ${SCALE}: ${COUNTS.beds} beds, ${COUNTS.assets} assets, ${COUNTS.devices} devices, ${COUNTS.alerts} alerts; ${RATE} ev/s mixed (80% assets, 10% beds, 8% network, 2% cyber); ${SECONDS} s per run; recovery window ${RECOVERY_MS} ms; change log: ${mode === 'off' ? 'off (keeps nothing)' : `SQLite, synchronous ${mode.toUpperCase()}`}`,
  )

  for (const clientCount of CLIENT_COUNTS) {
    // The clients stand for walls on separate machines: spread them over processes of at most
    // CLIENTS_PER_PROCESS, so one client process's JSON decoding is not what is measured.
    const processes = Math.ceil(clientCount / CLIENTS_PER_PROCESS)
    const groups = Array.from({ length: processes }, (_, i) =>
      Math.min(CLIENTS_PER_PROCESS, clientCount - i * CLIENTS_PER_PROCESS),
    )
    const runners = groups.map((count) => startClientProcess(self, url, token, count))
    await Promise.all(runners.map((runner) => runner.ready))
    // Warm up, then measure.
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const before = lastSample()
    for (const runner of runners) runner.go()
    const results = await Promise.all(runners.map((runner) => runner.result))
    const after = lastSample()

    const histogram = new Histogram()
    for (const result of results) histogram.merge(result)
    const received = results.reduce((sum, r) => sum + r.received, 0)
    const wall = Math.max(...results.map((r) => r.wallS))
    const clientCpuPct = results.reduce((sum, r) => sum + r.cpuUs / 1e6 / r.wallS, 0) * 100
    const snapshotMs = results.flatMap((r) => r.snapshotMs).sort((a, b) => a - b)
    const serverSeconds = (after.at - before.at) / 1000
    const gatewayCpuPct = ((after.cpuUs - before.cpuUs) / 1e6 / serverSeconds) * 100
    const ingestRate = (after.emitted - before.emitted) / serverSeconds
    console.log(
      [
        `\n${clientCount} client${clientCount === 1 ? '' : 's'} (${processes} client process${processes === 1 ? '' : 'es'}):`,
        `  ingest→receive latency  p50 ${histogram.quantile(0.5).toFixed(1)} ms   p99 ${histogram.quantile(0.99).toFixed(1)} ms   max ${histogram.max.toFixed(1)} ms   (${histogram.count} samples)`,
        `  throughput              ingest ${ingestRate.toFixed(0)} ev/s; delivered ${(received / wall).toFixed(0)} entity updates/s in total, ${(received / wall / clientCount).toFixed(0)} per client (after coalescing)`,
        `  gateway                 CPU ${gatewayCpuPct.toFixed(1)} % of one core, RSS ${(after.rss / 1e6).toFixed(0)} MB`,
        `  client processes        CPU ${clientCpuPct.toFixed(1)} % of one core in total`,
        `  cold start              subscribe → full snapshot acked: median ${snapshotMs[Math.floor(snapshotMs.length / 2)]?.toFixed(0)} ms, max ${snapshotMs.at(-1)?.toFixed(0)} ms (${(Math.max(...results.map((r) => r.snapshotBytes)) / 1e6).toFixed(1)} MB JSON each)`,
        `  seq gaps / resyncs      ${results.reduce((sum, r) => sum + r.gaps, 0)} / ${results.reduce((sum, r) => sum + r.resyncs, 0)}`,
      ].join('\n'),
    )
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  const final = lastSample()
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
  return { seconds: (performance.now() - runStarted) / 1000, changes: final.emitted }
}

if (values.role === 'server') await serverRole(values.token)
else if (values.role === 'clients') await clientRole(values.url, values.token, Number(values.count))
else await driverRole()
