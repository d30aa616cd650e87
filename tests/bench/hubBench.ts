/**
 * `npm run bench:hub` — docs/architecture.md budget "hub: applying 5,000 ev/s < 15 % of one core".
 *
 * A real gateway child (`--demo --scale 10 --rate 5000`, 127.0.0.1) feeds a `FeedHub` running in
 * this process exactly as Electron main runs it (`electron/hub/mainHub.ts`): socket.io-client
 * over a websocket, a ~16 ms timer flush, and one window listener, here a no-op. After the
 * snapshot has loaded and settled, it measures for `--seconds` (default 20):
 *
 * - this process's CPU (`process.cpuUsage()` delta / wall time, % of one core): socket.io frame
 *   decoding, JSON parse, per-entity zod validation, replica and coalescing — all the hub adds;
 * - each flush's duration (pending changes taken + the window message built and handed over);
 * - events actually received (upserts + removes in `batch` events) and entity changes delivered
 *   to the window after coalescing, per second — so the CPU figure is honest when the gateway
 *   delivered less than it was asked to;
 * - the gateway child's CPU, for context (it shares the machine's two cores).
 *
 * Flags: --seconds N (20), --scale N (10), --rate EV_PER_S (5000),
 * --jitless (zod without its JIT, as the browser host runs it under its CSP),
 * --with-store (also apply every message to a renderer store: the browser host's page, where hub
 * and store share one thread).
 * For a CPU profile: `node --cpu-prof --cpu-prof-dir=out/prof tests/bench/hubBench.ts`.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { io } from 'socket.io-client'
import { z } from 'zod'
import { TOPICS, type Topic } from '../../shared/contracts/entities.ts'
import { FEED_NAMESPACE, FeedEvent } from '../../shared/contracts/feed.ts'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import type { FeedSocketPort, FlushScheduler, HubClock } from '../../shared/hub/FeedSocketPort.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'
import { benchNumber, readBenchArgs } from './benchCli.ts'

const values = readBenchArgs({
  name: 'bench:hub',
  usage: 'npm run bench:hub -- [flags]',
  summary:
    'A FeedHub in this process, fed by a real demo gateway at bench scale, as Electron main runs it;\n' +
    "prints the hub's CPU (% of one core), flush durations and events received per second.",
  flags: {
    seconds: { type: 'string', arg: 'N', default: '20', help: 'measurement window, in seconds' },
    scale: { type: 'string', arg: 'N', default: '10', help: 'demo trust size (10 = bench scale)' },
    rate: { type: 'string', arg: 'EV_PER_S', default: '5000', help: 'demo events per second' },
    jitless: { type: 'boolean', help: 'zod without its JIT, as the browser host runs it under its CSP' },
    'with-store': {
      type: 'boolean',
      help: "also apply every message to a renderer store (the browser host's single thread)",
    },
  },
  env: [],
})
const SECONDS = benchNumber('--seconds', values.seconds, 20, 1)
const SCALE = benchNumber('--scale', values.scale, 10, 0.01)
const RATE = benchNumber('--rate', values.rate, 5000)
const WITH_STORE = values['with-store']
/** Electron main's flush period (electron/hub/hubFanout.ts FRAME_MS). */
const FLUSH_MS = 16
/** After the snapshot: let the post-snapshot GC and the first resync-free batches pass. */
const SETTLE_MS = 3_000
const SNAPSHOT_TIMEOUT_MS = 120_000

// Jitless must be set before any schema exists, hence the dynamic imports of the hub and store.
if (values.jitless) z.config({ jitless: true })
const { FeedHub } = await import('../../shared/hub/FeedHub.ts')
const { socketIoPort } = await import('../../shared/hub/socketIoPort.ts')
const { createWatchfloorStore } = await import('../../renderer/state/watchfloorStore.ts')

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '–')

/** utime + stime of a process, in ms (Linux /proc; null elsewhere). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    // Fields after the command name (which may hold spaces) start at state; utime/stime are 14/15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1000) / 100 // USER_HZ is 100 on Linux
  } catch (error) {
    console.error(`cannot read the gateway's CPU: ${(error as Error).message}`)
    return null
  }
}

let gateway: GatewayProcess | null = null
const killGateway = (): void => {
  if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null)
    gateway.child.kill('SIGKILL')
}
process.on('exit', killGateway)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killGateway()
    process.exit(130)
  })
}

async function main(): Promise<void> {
  console.log(
    `hub bench: gateway --demo --scale ${SCALE} --rate ${RATE} on 127.0.0.1; FeedHub in this process ` +
      `(socket.io-client, ${FLUSH_MS} ms timer flush, ${WITH_STORE ? 'renderer store applying' : 'no-op'} window listener); ` +
      `zod ${values.jitless ? 'jitless' : 'JIT'}; ${SECONDS} s measured`,
  )
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; node ${process.version}; target < 15 % of one core\n`,
  )

  const gatewayStart = performance.now()
  gateway = await startGateway({ demo: true, scale: SCALE, rate: RATE, logLevel: 'warn', timeoutMs: 120_000 })
  console.log(
    `gateway listening after ${fmt((performance.now() - gatewayStart) / 1000, 1)} s at ${gateway.url}`,
  )
  if (!gateway.token) throw new Error('the gateway has no token')

  const socket = io(`${gateway.url}${FEED_NAMESPACE}`, {
    auth: { token: gateway.token },
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  })
  // Counts what the gateway actually delivered, before the hub validates or coalesces it.
  let receivedEvents = 0
  let receivedBatches = 0
  const inner = socketIoPort(socket)
  const port: FeedSocketPort = {
    ...inner,
    get recovered() {
      return inner.recovered
    },
    get connected() {
      return inner.connected
    },
    onEvent: (event, listener) => {
      if (event !== FeedEvent.batch) return inner.onEvent(event, listener)
      inner.onEvent(event, (payload) => {
        const batch = payload as { upserts?: unknown; removes?: unknown }
        receivedBatches += 1
        if (Array.isArray(batch.upserts)) receivedEvents += batch.upserts.length
        if (Array.isArray(batch.removes)) receivedEvents += batch.removes.length
        listener(payload)
      })
    },
  }

  const clock: HubClock = {
    now: () => Date.now(),
    after: (ms, callback) => {
      const timer = setTimeout(callback, ms)
      return () => clearTimeout(timer)
    },
  }
  let measuring = false
  const flushMs: number[] = []
  const schedule: FlushScheduler = (flush) =>
    clock.after(FLUSH_MS, () => {
      const start = performance.now()
      flush()
      if (measuring) flushMs.push(performance.now() - start)
    })
  const hub = new FeedHub({
    socket: port,
    gatewayUrl: gateway.url,
    token: gateway.token,
    fetch: (url, init) => fetch(url, { headers: { ...init.headers } }),
    clock,
    schedule,
  })

  const store = WITH_STORE ? createWatchfloorStore() : null
  let deliveredChanges = 0
  let messages = 0
  const loaded = new Set<Topic>()
  let onLoaded: (() => void) | null = null
  hub.start()
  hub.attach((message: HubToWindowMessage) => {
    store?.getState().applyHubMessage(message)
    if (message.type !== 'changes') return
    messages += 1
    const entities = message.changes.entities
    if (!entities) return
    for (const topic of TOPICS) {
      const change = entities[topic]
      if (!change) continue
      if (change.reset) {
        loaded.add(topic)
        continue
      }
      deliveredChanges += change.upserts.length + change.removes.length
    }
    if (loaded.size === TOPICS.length) onLoaded?.()
  })

  const snapshotStart = performance.now()
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the snapshot did not load within ${SNAPSHOT_TIMEOUT_MS / 1000} s`)),
      SNAPSHOT_TIMEOUT_MS,
    )
    onLoaded = () => {
      onLoaded = null
      clearTimeout(timer)
      resolve()
    }
  })
  const snapshotMs = performance.now() - snapshotStart
  const sizes = hub.snapshot().entities
  console.log(
    `snapshot loaded in ${fmt(snapshotMs / 1000, 2)} s (connect → all topics in the replica): ` +
      `${sizes.beds.length} beds, ${sizes.assets.length} assets, ${sizes.network.length} devices, ${sizes.cyber.length} cyber alerts`,
  )
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))

  receivedEvents = 0
  receivedBatches = 0
  deliveredChanges = 0
  messages = 0
  const statsBefore = hub.getStats()
  const gatewayCpuStart = processCpuMs(gateway.child.pid)
  const eluStart = performance.eventLoopUtilization()
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  measuring = true
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  measuring = false
  const wallMs = performance.now() - wallStart
  const cpu = process.cpuUsage(cpuStart)
  const elu = performance.eventLoopUtilization(eluStart)
  const gatewayCpuEnd = processCpuMs(gateway.child.pid)
  const stats = hub.getStats()
  const loadDuring = loadavg()

  hub.stop()
  socket.disconnect()
  await gateway.stop()
  gateway = null

  const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100
  const seconds = wallMs / 1000
  const sorted = [...flushMs].sort((a, b) => a - b)
  console.log(`\nmeasured ${fmt(seconds, 1)} s:`)
  console.log(
    `  hub process CPU               ${fmt(cpuPct, 1)} % of one core (user ${fmt((cpu.user / 1000 / wallMs) * 100, 1)} %, system ${fmt((cpu.system / 1000 / wallMs) * 100, 1)} %); event-loop utilisation ${fmt(elu.utilization * 100, 1)} %`,
  )
  console.log(
    `  events received               ${fmt(receivedEvents / seconds, 0)} ev/s (${receivedEvents} upserts+removes in ${receivedBatches} batches; asked ${RATE} ev/s)`,
  )
  console.log(
    `  entity changes to the window  ${fmt(deliveredChanges / seconds, 0)} /s after coalescing, in ${messages} messages (${fmt(messages / seconds, 1)}/s)`,
  )
  console.log(
    `  CPU per 1,000 ev/s received   ${fmt(receivedEvents > 0 ? cpuPct / (receivedEvents / seconds / 1000) : NaN, 2)} % of one core`,
  )
  console.log(
    `  per flush (ms, ${sorted.length})        p50 ${fmt(pct(sorted, 50), 3)}  p95 ${fmt(pct(sorted, 95), 3)}  p99 ${fmt(pct(sorted, 99), 3)}  max ${fmt(sorted.at(-1) ?? NaN, 3)}`,
  )
  if (gatewayCpuStart !== null && gatewayCpuEnd !== null) {
    console.log(
      `  gateway child CPU (context)   ${fmt(((gatewayCpuEnd - gatewayCpuStart) / wallMs) * 100, 1)} % of one core`,
    )
  }
  console.log(
    `  hub counters during the run   rejected entities ${stats.rejectedEntities - statsBefore.rejectedEntities}, ` +
      `rejected messages ${stats.rejectedMessages - statsBefore.rejectedMessages}, gaps ${stats.gaps - statsBefore.gaps}, resyncs ${stats.resyncs - statsBefore.resyncs}`,
  )
  console.log(
    `  load average at the end       ${loadDuring.map((l) => l.toFixed(2)).join(' ')} (${cpus().length} cores): figures under load are upper bounds`,
  )
}

const watchdog = setTimeout(
  () => {
    console.error('hub bench: overall time limit reached; stopping')
    process.exit(1)
  },
  SNAPSHOT_TIMEOUT_MS + 180_000 + SECONDS * 1000,
)
watchdog.unref()
try {
  await main()
} catch (error) {
  console.error(`hub bench failed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await stopGateway()
}

/** Stops the gateway if main did not (a function: module `let`s are not narrowed in it). */
async function stopGateway(): Promise<void> {
  await gateway?.stop()
}
// socket.io-client may keep a reconnect timer; nothing else is pending.
process.exit()
