/**
 * With no gateway configured, the app runs its own: the built gateway entry forked as a child
 * (Electron's `utilityProcess` in the app — never `child_process` with RunAsNode, which the fuses
 * turn off), with the demo trust, on 127.0.0.1, on a free port, with a random token. The child
 * prints `watchfloor-gateway listening http://HOST:PORT` once it listens; that line is the only
 * thing parsed from its stdout.
 */
import { randomBytes } from 'node:crypto'
import type { Clock } from '../core/ports.ts'
import type { Logger } from './logger.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

/** A child process as main needs it (the adapter wraps `UtilityProcess`). */
export type ChildProcessLike = {
  onStdout(listener: (chunk: string) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export type ProcessLauncher = {
  fork(modulePath: string, args: readonly string[], serviceName: string): ChildProcessLike
}

export type EmbeddedGateway = {
  readonly url: string
  readonly token: string
  /** Called if the child exits after it started listening. */
  onExit(listener: (code: number | null) => void): void
  stop(): void
}

export type EmbeddedGatewayResult =
  { readonly ok: true; readonly gateway: EmbeddedGateway } | { readonly ok: false; readonly error: string }

const LISTENING = /^watchfloor-gateway listening (\S+)\s*$/
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** The URL on a gateway's "listening" line, or null for any other line or a non-loopback URL. */
export function parseListeningLine(line: string): string | null {
  const match = LISTENING.exec(line)
  const url = match?.[1]
  if (url === undefined || !URL.canParse(url)) return null
  const parsed = new URL(url)
  if (!/^https?:$/.test(parsed.protocol) || !LOOPBACK_HOSTS.has(parsed.hostname)) return null
  return parsed.origin
}

export type EmbeddedGatewayOptions = {
  readonly launcher: ProcessLauncher
  /** The built gateway entry (e.g. `out/gateway/main.js`). */
  readonly modulePath: string
  readonly clock: Clock
  readonly log: Logger
  readonly timeoutMs?: number
  /** Injected by tests, and reused on restart; a fresh random token otherwise. */
  readonly token?: string
  /** 0 (a free port) at first; a restart asks for the same port so the hub's reconnect finds it. */
  readonly port?: number
  /** The gateway's change log directory (the app's userData/gateway), kept across restarts. */
  readonly dataDir?: string
}

/** The child's arguments: demo trust, loopback only, a free port, our token, its data directory. */
export function embeddedGatewayArgs(token: string, port = 0, dataDir?: string): string[] {
  return [
    '--demo',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--token',
    token,
    '--log-level',
    'warn',
    ...(dataDir === undefined ? [] : ['--data-dir', dataDir]),
  ]
}

export function startEmbeddedGateway(options: EmbeddedGatewayOptions): Promise<EmbeddedGatewayResult> {
  const { launcher, clock, log } = options
  const token = options.token ?? randomBytes(24).toString('base64url')
  const child = launcher.fork(
    options.modulePath,
    embeddedGatewayArgs(token, options.port ?? 0, options.dataDir),
    'Watchfloor gateway',
  )
  const exitListeners: ((code: number | null) => void)[] = []
  let buffered = ''
  let settled = false
  log.info('starting embedded gateway', { module: options.modulePath })

  return new Promise<EmbeddedGatewayResult>((resolve) => {
    const settle = (result: EmbeddedGatewayResult): void => {
      if (settled) return
      settled = true
      clock.clearTimeout(timer)
      resolve(result)
    }
    const timer = clock.setTimeout(() => {
      log.error('embedded gateway did not start in time', { timeoutMs: options.timeoutMs ?? 20_000 })
      child.kill()
      settle({ ok: false, error: 'the embedded gateway did not report that it was listening' })
    }, options.timeoutMs ?? 20_000)

    child.onStdout((chunk) => {
      if (settled) return
      buffered += chunk
      let newline = buffered.indexOf('\n')
      while (newline >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        const url = parseListeningLine(line)
        if (url !== null) {
          log.info('embedded gateway listening', { url })
          settle({
            ok: true,
            gateway: {
              url,
              token,
              onExit: (listener) => exitListeners.push(listener),
              stop: () => child.kill(),
            },
          })
          return
        }
        newline = buffered.indexOf('\n')
      }
      // A child that never prints a newline must not grow this buffer without bound.
      if (buffered.length > 64 * 1024) buffered = buffered.slice(-1024)
    })

    child.onExit((code) => {
      if (!settled) {
        log.error('embedded gateway exited before listening', { code })
        settle({ ok: false, error: `the embedded gateway exited (code ${code ?? 'none'}) before listening` })
        return
      }
      log.error('embedded gateway exited', { code })
      for (const l of exitListeners) l(code)
    })
  })
}

export type GatewaySupervisor = { stop(): void }

/**
 * Restarts the embedded gateway when it exits, after a backoff (1 s doubling to 30 s), on the same
 * port and with the same token, so the hub's own reconnect finds it and resyncs — the boards show
 * the outage as disconnected/STALE meanwhile, never as live.
 */
export function superviseEmbeddedGateway(
  options: EmbeddedGatewayOptions,
  first: EmbeddedGateway,
): GatewaySupervisor {
  const { clock, log } = options
  const port = Number(new URL(first.url).port)
  let current = first
  let attempts = 0
  let stopped = false
  let timer: ReturnType<Clock['setTimeout']> | null = null

  const schedule = (): void => {
    attempts++
    const delayMs = Math.min(30_000, 1000 * 2 ** (attempts - 1))
    log.warn('restarting embedded gateway after backoff', { attempt: attempts, delayMs, port })
    timer = clock.setTimeout(() => {
      timer = null
      runDetached(restart(), (error: unknown) =>
        log.error('embedded gateway restart failed', {
          reason: error instanceof Error ? error.message : String(error),
        }),
      )
    }, delayMs)
  }

  const watch = (gateway: EmbeddedGateway): void => {
    gateway.onExit(() => {
      if (!stopped && gateway === current) schedule()
    })
  }

  const restart = async (): Promise<void> => {
    const result = await startEmbeddedGateway({ ...options, token: first.token, port })
    if (stopped) {
      if (result.ok) result.gateway.stop()
      return
    }
    if (!result.ok) {
      schedule()
      return
    }
    log.info('embedded gateway restarted', { attempt: attempts })
    attempts = 0
    current = result.gateway
    watch(current)
  }

  watch(first)
  return {
    stop() {
      stopped = true
      if (timer !== null) clock.clearTimeout(timer)
      current.stop()
    },
  }
}
