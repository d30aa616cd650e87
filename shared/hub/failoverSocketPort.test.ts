import { describe, expect, it } from 'vitest'
import { FAILOVER_ROUND_DELAY_MS, failoverSocketPort, parseGatewayList } from './failoverSocketPort.ts'
import type { SocketIoClientLike } from './socketIoPort.ts'
import { ManualClock } from '../../tests/support/fakeFeedSocket.ts'

/** A socket.io-client stand-in: the test makes it connect, fail or drop. */
class FakeIoSocket implements SocketIoClientLike {
  connected = false
  recovered = false
  active = false
  connects = 0
  disconnects = 0
  readonly emitted: [string, unknown][] = []
  private readonly listeners = new Map<string, ((...args: never[]) => void)[]>()
  readonly url: string
  constructor(url: string) {
    this.url = url
  }
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  timeout(): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } {
    return {
      emitWithAck: (event, payload) => {
        this.emitted.push([event, payload])
        return Promise.resolve({ ok: true, url: this.url })
      },
    }
  }
  connect(): this {
    this.connects += 1
    this.active = true
    return this
  }
  disconnect(): this {
    this.disconnects += 1
    this.active = false
    if (this.connected) {
      this.connected = false
      this.fire('disconnect', 'io client disconnect')
    }
    return this
  }
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true
    if (event === 'disconnect') this.connected = false
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args)
  }
}

function setUp(urls: string[]) {
  const clock = new ManualClock()
  const sockets: FakeIoSocket[] = []
  const port = failoverSocketPort({
    urls,
    createSocket: (url) => {
      const socket = new FakeIoSocket(url)
      sockets.push(socket)
      return socket
    },
    after: (ms, callback) => clock.after(ms, callback),
  })
  const seen: string[] = []
  port.onConnect(() => seen.push(`connect ${port.url}`))
  port.onDisconnect((reason, willReconnect) => seen.push(`disconnect ${reason} ${willReconnect}`))
  port.onConnectError((message, willRetry) => seen.push(`error ${message} ${willRetry}`))
  port.onEvent('hello', (payload) => seen.push(`hello ${String(payload)}`))
  return { clock, sockets, port, seen }
}

describe('failoverSocketPort', () => {
  it('moves to the next gateway at once when the connected one drops, and hears only the live socket', async () => {
    const { clock, sockets, port, seen } = setUp(['http://a:1', 'http://b:2', 'http://c:3'])
    port.open()
    sockets[0]?.fire('connect')
    sockets[0]?.fire('hello', 'from a')
    sockets[0]?.fire('disconnect', 'transport close')
    clock.advance(0)
    expect(sockets.map((s) => s.url)).toEqual(['http://a:1', 'http://b:2'])
    expect(sockets[1]?.connects).toBe(1)
    // The old socket is gone for the hub: its late events are ignored.
    sockets[0]?.fire('hello', 'late from a')
    sockets[1]?.fire('connect')
    sockets[1]?.fire('hello', 'from b')
    expect(port.url).toBe('http://b:2')
    expect(seen).toEqual([
      'connect http://a:1',
      'hello from a',
      'disconnect transport close true',
      'connect http://b:2',
      'hello from b',
    ])
    // Requests go to the current gateway.
    await expect(port.request('subscribe', {}, 1000)).resolves.toMatchObject({ url: 'http://b:2' })
  })

  it('tries every address in turn, then waits a growing delay before the next round', () => {
    const { clock, sockets, port } = setUp(['http://a:1', 'http://b:2'])
    port.open()
    sockets[0]?.fire('connect_error', new Error('ECONNREFUSED'))
    clock.advance(0)
    expect(sockets).toHaveLength(2)
    sockets[1]?.fire('connect_error', new Error('ECONNREFUSED'))
    clock.advance(FAILOVER_ROUND_DELAY_MS - 1)
    expect(sockets).toHaveLength(2)
    clock.advance(1)
    expect(sockets.map((s) => s.url)).toEqual(['http://a:1', 'http://b:2', 'http://a:1'])
  })

  it('does not go round the cluster after a refused token (every gateway would refuse it)', () => {
    const { clock, sockets, port, seen } = setUp(['http://a:1', 'http://b:2'])
    port.open()
    sockets[0]?.fire('connect_error', new Error('unauthorized: unknown token'))
    clock.advance(10_000)
    expect(sockets).toHaveLength(1)
    expect(seen).toEqual(['error unauthorized: unknown token false'])
  })

  it('stops moving once closed', () => {
    const { clock, sockets, port } = setUp(['http://a:1', 'http://b:2'])
    port.open()
    sockets[0]?.fire('connect')
    port.close()
    clock.advance(10_000)
    expect(sockets).toHaveLength(1)
  })

  it('is the plain socket with one address (a load balancer in front)', () => {
    const { sockets, port } = setUp(['http://lb:8080'])
    port.open()
    sockets[0]?.fire('connect_error', new Error('ECONNREFUSED'))
    expect(sockets).toHaveLength(1)
    expect(port.url).toBe('http://lb:8080')
  })
})

describe('parseGatewayList', () => {
  it('reads the addresses an operator writes, keeping their order and dropping the rest', () => {
    expect(
      parseGatewayList(' https://gw1:8443, https://gw2:8443/v1 ftp://x  https://gw1:8443 nonsense'),
    ).toEqual(['https://gw1:8443', 'https://gw2:8443'])
    expect(parseGatewayList(null)).toEqual([])
  })
})
