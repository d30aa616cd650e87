/**
 * Synthetic builders and a tiny trust for KPI tests: 2 sites, 3 wards, 21 beds. Small enough that
 * every expected number in the tests is worked out by hand (the working sits next to each
 * expectation). Nothing here resembles a real patient.
 */
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel, Unit } from '../../shared/contracts/places.ts'
import * as base from './builders.ts'

/** 2026-11-21 10:00:00 UTC, the fixtures' "now". */
export const NOW = Date.UTC(2026, 10, 21, 10, 0, 0)
export const MIN = 60_000
export const HOUR = 3_600_000

// The KPI tests' entities: the one set of builders (builders.ts) with this trust's defaults.
export function makeBed(overrides: Partial<Bed> & { id: string }): Bed {
  return base.makeBed({ statusSince: NOW - HOUR, updatedAt: NOW - HOUR, ...overrides })
}

export function makeAsset(overrides: Partial<Asset> & { id: string }): Asset {
  return base.makeAsset({
    label: `TAG-${overrides.id}`,
    siteId: 'site-n',
    levelId: 'lvl-n0',
    x: 0,
    y: 0,
    zoneId: null,
    homeUnitId: null,
    lastSeen: NOW - MIN,
    ...overrides,
  })
}

export function makeDevice(overrides: Partial<NetworkDevice> & { id: string }): NetworkDevice {
  return base.makeDevice({
    name: overrides.id,
    kind: 'access-switch',
    siteId: 'site-n',
    levelId: null,
    x: null,
    y: null,
    statusSince: NOW - HOUR,
    latencyMs: null,
    lossPct: null,
    utilisationPct: null,
    servesUnitIds: [],
    address: null,
    lastPolledAt: NOW - MIN,
    ...overrides,
  })
}

export function makeAlert(overrides: Partial<CyberAlert> & { id: string }): CyberAlert {
  return base.makeCyberAlert({
    source: 'siem-cef',
    severity: 'medium',
    title: 'Synthetic alert',
    tactic: null,
    host: null,
    siteId: null,
    unitId: null,
    firstSeen: NOW - HOUR,
    lastSeen: NOW - MIN,
    ...overrides,
  })
}

const square: Unit['outline'] = [
  [0, 0],
  [10, 0],
  [10, 10],
]

function unit(id: string, siteId: string, parentUnitId: string | null, extra: Partial<Unit>): Unit {
  return {
    id,
    physicalType: parentUnitId === null ? 'wa' : 'ro',
    kind: parentUnitId === null ? 'ward' : 'bay',
    siteId,
    buildingId: siteId === 'site-n' ? 'bu-n' : 'bu-s',
    levelId: siteId === 'site-n' ? 'lvl-n0' : 'lvl-s0',
    parentUnitId,
    name: id.toUpperCase(),
    specialty: null,
    generalAndAcute: false,
    outline: square,
    labelAt: [5, 5],
    ...extra,
  }
}

function place(id: string, wardId: string, roomId: string, extra: Partial<BedPlace> = {}): BedPlace {
  const siteId = wardId === 'w3' ? 'site-s' : 'site-n'
  return {
    id,
    physicalType: 'bd',
    siteId,
    levelId: siteId === 'site-n' ? 'lvl-n0' : 'lvl-s0',
    wardId,
    roomId,
    label: id,
    escalation: false,
    sideRoom: false,
    bayLabel: null,
    sexOfBay: 'mixed',
    at: [1, 1],
    rotation: 0,
    ...extra,
  }
}

/**
 * Site N ("North General"): W1 General Medicine (G&A, bays W1-A male, W1-B female, 8 core beds) and
 * W2 Critical Care (not G&A, bay W2-A mixed, 4 beds).
 * Site S ("South Community"): W3 General Surgery (G&A, bay W3-A male/female mix of 6 core beds,
 * bay W3-B with 3 escalation beds).
 */
export const SITE_MODEL: SiteModel = {
  trust: { id: 'trust-x', name: 'Synthetic NHS Trust', odsCode: null },
  sites: [
    { id: 'site-n', physicalType: 'si', name: 'North General', shortName: 'NGH' },
    { id: 'site-s', physicalType: 'si', name: 'South Community', shortName: 'SCH' },
  ],
  buildings: [
    { id: 'bu-n', physicalType: 'bu', siteId: 'site-n', name: 'Main' },
    { id: 'bu-s', physicalType: 'bu', siteId: 'site-s', name: 'Main' },
  ],
  levels: [
    {
      id: 'lvl-n0',
      physicalType: 'lvl',
      siteId: 'site-n',
      buildingId: 'bu-n',
      name: 'Ground',
      shortName: 'G',
      ordinal: 0,
      origin: [-2, 52],
    },
    {
      id: 'lvl-s0',
      physicalType: 'lvl',
      siteId: 'site-s',
      buildingId: 'bu-s',
      name: 'Ground',
      shortName: 'G',
      ordinal: 0,
      origin: [-2.1, 52],
    },
  ],
  units: [
    unit('w1', 'site-n', null, { specialty: 'General Medicine', generalAndAcute: true }),
    unit('w1-a', 'site-n', 'w1', {}),
    unit('w1-b', 'site-n', 'w1', {}),
    unit('w2', 'site-n', null, { specialty: 'Critical Care', generalAndAcute: false }),
    unit('w2-a', 'site-n', 'w2', {}),
    unit('w3', 'site-s', null, { specialty: 'General Surgery', generalAndAcute: true }),
    unit('w3-a', 'site-s', 'w3', {}),
    unit('w3-b', 'site-s', 'w3', {}),
  ],
  beds: [
    ...['b1', 'b2', 'b3', 'b4'].map((id) => place(id, 'w1', 'w1-a', { sexOfBay: 'male' })),
    ...['b5', 'b6', 'b7', 'b8'].map((id) => place(id, 'w1', 'w1-b', { sexOfBay: 'female' })),
    ...['b9', 'b10', 'b11', 'b12'].map((id) => place(id, 'w2', 'w2-a', { sexOfBay: 'mixed' })),
    ...['b13', 'b14'].map((id) => place(id, 'w3', 'w3-a', { sexOfBay: 'female' })),
    ...['b15', 'b16', 'b17', 'b18'].map((id) => place(id, 'w3', 'w3-a', { sexOfBay: 'male' })),
    ...['b19', 'b20', 'b21'].map((id) => place(id, 'w3', 'w3-b', { sexOfBay: 'mixed', escalation: true })),
  ],
}

/** The beds' live state (see the table in kpis.test.ts for what each contributes). */
export const BEDS: readonly Bed[] = [
  // W1, G&A General Medicine, core.
  makeBed({ id: 'b1', status: 'occupied', lengthOfStayDays: 3, expectedDischargeToday: true }),
  makeBed({ id: 'b2', status: 'occupied', lengthOfStayDays: 8, nctr: true }),
  makeBed({ id: 'b3', status: 'occupied', lengthOfStayDays: 15 }),
  makeBed({ id: 'b4', status: 'unoccupied' }),
  makeBed({
    id: 'b5',
    status: 'housekeeping',
    housekeeping: { requestedAt: NOW - 40 * MIN, startedAt: null },
  }),
  makeBed({ id: 'b6', status: 'closed', closedReason: 'infection-dv' }),
  makeBed({ id: 'b7', status: 'occupied', lengthOfStayDays: 22, nctr: true, expectedDischargeToday: true }),
  makeBed({ id: 'b8', status: 'unoccupied' }),
  // W2, Critical Care, not G&A.
  makeBed({ id: 'b9', status: 'occupied', lengthOfStayDays: 10 }),
  makeBed({ id: 'b10', status: 'unoccupied' }),
  makeBed({ id: 'b11', status: 'isolated' }),
  makeBed({ id: 'b12', status: 'closed', closedReason: 'staffing' }),
  // W3, G&A General Surgery: core b13–b18, escalation b19–b21.
  makeBed({ id: 'b13', status: 'occupied', lengthOfStayDays: 1, expectedDischargeToday: true }),
  makeBed({ id: 'b14', status: 'occupied', lengthOfStayDays: 7, nctr: true }),
  makeBed({ id: 'b15', status: 'unoccupied' }),
  makeBed({
    id: 'b16',
    status: 'housekeeping',
    housekeeping: { requestedAt: NOW - 20 * MIN, startedAt: NOW - 10 * MIN },
  }),
  makeBed({ id: 'b17', status: 'reserved' }),
  makeBed({ id: 'b18', status: 'closed', closedReason: 'estates' }),
  makeBed({ id: 'b19', status: 'occupied', lengthOfStayDays: 2, escalationOpen: true }),
  makeBed({ id: 'b20', status: 'unoccupied', escalationOpen: false }),
  makeBed({ id: 'b21', status: 'unoccupied', escalationOpen: true }),
  // Not in the site model.
  makeBed({ id: 'b99', status: 'occupied' }),
]

/** Entities keyed by id, as the replica holds them. */
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]))
}
