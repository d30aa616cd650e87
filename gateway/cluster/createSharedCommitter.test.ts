import { describe, expect, it } from 'vitest'
import type { AnyEntity } from '../../shared/contracts/entities.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import {
  ChangeLogError,
  type ChangeLog,
  type Commit,
  type FollowedCommit,
  type LogFollower,
  type RestoredLog,
  type SharedChangeLog,
} from '../store/changeLog.ts'
import { createMemoryEntityStore } from '../store/createMemoryEntityStore.ts'
import type { CommittedBatch } from '../ingest/createCommitter.ts'
import { createSharedCommitter } from './createSharedCommitter.ts'

const asset = (id: string, x: number): AnyEntity =>
  ({
    id,
    type: 'infusion-pump',
    label: id,
    siteId: 'site-a',
    levelId: 'lvl-1',
    x,
    y: 0,
    zoneId: null,
    homeUnitId: null,
    lastSeen: 1,
    battery: 90,
    state: 'available',
  }) as AnyEntity

const emptyRestore = (): RestoredLog => ({
  entities: { beds: new Map(), assets: new Map(), network: new Map(), cyber: new Map(), waiting: new Map() },
  seqs: { beds: 0, assets: 0, network: 0, cyber: 0, waiting: 0 },
  lastCommitAt: null,
  alarmActions: [],
  stats: { snapshotsRead: 0, batchesReplayed: 0, ms: 0 },
})

/** A shared log the test orders by hand: appends are recorded, commits are delivered by `deliver`. */
function fakeSharedLog(origin: string) {
  const appended: Commit[] = []
  let failNext: Error | null = null
  let follower: LogFollower | null = null
  const resyncs: string[] = []
  const shared: SharedChangeLog = {
    origin,
    follow: (next) => {
      follower = next
    },
    resync: (reason) => resyncs.push(reason),
    link: () => ({ ok: true }),
  }
  const log: ChangeLog & { shared: SharedChangeLog } = {
    id: 'shared-log',
    location: 'test',
    shared,
    restore: async () => emptyRestore(),
    append: async (commit) => {
      if (failNext !== null) {
        const error = failNext
        failNext = null
        throw error
      }
      appended.push(commit)
    },
    writeSnapshot: async () => undefined,
    batchesAfter: async () => null,
    stateAt: async () => null,
    changesBetween: async () => [],
    receipt: async () => undefined,
    alarmActionsBetween: async () => [],
    prune: async () => ({ batches: 0, snapshots: 0, receipts: 0, events: 0 }),
    stats: async () => ({ bytes: 0, batches: 0, snapshots: 0, receipts: 0, events: 0, oldestBatchAt: null }),
    close: async () => undefined,
  }
  let position = 0
  return {
    log,
    appended,
    resyncs,
    failNext: (error: Error) => {
      failNext = error
    },
    /** Delivers a commit as the log orders it. */
    deliver: (commit: Omit<FollowedCommit, 'position'>) => {
      position += 1
      follower?.commit({ ...commit, position: `${position}-0` })
    },
    link: (ok: boolean) => follower?.link(ok ? { ok: true } : { ok: false, reason: 'redis: gone', since: 5 }),
  }
}

function setUp(origin = 'gw-a') {
  const fake = fakeSharedLog(origin)
  const store = createMemoryEntityStore()
  const committed: { batches: readonly CommittedBatch[]; own: boolean }[] = []
  const remote: string[] = []
  const committer = createSharedCommitter({
    log: fake.log,
    store,
    restored: emptyRestore(),
    now: () => 1_000,
    tickMs: 60_000,
    snapshots: { everyChanges: 1_000_000, everyMs: 3_600_000 },
    logger: createSilentLogger(),
    onCommitted: (batches, _actions, own) => committed.push({ batches, own }),
    onRemoteChange: (topic, id) => remote.push(`${topic}/${id}`),
    onReset: () => undefined,
    onStatusChange: () => undefined,
  })
  committer.follow()
  /** What the ingest does for a change: the working store, then the committer. */
  const change = (entity: AnyEntity): void => {
    const previous = store.put('assets', entity as never)
    committer.onChange('assets', entity.id, previous, entity)
  }
  return { fake, store, committer, committed, remote, change }
}

describe('createSharedCommitter', () => {
  it('acknowledges once the log has the commit, and shows it to clients only when it comes back in the log’s order', async () => {
    const { fake, store, committer, committed, change } = setUp()
    change(asset('tag-1', 1))
    await committer.durable()
    expect(fake.appended).toHaveLength(1)
    expect(fake.appended[0]?.id).toBe('gw-a:1')
    // Not yet followed: clients see nothing, the seq has not moved.
    expect(committed).toEqual([])
    expect([...committer.committedValues('assets')]).toEqual([])
    expect(store.seq('assets')).toBe(0)

    // Another gateway's commit lands first, then ours: seqs are the log's.
    fake.deliver({
      origin: 'gw-b',
      at: 1,
      batches: [{ topic: 'assets', seq: 1, at: 1, upserts: [asset('tag-2', 2)], removes: [] }],
      alarmActions: [],
    })
    fake.deliver({
      origin: 'gw-a',
      at: 1,
      batches: [{ topic: 'assets', seq: 2, at: 1, upserts: [asset('tag-1', 1)], removes: [] }],
      alarmActions: [],
    })
    expect(committed.map((c) => [c.own, c.batches.map((b) => b.seq)])).toEqual([
      [false, [1]],
      [true, [2]],
    ])
    expect(store.seq('assets')).toBe(2)
    expect([...committer.committedValues('assets')].map((e) => e.id).sort()).toEqual(['tag-1', 'tag-2'])
    expect(store.get('assets', 'tag-2')).toMatchObject({ x: 2 })
  })

  it('keeps this gateway’s newer change of an entity in its working store while another gateway’s older one passes', async () => {
    const { fake, store, committer, remote, change } = setUp()
    change(asset('tag-1', 10))
    await committer.durable()
    // gw-b's change of the same tag was ordered before ours: it must not overwrite our value.
    fake.deliver({
      origin: 'gw-b',
      at: 1,
      batches: [{ topic: 'assets', seq: 1, at: 1, upserts: [asset('tag-1', 99)], removes: [] }],
      alarmActions: [],
    })
    expect(store.get('assets', 'tag-1')).toMatchObject({ x: 10 })
    expect(remote).toEqual([])
    fake.deliver({
      origin: 'gw-a',
      at: 1,
      batches: [{ topic: 'assets', seq: 2, at: 1, upserts: [asset('tag-1', 10)], removes: [] }],
      alarmActions: [],
    })
    // After ours: a later change from gw-b is applied (the log's order decides, on every gateway).
    fake.deliver({
      origin: 'gw-b',
      at: 1,
      batches: [{ topic: 'assets', seq: 3, at: 1, upserts: [asset('tag-1', 7)], removes: [] }],
      alarmActions: [],
    })
    expect(store.get('assets', 'tag-1')).toMatchObject({ x: 7 })
    expect(remote).toEqual(['assets/tag-1'])
    expect([...committer.committedValues('assets')]).toEqual([asset('tag-1', 7)])
  })

  it('retries a failed commit as it was, under the same id, and refuses to acknowledge meanwhile', async () => {
    const { fake, committer, change } = setUp()
    change(asset('tag-1', 1))
    fake.failNext(new ChangeLogError('unavailable', 'redis: connection closed'))
    await expect(committer.durable()).rejects.toThrow(/connection closed/)
    expect(committer.status()).toMatchObject({ ok: false, degraded: true })
    change(asset('tag-2', 2))
    await committer.durable()
    // The held commit first, unchanged, then the newer one.
    expect(fake.appended.map((c) => [c.id, c.batches.flatMap((b) => b.upserts.map((e) => e.id))])).toEqual([
      ['gw-a:1', ['tag-1']],
      ['gw-a:2', ['tag-2']],
    ])
    expect(committer.status()).toEqual({ ok: true })
  })

  it('says degraded while the link to the log is down', () => {
    const { fake, committer } = setUp()
    fake.link(false)
    expect(committer.status()).toMatchObject({ ok: false, degraded: true, reason: 'redis: gone' })
    fake.link(true)
    expect(committer.status()).toEqual({ ok: true })
  })

  it('never applies across a gap in seqs: it asks the log for a reset', () => {
    const { fake, store, committed } = setUp()
    fake.deliver({
      origin: 'gw-b',
      at: 1,
      batches: [{ topic: 'assets', seq: 3, at: 1, upserts: [asset('tag-1', 1)], removes: [] }],
      alarmActions: [],
    })
    expect(fake.resyncs).toHaveLength(1)
    expect(committed).toEqual([])
    expect(store.get('assets', 'tag-1')).toBeUndefined()
  })
})
