/**
 * Starts real peers for integration tests — Mosquitto and net-snmp's snmpd — as child processes
 * with generated config in a temp dir, listening on a free port on 127.0.0.1 only. Each start
 * waits for readiness (a TCP connect, an SNMP answer), so tests never sleep. `stop()` kills the
 * process and waits for it; `start()` again brings it back on the same port, which is how the
 * "peer goes away and comes back" tests work.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const MOSQUITTO = '/usr/sbin/mosquitto'
export const SNMPD = '/usr/sbin/snmpd'

/** A free port on 127.0.0.1, found by binding port 0 and reading the assignment back. */
export async function freePort(protocol: 'tcp' | 'udp'): Promise<number> {
  if (protocol === 'udp') {
    const socket = createSocket('udp4')
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, '127.0.0.1', () => resolve())
    })
    const { port } = socket.address()
    await new Promise<void>((resolve) => socket.close(() => resolve()))
    return port
  }
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned')
  return address.port
}

/**
 * Polls `check` until it returns something other than undefined/false/null, or fails after
 * `timeoutMs` with `what` in the message. A bounded wait for a condition, never a fixed sleep.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** A daemon child process on a fixed port; stop and start it again to simulate an outage. */
export type Daemon = {
  readonly port: number
  readonly dir: string
  readonly running: boolean
  /** Output captured since the last start, for failure messages. */
  output(): string
  start(): Promise<void>
  stop(): Promise<void>
  /** Stops the process and removes the temp dir. */
  dispose(): Promise<void>
}

type DaemonSpec = {
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  readonly dir: string
  readonly port: number
  readonly env?: NodeJS.ProcessEnv
  readonly ready: () => Promise<boolean>
}

/** Children still running, killed if the test process exits without tearing down (a crash). */
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

function createDaemon(spec: DaemonSpec): Daemon {
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  let output = ''

  const stop = async (): Promise<void> => {
    const c = child
    if (c === null) return
    child = null
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM')
      const killer = setTimeout(() => c.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(killer)
    }
  }

  const daemon: Daemon = {
    port: spec.port,
    dir: spec.dir,
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null
    },
    output: () => output,
    async start() {
      if (child !== null) throw new Error(`${spec.name} already running`)
      output = ''
      const c = spawn(spec.command, spec.args, {
        cwd: spec.dir,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = c
      live.add(c)
      exited = new Promise((resolve) =>
        c.once('exit', () => {
          live.delete(c)
          resolve()
        }),
      )
      const append = (chunk: Buffer): void => {
        // Bounded: a chatty daemon must not grow the test's memory.
        output = (output + chunk.toString('utf8')).slice(-20_000)
      }
      c.stdout?.on('data', append)
      c.stderr?.on('data', append)
      const spawnFailed = new Promise<never>((_resolve, reject) => {
        c.once('error', (error) => reject(new Error(`${spec.name} failed to start: ${error.message}`)))
      })
      spawnFailed.catch(() => undefined)
      try {
        await Promise.race([
          spawnFailed,
          waitFor(`${spec.name} on 127.0.0.1:${spec.port} to be ready`, async () => {
            if (c.exitCode !== null || c.signalCode !== null) {
              throw new Error(`${spec.name} exited (${c.exitCode ?? c.signalCode}): ${output.slice(-2000)}`)
            }
            return spec.ready()
          }),
        ])
      } catch (error) {
        await stop()
        throw error
      }
    },
    stop,
    async dispose() {
      await stop()
      rmSync(spec.dir, { recursive: true, force: true })
    },
  }
  return daemon
}

/** Starts a new daemon; on failure removes its temp dir before rethrowing. */
async function startOrCleanUp(daemon: Daemon): Promise<void> {
  try {
    await daemon.start()
  } catch (error) {
    await daemon.dispose()
    throw error
  }
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.setTimeout(500)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Starts Mosquitto with anonymous access on 127.0.0.1 (a free port unless one is given);
 * `extraConf` lines are appended (e.g. `max_queued_messages 0` for a burst benchmark).
 */
export async function startMosquitto({
  port,
  extraConf = [],
}: { port?: number; extraConf?: readonly string[] } = {}): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-mosquitto-'))
  const chosen = port ?? (await freePort('tcp'))
  const conf = join(dir, 'mosquitto.conf')
  writeFileSync(
    conf,
    [
      `listener ${chosen} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      ...extraConf,
      '',
    ].join('\n'),
  )
  const daemon = createDaemon({
    name: 'mosquitto',
    command: MOSQUITTO,
    args: ['-c', conf],
    dir,
    port: chosen,
    ready: () => tcpAccepts(chosen),
  })
  await startOrCleanUp(daemon)
  return daemon
}

/** Environment for the net-snmp command-line tools: no MIB loading, no writes outside `dir`. */
export function snmpToolEnv(dir: string): NodeJS.ProcessEnv {
  return { SNMP_PERSISTENT_DIR: join(dir, 'client'), SNMPCONFPATH: dir, MIBS: '', MIBDIRS: '/dev/null' }
}

/** Runs one of the net-snmp tools (snmpget, snmptrap) and resolves with its stdout. */
export function runSnmpTool(tool: string, args: readonly string[], dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      [...args],
      { env: { ...process.env, ...snmpToolEnv(dir) }, timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${tool} failed: ${error.message} ${stderr}`))
        else resolve(stdout)
      },
    )
  })
}

/**
 * Starts snmpd on udp:127.0.0.1:<port> with `confLines` as its only config (`-C`: no system
 * config), logging to stdout, MIBs off. Ready once it answers a v2c get of sysUpTime with
 * `readyCommunity`. Running as root is fine: snmpd only drops privileges when given `-u`.
 */
export async function startSnmpd({
  confLines,
  readyCommunity = 'public',
  port,
}: {
  confLines: readonly string[]
  readyCommunity?: string
  port?: number
}): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-snmpd-'))
  const chosen = port ?? (await freePort('udp'))
  const conf = join(dir, 'snmpd.conf')
  writeFileSync(conf, [...confLines, ''].join('\n'))
  const daemon = createDaemon({
    name: 'snmpd',
    command: SNMPD,
    args: [
      '-f',
      '-Lo',
      '-C',
      '-c',
      conf,
      '-p',
      join(dir, 'snmpd.pid'),
      '-M',
      '/dev/null',
      '-m',
      '',
      `--persistentDir=${join(dir, 'persist')}`,
      `udp:127.0.0.1:${chosen}`,
    ],
    dir,
    port: chosen,
    env: { MIBS: '' },
    ready: async () => {
      try {
        await runSnmpTool(
          'snmpget',
          [
            '-v2c',
            '-c',
            readyCommunity,
            '-t',
            '0.3',
            '-r',
            '0',
            '-On',
            `127.0.0.1:${chosen}`,
            '1.3.6.1.2.1.1.3.0',
          ],
          dir,
        )
        return true
      } catch {
        // Not answering yet: the wait loop retries until its deadline.
        return false
      }
    },
  })
  await startOrCleanUp(daemon)
  return daemon
}
