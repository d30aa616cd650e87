/**
 * A real redis-server for cluster tests: a free port on 127.0.0.1, its own temp dir, AOF on with
 * `appendfsync always` (what docs/cluster.md tells a trust to use). `restart()` stops it (SIGTERM)
 * and starts it again on the same port and data; `pause()` / `resume()` are SIGSTOP / SIGCONT (a
 * Redis that hangs without closing its connections); `command()` reads what Redis holds.
 * Readiness is its "Ready to accept connections" line, never a sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import { freePort } from './daemons.ts'

export const REDIS_SERVER = '/usr/bin/redis-server'

export type RedisServer = {
  readonly url: string
  readonly port: number
  readonly dir: string
  readonly pid: number | undefined
  restart(): Promise<void>
  stop(): Promise<void>
  start(): Promise<void>
  pause(): void
  resume(): void
  /** One command on a connection of its own (what is in Redis now, read by the test). */
  command(args: readonly string[]): Promise<unknown>
  dispose(): Promise<void>
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort('tcp')
  const dir = mkdtempSync(join(tmpdir(), 'wf-redis-'))
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()

  const start = async (): Promise<void> => {
    const c = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = c
    live.add(c)
    exited = new Promise((resolve) =>
      c.once('exit', () => {
        live.delete(c)
        resolve()
      }),
    )
    await new Promise<void>((resolve, reject) => {
      let out = ''
      const onExit = (code: number | null): void => reject(new Error(`redis-server exited ${code}: ${out}`))
      c.once('exit', onExit)
      c.stdout?.on('data', (chunk: Buffer) => {
        out = (out + chunk.toString()).slice(-4_000)
        if (out.includes('Ready to accept connections')) {
          c.off('exit', onExit)
          resolve()
        }
      })
    })
  }
  const stop = async (): Promise<void> => {
    const c = child
    if (c === null) return
    child = null
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGCONT')
      c.kill('SIGTERM')
      await exited
    }
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid
    },
    start,
    stop,
    restart: async () => {
      await stop()
      await start()
    },
    pause: () => {
      child?.kill('SIGSTOP')
    },
    resume: () => {
      child?.kill('SIGCONT')
    },
    command: async (args) => {
      const client = createClient({ url: `redis://127.0.0.1:${port}` })
      client.on('error', () => undefined)
      await client.connect()
      try {
        return await client.sendCommand([...args])
      } finally {
        client.destroy()
      }
    },
    dispose: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
