/**
 * `cluster.redisUrl`: gateways in this process sharing one change log, a Redis Stream on a real
 * redis-server (started here on a free loopback port, AOF on). Every gateway holds the same state
 * with the same seqs, alarm actions and their history are in the log, a client resumes on another
 * gateway from its seq, and a gateway starts (degraded, saying why) while Redis is down.
 *
 * The process-level cases (kill -9 during an ADT replay, Redis restarted and paused, the SNMP
 * lease moving) are in clusterFailover.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FeedEvent } from '../../shared/contracts/feed.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import { FeedReplica, expectSameState } from '../support/feedReplica.ts'
import {
  connectClient,
  connected,
  createTestAdapter,
  makeAsset,
  makeDevice,
  waitFor,
  type RecordingClient,
} from '../support/gatewayTestKit.ts'
import { waitFor as waitUntil } from '../support/daemons.ts'
import { startRedisServer, type RedisServer } from '../support/redisServer.ts'

const TOKEN = 'cluster-token-01'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis.dispose()
})

const running: RunningGateway[] = []
const clients: RecordingClient[] = []
afterAll(async () => {
  for (const client of clients) client.close()
  for (const gateway of running) await gateway.close()
})

/**
 * A gateway of the cluster. With the shared Redis (`linked`), only once it has linked to the log: a
 * gateway starts before Redis answers (degraded, its log id unknown), and a loaded machine can take
 * longer than the short connect timeout these tests use.
 */
async function startNode(name: string, url = redis.url, linked = url === redis.url) {
  const parsed = parseConfig(
    {
      server: { tickMs: 10 },
      tokens: [{ token: TOKEN, name: 'Ops Desk', role: 'operator' }],
      cluster: { redisUrl: url, name, connectTimeoutMs: 300, commandTimeoutMs: 500 },
    },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const adapter = createTestAdapter('test')
  const gateway = await startGateway({ config: parsed.config, adapters: [adapter], dataDir: ':memory:' })
  running.push(gateway)
  if (linked)
    await waitUntil(`gateway ${name} linked to Redis`, async () => (await health(gateway)).status === 'ok')
  return { gateway, adapter }
}

function client(url: string): RecordingClient {
  const recording = connectClient(url, TOKEN)
  clients.push(recording)
  return recording
}

async function health(gateway: RunningGateway): Promise<Record<string, unknown>> {
  const response = await fetch(`${gateway.url}/healthz`)
  return (await response.json()) as Record<string, unknown>
}

describe('gateways sharing a Redis Stream change log', () => {
  it('hold the same state with the same seqs, whichever gateway a source delivered to', async () => {
    const a = await startNode('same-state')
    const b = await startNode('same-state')
    const onA = client(a.gateway.url)
    const onB = client(b.gateway.url)
    await Promise.all([connected(onA), connected(onB)])
    expect(onA.hellos[0]?.log?.id).toBe(onB.hellos[0]?.log?.id)
    const replicaA = new FeedReplica()
    const replicaB = new FeedReplica()
    replicaA.applyAck(await onA.subscribe({ topics: ['assets', 'network'] }))
    replicaB.applyAck(await onB.subscribe({ topics: ['assets', 'network'] }))

    a.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1', x: 42 }) }])
    b.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-2', x: 7 }) }])
    a.adapter.emit([{ topic: 'network', op: 'upsert', entity: makeDevice({ id: 'sw-1' }) }])
    b.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-1', x: 43 }) }])
    // Which of A's and B's commits comes first is Redis' to decide; every gateway follows it.
    const settled = async (): Promise<boolean> => {
      replicaA.drain(onA)
      replicaB.drain(onB)
      const seqs = ((await health(b.gateway)).seqs ?? {}) as { assets: number; network: number }
      return (
        seqs.network === 1 &&
        replicaA.maps.assets.size === 2 &&
        [replicaA, replicaB].every((r) => r.seqs.assets === seqs.assets && r.seqs.network === 1)
      )
    }
    await waitUntil('every batch on both gateways', settled)
    // The same batches, in the same order, with the same seqs, on both.
    const shape = (c: RecordingClient) =>
      c.batches.map((batch) => [
        batch.topic,
        batch.seq,
        batch.upserts.map((e) => [e.id, (e as { x?: number }).x]),
      ])
    expect(shape(onA)).toEqual(shape(onB))
    expectSameState(replicaA, replicaB, ['assets', 'network'])

    // A fresh snapshot from either gateway equals what both clients built.
    const fresh = new FeedReplica()
    const late = client(b.gateway.url)
    await connected(late)
    fresh.applyAck(await late.subscribe({ topics: ['assets', 'network'] }))
    expectSameState(replicaA, fresh, ['assets', 'network'])
  })

  it('keeps alarm actions and their history in the log: every gateway, and a new one, replays them', async () => {
    const a = await startNode('actions')
    const b = await startNode('actions')
    a.adapter.emit([
      {
        topic: 'network',
        op: 'upsert',
        entity: makeDevice({ id: 'sw-9', status: 'down', statusSince: Date.now() - 300_000 }),
      },
    ])
    const onA = client(a.gateway.url)
    const onB = client(b.gateway.url)
    await Promise.all([connected(onA), connected(onB)])
    // B's alarm engine has the device from the log (it was A's source that saw it).
    await waitFor(() => onB.alarmActions.length >= 1, 'initial alarm:actions on B')
    const fingerprint = 'network-device-down@sw-9'
    // A's engine raises the alarm on its next evaluation; until then an action is refused.
    const response = await waitUntil('the acknowledge accepted', async () => {
      const answer = await onA.socket
        .timeout(5000)
        .emitWithAck(FeedEvent.alarmAction, { action: 'acknowledge', fingerprint, note: 'on it' })
      return answer.ok ? answer : null
    })
    expect(response).toMatchObject({ ok: true })
    await waitFor(
      () => onB.alarmActions.some((e) => e.records.some((r) => r.fingerprint === fingerprint)),
      'the action on B',
    )

    // Shelve through B: A's clients see it too, and both engines hold it.
    const shelved = await onB.socket.timeout(5000).emitWithAck(FeedEvent.alarmAction, {
      action: 'shelve',
      fingerprint,
      note: 'switch swap',
      until: Date.now() + 3_600_000,
    })
    expect(shelved).toMatchObject({ ok: true })
    await waitFor(
      () =>
        onA.alarmActions.some((e) =>
          e.records.some((r) => r.action === 'shelve' && r.fingerprint === fingerprint),
        ),
      'the shelve on A',
    )

    // A gateway started now (as after a restart) replays the same history to a new client.
    await b.gateway.close()
    const c = await startNode('actions')
    const onC = client(c.gateway.url)
    await connected(onC)
    await waitFor(() => onC.alarmActions.length >= 1, 'alarm:actions on the new gateway')
    const replayed = onC.alarmActions[0]?.records
      .filter((r) => r.fingerprint === fingerprint)
      .map((r) => r.action)
    expect(replayed).toEqual(expect.arrayContaining(['shelve']))
  })

  it('resumes a client on another gateway from its seq: exactly the batches it missed, no snapshot', async () => {
    const a = await startNode('resume')
    const b = await startNode('resume')
    const onA = client(a.gateway.url)
    await connected(onA)
    const replica = new FeedReplica()
    replica.applyAck(await onA.subscribe({ topics: ['assets'] }))
    for (let n = 0; n < 5; n += 1)
      a.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: `tag-${n}`, x: n }) }])
    await waitFor(() => {
      replica.drain(onA)
      return replica.maps.assets.size === 5
    }, 'five tags on A')
    const logId = onA.hellos[0]?.log?.id ?? ''
    onA.close()
    // Missed while away: changes through both gateways.
    b.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-9', x: 9 }) }])
    a.adapter.emit([{ topic: 'assets', op: 'remove', id: 'tag-0' }])
    await waitUntil(
      'B has followed both changes',
      async () => ((await health(b.gateway)).seqs as { assets: number }).assets >= replica.seqs.assets + 2,
    )
    const onB = client(b.gateway.url)
    await connected(onB)
    const ack = await onB.subscribe({ topics: ['assets'], since: { log: logId, seqs: { ...replica.seqs } } })
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.snapshots).toEqual([])
    replica.applyAck(ack)
    expect(replica.answeredBy.assets).toBe('resumed')
    replica.follow()
    await new Promise((resolve) => setImmediate(resolve))
    replica.drain(onB)
    const fresh = new FeedReplica()
    fresh.applyAck(await onB.subscribe({ topics: ['assets'] }))
    expectSameState(replica, fresh, ['assets'])
    expect(replica.maps.assets.has('tag-9')).toBe(true)
    expect(replica.maps.assets.has('tag-0')).toBe(false)
  })

  it('starts while Redis is down, says so, and catches up when Redis comes', async () => {
    const later = await startRedisServer()
    await later.stop()
    try {
      const { gateway, adapter } = await startNode('late', later.url)
      const body = await health(gateway)
      expect(body.status).toBe('degraded')
      expect(body.cluster).toMatchObject({ redis: { ok: false } })
      const onG = client(gateway.url)
      await connected(onG)
      await waitFor(() => onG.sources.length >= 1, 'a sources event')
      expect(onG.sources.at(-1)?.sources[0]).toMatchObject({
        status: 'degraded',
        detail: expect.stringContaining('redis'),
      })

      await later.start()
      // Another gateway writes while this one waited.
      const other = await startNode('late', later.url)
      other.adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-late', x: 1 }) }])
      await waitUntil('the gateway healthy', async () => (await health(gateway)).status === 'ok')
      await waitUntil(
        'the other gateway’s asset',
        async () => ((await health(gateway)).entities as { assets: number }).assets === 1,
      )
      adapter.emit([{ topic: 'assets', op: 'upsert', entity: makeAsset({ id: 'tag-own', x: 2 }) }])
      await waitUntil(
        'its own asset on the other gateway',
        async () => ((await health(other.gateway)).entities as { assets: number }).assets === 2,
      )
    } finally {
      await later.dispose()
    }
  })
})
