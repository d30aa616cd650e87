/**
 * The hub against a real gateway on 127.0.0.1 (in this process, with a source the test drives)
 * through a real socket.io-client: snapshot, live batches into a window's store, a gateway
 * restart on the same port resynced without the window doing anything.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import type { SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import { FeedHub } from '../../shared/hub/FeedHub.ts'
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import { createWatchfloorStore } from '../../renderer/state/watchfloorStore.ts'
import {
  createTestAdapter,
  makeBed,
  makeDevice,
  testSiteModel,
  waitFor,
  type TestAdapter,
} from '../support/gatewayTestKit.ts'

const TOKEN = 'hub-int-token-0001'
const upsert = (topic: SourceOp['topic'], entity: unknown): SourceOp => ({ topic, op: 'upsert', entity })

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(
  port: number,
  initial: SourceOp[],
): Promise<{ gateway: RunningGateway; adapter: TestAdapter }> {
  const parsed = parseConfig(
    { server: { tickMs: 10, port }, tokens: [{ token: TOKEN, name: 'Hub test', role: 'admin' }] },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const adapter = createTestAdapter('test', initial)
  const gateway = await startGateway({
    config: parsed.config,
    adapters: [adapter],
    siteModel: testSiteModel,
    dataDir: ':memory:',
  })
  return { gateway, adapter }
}

function startHub(url: string): { hub: FeedHub; store: ReturnType<typeof createWatchfloorStore> } {
  const socket = io(url + FEED_NAMESPACE, {
    auth: { token: TOKEN },
    transports: ['websocket'],
    autoConnect: false,
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  })
  const hub = new FeedHub({
    socket: socketIoPort(socket),
    gatewayUrl: url,
    token: TOKEN,
    fetch: (target, init) => fetch(target, { headers: init.headers }),
    clock: {
      now: () => Date.now(),
      after: (ms, callback) => {
        const timer = setTimeout(callback, ms)
        return () => clearTimeout(timer)
      },
    },
    // The Electron main scheduler: a ~16 ms timer.
    schedule: (flush) => {
      const timer = setTimeout(flush, 16)
      return () => clearTimeout(timer)
    },
  })
  const store = createWatchfloorStore()
  hub.start()
  hub.attach(store.getState().applyHubMessage)
  cleanups.push(() => hub.stop())
  return { hub, store }
}

describe('FeedHub against a real gateway', () => {
  it('replicates snapshots and live batches, and resyncs after a gateway restart', async () => {
    const first = await start(0, [
      ...testSiteModel.beds.map((bed) => upsert('beds', makeBed({ id: bed.id }))),
      upsert('network', makeDevice({ id: 'sw-a' })),
    ])
    let gateway: RunningGateway | null = first.gateway
    cleanups.push(async () => {
      await gateway?.close()
    })
    const { hub, store } = startHub(first.gateway.url)

    await waitFor(() => store.getState().connection.status === 'connected', 'connected')
    await waitFor(() => store.getState().entities.beds.size === testSiteModel.beds.length, 'beds snapshot')
    await waitFor(() => store.getState().siteModel !== null, 'site model over HTTP')
    expect(store.getState().hello?.user).toBe('Hub test')

    const bedId = testSiteModel.beds[0]?.id ?? 'missing'
    first.adapter.emit([upsert('beds', makeBed({ id: bedId, status: 'housekeeping' }))])
    await waitFor(() => store.getState().entities.beds.get(bedId)?.status === 'housekeeping', 'live batch')
    expect(store.getState().topics.beds.seq).toBeGreaterThan(0)

    // The gateway goes away: the window is told at once.
    const port = first.gateway.port
    await first.gateway.close()
    gateway = null
    await waitFor(() => store.getState().connection.status === 'disconnected', 'disconnected')

    // A new gateway on the same port with different state: the hub resubscribes and replaces.
    const second = await start(port, [upsert('network', makeDevice({ id: 'sw-new', status: 'down' }))])
    gateway = second.gateway
    await waitFor(() => store.getState().connection.status === 'connected', 'reconnected', 15_000)
    await waitFor(
      () => store.getState().entities.network.get('sw-new')?.status === 'down',
      'resynced network',
    )
    expect(store.getState().entities.network.has('sw-a')).toBe(false)
    expect(store.getState().entities.beds.size).toBe(0)
    expect(store.getState().topics.network.resyncs).toBeGreaterThanOrEqual(1)
    expect(hub.getStats().rejectedEntities).toBe(0)
  })
})
