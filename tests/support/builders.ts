/**
 * Test-data builders: valid entities with sensible defaults, overridden per test
 * (`makeBed({ status: 'occupied' })`). Synthetic only — nothing here resembles a real patient.
 */
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { BedPlace, Level, SiteModel, Unit } from '../../shared/contracts/places.ts'
import { EntityTable } from '../../shared/util/EntityTable.ts'

export const T0 = Date.UTC(2026, 10, 21, 8, 0, 0)

export function makeBed(overrides: Partial<Bed> = {}): Bed {
  return {
    id: 'bed-1',
    status: 'unoccupied',
    statusSince: T0,
    closedReason: null,
    housekeeping: null,
    escalationOpen: false,
    nctr: false,
    expectedDischargeToday: false,
    lengthOfStayDays: null,
    updatedAt: T0,
    ...overrides,
  }
}

export function makeAsset(overrides: Partial<Asset> = {}): Asset {
  return {
    id: 'tag-1',
    type: 'infusion-pump',
    label: 'IP-00001',
    siteId: 'site-a',
    levelId: 'lvl-a1',
    x: 10,
    y: 10,
    zoneId: 'ward-a1',
    homeUnitId: 'ward-a1',
    lastSeen: T0,
    battery: 80,
    state: 'available',
    ...overrides,
  }
}

export function makeDevice(overrides: Partial<NetworkDevice> = {}): NetworkDevice {
  return {
    id: 'dev-1',
    name: 'A1-AP-01',
    kind: 'access-point',
    siteId: 'site-a',
    levelId: 'lvl-a1',
    x: 20,
    y: 5,
    status: 'up',
    statusSince: T0,
    latencyMs: 2,
    lossPct: 0,
    utilisationPct: 10,
    uplinkId: null,
    links: [],
    servesUnitIds: ['ward-a1'],
    address: '127.0.0.1',
    lastPolledAt: T0,
    ...overrides,
  }
}

export function makeCyberAlert(overrides: Partial<CyberAlert> = {}): CyberAlert {
  return {
    id: 'alert-1',
    source: 'siem',
    severity: 'high',
    category: 'malware',
    title: 'Malware detected',
    tactic: 'TA0002',
    technique: null,
    host: 'WS-A1-01',
    deviceId: null,
    siteId: 'site-a',
    unitId: 'ward-a1',
    firstSeen: T0,
    lastSeen: T0,
    count: 1,
    status: 'new',
    ack: null,
    ...overrides,
  }
}

function rect(x: number, y: number, w: number, h: number): [number, number][] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ]
}

function makeLevel(id: string, siteId: string, ordinal: number): Level {
  return {
    id,
    physicalType: 'lvl',
    siteId,
    buildingId: `bld-${siteId}`,
    name: `Level ${ordinal}`,
    shortName: String(ordinal),
    ordinal,
    origin: [-2.1, 52.6],
  }
}

function makeUnit(overrides: Partial<Unit> & Pick<Unit, 'id' | 'siteId' | 'levelId' | 'name'>): Unit {
  return {
    physicalType: 'wa',
    kind: 'ward',
    buildingId: `bld-${overrides.siteId}`,
    parentUnitId: null,
    specialty: 'General Medicine',
    generalAndAcute: true,
    outline: rect(0, 0, 40, 20),
    labelAt: [20, 10],
    ...overrides,
  }
}

/**
 * A tiny trust: site A has level 1 with "Ward 7" (a 4-bed bay and a side room) and level 2 with
 * "Ward 70"; site B has "Ward 1". Beds: ward-a1 has 5 (one an escalation bed), ward-a2 has 2,
 * ward-b1 has 2.
 */
export function makeSiteModel(): SiteModel {
  const units: Unit[] = [
    makeUnit({
      id: 'ward-a1',
      siteId: 'site-a',
      levelId: 'lvl-a1',
      name: 'Ward 7',
      outline: rect(0, 0, 40, 20),
      labelAt: [20, 10],
    }),
    makeUnit({
      id: 'bay-a1',
      siteId: 'site-a',
      levelId: 'lvl-a1',
      name: 'Bay A',
      kind: 'bay',
      physicalType: 'ro',
      parentUnitId: 'ward-a1',
      outline: rect(0, 0, 10, 10),
      labelAt: [5, 5],
    }),
    makeUnit({
      id: 'side-a1',
      siteId: 'site-a',
      levelId: 'lvl-a1',
      name: 'Side room 1',
      kind: 'room',
      physicalType: 'ro',
      parentUnitId: 'ward-a1',
      outline: rect(10, 0, 4, 4),
      labelAt: [12, 2],
    }),
    makeUnit({
      id: 'ward-a2',
      siteId: 'site-a',
      levelId: 'lvl-a2',
      name: 'Ward 70',
      outline: rect(0, 0, 30, 20),
      labelAt: [15, 10],
    }),
    makeUnit({
      id: 'ward-b1',
      siteId: 'site-b',
      levelId: 'lvl-b1',
      name: 'Ward 1',
      outline: rect(0, 0, 30, 20),
      labelAt: [15, 10],
    }),
  ]
  const bed = (
    id: string,
    siteId: string,
    levelId: string,
    wardId: string,
    roomId: string,
    at: [number, number],
    extra: Partial<BedPlace> = {},
  ): BedPlace => ({
    id,
    physicalType: 'bd',
    siteId,
    levelId,
    wardId,
    roomId,
    label: id.toUpperCase(),
    escalation: false,
    sideRoom: false,
    bayLabel: 'Bay A',
    sexOfBay: 'female',
    at,
    rotation: 0,
    ...extra,
  })
  return {
    trust: { id: 'trust', name: 'Test Trust', odsCode: null },
    sites: [
      { id: 'site-a', physicalType: 'si', name: 'Site A', shortName: 'A' },
      { id: 'site-b', physicalType: 'si', name: 'Site B', shortName: 'B' },
    ],
    buildings: [
      { id: 'bld-site-a', physicalType: 'bu', siteId: 'site-a', name: 'Main' },
      { id: 'bld-site-b', physicalType: 'bu', siteId: 'site-b', name: 'Main' },
    ],
    levels: [
      makeLevel('lvl-a1', 'site-a', 1),
      makeLevel('lvl-a2', 'site-a', 2),
      makeLevel('lvl-b1', 'site-b', 1),
    ],
    units,
    beds: [
      bed('a1-1', 'site-a', 'lvl-a1', 'ward-a1', 'bay-a1', [2, 2]),
      bed('a1-2', 'site-a', 'lvl-a1', 'ward-a1', 'bay-a1', [4, 2]),
      bed('a1-3', 'site-a', 'lvl-a1', 'ward-a1', 'bay-a1', [6, 2]),
      bed('a1-4', 'site-a', 'lvl-a1', 'ward-a1', 'bay-a1', [8, 2], { escalation: true }),
      bed('a1-s1', 'site-a', 'lvl-a1', 'ward-a1', 'side-a1', [12, 2], { sideRoom: true, bayLabel: null }),
      bed('a2-1', 'site-a', 'lvl-a2', 'ward-a2', 'ward-a2', [2, 2]),
      bed('a2-2', 'site-a', 'lvl-a2', 'ward-a2', 'ward-a2', [4, 2]),
      bed('b1-1', 'site-b', 'lvl-b1', 'ward-b1', 'ward-b1', [2, 2]),
      bed('b1-2', 'site-b', 'lvl-b1', 'ward-b1', 'ward-b1', [4, 2]),
    ],
  }
}

/** Entities as a topic table, the way the store and the hub hold them. */
export function tableOf<T extends { readonly id: string }>(
  items: Readonly<Record<string, T>> | readonly T[],
): EntityTable<T> {
  return EntityTable.of(Array.isArray(items) ? items : Object.values(items))
}

/** An alarm as the hub presents it: unacknowledged, high, on device `dev-1` unless overridden. */
export function makeAlarm(overrides: Partial<ActiveAlarm> = {}): ActiveAlarm {
  const ruleId = overrides.ruleId ?? 'network-device-down'
  const subject = overrides.subject ?? {
    kind: 'device',
    id: 'dev-1',
    siteId: 'site-a',
    levelId: 'lvl-a1',
    unitId: 'ward-a1',
  }
  const fingerprint = overrides.fingerprint ?? `${ruleId}@${subject.id}`
  return {
    fingerprint,
    ruleId,
    title: 'Network device down',
    detail: 'A1-AP-01 (access-point) is down',
    priority: 'high',
    state: 'unacknowledged',
    active: true,
    raisedAt: T0,
    changedAt: T0,
    subject,
    groupCount: 1,
    members: [fingerprint],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...overrides,
  }
}
