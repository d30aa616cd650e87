import { describe, expect, it } from 'vitest'
import { computeCyberStats, meanTimeToAckMin } from './computeCyberStats.ts'
import { byId, HOUR, makeAlert, MIN, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import { buildSiteIndex } from './siteIndex.ts'
import { respondToAlert } from '../cyber/respondToAlert.ts'

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

describe('mean time to acknowledge, through the response the IT user gives', () => {
  const it_ = { role: 'it', user: 'On-call IT' } as const
  const respond = (
    alert: ReturnType<typeof makeAlert>,
    action: 'acknowledge' | 'investigate' | 'resolve',
    at: number,
  ): ReturnType<typeof makeAlert> => {
    const result = respondToAlert(alert, { action, note: 'n' }, it_, at)
    if (!result.ok) throw new Error(result.error)
    return result.alert
  }

  it('is the mean of first acknowledgement − first seen over the last 24 h; investigating counts, later steps do not', () => {
    const a = respond(
      makeAlert({ id: 'a', firstSeen: NOW - 2 * HOUR }),
      'acknowledge',
      NOW - 2 * HOUR + 10 * MIN,
    )
    // Straight to investigating: acknowledged then, 30 min after first seen.
    const b = respond(makeAlert({ id: 'b', firstSeen: NOW - HOUR }), 'investigate', NOW - 30 * MIN)
    // Resolving later changes nothing: the acknowledgement is what is measured.
    const c = respond(
      respond(makeAlert({ id: 'c', firstSeen: NOW - 3 * HOUR }), 'acknowledge', NOW - 3 * HOUR + 20 * MIN),
      'resolve',
      NOW - MIN,
    )
    // Closed by its source, never acknowledged: not in the mean.
    const d = makeAlert({ id: 'd', status: 'resolved', firstSeen: NOW - HOUR })
    // Acknowledged 25 h ago: outside the window.
    const e = respond(makeAlert({ id: 'e', firstSeen: NOW - 26 * HOUR }), 'acknowledge', NOW - 25 * HOUR)
    const stats = computeCyberStats(byId([a, b, c, d, e]), null, NOW)
    expect(stats.rollup.trust.acknowledgedInWindow).toBe(3)
    expect(meanTimeToAckMin(stats.rollup.trust)).toBe(20) // (10 + 30 + 20) / 3
  })

  it('is null (shown as — with its reason) when nothing was acknowledged in the window', () => {
    const stats = computeCyberStats(byId([makeAlert({ id: 'x' })]), null, NOW)
    expect(meanTimeToAckMin(stats.rollup.trust)).toBeNull()
  })
})
