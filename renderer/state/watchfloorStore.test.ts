import { describe, expect, it, vi } from 'vitest'
import type { ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import { makeBed, makeDevice } from '../../tests/support/fakeFeedSocket.ts'
import { initialReplicaState, createWatchfloorStore } from './watchfloorStore.ts'

function snapshotWith(partial: Partial<ReplicaSnapshot>): ReplicaSnapshot {
  const { received: _received, entities: _entities, ...base } = initialReplicaState(1)
  return { ...base, entities: { beds: [], assets: [], network: [], cyber: [], waiting: [] }, ...partial }
}

describe('watchfloorStore', () => {
  it('replaces the replica from a snapshot', () => {
    const store = createWatchfloorStore()
    const bed = makeBed({ id: 'b1' })
    store.getState().applyHubMessage({
      type: 'snapshot',
      state: snapshotWith({ entities: { beds: [bed], assets: [], network: [], cyber: [], waiting: [] } }),
    })
    const state = store.getState()
    expect(state.received).toBe(true)
    expect(state.entities.beds.get('b1')).toBe(bed)
    expect(state.entities.beds.size).toBe(1)
  })

  it('applies a snapshot that lacks a topic, or has a malformed one: a logged, counted error naming it, the rest applied', () => {
    const store = createWatchfloorStore()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const bed = makeBed({ id: 'b1' })
      const device = makeDevice({ id: 'd1' })
      const { waiting: _waiting, ...topicsWithoutWaiting } = snapshotWith({}).topics
      const snapshot = {
        ...snapshotWith({}),
        // No waiting list at all (an older hub), cyber not a list, one asset without an id.
        entities: { beds: [bed], assets: [{ name: 'no id' }], network: [device], cyber: 'oops' },
        topics: { ...topicsWithoutWaiting, beds: { seq: 4, confirmedAt: 9, resyncs: 0, restored: null } },
      } as unknown as ReplicaSnapshot
      expect(() => store.getState().applyHubMessage({ type: 'snapshot', state: snapshot })).not.toThrow()
      const state = store.getState()
      expect(state.received).toBe(true)
      expect(state.entities.beds.get('b1')).toBe(bed)
      expect(state.entities.network.get('d1')).toBe(device)
      expect(state.topics.beds.seq).toBe(4)
      // The broken topics read "no data" rather than live: nothing confirmed.
      expect(state.entities.cyber.size).toBe(0)
      expect(state.entities.waiting.size).toBe(0)
      expect(state.entities.assets.size).toBe(0)
      expect(state.topics.waiting.confirmedAt).toBeNull()
      expect(state.topics.cyber.confirmedAt).toBeNull()
      expect(store.getState().hubMessageProblems()).toBe(3)
      const lines = errors.mock.calls.map((c) => String(c[0]))
      expect(lines).toEqual([
        expect.stringContaining('topic "assets": 1 of 1 entities without an id dropped'),
        expect.stringContaining('topic "cyber": not a list (string)'),
        expect.stringContaining('topic "waiting": missing'),
      ])
      // Changes carrying a malformed topic are skipped the same way; the others apply.
      store.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: { reset: false, upserts: [makeBed({ id: 'b2' })], removes: [] },
            cyber: { reset: false, upserts: 7, removes: [] },
          } as never,
        },
      })
      expect(store.getState().entities.beds.size).toBe(2)
      expect(store.getState().hubMessageProblems()).toBe(4)
      expect(String(errors.mock.calls.at(-1)?.[0])).toContain('hub changes: topic "cyber"')
    } finally {
      errors.mockRestore()
    }
  })

  it('applies one message with one set(), and none when nothing changed', () => {
    const store = createWatchfloorStore()
    let sets = 0
    store.subscribe(() => {
      sets += 1
    })
    const b1 = makeBed({ id: 'b1' })
    store.getState().applyHubMessage({
      type: 'changes',
      changes: {
        entities: { beds: { reset: false, upserts: [b1, makeBed({ id: 'b2' })], removes: [] } },
        topics: { beds: { seq: 1, confirmedAt: 5, resyncs: 0, restored: null } },
      },
    })
    expect(sets).toBe(1)
    const before = store.getState()
    // Same entity object, same topic state values: nothing changes, nothing re-renders.
    store.getState().applyHubMessage({
      type: 'changes',
      changes: {
        entities: { beds: { reset: false, upserts: [b1], removes: [] } },
        topics: { beds: { seq: 1, confirmedAt: 5, resyncs: 0, restored: null } },
      },
    })
    expect(sets).toBe(1)
    expect(store.getState()).toBe(before)
  })

  it('gives a changed topic a new table (higher version) and keeps the others by reference', () => {
    const store = createWatchfloorStore()
    store.getState().applyHubMessage({
      type: 'changes',
      changes: {
        entities: {
          beds: { reset: false, upserts: [makeBed({ id: 'b1' }), makeBed({ id: 'b2' })], removes: [] },
          network: { reset: false, upserts: [makeDevice({ id: 'sw' })], removes: [] },
        },
      },
    })
    const network = store.getState().entities.network
    const beds = store.getState().entities.beds
    store.getState().applyHubMessage({
      type: 'changes',
      changes: { entities: { beds: { reset: false, upserts: [], removes: ['b1', 'missing'] } } },
    })
    expect([...store.getState().entities.beds.keys()]).toEqual(['b2'])
    expect(store.getState().entities.network).toBe(network)
    expect(store.getState().entities.beds).not.toBe(beds)
    expect(store.getState().entities.beds.version).toBeGreaterThan(beds.version)
  })

  it('replaces a whole topic map on reset', () => {
    const store = createWatchfloorStore()
    store.getState().applyHubMessage({
      type: 'changes',
      changes: { entities: { beds: { reset: false, upserts: [makeBed({ id: 'old' })], removes: [] } } },
    })
    store.getState().applyHubMessage({
      type: 'changes',
      changes: { entities: { beds: { reset: true, upserts: [makeBed({ id: 'new' })], removes: [] } } },
    })
    expect([...store.getState().entities.beds.keys()]).toEqual(['new'])
  })

  it('keeps the connection object when an identical one arrives', () => {
    const store = createWatchfloorStore()
    const connection = { status: 'connected', since: 3, detail: null, gatewayUrl: 'http://x' } as const
    store.getState().applyHubMessage({ type: 'changes', changes: { connection } })
    const kept = store.getState().connection
    store.getState().applyHubMessage({ type: 'changes', changes: { connection: { ...connection } } })
    expect(store.getState().connection).toBe(kept)
  })

  it('holds UI state: selection, board and theme', () => {
    const store = createWatchfloorStore({ boardId: 'site-manager', theme: 'wall' })
    expect(store.getState().boardId).toBe('site-manager')
    store.getState().select({ kind: 'bed', id: 'b1' })
    const selection = store.getState().selection
    store.getState().select({ kind: 'bed', id: 'b1' })
    expect(store.getState().selection).toBe(selection)
    store.getState().setBoard('digital-ops')
    store.getState().setTheme('desktop')
    expect(store.getState()).toMatchObject({ boardId: 'digital-ops', theme: 'desktop' })
  })

  it('keeps a request to show a place on the map pending until a map settles it', () => {
    const store = createWatchfloorStore()
    const request = { levelId: 'lvl-1', area: null, reason: 'HIGH · Network device down', fingerprint: 'f1' }
    store.getState().focusMap(request)
    expect(store.getState().mapFocus).toEqual({ ...request, seq: 1, pending: true })
    // An older request settling changes nothing; this one's does.
    store.getState().settleMapFocus(0)
    expect(store.getState().mapFocus?.pending).toBe(true)
    store.getState().settleMapFocus(1)
    expect(store.getState().mapFocus).toMatchObject({ seq: 1, pending: false })
    // Asking for the same place again is a new request: the map moves again.
    store.getState().focusMap(request)
    expect(store.getState().mapFocus).toMatchObject({ seq: 2, pending: true })
  })

  it('holds the desktop’s colour scheme choice', () => {
    const store = createWatchfloorStore()
    expect(store.getState().colorScheme).toBe('system')
    store.getState().setColorScheme('dark')
    expect(store.getState().colorScheme).toBe('dark')
  })
})
