/**
 * `cluster.redisUrl`: two gateways share socket.io broadcasts through a real redis-server (started
 * here on a free loopback port) with socket.io's Redis Streams adapter.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FeedEvent } from '../../shared/contracts/feed.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import {
  batchesOf,
  connectClient,
  connected,
  createTestAdapter,
  makeAsset,
  makeDevice,
  waitFor,
} from '../support/gatewayTestKit.ts'

const TOKEN = 'cluster-token-01'

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

let redis: ChildProcess | null = null
let redisUrl = ''

beforeAll(async () => {
  const port = await freePort()
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const child = redis
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Ready to accept connections')) resolve()
    })
  })
  redisUrl = `redis://127.0.0.1:${port}`
})

afterAll(async () => {
  if (redis !== null && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis?.once('exit', resolve))
    redis.kill('SIGTERM')
    await exited
  }
})

async function startNode(): Promise<{
  gateway: RunningGateway
  adapter: ReturnType<typeof createTestAdapter>
}> {
  const parsed = parseConfig(
    {
      server: { tickMs: 10 },
      tokens: [{ token: TOKEN, name: 'Ops Desk', role: 'operator' }],
      cluster: { redisUrl },
    },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const adapter = createTestAdapter('test', [
    { topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1' }) },
    // A switch down for 5 min: an alarm each gateway's own engine holds, so actions on it are accepted.
    {
      topic: 'network',
      op: 'upsert',
      entity: makeDevice({ id: 'sw-9', status: 'down', statusSince: Date.now() - 300_000 }),
    },
  ])
  return {
    gateway: await startGateway({ config: parsed.config, adapters: [adapter], dataDir: ':memory:' }),
    adapter,
  }
}

describe('gateway cluster through Redis Streams', () => {
  it('relays alarm actions to the clients of every gateway, and keeps each gateway’s batches its own', async () => {
    const a = await startNode()
    const b = await startNode()
    const onA = connectClient(a.gateway.url, TOKEN)
    const onB = connectClient(b.gateway.url, TOKEN)
    try {
      await Promise.all([connected(onA), connected(onB)])
      await waitFor(
        () => onA.alarmActions.length === 1 && onB.alarmActions.length === 1,
        'initial alarm:actions',
      )
      expect(await onA.subscribe({ topics: ['assets'] })).toMatchObject({ ok: true })
      expect(await onB.subscribe({ topics: ['assets'] })).toMatchObject({ ok: true })

      const response = await onA.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
        action: 'acknowledge',
        fingerprint: 'network-device-down@sw-9',
        note: 'on it',
      })
      expect(response).toMatchObject({ ok: true })
      await waitFor(() => onB.alarmActions.length === 2, 'the action on the other gateway')
      expect(onB.alarmActions[1]?.records).toEqual([
        expect.objectContaining({ fingerprint: 'network-device-down@sw-9', by: 'Ops Desk' }),
      ])

      a.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1', x: 42 }) }])
      b.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1', x: 7 }) }])
      await waitFor(
        () => batchesOf(onA, 'assets').length === 1 && batchesOf(onB, 'assets').length === 1,
        'batches',
      )
      // A marker on A after B's batch: if A's batches leaked to B, B would have seen it by now.
      a.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1', x: 43 }) }])
      await waitFor(() => batchesOf(onA, 'assets').length === 2, 'second batch on A')
      await onB.subscribe({ topics: ['assets'] })
      expect(batchesOf(onA, 'assets').map((batch) => batch.upserts[0]?.x)).toEqual([42, 43])
      expect(batchesOf(onB, 'assets').map((batch) => [batch.seq, batch.upserts[0]?.x])).toEqual([[2, 7]])
    } finally {
      onA.close()
      onB.close()
      await a.gateway.close()
      await b.gateway.close()
    }
  })
})
