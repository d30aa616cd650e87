/**
 * The docs/architecture.md bench-scale trust for the KPI benches (`tableBench.ts`, `kpiBench.ts`):
 * 4 sites, 400 wards, 12,000 beds, 40,000 tags, 6,000 devices, 2,000 alerts. Synthetic: no
 * patient identifiers, deterministic.
 */
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel, Unit } from '../../shared/contracts/places.ts'

export const BENCH_WARDS = 400

/** The trust as it stands at `now`. */
export function benchScaleTrust(now: number = Date.now()): {
  model: SiteModel
  beds: Map<string, Bed>
  assets: Map<string, Asset>
  devices: Map<string, NetworkDevice>
  alerts: Map<string, CyberAlert>
} {
  const units: Unit[] = []
  const places: BedPlace[] = []
  const beds = new Map<string, Bed>()
  const WARDS = BENCH_WARDS
  const outline: Unit['outline'] = [
    [0, 0],
    [1, 0],
    [1, 1],
  ]
  for (let w = 0; w < WARDS; w += 1) {
    const siteId = `site-${w % 4}`
    const common = { siteId, buildingId: 'b', levelId: 'l', outline, labelAt: [0, 0] as [number, number] }
    units.push({
      ...common,
      id: `w${w}`,
      physicalType: 'wa',
      kind: 'ward',
      parentUnitId: null,
      name: `Ward ${w}`,
      specialty: 'Medicine',
      generalAndAcute: w % 5 !== 0,
    })
    units.push({
      ...common,
      id: `w${w}-bay`,
      physicalType: 'ro',
      kind: 'bay',
      parentUnitId: `w${w}`,
      name: 'Bay',
      specialty: null,
      generalAndAcute: false,
    })
    for (let b = 0; b < 30; b += 1) {
      const id = `bed-${w}-${b}`
      places.push({
        id,
        physicalType: 'bd',
        siteId,
        levelId: 'l',
        wardId: `w${w}`,
        roomId: `w${w}-bay`,
        label: id,
        escalation: b >= 28,
        sideRoom: false,
        bayLabel: null,
        sexOfBay: b % 2 ? 'male' : 'female',
        at: [0, 0],
        rotation: 0,
      })
      const statuses = [
        'occupied',
        'occupied',
        'occupied',
        'unoccupied',
        'housekeeping',
        'closed',
        'isolated',
      ] as const
      const status = statuses[(w + b) % statuses.length] as Bed['status']
      beds.set(id, {
        id,
        status,
        statusSince: now - b * 60_000,
        closedReason: status === 'closed' ? 'infection-dv' : null,
        housekeeping:
          status === 'housekeeping'
            ? { requestedAt: now - b * 120_000, startedAt: b % 2 ? now - b * 30_000 : null }
            : null,
        escalationOpen: b % 3 === 0,
        nctr: b % 7 === 0,
        expectedDischargeToday: b % 4 === 0,
        lengthOfStayDays: status === 'occupied' ? b : null,
        updatedAt: now,
      })
    }
  }
  const model: SiteModel = {
    trust: { id: 't', name: 'Bench', odsCode: null },
    sites: [0, 1, 2, 3].map((i) => ({
      id: `site-${i}`,
      physicalType: 'si' as const,
      name: `Site ${i}`,
      shortName: `S${i}`,
    })),
    buildings: [],
    levels: [],
    units,
    beds: places,
  }
  const types: Asset['type'][] = [
    'infusion-pump',
    'patient-monitor',
    'wheelchair',
    'ventilator',
    'staff-badge',
  ]
  const assets = new Map<string, Asset>()
  for (let i = 0; i < 40_000; i += 1) {
    const w = i % WARDS
    assets.set(`a${i}`, {
      id: `a${i}`,
      type: types[i % types.length] as Asset['type'],
      label: `A${i}`,
      siteId: `site-${w % 4}`,
      levelId: 'l',
      x: 0,
      y: 0,
      zoneId: `w${w}-bay`,
      homeUnitId: `w${(i * 7) % WARDS}`,
      lastSeen: now - (i % 100) * 3_600_000,
      battery: i % 100,
      state: i % 3 ? 'available' : 'in-use',
    })
  }
  const devices = new Map<string, NetworkDevice>()
  for (let d = 0; d < 6_000; d += 1) {
    devices.set(`d${d}`, {
      id: `d${d}`,
      name: `d${d}`,
      kind: 'access-switch',
      siteId: `site-${d % 4}`,
      levelId: null,
      x: null,
      y: null,
      status: d % 50 ? 'up' : 'down',
      statusSince: now,
      latencyMs: d % 100,
      lossPct: (d % 10) / 10,
      utilisationPct: d % 100,
      uplinkId: null,
      links: [{ peerId: `d${(d + 1) % 6000}`, ifName: 'Gi1', status: 'up', utilisationPct: (d * 13) % 100 }],
      servesUnitIds: [`w${d % WARDS}`],
      address: null,
      lastPolledAt: now,
    })
  }
  const alerts = new Map<string, CyberAlert>()
  for (let a = 0; a < 2_000; a += 1) {
    alerts.set(`c${a}`, {
      id: `c${a}`,
      source: 's',
      severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[a % 5] as CyberAlert['severity'],
      category: 'c',
      title: 't',
      tactic: null,
      technique: null,
      host: null,
      deviceId: null,
      siteId: `site-${a % 4}`,
      unitId: `w${a % WARDS}`,
      firstSeen: now - a * 60_000,
      lastSeen: now,
      count: 1,
      status: a % 3 ? 'new' : 'acknowledged',
      ack: a % 3 ? null : { by: 'x', at: now - a * 30_000, note: '' },
    })
  }
  return { model, beds, assets, devices, alerts }
}
