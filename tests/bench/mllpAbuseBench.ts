/**
 * An MLLP peer that never reads its ACKs (issue 13: 1.6 million tiny frames, 6.4 MB sent, added
 * 884 MB to the gateway, never released). The HL7 adapter runs in this process with a real
 * journal in a temp directory; a client on 127.0.0.1 writes 4-byte frames (each answered with an
 * AR) as fast as TCP lets it and reads nothing. Prints how much it could send, how many messages
 * the gateway answered before it stopped reading (or disconnected it for pipelining more than
 * MAX_PIPELINED), and the process's memory growth. Asserts nothing; the flow control itself is
 * tested without time in gateway/adapters/hl7v2/MllpTransport.test.ts.
 *
 *   npm run bench:mllp-abuse            # BENCH_MLLP_FRAMES=1600000 by default
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHl7MllpAdapter, hl7MllpConfigSchema } from '../../gateway/adapters/hl7v2/hl7MllpAdapter.ts'
import { createRecordingContext, createSilentTestLogger } from '../support/recordingAdapterContext.ts'
import { makeSiteModel } from '../support/builders.ts'
import { readBenchArgs } from './benchCli.ts'

readBenchArgs({
  name: 'bench:mllp-abuse',
  usage: 'npm run bench:mllp-abuse',
  summary:
    'An MLLP peer that never reads its ACKs: how much it can write before the gateway stops reading it.',
  flags: {},
  env: [{ name: 'BENCH_MLLP_FRAMES', default: '1600000', help: 'tiny frames the peer tries to send' }],
})

const FRAMES = Number(process.env['BENCH_MLLP_FRAMES'] ?? 1_600_000)
/** The client gives up once TCP has not let it write for this long: the gateway stopped reading. */
const STALL_MS = 3_000
const BATCH = 4_096

const dataDir = await mkdtemp(join(tmpdir(), 'wf-mllp-bench-'))
const rec = createRecordingContext({ siteModel: makeSiteModel(), log: createSilentTestLogger() })
const adapter = createHl7MllpAdapter(
  hl7MllpConfigSchema.parse({ kind: 'hl7-mllp', id: 'pas-adt', port: 0, dataDir, frameTimeoutMs: 600_000 }),
)
await adapter.start(rec.context)

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
global.gc?.()
const before = process.memoryUsage()
const frame = Buffer.from([0x0b, 0x58, 0x1c, 0x0d]) // <VT>X<FS><CR>: no MSH, answered AR
const batch = Buffer.concat(Array.from({ length: BATCH }, () => frame))

const socket = connect(adapter.port() ?? 0, '127.0.0.1')
socket.on('error', () => undefined)
socket.pause() // never read an ACK
await new Promise<void>((resolve) => socket.once('connect', () => resolve()))

let sent = 0
let peakRss = before.rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
const started = performance.now()
await new Promise<void>((resolve) => {
  let stallTimer: NodeJS.Timeout | null = null
  const pump = (): void => {
    if (stallTimer !== null) clearTimeout(stallTimer)
    while (sent < FRAMES) {
      sent += BATCH
      if (!socket.write(batch)) {
        stallTimer = setTimeout(resolve, STALL_MS)
        socket.once('drain', pump)
        return
      }
    }
    resolve()
  }
  pump()
})
const elapsed = performance.now() - started
clearInterval(sampler)
global.gc?.()
const after = process.memoryUsage()
const answered = rec.rejects.filter((r) => r.startsWith('hl7 ')).length

process.stdout.write(
  [
    `frames the client could write: ${Math.min(sent, FRAMES).toLocaleString('en-GB')} of ${FRAMES.toLocaleString('en-GB')} (${mb(Math.min(sent, FRAMES) * 4)}) in ${(elapsed / 1000).toFixed(1)} s`,
    `messages the gateway answered before it stopped reading: ${answered.toLocaleString('en-GB')}`,
    `client stalled (the gateway stopped reading): ${sent < FRAMES ? 'yes' : 'no'}`,
    `what the gateway counted: ${[...new Set(rec.errors)].join('; ') || 'no errors'}`,
    `rss ${mb(before.rss)} → ${mb(after.rss)} (peak ${mb(peakRss)}); heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}; external+buffers ${mb(before.external + before.arrayBuffers)} → ${mb(after.external + after.arrayBuffers)}`,
  ].join('\n') + '\n',
)

socket.destroy()
await adapter.stop()
await rm(dataDir, { recursive: true, force: true })
