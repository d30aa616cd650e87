import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import type { ConnectionState } from '../../shared/contracts/hub.ts'
import { makeBed, makeDevice } from '../../tests/support/fakeFeedSocket.ts'
import {
  countBedsByStatus,
  countOpenCyberBySeverity,
  listOpenCyberAlerts,
  listUnhealthyDevices,
  memoByRef,
  selectBedCountsByStatus,
  summariseAlarms,
  topicFreshness,
} from './selectors.ts'
import { createWatchfloorStore } from './watchfloorStore.ts'

/** A topic map from entities (the store holds EntityTables; any ReadonlyMap works). */
const byId = <T extends { id: string }>(...entities: T[]): ReadonlyMap<string, T> =>
  new Map(entities.map((e) => [e.id, e]))

function makeAlert(overrides: Partial<CyberAlert>): CyberAlert {
  return {
    id: 'c1',
    source: 'siem-cef',
    severity: 'medium',
    category: 'malware',
    title: 'Suspicious process',
    tactic: null,
    technique: null,
    host: null,
    deviceId: null,
    siteId: null,
    unitId: null,
    firstSeen: 1,
    lastSeen: 1,
    count: 1,
    status: 'new',
    ack: null,
    ...overrides,
  }
}

function makeAlarm(overrides: Partial<ActiveAlarm>): ActiveAlarm {
  return {
    fingerprint: 'f',
    ruleId: 'r',
    title: 't',
    detail: 'd',
    priority: 'low',
    state: 'unacknowledged',
    active: true,
    raisedAt: 1,
    changedAt: 1,
    subject: { kind: 'device', id: 'sw', siteId: null, levelId: null, unitId: null },
    groupCount: 1,
    members: [],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...overrides,
  }
}

describe('derived selectors', () => {
  it('counts beds by status, with every status present', () => {
    const counts = countBedsByStatus(
      byId(
        makeBed({ id: 'a', status: 'occupied' }),
        makeBed({ id: 'b', status: 'occupied' }),
        makeBed({ id: 'c', status: 'housekeeping' }),
        makeBed({ id: 'd', status: 'unknown' }),
      ),
    )
    expect(counts).toEqual({
      occupied: 2,
      unoccupied: 0,
      housekeeping: 1,
      closed: 0,
      isolated: 0,
      contaminated: 0,
      reserved: 0,
      unknown: 1,
    })
  })

  it('counts only open cyber alerts by severity', () => {
    const counts = countOpenCyberBySeverity(
      byId(
        makeAlert({ id: 'a', severity: 'high' }),
        makeAlert({ id: 'b', severity: 'high', status: 'resolved' }),
        makeAlert({ id: 'c', severity: 'critical', status: 'investigating' }),
      ),
    )
    expect(counts).toMatchObject({ critical: 1, high: 1, medium: 0 })
  })

  it('lists unhealthy devices worst first, longest down first', () => {
    const list = listUnhealthyDevices(
      byId(
        makeDevice({ id: 'up', status: 'up' }),
        makeDevice({ id: 'deg', status: 'degraded', statusSince: 1 }),
        makeDevice({ id: 'down2', status: 'down', statusSince: 20 }),
        makeDevice({ id: 'down1', status: 'down', statusSince: 10 }),
      ),
    )
    expect(list.map((d) => d.id)).toEqual(['down1', 'down2', 'deg'])
  })

  it('lists open cyber alerts by severity then most recent', () => {
    const list = listOpenCyberAlerts(
      byId(
        makeAlert({ id: 'low', severity: 'low', lastSeen: 99 }),
        makeAlert({ id: 'hiOld', severity: 'high', lastSeen: 1 }),
        makeAlert({ id: 'hiNew', severity: 'high', lastSeen: 5 }),
        makeAlert({ id: 'gone', severity: 'critical', status: 'resolved' }),
      ),
    )
    expect(list.map((a) => a.id)).toEqual(['hiNew', 'hiOld', 'low'])
  })

  it('summarises alarms, leaving out shelved and out-of-service ones', () => {
    const summary = summariseAlarms([
      makeAlarm({ priority: 'medium', state: 'unacknowledged' }),
      makeAlarm({ priority: 'high', state: 'acknowledged' }),
      makeAlarm({ priority: 'high', state: 'shelved' }),
      makeAlarm({ priority: 'low', state: 'out-of-service' }),
    ])
    expect(summary).toEqual({ active: 2, unacknowledged: 1, highest: 'medium' })
    expect(summariseAlarms([])).toEqual({ active: 0, unacknowledged: 0, highest: null })
  })

  it('shows a topic stale past its threshold, and at once when disconnected', () => {
    const connected: ConnectionState = { status: 'connected', since: 0, detail: null, gatewayUrl: '' }
    const topic = { seq: 1, confirmedAt: 1_000, resyncs: 0, restored: null }
    expect(topicFreshness(topic, connected, 5_000, 30_000)).toBe('live')
    expect(topicFreshness(topic, connected, 40_000, 30_000)).toBe('stale')
    expect(topicFreshness(topic, { ...connected, status: 'disconnected' }, 2_000, 30_000)).toBe('stale')
    expect(topicFreshness({ ...topic, confirmedAt: null }, connected, 2_000, 30_000)).toBe('unknown')
    // Restored after a gateway restart: never live, and stale once past the threshold like anything else.
    const restored = { ...topic, restored: { asOf: 500, waitingFor: ['pas-adt'] } }
    expect(topicFreshness(restored, connected, 2_000, 30_000)).toBe('restored')
    expect(topicFreshness(restored, connected, 40_000, 30_000)).toBe('stale')
  })

  it('memoised selectors return the same object until their slice changes', () => {
    const store = createWatchfloorStore()
    const first = selectBedCountsByStatus(store.getState())
    store.getState().setBoard('other')
    expect(selectBedCountsByStatus(store.getState())).toBe(first)
    store.getState().applyHubMessage({
      type: 'changes',
      changes: { entities: { beds: { reset: false, upserts: [makeBed()], removes: [] } } },
    })
    expect(selectBedCountsByStatus(store.getState())).not.toBe(first)
    expect(selectBedCountsByStatus(store.getState()).occupied).toBe(1)
  })

  it('memoByRef recomputes only for a new input reference', () => {
    let calls = 0
    const f = memoByRef((x: { n: number }) => {
      calls += 1
      return x.n * 2
    })
    const input = { n: 2 }
    f(input)
    f(input)
    f({ n: 2 })
    expect(calls).toBe(2)
  })
})
