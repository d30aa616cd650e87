/**
 * Builders for alarm-engine tests: synthetic entities with sensible defaults, and a fake clock.
 * Synthetic data only — no real places or people.
 */
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../../contracts/entities.ts'
import type { SiteModel } from '../../../contracts/places.ts'
import { parseRulePack } from '../parseRulePack.ts'
import type { RulePack } from '../alarmRuleSchema.ts'

/** A clock tests move by hand. */
export type FakeClock = { now: () => number; advance: (ms: number) => number; set: (at: number) => void }

export function makeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): FakeClock {
  let t = start
  return {
    now: () => t,
    advance: (ms) => {
      t += ms
      return t
    },
    set: (at) => {
      t = at
    },
  }
}

export function makeDevice(overrides: Partial<NetworkDevice> & { id: string }): NetworkDevice {
  return {
    name: overrides.id.toUpperCase(),
    kind: 'access-point',
    siteId: 'site-a',
    levelId: 'lvl-1',
    x: null,
    y: null,
    status: 'up',
    statusSince: 0,
    latencyMs: 2,
    lossPct: 0,
    utilisationPct: 10,
    uplinkId: null,
    links: [],
    servesUnitIds: [],
    address: null,
    lastPolledAt: null,
    ...overrides,
  }
}

export function makeBed(overrides: Partial<Bed> & { id: string }): Bed {
  return {
    status: 'unoccupied',
    statusSince: 0,
    closedReason: null,
    housekeeping: null,
    escalationOpen: false,
    nctr: false,
    expectedDischargeToday: false,
    lengthOfStayDays: null,
    updatedAt: 0,
    ...overrides,
  }
}

export function makeAsset(overrides: Partial<Asset> & { id: string }): Asset {
  return {
    type: 'infusion-pump',
    label: `IP-${overrides.id}`,
    siteId: 'site-a',
    levelId: 'lvl-1',
    x: 0,
    y: 0,
    zoneId: 'ward-a',
    homeUnitId: 'ward-a',
    lastSeen: 0,
    battery: 80,
    state: 'available',
    ...overrides,
  }
}

export function makeCyberAlert(overrides: Partial<CyberAlert> & { id: string }): CyberAlert {
  return {
    source: 'siem-cef',
    severity: 'high',
    category: 'malware',
    title: 'Suspicious process on a workstation',
    tactic: 'TA0002',
    technique: null,
    host: null,
    deviceId: null,
    siteId: 'site-a',
    unitId: null,
    firstSeen: 0,
    lastSeen: 0,
    count: 1,
    status: 'new',
    ack: null,
    ...overrides,
  }
}

/** A tiny site model: one site, two wards (A with a bay), beds given by id → ward. */
export function makeSiteModel(beds: Readonly<Record<string, 'ward-a' | 'ward-b'>> = {}): SiteModel {
  const outline: [number, number][] = [
    [0, 0],
    [10, 0],
    [10, 10],
  ]
  const unit = (
    id: string,
    kind: 'ward' | 'bay',
    parent: string | null,
    name: string,
  ): SiteModel['units'][number] => ({
    id,
    physicalType: kind === 'ward' ? 'wa' : 'ro',
    kind,
    siteId: 'site-a',
    buildingId: 'bld-1',
    levelId: 'lvl-1',
    parentUnitId: parent,
    name,
    specialty: null,
    generalAndAcute: true,
    outline,
    labelAt: [5, 5],
  })
  return {
    trust: { id: 'trust-x', name: 'Synthetic Trust', odsCode: null },
    sites: [{ id: 'site-a', physicalType: 'si', name: 'Site A', shortName: 'A' }],
    buildings: [{ id: 'bld-1', physicalType: 'bu', siteId: 'site-a', name: 'Main' }],
    levels: [
      {
        id: 'lvl-1',
        physicalType: 'lvl',
        siteId: 'site-a',
        buildingId: 'bld-1',
        name: 'Level 1',
        shortName: '1',
        ordinal: 1,
        origin: [-2, 52],
      },
    ],
    units: [
      unit('ward-a', 'ward', null, 'Ward A'),
      unit('bay-a1', 'bay', 'ward-a', 'Bay A1'),
      unit('ward-b', 'ward', null, 'Ward B'),
    ],
    beds: Object.entries(beds).map(([id, ward]) => ({
      id,
      physicalType: 'bd' as const,
      siteId: 'site-a',
      levelId: 'lvl-1',
      wardId: ward,
      roomId: ward,
      label: id,
      escalation: false,
      sideRoom: false,
      bayLabel: null,
      sexOfBay: 'mixed' as const,
      at: [1, 1] as [number, number],
      rotation: 0,
    })),
  }
}

/** Parses rules written inline in a test, failing loudly on a bad one. */
export function makePack(rules: readonly Record<string, unknown>[]): RulePack {
  const result = parseRulePack({ version: 1, name: 'test', rules })
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.pack
}
