import { describe, expect, it } from 'vitest'
import { computeCyberStats, meanTimeToAckMin } from './computeCyberStats.ts'
import { byId, HOUR, makeAlert, MIN, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'

const ack = (at: number) => ({ by: 'On-call IT', at, note: '' })

/*
 * c1 critical, new, first seen 10 min ago, site N, unit W1-A
 * c2 high, acknowledged, first seen 3 h ago, acked 20 min later, site N
 * c3 high, investigating, first seen 30 min ago, acked 10 min later, site S
 * c4 medium, resolved, first seen 2 h ago, acked 30 min later, no site
 * c5 low, new, first seen 50 h ago, site S
 * c6 info, acknowledged, first seen 30 h ago, acked 26 h ago (outside the 24 h window)
 */
const ALERTS = [
  makeAlert({ id: 'c1', severity: 'critical', firstSeen: NOW - 10 * MIN, siteId: 'site-n', unitId: 'w1-a' }),
  makeAlert({
    id: 'c2',
    severity: 'high',
    status: 'acknowledged',
    firstSeen: NOW - 3 * HOUR,
    ack: ack(NOW - 3 * HOUR + 20 * MIN),
    siteId: 'site-n',
  }),
  makeAlert({
    id: 'c3',
    severity: 'high',
    status: 'investigating',
    firstSeen: NOW - 30 * MIN,
    ack: ack(NOW - 20 * MIN),
    siteId: 'site-s',
  }),
  makeAlert({
    id: 'c4',
    severity: 'medium',
    status: 'resolved',
    firstSeen: NOW - 2 * HOUR,
    ack: ack(NOW - 90 * MIN),
  }),
  makeAlert({ id: 'c5', severity: 'low', firstSeen: NOW - 50 * HOUR, siteId: 'site-s' }),
  makeAlert({
    id: 'c6',
    severity: 'info',
    status: 'acknowledged',
    firstSeen: NOW - 30 * HOUR,
    ack: ack(NOW - 26 * HOUR),
  }),
]

const stats = computeCyberStats(byId(ALERTS), buildSiteIndex(SITE_MODEL), NOW)

describe('computeCyberStats', () => {
  it('counts open alerts by severity (everything not resolved)', () => {
    const t = stats.rollup.trust
    expect(t.open).toBe(5) // c1 c2 c3 c5 c6
    expect(t.openBySeverity).toEqual({ critical: 1, high: 2, medium: 0, low: 1, info: 1 })
    expect(t.unacknowledged).toBe(2) // status new: c1 c5
  })

  it('counts alerts first seen in the last hour', () => {
    expect(stats.rollup.trust.newInWindow).toBe(2) // c1 (10 min) c3 (30 min)
  })

  it('computes mean time to acknowledge over acknowledgements in the last 24 h', () => {
    // c2 20 min, c3 10 min, c4 30 min (c6 was acked 26 h ago) → 60 / 3 = 20 min
    expect(meanTimeToAckMin(stats.rollup.trust)).toBe(20)
  })

  it('rolls up by site and ward', () => {
    const n = stats.rollup.sites.get('site-n')
    expect(n?.open).toBe(2) // c1 c2
    expect(n && meanTimeToAckMin(n)).toBe(20) // c2 only
    expect(stats.rollup.wards.get('w1')?.openBySeverity.critical).toBe(1) // c1 via W1-A
  })
})
