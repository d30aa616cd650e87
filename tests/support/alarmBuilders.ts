/**
 * Builders for alarm-engine tests: synthetic entities with sensible defaults, and a fake clock.
 * Synthetic data only — no real places or people.
 */
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import { parseRulePack } from '../../shared/domain/alarms/parseRulePack.ts'
import type { RulePack } from '../../shared/domain/alarms/alarmRuleSchema.ts'
import * as base from './builders.ts'

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

// The alarm tests' entities: the one set of builders (builders.ts) with this suite's defaults
// (times from 0, the tiny site model below).
export function makeDevice(overrides: Partial<NetworkDevice> & { id: string }): NetworkDevice {
  return base.makeDevice({
    name: overrides.id.toUpperCase(),
    levelId: 'lvl-1',
    x: null,
    y: null,
    statusSince: 0,
    servesUnitIds: [],
    address: null,
    lastPolledAt: null,
    ...overrides,
  })
}

export function makeBed(overrides: Partial<Bed> & { id: string }): Bed {
  return base.makeBed({ statusSince: 0, updatedAt: 0, ...overrides })
}

export function makeAsset(overrides: Partial<Asset> & { id: string }): Asset {
  return base.makeAsset({
    label: `IP-${overrides.id}`,
    levelId: 'lvl-1',
    x: 0,
    y: 0,
    zoneId: 'ward-a',
    homeUnitId: 'ward-a',
    lastSeen: 0,
    ...overrides,
  })
}

export function makeCyberAlert(overrides: Partial<CyberAlert> & { id: string }): CyberAlert {
  return base.makeCyberAlert({
    source: 'siem-cef',
    title: 'Suspicious process on a workstation',
    host: null,
    unitId: null,
    firstSeen: 0,
    lastSeen: 0,
    ...overrides,
  })
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
