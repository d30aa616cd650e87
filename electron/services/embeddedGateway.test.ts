import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../tests/support/electronFakes.ts'
import {
  embeddedGatewayArgs,
  parseListeningLine,
  startEmbeddedGateway,
  superviseEmbeddedGateway,
} from './embeddedGateway.ts'
import type { ChildProcessLike, ProcessLauncher } from './embeddedGateway.ts'
import { createMemoryLogger } from './logger.ts'

class FakeChild implements ChildProcessLike {
  stdout: ((c: string) => void)[] = []
  exit: ((c: number | null) => void)[] = []
  killed = false
  onStdout(l: (c: string) => void): void {
    this.stdout.push(l)
  }
  onExit(l: (c: number | null) => void): void {
    this.exit.push(l)
  }
  kill(): void {
    this.killed = true
  }
  write(text: string): void {
    for (const l of this.stdout) l(text)
  }
  die(code: number | null): void {
    for (const l of this.exit) l(code)
  }
}

function setup() {
  const child = new FakeChild()
  const forks: { modulePath: string; args: readonly string[] }[] = []
  const launcher: ProcessLauncher = {
    fork: (modulePath, args) => {
      forks.push({ modulePath, args })
      return child
    },
  }
  const clock = new FakeClock()
  const started = startEmbeddedGateway({
    launcher,
    modulePath: '/app/out/gateway/main.js',
    clock,
    log: createMemoryLogger().logger,
    token: 'tok',
    timeoutMs: 5000,
  })
  return { child, forks, clock, started }
}

describe('embedded gateway', () => {
  it('forks the built gateway with the demo trust on loopback, a free port and our token', () => {
    const { forks } = setup()
    expect(forks).toEqual([{ modulePath: '/app/out/gateway/main.js', args: embeddedGatewayArgs('tok') }])
    expect(forks[0]?.args).toEqual([
      '--demo',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--token',
      'tok',
      '--log-level',
      'warn',
    ])
  })

  it('resolves with the URL from the listening line, even when it arrives in pieces', async () => {
    const { child, started } = setup()
    child.write('something else\nwatchfloor-gateway listen')
    child.write('ing http://127.0.0.1:41234\n')
    const result = await started
    expect(result.ok && result.gateway.url).toBe('http://127.0.0.1:41234')
    expect(result.ok && result.gateway.token).toBe('tok')
  })

  it('fails with a clear error when the child exits first', async () => {
    const { child, started } = setup()
    child.die(1)
    expect(await started).toEqual({
      ok: false,
      error: 'the embedded gateway exited (code 1) before listening',
    })
  })

  it('fails and kills the child when it never listens', async () => {
    const { child, clock, started } = setup()
    clock.advance(5000)
    expect(await started).toMatchObject({ ok: false })
    expect(child.killed).toBe(true)
  })

  it('accepts only loopback http URLs on the listening line', () => {
    expect(parseListeningLine('watchfloor-gateway listening http://127.0.0.1:8080')).toBe(
      'http://127.0.0.1:8080',
    )
    expect(parseListeningLine('watchfloor-gateway listening http://[::1]:8080')).toBe('http://[::1]:8080')
    expect(parseListeningLine('watchfloor-gateway listening http://10.0.0.5:8080')).toBeNull()
    expect(parseListeningLine('watchfloor-gateway listening ftp://127.0.0.1:21')).toBeNull()
    expect(parseListeningLine('open http://127.0.0.1:8080/#token=x')).toBeNull()
  })

  it('restarts a gateway that died, after a backoff, on the same port with the same token', async () => {
    const children: FakeChild[] = []
    const forks: (readonly string[])[] = []
    const launcher: ProcessLauncher = {
      fork: (_path, args) => {
        forks.push(args)
        const child = new FakeChild()
        children.push(child)
        return child
      },
    }
    const clock = new FakeClock()
    const options = { launcher, modulePath: '/g.js', clock, log: createMemoryLogger().logger, token: 'tok' }
    const first = startEmbeddedGateway(options)
    children[0]!.write('watchfloor-gateway listening http://127.0.0.1:41000\n')
    const started = await first
    if (!started.ok) throw new Error('did not start')
    const supervisor = superviseEmbeddedGateway(options, started.gateway)

    children[0]!.die(1)
    clock.advance(999)
    expect(forks).toHaveLength(1)
    clock.advance(1)
    expect(forks[1]).toEqual(embeddedGatewayArgs('tok', 41000))
    children[1]!.write('watchfloor-gateway listening http://127.0.0.1:41000\n')
    await Promise.resolve()

    supervisor.stop()
    expect(children[1]!.killed).toBe(true)
    children[1]!.die(null)
    clock.advance(60_000)
    expect(forks).toHaveLength(2)
  })
})
