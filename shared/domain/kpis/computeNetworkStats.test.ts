import { describe, expect, it } from 'vitest'
import { availabilityPct, computeNetworkStats } from './computeNetworkStats.ts'
import { byId, makeDevice, NOW } from '../../../tests/support/kpiFixtures.ts'

/*
 * d1 core switch, site N, up, 2 ms, 0 % loss; links to d2 (40 %) and d3 (85 %)
 * d2 access switch, site N, down, serves W1; its link to d1 has no utilisation
 * d3 distribution switch, site S, degraded, 120 ms, 3 % loss; link to d1 at 80 % (same pair as d1's 85 %)
 * d4 access point, site S, unknown
 * d5 server, site S, up, 8 ms, 0.5 % loss; link to d3 at 60 %
 */
const DEVICES = [
  makeDevice({
    id: 'd1',
    kind: 'core-switch',
    latencyMs: 2,
    lossPct: 0,
    links: [
      { peerId: 'd2', ifName: 'Gi1', status: 'up', utilisationPct: 40 },
      { peerId: 'd3', ifName: 'Gi2', status: 'up', utilisationPct: 85 },
    ],
  }),
  makeDevice({
    id: 'd2',
    status: 'down',
    servesUnitIds: ['w1'],
    links: [{ peerId: 'd1', ifName: 'Gi48', status: 'down', utilisationPct: null }],
  }),
  makeDevice({
    id: 'd3',
    kind: 'distribution-switch',
    siteId: 'site-s',
    status: 'degraded',
    latencyMs: 120,
    lossPct: 3,
    links: [{ peerId: 'd1', ifName: 'Te1', status: 'up', utilisationPct: 80 }],
  }),
  makeDevice({ id: 'd4', kind: 'access-point', siteId: 'site-s', status: 'unknown' }),
  makeDevice({
    id: 'd5',
    kind: 'server',
    siteId: 'site-s',
    latencyMs: 8,
    lossPct: 0.5,
    links: [{ peerId: 'd3', ifName: 'eth0', status: 'up', utilisationPct: 60 }],
  }),
]

const stats = computeNetworkStats(byId(DEVICES), null, NOW)

describe('computeNetworkStats', () => {
  it('counts statuses and availability over devices with a known status', () => {
    const t = stats.rollup.trust
    expect([t.total, t.up, t.degraded, t.down, t.unknown]).toEqual([5, 2, 1, 1, 1])
    // (up 2 + degraded 1) / known (2 + 1 + 1) = 3 / 4 = 75 % — d4 unknown counts neither way
    expect(availabilityPct(t)).toBe(75)
    expect([...t.unitsAffected]).toEqual(['w1'])
  })

  it('finds the worst latency and loss with the device responsible', () => {
    expect(stats.rollup.trust.worstLatency).toEqual({ deviceId: 'd3', value: 120 })
    expect(stats.rollup.trust.worstLoss).toEqual({ deviceId: 'd3', value: 3 })
  })

  it('lists the busiest links, busiest first, one entry per device pair', () => {
    // d1–d3 reported at 85 (by d1) and 80 (by d3) → kept once at 85; then d5–d3 60; d1–d2 40
    expect(stats.rollup.trust.busiestLinks.map((l) => [l.deviceId, l.peerId, l.utilisationPct])).toEqual([
      ['d1', 'd3', 85],
      ['d5', 'd3', 60],
      ['d1', 'd2', 40],
    ])
  })

  it('rolls up by site', () => {
    const n = stats.rollup.sites.get('site-n')
    const s = stats.rollup.sites.get('site-s')
    // N: d1 up, d2 down → 1/2 = 50 %; S: d3 degraded, d5 up, d4 unknown → 2/2 = 100 %
    expect(n && availabilityPct(n)).toBe(50)
    expect(s && availabilityPct(s)).toBe(100)
  })
})
