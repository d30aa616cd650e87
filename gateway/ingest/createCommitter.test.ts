import { afterEach, describe, expect, it } from 'vitest'
import type { AnyEntity } from '../../shared/contracts/entities.ts'
import { makeBed } from '../../tests/support/builders.ts'
import { createLogger } from '../log/createLogger.ts'
import { ChangeLogError, type ChangeLog, type Commit } from '../store/changeLog.ts'
import { createMemoryEntityStore } from '../store/createMemoryEntityStore.ts'
import { createCommitter, type CommittedBatch, type Committer } from './createCommitter.ts'

/** A log that keeps commits in memory and fails while `failing` says why. */
function fakeLog(): { log: ChangeLog; commits: Commit[]; fail(reason: string | null): void } {
  const commits: Commit[] = []
  let failing: string | null = null
  const unused = (): never => {
    throw new Error('not used by the committer')
  }
  const log: ChangeLog = {
    id: 'test-log',
    location: 'memory',
    restore: unused,
    append: async (commit) => {
      await Promise.resolve()
      if (failing !== null) throw new ChangeLogError('full', failing)
      commits.push(commit)
    },
    writeSnapshot: async () => undefined,
    batchesAfter: unused,
    stateAt: unused,
    changesBetween: unused,
    receipt: unused,
    alarmActionsBetween: unused,
    prune: unused,
    stats: unused,
    close: async () => undefined,
  }
  return { log, commits, fail: (reason) => (failing = reason) }
}

const committers: Committer[] = []
afterEach(async () => {
  for (const committer of committers.splice(0)) await committer.close()
})

function setup() {
  const { log, commits, fail } = fakeLog()
  const store = createMemoryEntityStore()
  const sent: CommittedBatch[][] = []
  const committer = createCommitter({
    log,
    store,
    now: () => 1_000,
    // Far longer than any test: commits here happen because a source waits, not because of the tick.
    tickMs: 60_000,
    snapshots: { everyChanges: 1_000_000, everyMs: 3_600_000 },
    logger: createLogger('silent'),
    onCommitted: (batches) => sent.push([...batches]),
    onStatusChange: () => undefined,
  })
  committers.push(committer)
  /** What an ingest does: apply to the working store, tell the committer. */
  const put = (bed: AnyEntity): void => {
    const previous = store.put('beds', bed as never)
    committer.onChange('beds', bed.id, previous, bed)
  }
  return { committer, store, commits, fail, sent, put }
}

describe('the committer', () => {
  it('commits everything emitted in one turn together, then sends it, then lets sources acknowledge', async () => {
    const { committer, commits, sent, put, store } = setup()
    put(makeBed({ id: 'b1', status: 'occupied' }))
    put(makeBed({ id: 'b2' }))
    committer.recordReceipt({ source: 'pas', key: 'k1', digest: 'd', outcome: 'AA', event: 'A01', at: 1 })
    const order: string[] = []
    const first = committer.durable().then(() => order.push('first acknowledged'))
    put(makeBed({ id: 'b1', status: 'housekeeping' }))
    const second = committer.durable().then(() => order.push('second acknowledged'))
    expect(commits).toHaveLength(0)
    await Promise.all([first, second])
    // One commit, the bed folded to its last state, the receipt in the same transaction.
    expect(commits).toHaveLength(1)
    expect(commits[0]?.batches).toMatchObject([
      { topic: 'beds', seq: 1, upserts: [{ id: 'b1', status: 'housekeeping' }, { id: 'b2' }] },
    ])
    expect(commits[0]?.receipts.map((r) => r.key)).toEqual(['k1'])
    expect(sent.flat().map((b) => b.seq)).toEqual([1])
    expect(store.seq('beds')).toBe(1)
    expect(order).toEqual(['first acknowledged', 'second acknowledged'])
  })

  it('never shows a subscriber what is not committed yet', async () => {
    const { committer, put } = setup()
    put(makeBed({ id: 'b1', status: 'occupied' }))
    await committer.durable()
    put(makeBed({ id: 'b1', status: 'housekeeping' }))
    put(makeBed({ id: 'b2' }))
    expect([...committer.committedValues('beds')]).toEqual([makeBed({ id: 'b1', status: 'occupied' })])
    await committer.durable()
    expect([...committer.committedValues('beds')].map((b) => b.id)).toEqual(['b1', 'b2'])
  })

  it('holds a commit the log refused, says why, and writes it in order once the log is back', async () => {
    const { committer, commits, fail, put, sent, store } = setup()
    fail('disk full')
    put(makeBed({ id: 'b1', status: 'occupied' }))
    committer.recordReceipt({ source: 'pas', key: 'k1', digest: 'd', outcome: 'AA', event: 'A01', at: 1 })
    await expect(committer.durable()).rejects.toThrow('disk full')
    expect(committer.status()).toMatchObject({ ok: false, reason: 'disk full' })
    expect(sent).toEqual([])
    expect(store.seq('beds')).toBe(0)
    // The held receipt is found by a re-send, so the message is not applied a second time.
    expect(committer.pendingReceipt('pas', 'k1')).toMatchObject({ outcome: 'AA' })

    put(makeBed({ id: 'b1', status: 'housekeeping' }))
    fail(null)
    await committer.durable()
    expect(committer.status()).toEqual({ ok: true })
    expect(commits).toHaveLength(1)
    expect(commits[0]?.batches[0]).toMatchObject({ seq: 1, upserts: [{ id: 'b1', status: 'housekeeping' }] })
    expect(commits[0]?.receipts.map((r) => r.key)).toEqual(['k1'])
    expect(sent.flat().map((b) => b.seq)).toEqual([1])
  })

  it('gives each topic seqs that rise by exactly one per commit', async () => {
    const { committer, commits, put } = setup()
    for (let i = 0; i < 3; i += 1) {
      put(makeBed({ id: `b${i}` }))
      await committer.durable()
    }
    expect(commits.map((c) => c.batches.map((b) => b.seq))).toEqual([[1], [2], [3]])
  })
})
