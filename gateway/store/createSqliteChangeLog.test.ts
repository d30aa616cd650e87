import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import { makeBed } from '../../tests/support/builders.ts'
import { ChangeLogError, type ChangeLog, type LoggedBatch } from './changeLog.ts'
import { changeLogFile, openSqliteChangeLog, type SqliteChangeLogOptions } from './createSqliteChangeLog.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 5, 8)
const dirs: string[] = []
const open: ChangeLog[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-log-'))
  dirs.push(dir)
  return dir
}

function openLog(dir: string, overrides: Partial<SqliteChangeLogOptions> = {}): ChangeLog {
  const log = openSqliteChangeLog({
    dir,
    synchronous: 'normal',
    retention: {
      defaultMs: 30 * 24 * HOUR,
      perTopicMs: { assets: 24 * HOUR },
      fullSnapshotGrainMs: 24 * HOUR,
      maxBytes: 1 << 30,
    },
    ...overrides,
  })
  open.push(log)
  return log
}

afterEach(async () => {
  for (const log of open.splice(0)) await log.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const batch = (
  topic: Topic,
  seq: number,
  at: number,
  upserts: AnyEntity[],
  removes: string[] = [],
): LoggedBatch => ({
  topic,
  seq,
  at,
  upserts,
  removes,
})

const commit = (log: ChangeLog, ...batches: LoggedBatch[]): Promise<void> =>
  log.append({ at: batches[0]?.at ?? T0, batches, receipts: [], alarmActions: [] })

describe('the SQLite change log', () => {
  it('restores what was committed, in order, after the process that wrote it is gone', async () => {
    const dir = tempDir()
    const first = openLog(dir)
    await commit(
      first,
      batch('beds', 1, T0, [makeBed({ id: 'b1', status: 'occupied' }), makeBed({ id: 'b2' })]),
    )
    await commit(first, batch('beds', 2, T0 + 1000, [makeBed({ id: 'b1', status: 'housekeeping' })], ['b2']))
    await first.append({
      at: T0 + 2000,
      batches: [],
      receipts: [],
      alarmActions: [
        {
          action: 'acknowledge',
          fingerprint: 'device-down:sw1',
          note: 'on it',
          id: 'x1',
          by: 'Bed Desk',
          at: T0 + 2000,
        },
      ],
    })
    await first.close()

    const again = openLog(dir)
    expect(again.id).toBe(first.id)
    const restored = await again.restore(100)
    expect(restored.seqs.beds).toBe(2)
    expect([...restored.entities.beds.values()]).toEqual([makeBed({ id: 'b1', status: 'housekeeping' })])
    expect(restored.lastCommitAt).toBe(T0 + 1000)
    expect(restored.alarmActions.map((a) => a.id)).toEqual(['x1'])
  })

  it('restores from the latest snapshot plus the tail after it', async () => {
    const log = openLog(tempDir())
    await commit(log, batch('assets', 1, T0, [makeBed({ id: 'a' }) as AnyEntity]))
    await log.writeSnapshot('beds', 1, T0, [makeBed({ id: 's1' }), makeBed({ id: 's2' })])
    await commit(log, batch('beds', 2, T0 + 10, [makeBed({ id: 's3' })], ['s1']))
    const restored = await log.restore(10)
    expect([...restored.entities.beds.keys()].sort()).toEqual(['s2', 's3'])
    expect(restored.seqs.beds).toBe(2)
    expect(restored.stats).toMatchObject({ snapshotsRead: 1, batchesReplayed: 2 })
  })

  it('gives the batches after a seq only when it has every one of them, and at most max', async () => {
    const log = openLog(tempDir())
    for (let seq = 1; seq <= 5; seq += 1)
      await commit(log, batch('beds', seq, T0 + seq, [makeBed({ id: `b${seq}` })]))
    expect((await log.batchesAfter('beds', 2, 10))?.map((b) => b.seq)).toEqual([3, 4, 5])
    expect(await log.batchesAfter('beds', 5, 10)).toEqual([])
    expect(await log.batchesAfter('beds', 0, 3)).toBeNull()
    expect(await log.batchesAfter('network', 0, 3)).toEqual([])
  })

  it('answers the state at a moment and the changes between two', async () => {
    const log = openLog(tempDir())
    await commit(log, batch('beds', 1, T0, [makeBed({ id: 'b1', status: 'occupied' })]))
    await commit(log, batch('beds', 2, T0 + HOUR, [makeBed({ id: 'b1', status: 'housekeeping' })]))
    await commit(log, batch('beds', 3, T0 + 2 * HOUR, [makeBed({ id: 'b1', status: 'unoccupied' })]))
    const at = await log.stateAt('beds', T0 + 90 * 60_000)
    expect(at).toMatchObject({ seq: 2, at: T0 + HOUR, entities: [{ id: 'b1', status: 'housekeeping' }] })
    expect((await log.stateAt('beds', T0 - 1))?.entities).toEqual([])
    const changes = await log.changesBetween('beds', T0, T0 + 2 * HOUR, 100)
    expect(changes.map((c) => c.seq)).toEqual([2, 3])
  })

  it('keeps receipts by a salted hash: the key a sender used is never in the file', async () => {
    const dir = tempDir()
    const log = openLog(dir)
    const key = 'PAS\u0000RWH\u0000CONTROL-ID-943476'
    await log.append({
      at: T0,
      batches: [],
      receipts: [{ source: 'pas-adt', key, digest: 'd1', outcome: 'AA', event: 'A01', at: T0 }],
      alarmActions: [],
    })
    expect(await log.receipt('pas-adt', key)).toMatchObject({ digest: 'd1', outcome: 'AA' })
    expect(await log.receipt('ed-adt', key)).toBeUndefined()
    await log.close()
    const bytes = readFileSync(changeLogFile(dir)).toString('latin1') + readWal(dir)
    expect(bytes).not.toContain('CONTROL-ID-943476')
  })

  it('prunes by age but never what a restore needs, and keeps the latest snapshot', async () => {
    const log = openLog(tempDir())
    const old = T0 - 40 * 24 * HOUR
    await commit(log, batch('beds', 1, old, [makeBed({ id: 'b1' })]))
    await commit(log, batch('beds', 2, old + 1, [makeBed({ id: 'b2' })]))
    // No snapshot yet: the old batches are the only record of the state, so they stay.
    expect((await log.prune(T0)).batches).toBe(0)
    await log.writeSnapshot('beds', 2, old + 2, [makeBed({ id: 'b1' }), makeBed({ id: 'b2' })])
    expect((await log.prune(T0)).batches).toBe(2)
    const restored = await log.restore(10)
    expect([...restored.entities.beds.keys()]).toEqual(['b1', 'b2'])
    expect(restored.seqs.beds).toBe(2)
  })

  it('keeps RTLS batches for a shorter time than the rest', async () => {
    const log = openLog(tempDir())
    const twoDaysAgo = T0 - 48 * HOUR
    await commit(
      log,
      batch('assets', 1, twoDaysAgo, [makeBed({ id: 'tag' }) as AnyEntity]),
      batch('beds', 1, twoDaysAgo, [makeBed({ id: 'b1' })]),
    )
    await log.writeSnapshot('assets', 1, twoDaysAgo, [])
    await log.writeSnapshot('beds', 1, twoDaysAgo, [])
    expect((await log.prune(T0)).batches).toBe(1)
    expect(await log.changesBetween('beds', 0, T0, 10)).toHaveLength(1)
    expect(await log.changesBetween('assets', 0, T0, 10)).toHaveLength(0)
  })

  it('refuses a second gateway on the same file with a message saying why', () => {
    const dir = tempDir()
    openLog(dir)
    expect(() => openLog(dir)).toThrow(/in use by another gateway process/)
  })

  it('detects a damaged file at open and says what to do', () => {
    const dir = tempDir()
    writeFileSync(changeLogFile(dir), Buffer.alloc(8192, 0x5a))
    let error: unknown
    try {
      openLog(dir)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ChangeLogError)
    expect((error as ChangeLogError).kind).toBe('corrupt')
    expect((error as Error).message).toMatch(/is damaged.*move the file/)
  })

  it('reports an unwritable data directory as such', () => {
    const dir = tempDir()
    const plainFile = join(dir, 'plain-file')
    writeFileSync(plainFile, '')
    expect(() => openLog(join(plainFile, 'log'))).toThrow(ChangeLogError)
  })
})

function readWal(dir: string): string {
  try {
    return readFileSync(`${changeLogFile(dir)}-wal`).toString('latin1')
  } catch {
    return ''
  }
}
