/**
 * Cyber alerts from syslog carrying CEF: UDP and TCP listeners (RFC 5424 and RFC 3164 headers;
 * octet-counted and newline framing on TCP), each CEF event turned into a cyber alert,
 * deduplicated by signature and host. Messages without CEF are counted as rejects.
 */
import { createSocket } from 'node:dgram'
import type { Socket as UdpSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { z } from 'zod'
import type { SourceStatus } from '../../../shared/contracts/entities.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import type { AdapterContext, SourceAdapter } from '../../ingest/sourceAdapter.ts'
import { cefToAlertOp } from './cefToAlertOp.ts'
import { createHostMatcher, hostMappingSchema } from '../../ingest/createHostMatcher.ts'
import { cidrSchema, createAddressClassifier, DEFAULT_INTERNAL_RANGES } from '../../ingest/classifyAddress.ts'
import { parseCef } from './parseCef.ts'
import { parseSyslog } from './parseSyslog.ts'
import { SyslogTcpFramer } from './SyslogTcpFramer.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'

export const syslogConfigSchema = z
  .object({
    kind: z.literal('syslog'),
    id: z.string().min(1).max(64),
    host: z.string().min(1).default('127.0.0.1'),
    /** UDP port (0 picks a free one); omit to not listen on UDP. */
    udpPort: z.number().int().min(0).max(65_535).optional(),
    /** TCP port (0 picks a free one); omit to not listen on TCP. */
    tcpPort: z.number().int().min(0).max(65_535).optional(),
    /** Longer messages are dropped and counted (UDP datagrams cannot exceed 65,507 bytes anyway). */
    maxMessageBytes: z
      .number()
      .int()
      .min(480)
      .max(1024 * 1024)
      .default(64 * 1024),
    maxConnections: z.number().int().min(1).max(10_000).default(256),
    idleTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(30 * 60_000),
    /**
     * Extension keys that may name the affected host. The trust's own end wins (a mapped host,
     * then an address in `internalRanges`, then a name, then an external address); equals go in
     * this order; with none present, the syslog HOSTNAME.
     */
    hostKeys: z.array(z.string().min(1)).min(1).default(['dhost', 'dst', 'dvchost', 'shost', 'src']),
    /** The trust's own address ranges (CIDR): RFC 1918 and RFC 4193 by default; add HSCN/public blocks. */
    internalRanges: z.array(cidrSchema).default([...DEFAULT_INTERNAL_RANGES]),
    /** cs labels or extension keys carrying the MITRE ATT&CK tactic (an id TA00xx or a name). */
    tacticKeys: z
      .array(z.string().min(1))
      .default(['mitreTactic', 'mitreTacticId', 'mitre_tactic', 'tactic']),
    techniqueKeys: z
      .array(z.string().min(1))
      .default(['mitreTechnique', 'mitreTechniqueId', 'mitre_technique', 'technique']),
    hosts: z.array(hostMappingSchema).default([]),
  })
  .strict()
  .refine((c) => c.udpPort !== undefined || c.tcpPort !== undefined, 'set udpPort, tcpPort or both')
export type SyslogConfig = z.infer<typeof syslogConfigSchema>

export type SyslogAdapter = SourceAdapter & {
  readonly ports: () => { udp: number | null; tcp: number | null }
}

const RETRY_LISTEN_MS = 5_000

export function createSyslogAdapter(config: SyslogConfig): SyslogAdapter {
  let context: AdapterContext | null = null
  let udp: UdpSocket | null = null
  let tcp: Server | null = null
  let stopping = false
  const problems = new Map<'udp' | 'tcp', string>()
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()
  const placeOf = createHostMatcher(config.hosts)
  const classifyHost = createAddressClassifier(config.internalRanges)

  function report(ctx: AdapterContext): void {
    const parts: string[] = []
    if (config.udpPort !== undefined) parts.push(problems.get('udp') ?? `udp ${portOf(udp)}`)
    if (config.tcpPort !== undefined)
      parts.push(problems.get('tcp') ?? `tcp ${portOf(tcp)} (${sockets.size} connection(s))`)
    const wanted = (config.udpPort !== undefined ? 1 : 0) + (config.tcpPort !== undefined ? 1 : 0)
    const status: SourceStatus = problems.size === 0 ? 'up' : problems.size < wanted ? 'degraded' : 'down'
    ctx.sink.status(status, parts.join('; '))
  }

  function handle(ctx: AdapterContext, payload: Buffer): void {
    if (payload.length > config.maxMessageBytes) {
      ctx.sink.reject(`syslog message of ${payload.length} bytes exceeds maxMessageBytes`)
      return
    }
    const now = ctx.now()
    const syslog = parseSyslog(payload.toString('utf8'), now)
    const cef = parseCef(syslog.message)
    if (!cef.ok) {
      ctx.sink.reject(
        cef.reason === 'no-cef' ? 'syslog message without CEF' : 'CEF header has fewer than 7 fields',
      )
      return
    }
    const op = cefToAlertOp(cef.event, syslog.hostname, {
      source: config.id,
      hostKeys: config.hostKeys,
      classifyHost,
      tacticKeys: config.tacticKeys,
      techniqueKeys: config.techniqueKeys,
      placeOf,
      current: (id) => ctx.sink.current('cyber', id),
      now,
      keyedHash: ctx.keyedHash,
    })
    ctx.sink.emit([op])
  }

  function retry(ctx: AdapterContext, start: (ctx: AdapterContext) => Promise<void>): void {
    if (stopping) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      runDetached(start(ctx), (error: unknown) =>
        ctx.log.error('syslog listen retry failed', { reason: String(error) }),
      )
    }, RETRY_LISTEN_MS)
    timers.add(timer)
  }

  function startUdp(ctx: AdapterContext): Promise<void> {
    const port = config.udpPort
    if (port === undefined) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const socket = createSocket({
        type: isIPv6(config.host) ? 'udp6' : 'udp4',
        recvBufferSize: 4 * 1024 * 1024,
      })
      socket.once('error', (error: NodeJS.ErrnoException) => {
        problems.set('udp', `udp cannot listen on ${config.host}:${port} (${error.code ?? 'error'})`)
        ctx.sink.error(`udp listen failed: ${error.code ?? 'error'}`)
        socket.close()
        report(ctx)
        retry(ctx, startUdp)
        resolve()
      })
      socket.bind(port, config.host, () => {
        udp = socket
        problems.delete('udp')
        socket.removeAllListeners('error')
        socket.on('error', (error: NodeJS.ErrnoException) => {
          ctx.sink.error(`udp error: ${error.code ?? 'error'}`)
        })
        socket.on('message', (msg) => handle(ctx, msg))
        ctx.log.info('syslog udp listening', { port: portOf(socket) })
        report(ctx)
        resolve()
      })
    })
  }

  function startTcp(ctx: AdapterContext): Promise<void> {
    const port = config.tcpPort
    if (port === undefined) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const server = createServer((socket) => handleConnection(ctx, socket))
      server.maxConnections = config.maxConnections
      server.once('error', (error: NodeJS.ErrnoException) => {
        problems.set('tcp', `tcp cannot listen on ${config.host}:${port} (${error.code ?? 'error'})`)
        ctx.sink.error(`tcp listen failed: ${error.code ?? 'error'}`)
        server.close()
        report(ctx)
        retry(ctx, startTcp)
        resolve()
      })
      server.listen(port, config.host, () => {
        tcp = server
        problems.delete('tcp')
        server.removeAllListeners('error')
        server.on('error', (error: NodeJS.ErrnoException) =>
          ctx.sink.error(`tcp error: ${error.code ?? 'error'}`),
        )
        ctx.log.info('syslog tcp listening', { port: portOf(server) })
        report(ctx)
        resolve()
      })
    })
  }

  function handleConnection(ctx: AdapterContext, socket: Socket): void {
    sockets.add(socket)
    report(ctx)
    const framer = new SyslogTcpFramer(config.maxMessageBytes)
    socket.setTimeout(config.idleTimeoutMs, () => socket.end())
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        switch (event.kind) {
          case 'message':
            handle(ctx, event.payload)
            break
          case 'oversized':
            ctx.sink.reject(`syslog message of ${event.bytes} bytes exceeds maxMessageBytes`)
            break
          case 'bad-length':
            ctx.sink.reject(`syslog framing: ${event.detail}`)
            break
          default:
            assertNever(event, 'syslog tcp event')
        }
      }
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      ctx.sink.error(`connection error: ${error.code ?? 'error'}`)
      ctx.log.debug('syslog connection error', { code: error.code })
    })
    socket.on('close', () => {
      sockets.delete(socket)
      if (!stopping) report(ctx)
    })
  }

  return {
    id: config.id,
    kind: 'syslog',
    topics: ['cyber'],
    ports: () => ({ udp: udp === null ? null : portOf(udp), tcp: tcp === null ? null : portOf(tcp) }),
    async start(ctx: AdapterContext): Promise<void> {
      context = ctx
      stopping = false
      await Promise.all([startUdp(ctx), startTcp(ctx)])
    },
    async stop(): Promise<void> {
      stopping = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      const u = udp
      const t = tcp
      udp = null
      tcp = null
      if (u !== null) await new Promise<void>((resolve) => u.close(() => resolve()))
      if (t !== null) await new Promise<void>((resolve) => t.close(() => resolve()))
      context?.sink.status('down', 'stopped')
    },
  }
}

function portOf(socket: UdpSocket | Server | null): number | null {
  if (socket === null) return null
  const address = socket.address()
  return typeof address === 'object' && address !== null ? address.port : null
}
