import { beforeAll, describe, expect, it } from 'vitest'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import { createDemoTrust, demoSourceConfigSchema } from './createDemoTrust.ts'
import type { DemoSimulator } from './createDemoSimulator.ts'

const START = Date.UTC(2026, 10, 20, 6, 0) // 06:00 in London
const HOUR = 3_600_000
const trust = createDemoTrust({ seed: 7, rate: 1 })

const upserts = <T>(ops: readonly SourceOp[], topic: SourceOp['topic']): T[] =>
  ops.flatMap((o) => (o.topic === topic && o.op === 'upsert' ? [o.entity as T] : []))

const occupancyOf = (beds: ReadonlyMap<string, Bed>): number => {
  let occupied = 0
  let open = 0
  for (const b of beds.values()) {
    if (b.status !== 'closed') open += 1
    if (b.status === 'occupied' || b.status === 'isolated' || b.status === 'reserved') occupied += 1
  }
  return occupied / open
}

describe('the demo trust over a simulated day and a half', () => {
  const ops: SourceOp[] = []
  const hourlyOccupancy: number[] = []
  let sim: DemoSimulator
  let initialBeds: Bed[]

  beforeAll(() => {
    sim = trust.simulate(START)
    const initial = sim.initialOps()
    initialBeds = upserts<Bed>(initial, 'beds')
    for (let h = 0; h < 36; h++) {
      for (let m = 0; m < 60; m++) for (const op of sim.step(60_000)) ops.push(op)
      hourlyOccupancy.push(occupancyOf(sim.beds()))
    }
  }, 120_000)

  it('keeps bed occupancy in a plausible 85–98 % band all day', () => {
    expect(occupancyOf(new Map(initialBeds.map((b) => [b.id, b])))).toBeGreaterThan(0.85)
    for (const o of hourlyOccupancy) {
      expect(o).toBeGreaterThanOrEqual(0.85)
      expect(o).toBeLessThanOrEqual(0.98)
    }
    expect(sim.stats().admissions).toBeGreaterThan(150)
    expect(sim.stats().discharges).toBeGreaterThan(150)
  })

  it('discharges mostly in the afternoon, not overnight', () => {
    const discharges = upserts<Bed>(ops, 'beds').filter(
      (b) =>
        (b.status === 'housekeeping' || b.status === 'contaminated') &&
        b.statusSince === b.updatedAt &&
        b.housekeeping?.startedAt == null,
    )
    const byHour = new Array<number>(24).fill(0)
    for (const b of discharges)
      byHour[new Date(b.statusSince).getUTCHours()] = (byHour[new Date(b.statusSince).getUTCHours()] ?? 0) + 1
    const afternoon = byHour.slice(12, 18).reduce((s, v) => s + v, 0)
    const night = byHour.slice(0, 6).reduce((s, v) => s + v, 0)
    expect(afternoon).toBeGreaterThan(night * 4)
  })

  it('takes beds through housekeeping: requested, started, then clean and available', () => {
    const hk = upserts<Bed>(ops, 'beds').filter((b) => b.status === 'housekeeping')
    const started = hk.filter((b) => b.housekeeping !== null && b.housekeeping.startedAt !== null)
    expect(started.length).toBeGreaterThan(50)
    for (const b of started) {
      const wait = (b.housekeeping?.startedAt ?? 0) - (b.housekeeping?.requestedAt ?? 0)
      expect(wait).toBeGreaterThan(0)
      expect(wait).toBeLessThan(4 * HOUR)
    }
    // A bed that was cleaned comes back as available (or, for an escalation bed, closed).
    const cleaned = new Set(started.map((b) => b.id))
    const after = upserts<Bed>(ops, 'beds').filter(
      (b) => cleaned.has(b.id) && (b.status === 'unoccupied' || b.status === 'closed'),
    )
    expect(after.length).toBeGreaterThan(40)
    expect(sim.stats().cleansCompleted).toBeGreaterThan(50)
  })

  it('runs the board round on the morning it starts: discharges expected today from 08:00, not 0 all day', () => {
    // A fresh simulator from 06:00 (the shared one above has already run 36 h).
    const early = trust.simulate(START)
    early.initialOps()
    const expectedToday = (): number =>
      [...early.beds().values()].filter((b) => b.expectedDischargeToday).length
    expect(expectedToday()).toBe(0) // before the round nobody is expected home yet
    for (let m = 0; m < 115; m++) early.step(60_000) // to 07:55
    expect(expectedToday()).toBe(0)
    for (let m = 0; m < 35; m++) early.step(60_000) // to 08:30: the 10-minute sweep has been round
    // About 30 % of occupied beds (10 % for NCTR); the trust has several hundred occupied.
    expect(expectedToday()).toBeGreaterThan(50)
  })

  it('flags NCTR and expected discharges, and counts length of stay', () => {
    const beds = upserts<Bed>(ops, 'beds')
    expect(beds.some((b) => b.nctr)).toBe(true)
    expect(beds.some((b) => b.expectedDischargeToday)).toBe(true)
    expect(beds.some((b) => (b.lengthOfStayDays ?? 0) >= 7)).toBe(true)
    for (const b of sim.beds().values()) {
      if (b.status === 'unoccupied' || b.status === 'housekeeping') {
        expect(b.nctr).toBe(false)
        expect(b.lengthOfStayDays).toBeNull()
      }
    }
  })

  it('only ever opens escalation beds that are escalation places', () => {
    const escalationPlaces = new Set(trust.siteModel.beds.filter((b) => b.escalation).map((b) => b.id))
    for (const b of sim.beds().values()) if (b.escalationOpen) expect(escalationPlaces.has(b.id)).toBe(true)
    for (const b of upserts<Bed>(ops, 'beds'))
      if (escalationPlaces.has(b.id) && b.status === 'closed') expect(b.escalationOpen).toBe(false)
  })

  it('moves assets between rooms and keeps every position inside its zone', () => {
    const reports = upserts<Asset>(ops, 'assets')
    expect(reports.length).toBeGreaterThan(0.5 * 36 * 3600 * 0.65)
    const zones = new Set<string>()
    const outside: string[] = []
    for (const a of reports) {
      const r = trust.model.world.unitRects.get(a.zoneId ?? '')
      if (!r || a.x < r.x0 || a.x > r.x1 || a.y < r.y0 || a.y > r.y1)
        outside.push(`${a.id} at ${a.x},${a.y} in ${a.zoneId}`)
      zones.add(a.zoneId ?? '')
    }
    expect(outside).toEqual([])
    expect(zones.size).toBeGreaterThan(500)
    expect(sim.stats().assetsWentMissing).toBeGreaterThan(0)
  })

  it('drains tag batteries slowly, and only a replacement raises one', () => {
    const last = new Map<string, number>()
    for (const a of upserts<Asset>(ops, 'assets')) {
      const prev = last.get(a.id)
      if (prev !== undefined && a.battery !== null && a.battery > prev) expect(a.battery).toBe(100)
      if (a.battery !== null) last.set(a.id, a.battery)
    }
  })

  it('fails an access switch now and then, taking its access points down, and recovers them', () => {
    const network = upserts<NetworkDevice>(ops, 'network')
    const failure = network.find((d) => d.kind === 'access-switch' && d.status === 'down')
    expect(failure).toBeDefined()
    const aps = trust.model.network.devices.filter((d) => d.uplinkId === failure?.id)
    expect(aps.length).toBeGreaterThan(0)
    const at = failure?.statusSince
    const apDowns = network.filter(
      (d) =>
        d.kind === 'access-point' &&
        d.uplinkId === failure?.id &&
        d.status === 'down' &&
        d.statusSince === at,
    )
    expect(new Set(apDowns.map((d) => d.id))).toEqual(new Set(aps.map((a) => a.id)))
    for (const ap of apDowns) expect(ap.servesUnitIds.length).toBeGreaterThan(1)
    const recovered = network.find(
      (d) => d.id === failure?.id && d.status === 'up' && d.statusSince > (at ?? 0),
    )
    expect(recovered).toBeDefined()
    expect(sim.stats().switchFailures).toBeGreaterThan(3)
  })

  it('jitters device latency and utilisation while up', () => {
    const polls = upserts<NetworkDevice>(ops, 'network').filter(
      (d) => d.status === 'up' && d.kind === 'core-switch',
    )
    expect(new Set(polls.map((d) => d.latencyMs)).size).toBeGreaterThan(5)
    expect(new Set(polls.map((d) => d.utilisationPct)).size).toBeGreaterThan(5)
  })

  it('raises phishing waves and malware that moves laterally from a ward PC', () => {
    const alerts = upserts<CyberAlert>(ops, 'cyber')
    const phishing = alerts.filter((a) => a.category === 'phishing')
    expect(phishing.length).toBeGreaterThan(5)
    for (const a of phishing) expect(a.tactic).toBe('TA0001')
    const lateral = alerts.filter((a) => a.tactic === 'TA0008')
    expect(lateral.length).toBeGreaterThan(0)
    const c2 = alerts.filter((a) => a.tactic === 'TA0011' && a.severity === 'critical')
    expect(c2.length).toBeGreaterThan(0)
    const wardPc = alerts.find((a) => a.category === 'malware' && /^WS-W\d+-\d\d$/.test(a.host ?? ''))
    expect(wardPc).toBeDefined()
    const device = trust.model.network.devices.find((d) => d.id === wardPc?.deviceId)
    expect(device?.kind).toBe('access-switch')
    expect(device?.servesUnitIds).toContain(wardPc?.unitId)
    // Host names are redacted for most roles, so no title may repeat one.
    expect(alerts.filter((a) => a.host !== null && a.title.includes(a.host))).toEqual([])
    // Repeats and resolutions are patches, so an operator's acknowledgement is never overwritten.
    const patches = ops.filter((o) => o.topic === 'cyber' && o.op === 'patch')
    expect(patches.length).toBeGreaterThan(0)
    expect(ops.some((o) => o.topic === 'cyber' && o.op === 'remove')).toBe(true)
    expect(
      ops.some((o) => o.topic === 'cyber' && o.op === 'upsert' && (o.entity as CyberAlert).ack !== null),
    ).toBe(false)
  })
})

describe('rate', () => {
  it('produces about `rate` events per second', () => {
    const sim = createDemoTrust({ seed: 2, rate: 50 }).simulate(START)
    sim.initialOps()
    let n = 0
    for (let i = 0; i < 60; i++) n += sim.step(1_000).length
    expect(n / 60).toBeGreaterThan(40)
    expect(n / 60).toBeLessThan(60)
  }, 60_000)
})

describe('drills', () => {
  it('fails an access switch and every AP on it when a switch-failure drill is due, not before', () => {
    const drilled = createDemoTrust({
      seed: 7,
      rate: 1,
      drills: [{ kind: 'switch-failure', afterSeconds: 5 }],
    })
    const sim = drilled.simulate(START)
    sim.initialOps()
    const downSwitches = (): NetworkDevice[] =>
      [...sim.devices().values()].filter((d) => d.kind === 'access-switch' && d.status === 'down')
    sim.step(4_000)
    expect(downSwitches()).toEqual([])
    sim.step(2_000)
    const [failed] = downSwitches()
    expect(failed).toBeDefined()
    const aps = [...sim.devices().values()].filter(
      (d) => d.uplinkId === failed?.id && d.kind === 'access-point',
    )
    expect(aps.length).toBeGreaterThan(0)
    expect(aps.every((ap) => ap.status === 'down')).toBe(true)
  })

  it('refuses an unknown drill in the config, naming it', () => {
    const result = demoSourceConfigSchema.safeParse({
      kind: 'demo',
      drills: [{ kind: 'fire', afterSeconds: 1 }],
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['drills', 0, 'kind'])
  })
})
