import { describe, expect, it } from 'vitest'
import type { Bed } from '../../shared/contracts/entities.ts'
import type { ReplicaChanges } from '../../shared/contracts/hub.ts'
import { mergeChanges } from './mergeChanges.ts'

// Merging never looks inside entities; an id and a marker are enough.
const bed = (id: string, v: string): Bed => ({ id, v }) as unknown as Bed
const beds = (reset: boolean, upserts: Bed[], removes: string[]): ReplicaChanges => ({
  entities: { beds: { reset, upserts, removes } },
})

describe('mergeChanges', () => {
  it('keeps the last value of each entity and the removes that still apply', () => {
    const merged = mergeChanges(
      beds(false, [bed('a', '1'), bed('b', '1')], []),
      beds(false, [bed('a', '2')], ['b', 'c']),
    )
    expect(merged.entities?.beds).toEqual({ reset: false, upserts: [bed('a', '2')], removes: ['b', 'c'] })
  })

  it('re-creates an entity removed then upserted', () => {
    const merged = mergeChanges(beds(false, [], ['a']), beds(false, [bed('a', '3')], []))
    expect(merged.entities?.beds).toEqual({ reset: false, upserts: [bed('a', '3')], removes: [] })
  })

  it('lets a reset replace everything before it, and keeps reset when later changes follow it', () => {
    const afterReset = mergeChanges(beds(false, [bed('x', '1')], []), beds(true, [bed('a', '1')], []))
    expect(afterReset.entities?.beds).toEqual({ reset: true, upserts: [bed('a', '1')], removes: [] })
    const resetThenChange = mergeChanges(afterReset, beds(false, [bed('b', '1')], []))
    expect(resetThenChange.entities?.beds?.reset).toBe(true)
    expect(resetThenChange.entities?.beds?.upserts.map((b) => b.id)).toEqual(['a', 'b'])
  })

  it('takes the latest connection, sources and alarms, and merges topic states', () => {
    const connection = (status: 'connected' | 'disconnected') => ({
      status,
      since: 1,
      detail: null,
      gatewayUrl: 'http://127.0.0.1:1',
    })
    const topic = (seq: number) => ({ seq, confirmedAt: 1, resyncs: 0, restored: null })
    const merged = mergeChanges(
      { connection: connection('connected'), topics: { beds: topic(1), assets: topic(1) }, alarms: [] },
      { connection: connection('disconnected'), topics: { beds: topic(2) } },
    )
    expect(merged.connection?.status).toBe('disconnected')
    expect(merged.topics).toEqual({ beds: topic(2), assets: topic(1) })
    expect(merged.alarms).toEqual([])
    expect(merged.entities).toBeUndefined()
  })
})
