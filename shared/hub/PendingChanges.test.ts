import { describe, expect, it } from 'vitest'
import { PendingChanges } from './PendingChanges.ts'
import { makeBed } from '../../tests/support/fakeFeedSocket.ts'

describe('PendingChanges', () => {
  it('sends each change once: a taken change is not sent again at the next flush', () => {
    const pending = new PendingChanges()
    pending.setAlarmConditions([{ fingerprint: 'kpi:beds.opel', since: 1 }])
    pending.setAlarmActions([])
    expect(pending.take()).toEqual({
      alarmConditions: [{ fingerprint: 'kpi:beds.opel', since: 1 }],
      alarmActions: [],
    })
    expect(pending.isEmpty).toBe(true)
    pending.setSources([])
    expect(pending.take()).toEqual({ sources: [] })
  })

  it('folds an upsert then a remove of the same entity into a remove', () => {
    const pending = new PendingChanges()
    pending.upsert('beds', makeBed({ id: 'b0' }))
    pending.remove('beds', 'b0')
    const taken = pending.take()
    expect(taken.entities?.beds).toEqual({ reset: false, upserts: [], removes: ['b0'] })
  })

  // What a window applies must equal applying every batch in turn (these were the guarantees of
  // Electron main's second coalescer, removed: the hub's flush is the only one).
  it('keeps the last value of each entity and the removes that still apply', () => {
    const pending = new PendingChanges()
    pending.upsert('beds', makeBed({ id: 'a', updatedAt: 1 }))
    pending.upsert('beds', makeBed({ id: 'b', updatedAt: 1 }))
    pending.upsert('beds', makeBed({ id: 'a', updatedAt: 2 }))
    pending.remove('beds', 'b')
    pending.remove('beds', 'c')
    expect(pending.take().entities?.beds).toEqual({
      reset: false,
      upserts: [makeBed({ id: 'a', updatedAt: 2 })],
      removes: ['b', 'c'],
    })
  })

  it('re-creates an entity removed then upserted', () => {
    const pending = new PendingChanges()
    pending.remove('beds', 'a')
    pending.upsert('beds', makeBed({ id: 'a', updatedAt: 3 }))
    expect(pending.take().entities?.beds).toEqual({
      reset: false,
      upserts: [makeBed({ id: 'a', updatedAt: 3 })],
      removes: [],
    })
  })

  it('lets a reset replace everything before it, and keeps reset when later changes follow it', () => {
    const pending = new PendingChanges()
    pending.upsert('beds', makeBed({ id: 'x' }))
    pending.reset('beds', [makeBed({ id: 'a' })])
    pending.upsert('beds', makeBed({ id: 'b' }))
    const beds = pending.take().entities?.beds
    expect(beds?.reset).toBe(true)
    expect(beds?.upserts.map((b) => b.id)).toEqual(['a', 'b'])
    expect(beds?.removes).toEqual([])
  })

  it('takes the latest connection, sources and alarms, and merges topic states', () => {
    const connection = (status: 'connected' | 'disconnected') => ({
      status,
      since: 1,
      detail: null,
      gatewayUrl: 'http://127.0.0.1:1',
    })
    const topic = (seq: number) => ({ seq, confirmedAt: 1, resyncs: 0, restored: null })
    const pending = new PendingChanges()
    pending.setConnection(connection('connected'))
    pending.setTopicState('beds', topic(1))
    pending.setTopicState('assets', topic(1))
    pending.setAlarms([])
    pending.setConnection(connection('disconnected'))
    pending.setTopicState('beds', topic(2))
    const merged = pending.take()
    expect(merged.connection?.status).toBe('disconnected')
    expect(merged.topics).toEqual({ beds: topic(2), assets: topic(1) })
    expect(merged.alarms).toEqual([])
    expect(merged.entities).toBeUndefined()
  })
})
