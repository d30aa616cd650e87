/**
 * Starts the gateway as a child process (`node gateway/main.ts … --port 0`), the way a trust runs
 * it, and reads the listening line. For integration and e2e tests: `stop()` sends SIGTERM and
 * waits; `kill()` is SIGKILL (a crash). Restart on the same port with `{ port: previous.port }`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const LISTENING = /^watchfloor-gateway listening (https?:\/\/\S+)$/m
const OPEN = /^open (\S+#token=(\S+))$/m

export type StartGatewayOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Admin token passed as `--token`; a random one by default. `null` passes none. */
  token?: string | null
  /** Runs the demo trust (`--demo`). */
  demo?: boolean
  seed?: number
  scale?: number
  rate?: number
  config?: string
  serveRenderer?: string
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  /**
   * The change log's directory (`--data-dir`). Default: a new temporary directory per start, so
   * gateways in parallel tests never share a log; pass the same one to restart with its state.
   */
  dataDir?: string
  /** Any further flags. */
  args?: readonly string[]
  /** How long to wait for the listening line (default 30 s; the demo at scale takes a while). */
  timeoutMs?: number
}

export type GatewayProcess = {
  readonly url: string
  readonly port: number
  /** The admin token (given, or generated for `--serve-renderer`); null when none. */
  readonly token: string | null
  /** The `open …#token=…` URL printed with `--serve-renderer`. */
  readonly openUrl: string | null
  readonly child: ChildProcess
  /** The change log directory this gateway used (reuse it to restart with the same state). */
  readonly dataDir: string
  /** Everything written to stderr so far (JSON log lines). */
  stderr(): string
  /** SIGTERM, resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>
  /** SIGKILL: the gateway dies without closing anything. */
  kill(): Promise<number | null>
}

/** Resolves with stdout/stderr and the exit code of a gateway that is expected to exit (bad config). */
export function runGatewayToExit(
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['gateway/main.ts', ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`gateway did not exit within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export function startGateway(options: StartGatewayOptions = {}): Promise<GatewayProcess> {
  const token = options.token === undefined ? `test-${randomBytes(12).toString('hex')}` : options.token
  const args = [
    'gateway/main.ts',
    '--port',
    String(options.port ?? 0),
    '--log-level',
    options.logLevel ?? 'warn',
  ]
  if (token !== null) args.push('--token', token)
  if (options.demo === true) args.push('--demo')
  if (options.seed !== undefined) args.push('--seed', String(options.seed))
  if (options.scale !== undefined) args.push('--scale', String(options.scale))
  if (options.rate !== undefined) args.push('--rate', String(options.rate))
  if (options.config !== undefined) args.push('--config', options.config)
  if (options.serveRenderer !== undefined) args.push('--serve-renderer', options.serveRenderer)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wf-gateway-'))
  args.push('--data-dir', dataDir)
  args.push(...(options.args ?? []))

  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    // Keep the tail only: a long-running gateway logs for its whole life.
    stderr = (stderr + chunk.toString()).slice(-200_000)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const signal = async (name: NodeJS.Signals): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    return exited
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `gateway did not print its listening line within ${options.timeoutMs ?? 30_000} ms\n${stderr}`,
        ),
      )
    }, options.timeoutMs ?? 30_000)
    const onExit = (code: number | null): void => {
      clearTimeout(timer)
      reject(new Error(`gateway exited with ${code} before listening\n${stderr}`))
    }
    child.once('exit', onExit)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const listening = LISTENING.exec(stdout)
      if (listening?.[1] === undefined) return
      // With --serve-renderer and no --token the open line follows the listening line.
      const open = OPEN.exec(stdout)
      if (options.serveRenderer !== undefined && token === null && open === null) return
      clearTimeout(timer)
      child.off('exit', onExit)
      const url = listening[1]
      resolve({
        url,
        port: Number(new URL(url).port),
        token: token ?? open?.[2] ?? null,
        openUrl: open?.[1] ?? null,
        child,
        dataDir,
        stderr: () => stderr,
        stop: () => signal('SIGTERM'),
        kill: () => signal('SIGKILL'),
      })
    })
  })
}
