import { describe, expect, it } from 'vitest'
import { EntityTable } from '../../../shared/util/EntityTable.ts'
import { makeBed } from '../../../tests/support/builders.ts'
import { KeyWatcher } from './useRecentChanges.ts'

describe('KeyWatcher', () => {
  it('reports status changes across versions of one table, but not the first snapshot', () => {
    const watcher = new KeyWatcher<ReturnType<typeof makeBed>>((b) => b.status)
    const changed: string[] = []
    let table = EntityTable.of([makeBed({ id: 'a' }), makeBed({ id: 'b', status: 'occupied' })])
    watcher.look(table, (b) => changed.push(b.id))
    expect(changed).toEqual([])
    // A new view over the same storage: an old view would read the new contents, so the watcher
    // must compare with what it saw, not with the previous view.
    table = table.apply([
      makeBed({ id: 'a', status: 'housekeeping' }),
      makeBed({ id: 'b', status: 'occupied', nctr: true }),
    ])
    watcher.look(table, (b) => changed.push(b.id))
    expect(changed).toEqual(['a'])
  })

  it('reports entities that appear later, and forgets removed ones', () => {
    const watcher = new KeyWatcher<ReturnType<typeof makeBed>>(() => '')
    const seen: string[] = []
    let table = EntityTable.of([makeBed({ id: 'a' })])
    watcher.look(table, (b) => seen.push(b.id))
    table = table.apply([makeBed({ id: 'b' })], ['a'])
    watcher.look(table, (b) => seen.push(b.id))
    table = table.apply([makeBed({ id: 'a' })])
    watcher.look(table, (b) => seen.push(b.id))
    expect(seen).toEqual(['b', 'a'])
  })

  it('still reports what changed across a resync (new storage, no change log to follow)', () => {
    const watcher = new KeyWatcher<ReturnType<typeof makeBed>>((b) => b.status)
    const changed: string[] = []
    const table = EntityTable.of([makeBed({ id: 'a' }), makeBed({ id: 'b', status: 'occupied' })])
    watcher.look(table, (b) => changed.push(b.id))
    const resynced = EntityTable.of(
      [makeBed({ id: 'a' }), makeBed({ id: 'b', status: 'closed' })],
      table.version + 1,
    )
    watcher.look(resynced, (b) => changed.push(b.id))
    expect(changed).toEqual(['b'])
  })
})
