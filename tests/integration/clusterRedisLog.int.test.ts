/**
 * The cluster's change log (`createRedisChangeLog`) as two gateways use it, on a real
 * redis-server (loopback, AOF): a message a source looks up (its receipt) on one gateway is
 * planned on that gateway's state, which must hold every change acknowledged before it, whichever
 * gateway acknowledged it — an engine sends the next message once the last is acknowledged, and a
 * load balancer may hand it to another gateway. Right after a Redis pause (SIGSTOP) that used to
 * fail: every follow loop was still waiting for a retry tick, so the next message was planned on
 * the state from before the pause (an A08 then wrote the bed's old status back: an acknowledged
 * change gone stale).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnyEntity } from '../../shared/contracts/entities.ts'
import { createSilentLogger } from '../../gateway/log/createLogger.ts'
import { ChangeLogError, type FollowedCommit } from '../../gateway/store/changeLog.ts'
import { createRedisChangeLog, type RedisChangeLog } from '../../gateway/store/createRedisChangeLog.ts'
import { waitFor } from '../support/daemons.ts'
import { startRedisServer, type RedisServer } from '../support/redisServer.ts'

type Gateway = { log: RedisChangeLog; beds: Map<string, string> }

let redis: RedisServer
const gateways: Gateway[] = []

function startLog(origin: string): Gateway {
  const log = createRedisChangeLog({
    url: redis.url,
    name: 'pause-order',
    origin,
    receiptsMs: 86_400_000,
    streamKeepMs: 3_600_000,
    actionsMax: 100,
    connectTimeoutMs: 5_000,
    commandTimeoutMs: 1_000,
    log: createSilentLogger(),
    now: Date.now,
  })
  return { log, beds: new Map() }
}

/** What a gateway's projection holds of the beds, from what its follow loop has applied. */
function follow(gateway: Gateway): void {
  gateway.log.shared.follow({
    commit: (commit: FollowedCommit) => {
      for (const batch of commit.batches)
        for (const bed of batch.upserts) gateway.beds.set(bed.id, (bed as { status: string }).status)
    },
    reset: (restored) => {
      gateway.beds.clear()
      for (const bed of restored.entities.beds.values())
        gateway.beds.set(bed.id, (bed as { status: string }).status)
    },
    link: () => undefined,
  })
}

const bedCommit = (id: string, status: string, key: string) => ({
  at: Date.now(),
  batches: [
    {
      topic: 'beds' as const,
      seq: 0,
      at: Date.now(),
      upserts: [{ id, status } as unknown as AnyEntity],
      removes: [],
    },
  ],
  receipts: [{ source: 'pas-adt', key, digest: key, outcome: 'AA', event: 'A01', at: Date.now() }],
  alarmActions: [],
})

beforeAll(async () => {
  redis = await startRedisServer()
  for (const origin of ['gateway-a', 'gateway-b']) {
    const gateway = startLog(origin)
    await gateway.log.restore(0)
    follow(gateway)
    gateways.push(gateway)
  }
  await waitFor('both follow loops reading', () => gateways.every((g) => g.log.shared.link().ok))
}, 30_000)

afterAll(async () => {
  for (const gateway of gateways) await gateway.log.close()
  await redis?.dispose()
})

describe('two gateways on one Redis change log', () => {
  it(
    'look a message up only once their state holds every change acknowledged before it, also right after a Redis pause',
    { timeout: 60_000 },
    async () => {
      const [a, b] = gateways as [Gateway, Gateway]

      // Gateway A acknowledges a change; the next message reaches B: B's state has it by then.
      await a.log.append(bedCommit('W07-B01', 'occupied', 'C1'))
      expect(await b.log.receipt('pas-adt', 'C2')).toBeUndefined()
      expect(b.beds.get('W07-B01')).toBe('occupied')

      redis.pause()
      try {
        // A message reaching B meanwhile is not looked up (Redis does not answer): no ACK.
        await expect(b.log.receipt('pas-adt', 'C3')).rejects.toBeInstanceOf(ChangeLogError)
        // Both follow loops have noticed (their reads outlived the deadline).
        await waitFor('both links down', () => gateways.every((g) => !g.log.shared.link().ok), {
          timeoutMs: 10_000,
        })
      } finally {
        redis.resume()
      }

      // Redis is back: A acknowledges the first change it can write (a command refused while
      // the one left over from the pause is answered is tried again, as the committer does).
      await waitFor('A writable again', () =>
        a.log.append(bedCommit('W07-B01', 'housekeeping', 'C4')).then(
          () => true,
          () => false,
        ),
      )
      // The engine's next message reaches B at once: looked up, it is planned on B's state,
      // which must already hold A's change (not the bed as it was before the pause).
      const looked = await waitFor('B answering again', () =>
        b.log.receipt('pas-adt', 'C5').then(
          (receipt) => ({ receipt }),
          () => null,
        ),
      )
      expect(looked.receipt).toBeUndefined()
      expect(b.beds.get('W07-B01')).toBe('housekeeping')
      expect(b.log.shared.link().ok).toBe(true)

      // And A's own receipt is found on B.
      expect((await b.log.receipt('pas-adt', 'C4'))?.outcome).toBe('AA')
    },
  )
})
