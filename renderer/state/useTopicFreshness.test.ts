import { describe, expect, it } from 'vitest'
import type { ConnectionState, TopicState } from '../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS } from '../../shared/domain/freshness.ts'
import { topicFreshness } from './selectors.ts'
import { freshnessChangesAt } from './useTopicFreshness.ts'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const connected: ConnectionState = { status: 'connected', since: T0, detail: null, gatewayUrl: 'test://' }
const topic = (confirmedAt: number | null): TopicState => ({
  seq: 1,
  confirmedAt,
  resyncs: 0,
  restored: null,
})

describe('freshnessChangesAt (a badge re-renders when it turns STALE, not every second)', () => {
  it('is the moment live data passes its threshold: live up to it, STALE just after', () => {
    const at = freshnessChangesAt('beds', topic(T0), connected, T0 + 1_000)
    expect(at).toBe(T0 + DEFAULT_STALE_AFTER_MS.beds)
    if (at === null) throw new Error('unreachable')
    expect(topicFreshness(topic(T0), connected, at, DEFAULT_STALE_AFTER_MS.beds)).toBe('live')
    expect(topicFreshness(topic(T0), connected, at + 1, DEFAULT_STALE_AFTER_MS.beds)).toBe('stale')
  })

  it('uses each topic’s own threshold', () => {
    expect(freshnessChangesAt('network', topic(T0), connected, T0)).toBe(T0 + DEFAULT_STALE_AFTER_MS.network)
  })

  it('has nothing due when no clock can change it: never confirmed, already stale, or disconnected', () => {
    expect(freshnessChangesAt('beds', topic(null), connected, T0)).toBeNull()
    expect(freshnessChangesAt('beds', topic(T0), connected, T0 + DEFAULT_STALE_AFTER_MS.beds + 1)).toBeNull()
    const down: ConnectionState = { ...connected, status: 'disconnected' }
    expect(freshnessChangesAt('beds', topic(T0), down, T0)).toBeNull()
  })
})
