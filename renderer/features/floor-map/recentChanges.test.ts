import { describe, expect, it } from 'vitest'
import { RecentChanges } from './recentChanges.ts'

describe('RecentChanges', () => {
  it('keeps the latest change per entity within the window, on the asked level', () => {
    const changes = new RecentChanges()
    changes.record({ key: 'bed:1', levelId: 'L1', x: 1, y: 1, at: 1_000 })
    changes.record({ key: 'bed:1', levelId: 'L1', x: 1, y: 1, at: 5_000 })
    changes.record({ key: 'bed:2', levelId: 'L2', x: 2, y: 2, at: 5_000 })
    changes.record({ key: 'bed:3', levelId: 'L1', x: 3, y: 3, at: 100 })
    expect(changes.on('L1', 6_000, 2_000)).toEqual([{ key: 'bed:1', levelId: 'L1', x: 1, y: 1, at: 5_000 }])
  })

  it('is bounded: the oldest mark is evicted past capacity', () => {
    const changes = new RecentChanges(2)
    changes.record({ key: 'a', levelId: 'L', x: 0, y: 0, at: 1 })
    changes.record({ key: 'b', levelId: 'L', x: 0, y: 0, at: 2 })
    changes.record({ key: 'c', levelId: 'L', x: 0, y: 0, at: 3 })
    expect(changes.on('L', 3, 10).map((m) => m.key)).toEqual(['b', 'c'])
  })

  it('prunes marks older than the window', () => {
    const changes = new RecentChanges()
    changes.record({ key: 'a', levelId: 'L', x: 0, y: 0, at: 1 })
    changes.prune(10_000, 1_000)
    expect(changes.on('L', 10_000, Infinity)).toEqual([])
  })
})
