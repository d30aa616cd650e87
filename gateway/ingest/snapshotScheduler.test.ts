import { describe, expect, it } from 'vitest'
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import { makeBed } from '../../tests/support/builders.ts'
import { createLogger } from '../log/createLogger.ts'
import type { ChangeLog, LoggedBatch } from '../store/changeLog.ts'
import { createSnapshotScheduler } from './snapshotScheduler.ts'

type Written = { topic: Topic; seq: number; ids: string[] }

/** Only `writeSnapshot` is the scheduler's; each write waits until the test settles it. */
function snapshotLog(): { log: ChangeLog; written: Written[]; settle(error?: Error): void } {
  const written: Written[] = []
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = []
  const log = {
    writeSnapshot: (topic: Topic, seq: number, _at: number, entities: Iterable<AnyEntity>) => {
      written.push({ topic, seq, ids: [...entities].map((e) => e.id) })
      return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }))
    },
  } as unknown as ChangeLog
  return {
    log,
    written,
    settle: (error) => {
      for (const w of waiting.splice(0)) {
        if (error) w.reject(error)
        else w.resolve()
      }
    },
  }
}

const bedsBatch = (seq: number, count: number): LoggedBatch => ({
  topic: 'beds',
  seq,
  at: 0,
  upserts: Array.from({ length: count }, (_, i) => makeBed({ id: `bed-${seq}-${i}` })),
  removes: [],
})

function setup(options: { size?: number; enabled?: () => boolean; replayed?: number } = {}) {
  let clock = 1_000_000
  const beds = [makeBed({ id: 'bed-a' }), makeBed({ id: 'bed-b' })]
  const fake = snapshotLog()
  const scheduler = createSnapshotScheduler({
    log: fake.log,
    logger: createLogger('silent'),
    now: () => clock,
    policy: { everyChanges: 10, everyMs: 60_000 },
    replayedChanges: options.replayed === undefined ? undefined : { beds: options.replayed },
    size: (topic) => (topic === 'beds' ? (options.size ?? beds.length) : 0),
    take: () => ({ seq: 42, entities: beds }),
    enabled: options.enabled,
  })
  return { scheduler, ...fake, advance: (ms: number) => (clock += ms) }
}

describe('createSnapshotScheduler', () => {
  it('snapshots a topic once it has had everyChanges changes, with the seq and entities taken then', () => {
    const { scheduler, written } = setup()
    scheduler.committed([bedsBatch(1, 6)])
    expect(written).toEqual([])
    scheduler.committed([bedsBatch(2, 4)])
    expect(written).toEqual([{ topic: 'beds', seq: 42, ids: ['bed-a', 'bed-b'] }])
  })

  it('waits for as many changes as the topic has entities when that is more', () => {
    const { scheduler, written } = setup({ size: 25 })
    scheduler.committed([bedsBatch(1, 10)])
    expect(written).toHaveLength(0)
    scheduler.committed([bedsBatch(2, 15)])
    expect(written).toHaveLength(1)
  })

  it('snapshots a changed topic everyMs after its last snapshot, and an unchanged one never', () => {
    const { scheduler, written, advance } = setup()
    advance(60_000)
    scheduler.committed([])
    expect(written).toHaveLength(0)
    scheduler.committed([bedsBatch(1, 1)])
    expect(written).toHaveLength(1)
  })

  it('counts changes replayed at restore towards the next snapshot', () => {
    const { scheduler, written } = setup({ replayed: 9 })
    scheduler.committed([bedsBatch(1, 1)])
    expect(written).toHaveLength(1)
  })

  it('writes one snapshot of a topic at a time', async () => {
    const { scheduler, written, settle } = setup()
    scheduler.committed([bedsBatch(1, 10)])
    scheduler.committed([bedsBatch(2, 10)])
    expect(written).toHaveLength(1)
    settle()
    await scheduler.settled()
    scheduler.committed([bedsBatch(3, 10)])
    expect(written).toHaveLength(2)
  })

  it('counts a failed snapshot’s changes again, so it is due again at the next commit', async () => {
    const { scheduler, written, settle } = setup()
    scheduler.committed([bedsBatch(1, 10)])
    settle(new Error('disk full'))
    await scheduler.settled()
    scheduler.committed([bedsBatch(2, 1)])
    expect(written).toHaveLength(2)
  })

  it('keeps counting but writes nothing while not enabled (another gateway holds the lease)', () => {
    let enabled = false
    const { scheduler, written } = setup({ enabled: () => enabled })
    scheduler.committed([bedsBatch(1, 10)])
    expect(written).toHaveLength(0)
    enabled = true
    scheduler.committed([])
    expect(written).toHaveLength(1)
  })
})
