/**
 * Main's hub against a real socket.io server on 127.0.0.1 (a stand-in gateway speaking the v1
 * protocol): it connects to the /v1 namespace with the token, subscribes, and windows attached
 * through the fan-out get the snapshot, then the batch as coalesced changes.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MessageChannel } from 'node:worker_threads'
import { Server } from 'socket.io'
import { afterEach, describe, expect, it } from 'vitest'
import { FEED_NAMESPACE, FeedEvent } from '../../shared/contracts/feed.ts'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import { systemClock } from '../core/ports.ts'
import { createMemoryLogger } from '../services/logger.ts'
import { createHubFanout } from './hubFanout.ts'
import { createMainHub } from './mainHub.ts'
import type { MainHub } from './mainHub.ts'
import { toPortLike } from './portLike.ts'

const bed = (id: string, status: string) => ({
  id,
  status,
  statusSince: 1,
  closedReason: null,
  housekeeping: null,
  escalationOpen: false,
  nctr: false,
  expectedDischargeToday: false,
  lengthOfStayDays: null,
  updatedAt: 1,
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function startStandInGateway(token: string) {
  const http = createServer((_req, res) => {
    res.statusCode = 404
    res.end()
  })
  const io = new Server(http)
  const auths: unknown[] = []
  const feed = io.of(FEED_NAMESPACE)
  feed.use((socket, next) => {
    auths.push(socket.handshake.auth)
    next(socket.handshake.auth['token'] === token ? undefined : new Error('unknown token'))
  })
  feed.on('connection', (socket) => {
    socket.on(FeedEvent.subscribe, (request: { topics: string[] }, ack: (r: unknown) => void) => {
      ack({
        ok: true,
        snapshots: request.topics.map((topic) => ({
          topic,
          seq: 5,
          entities: topic === 'beds' ? [bed('b1', 'occupied')] : [],
          serverTime: Date.now(),
        })),
      })
      setTimeout(() => {
        socket.emit(FeedEvent.batch, {
          topic: 'beds',
          seq: 6,
          upserts: [bed('b2', 'unoccupied')],
          removes: [],
          serverTime: Date.now(),
        })
      }, 20)
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())))
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, auths }
}

async function waitFor<T>(get: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = get()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('main hub', () => {
  it('connects with the token and feeds windows a snapshot, then the batch', async () => {
    const gateway = await startStandInGateway('secret')
    const { logger } = createMemoryLogger()
    const hub: MainHub = createMainHub({
      gatewayUrl: gateway.url,
      token: 'secret',
      clock: systemClock,
      log: logger,
    })
    cleanups.push(() => hub.stop())
    const fanout = createHubFanout(hub.source, logger)
    cleanups.push(() => fanout.stop())

    await waitFor(() => (hub.hub.snapshot().connection.status === 'connected' ? true : undefined), 'connect')
    expect(gateway.auths).toEqual([{ token: 'secret' }])

    const channel = new MessageChannel()
    const received: HubToWindowMessage[] = []
    channel.port2.on('message', (m: HubToWindowMessage) => received.push(m))
    cleanups.push(() => {
      channel.port1.close()
      channel.port2.close()
    })
    fanout.attach(1, toPortLike(channel.port1, 'value'))

    const beds = await waitFor(() => {
      const ids = new Set<string>()
      for (const m of received) {
        if (m.type === 'snapshot') for (const b of m.state.entities.beds) ids.add(b.id)
        else for (const b of m.changes.entities?.beds?.upserts ?? []) ids.add(b.id)
      }
      return ids.has('b1') && ids.has('b2') ? ids : undefined
    }, 'both beds')
    expect([...beds].sort()).toEqual(['b1', 'b2'])
    expect(received[0]?.type).toBe('snapshot')
  })

  it('reports a refused token as a not-connected state with a reason, not live data', async () => {
    const gateway = await startStandInGateway('secret')
    const { logger } = createMemoryLogger()
    const hub = createMainHub({ gatewayUrl: gateway.url, token: 'wrong', clock: systemClock, log: logger })
    cleanups.push(() => hub.stop())
    const state = await waitFor(() => {
      const c = hub.hub.snapshot().connection
      return c.detail !== null ? c : undefined
    }, 'a refusal reason')
    expect(state.status).not.toBe('connected')
    expect(state.detail).toBeTruthy()
  })
})
