/**
 * A small TCP load balancer for cluster tests, standing in for the trust's (HAProxy, an F5):
 * each new connection goes to the next backend in turn, skipping any that refuses, and the two
 * sides are piped until either closes. No stickiness — a reconnecting client may land anywhere,
 * which is what the cluster must cope with.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export type TcpBalancer = {
  readonly port: number
  /** Connections accepted per backend port (for checking that traffic was spread). */
  readonly accepted: ReadonlyMap<number, number>
  /** The backend the latest connection went to (null before the first). */
  readonly lastBackend: number | null
  close(): Promise<void>
}

export async function startTcpBalancer(backends: readonly number[]): Promise<TcpBalancer> {
  let next = 0
  let lastBackend: number | null = null
  const accepted = new Map<number, number>()
  const open = new Set<Socket>()
  const dial = (client: Socket, tried: number): void => {
    if (tried >= backends.length || client.destroyed) {
      client.destroy()
      return
    }
    const port = backends[next % backends.length] as number
    next += 1
    const upstream = connect(port, '127.0.0.1')
    open.add(upstream)
    upstream.once('connect', () => {
      accepted.set(port, (accepted.get(port) ?? 0) + 1)
      lastBackend = port
      upstream.off('error', retry)
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
      client.pipe(upstream)
      upstream.pipe(client)
      client.once('close', () => upstream.destroy())
      upstream.once('close', () => client.destroy())
      client.resume()
    })
    const retry = (): void => {
      open.delete(upstream)
      dial(client, tried + 1)
    }
    upstream.once('error', retry)
    upstream.once('close', () => open.delete(upstream))
  }
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client)
    client.once('close', () => open.delete(client))
    dial(client, 0)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('balancer has no port')
  return {
    port: address.port,
    accepted,
    get lastBackend() {
      return lastBackend
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
