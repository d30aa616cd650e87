import { describe, expect, it } from 'vitest'
import type { HubToWindowMessage, ReplicaSnapshot } from '../../../shared/contracts/hub.ts'
import { BEDS, makeBed, MIN, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { createWatchfloorStore } from '../../state/watchfloorStore.ts'
import { computeKpiStats, DEFAULT_KPI_CONFIG } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { defaultParLevels } from '../../../shared/domain/kpis/defaultParLevels.ts'
import { KPI_DEFINITIONS } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import { KpiEngine } from './kpiEngine.ts'

const topic = { seq: 1, confirmedAt: NOW, resyncs: 0, restored: null }

function snapshot(): HubToWindowMessage {
  const state: ReplicaSnapshot = {
    hello: null,
    siteModel: SITE_MODEL,
    connection: { status: 'connected', since: NOW, detail: null, gatewayUrl: 'test://' },
    topics: { beds: topic, assets: topic, network: topic, cyber: topic, waiting: topic },
    entities: { beds: [...BEDS], assets: [], network: [], cyber: [], waiting: [] },
    sources: [],
    alarms: [],
    alarmActions: [],
  }
  return { type: 'snapshot', state }
}

describe('KpiEngine', () => {
  it('makes its passes on the ticker it is given (the shared clock), and stops following it', () => {
    const store = createWatchfloorStore()
    let now = NOW
    const listeners = new Set<() => void>()
    const ticker = {
      subscribe: (listener: () => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    const engine = new KpiEngine(store, { clock: () => now, ticker })
    store.getState().applyHubMessage(snapshot())
    engine.start()
    expect(listeners.size).toBe(1)
    const version = engine.getVersion()
    now = NOW + 2 * MIN
    store.getState().applyHubMessage({
      type: 'changes',
      changes: {
        entities: {
          beds: {
            reset: false,
            upserts: [makeBed({ id: 'b4', status: 'occupied', statusSince: now })],
            removes: [],
          },
        },
      },
    })
    // No pass between ticks: the change waits for the clock's second.
    expect(engine.getVersion()).toBe(version)
    for (const listener of listeners) listener()
    expect(engine.getVersion()).toBeGreaterThan(version)
    engine.stop()
    expect(listeners.size).toBe(0)
  })

  it('computes the KPIs from the store and records the watched series', () => {
    const store = createWatchfloorStore()
    let now = NOW
    const engine = new KpiEngine(store, { clock: () => now, intervalMs: 60_000 })
    store.getState().applyHubMessage(snapshot())
    const series = engine.watch('beds.ga-occupancy', {})
    engine.start()
    try {
      // Same fixture as shared/domain/kpis: capacity 20, G&A occupancy 7 / 14 = 50 %.
      expect(engine.getStats()?.beds?.rollup.trust.capacity).toBe(20)
      expect(series.last()?.v).toBe(50)
      // b4 (W1, core G&A, free) is admitted: G&A occupied 8 of 14 open → 57.142…%.
      now = NOW + 2 * MIN
      store.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: false,
              upserts: [makeBed({ id: 'b4', status: 'occupied', statusSince: now })],
              removes: [],
            },
          },
        },
      })
      engine.tick()
      expect(series.last()?.v).toBeCloseTo(57.142857, 5)
      expect(series.size).toBe(2) // 2 min later is a new 30-second bucket: two samples
    } finally {
      engine.stop()
    }
  })

  it('turns a bed leaving housekeeping into a completed turnaround', () => {
    const store = createWatchfloorStore()
    const engine = new KpiEngine(store, { clock: () => NOW + 5 * MIN, intervalMs: 60_000 })
    store.getState().applyHubMessage(snapshot())
    engine.start()
    try {
      // b5 was asked for 40 min before NOW and never started; it is clean 5 min after NOW → 45 min.
      store.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: false,
              upserts: [makeBed({ id: 'b5', status: 'unoccupied', statusSince: NOW + 5 * MIN })],
              removes: [],
            },
          },
        },
      })
      engine.tick()
      const t = engine.getStats()?.turnaround?.trust
      expect(t?.count).toBe(1)
      expect(t?.meanTotalMin).toBe(45)
      expect(t?.meanResponseMin).toBeNull() // the start was never reported
    } finally {
      engine.stop()
    }
  })

  it('does no pass and notifies nobody while nothing changed and no clock-dependent fact turned', () => {
    const store = createWatchfloorStore()
    let now = NOW
    const engine = new KpiEngine(store, { clock: () => now, intervalMs: 60_000 })
    store.getState().applyHubMessage(snapshot())
    let notified = 0
    const stop = engine.subscribe(() => notified++)
    notified = 0 // subscribing starts the engine with a first pass
    const overdue = (): number | undefined => engine.getStats()?.beds?.rollup.trust.housekeepingOverdue
    try {
      const version = engine.getVersion()
      const stats = engine.getStats()
      for (let s = 1; s <= 4; s++) {
        now = NOW + s * 1000
        engine.tick()
      }
      expect(engine.getVersion()).toBe(version)
      expect(engine.getStats()).toBe(stats)
      expect(notified).toBe(0)
      // A new 30-second sparkline bucket: one sample (and one notification), the same figures.
      now = NOW + 31_000
      engine.tick()
      expect(notified).toBe(1)
      expect(engine.getStats()).toBe(stats)
      expect(engine.lastWork).toMatchObject({ rebuilt: [], changed: 0, turned: 0 })
      // b16's clean (asked 20 min before NOW, total target 60 min) turns overdue on the clock
      // alone, at the first pass after NOW + 40 min: that bed is re-added, no other.
      expect(overdue()).toBe(1)
      now = NOW + 40 * MIN
      engine.tick()
      expect(overdue()).toBe(1)
      now = NOW + 40 * MIN + 1000
      engine.tick()
      expect(overdue()).toBe(2)
      expect(engine.lastWork).toMatchObject({ rebuilt: [], changed: 0, turned: 1 })
      const notifiedBefore = notified
      // A change is a pass at the next tick, re-adding the changed bed only.
      store.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: false,
              upserts: [makeBed({ id: 'b4', status: 'occupied', statusSince: now })],
              removes: [],
            },
          },
        },
      })
      now += 1000
      engine.tick()
      expect(notified).toBe(notifiedBefore + 1)
      expect(engine.lastWork).toMatchObject({ rebuilt: [], changed: 1, turned: 0 })
    } finally {
      stop()
      engine.stop()
    }
  })

  it('recomputes a topic in full after a resync, and then agrees with a full pass in every scope', () => {
    const store = createWatchfloorStore()
    const now = NOW
    const engine = new KpiEngine(store, { clock: () => now, intervalMs: 60_000 })
    store.getState().applyHubMessage(snapshot())
    engine.start()
    try {
      // The gateway restarted: the beds arrive as a reset (new storage, no change log to follow).
      store.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: true,
              upserts: BEDS.filter((b) => b.id !== 'b1').map((b) => ({ ...b, nctr: !b.nctr })),
              removes: [],
            },
          },
        },
      })
      engine.tick()
      expect(engine.lastWork?.rebuilt).toEqual(['beds'])
      const state = store.getState()
      const full = computeKpiStats({
        entities: state.entities,
        index: engine.siteIndex(),
        now,
        config: { ...DEFAULT_KPI_CONFIG, par: defaultParLevels(SITE_MODEL) },
      })
      const stats = engine.getStats()
      expect(stats).not.toBeNull()
      for (const def of KPI_DEFINITIONS.filter((d) => !d.id.startsWith('beds.turnaround')))
        for (const scope of [
          {},
          { siteId: 'site-n' },
          { siteId: 'site-s' },
          { wardId: 'w1' },
          { wardId: 'w3' },
        ])
          expect(def.compute(stats as never, scope), `${def.id} @ ${JSON.stringify(scope)}`).toBe(
            def.compute(full, scope),
          )
    } finally {
      engine.stop()
    }
  })
})
