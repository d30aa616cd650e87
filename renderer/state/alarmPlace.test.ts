import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import {
  makeAlarm,
  makeAsset,
  makeCyberAlert,
  makeDevice,
  makeSiteModel,
  tableOf,
} from '../../tests/support/builders.ts'
import {
  alarmReason,
  areaOfPlace,
  followedAlarm,
  mapFocusForAlarm,
  placeOfAlarm,
  type PlaceWorld,
} from './alarmPlace.ts'

const siteModel = makeSiteModel()

function world(partial: Partial<PlaceWorld> = {}): PlaceWorld {
  return { siteModel, devices: tableOf([]), assets: tableOf([]), alerts: tableOf([]), ...partial }
}

describe('placeOfAlarm', () => {
  it('places a flood line under a failed switch on the switch’s level, with every folded device’s areas', () => {
    const devices = tableOf([
      makeDevice({ id: 'sw-1', kind: 'access-switch', x: 30, y: 3, status: 'down', servesUnitIds: [] }),
      makeDevice({ id: 'ap-1', uplinkId: 'sw-1', status: 'down', servesUnitIds: ['bay-a1'] }),
      makeDevice({ id: 'ap-2', uplinkId: 'sw-1', status: 'down', servesUnitIds: ['side-a1', 'ward-b1'] }),
    ])
    const alarm = makeAlarm({
      fingerprint: 'network-device-down@group:sw-1',
      subject: { kind: 'device', id: 'sw-1', siteId: 'site-a', levelId: 'lvl-a1', unitId: null },
      groupCount: 3,
      members: ['network-device-down@ap-1', 'network-device-down@ap-2', 'network-device-down@sw-1'],
    })
    // ward-b1 is on another site's level: it is not framed with this outage.
    expect(placeOfAlarm(alarm, world({ devices }))).toEqual({
      siteId: 'site-a',
      levelId: 'lvl-a1',
      unitIds: ['bay-a1', 'side-a1'],
      point: [30, 3],
    })
  })

  it('places a ward PC’s cyber alert on its ward, not on the switch it is patched into', () => {
    const devices = tableOf([makeDevice({ id: 'sw-2', levelId: 'lvl-a2', x: 5, y: 5 })])
    const alerts = tableOf([makeCyberAlert({ id: 'c1', unitId: 'ward-a1', deviceId: 'sw-2' })])
    const alarm = makeAlarm({
      ruleId: 'cyber-high',
      subject: { kind: 'cyber-alert', id: 'c1', siteId: 'site-a', levelId: null, unitId: 'ward-a1' },
    })
    expect(placeOfAlarm(alarm, world({ devices, alerts }))).toEqual({
      siteId: 'site-a',
      levelId: 'lvl-a1',
      unitIds: ['ward-a1'],
      point: null,
    })
  })

  it('places an asset at its last position, in its room', () => {
    const assets = tableOf([makeAsset({ id: 't1', levelId: 'lvl-a2', x: 7, y: 8, zoneId: 'ward-a2' })])
    const alarm = makeAlarm({
      ruleId: 'asset-outside-home',
      subject: { kind: 'asset', id: 't1', siteId: 'site-a', levelId: 'lvl-a2', unitId: 'ward-a2' },
    })
    expect(placeOfAlarm(alarm, world({ assets }))).toEqual({
      siteId: 'site-a',
      levelId: 'lvl-a2',
      unitIds: ['ward-a2'],
      point: [7, 8],
    })
  })

  it('places a bed alarm at the bed and a ward KPI on the ward', () => {
    const bed = makeAlarm({
      subject: { kind: 'bed', id: 'a1-2', siteId: 'site-a', levelId: null, unitId: null },
    })
    expect(placeOfAlarm(bed, world())).toMatchObject({
      levelId: 'lvl-a1',
      unitIds: ['bay-a1'],
      point: [4, 2],
    })
    const par = makeAlarm({
      subject: {
        kind: 'kpi',
        id: 'par:ward-b1:infusion-pump',
        siteId: 'site-b',
        levelId: null,
        unitId: 'ward-b1',
      },
    })
    expect(placeOfAlarm(par, world())).toMatchObject({ levelId: 'lvl-b1', unitIds: ['ward-b1'] })
  })

  it('has no place for a feed, the gateway, a trust-wide flood or a level it does not know', () => {
    const none = (subject: ActiveAlarm['subject']): unknown => placeOfAlarm(makeAlarm({ subject }), world())
    expect(none({ kind: 'feed', id: 'beds', siteId: null, levelId: null, unitId: null })).toBeNull()
    expect(none({ kind: 'gateway', id: 'gateway', siteId: null, levelId: null, unitId: null })).toBeNull()
    expect(none({ kind: 'asset', id: 'all', siteId: null, levelId: null, unitId: null })).toBeNull()
    expect(none({ kind: 'device', id: 'gone', siteId: 'site-a', levelId: 'lvl-zz', unitId: null })).toBeNull()
  })
})

describe('areaOfPlace', () => {
  it('frames the units and the point with a margin', () => {
    const area = areaOfPlace(
      { siteId: 'site-a', levelId: 'lvl-a1', unitIds: ['ward-a1'], point: [45, 10] },
      siteModel,
    )
    expect(area).toEqual([-3, -3, 48, 23])
  })

  it('never frames less than a readable span around a lone point', () => {
    const area = areaOfPlace({ siteId: 'site-a', levelId: 'lvl-a1', unitIds: [], point: [10, 10] }, siteModel)
    expect(area).toEqual([-2, -2, 22, 22])
  })

  it('has nothing to frame without units or a point', () => {
    expect(
      areaOfPlace({ siteId: 'site-a', levelId: 'lvl-a1', unitIds: [], point: null }, siteModel),
    ).toBeNull()
  })
})

describe('followedAlarm', () => {
  const placed = (): boolean => true
  it('follows the highest-priority unacknowledged alarm, the oldest first', () => {
    const older = makeAlarm({ fingerprint: 'old', raisedAt: 1 })
    const newer = makeAlarm({ fingerprint: 'new', raisedAt: 2 })
    const medium = makeAlarm({ fingerprint: 'medium', priority: 'medium', raisedAt: 0 })
    expect(followedAlarm([medium, newer, older], placed)?.fingerprint).toBe('old')
    expect(followedAlarm([medium], placed)?.fingerprint).toBe('medium')
  })

  it('ignores low, acknowledged, cleared, shelved and placeless alarms', () => {
    const alarms = [
      makeAlarm({ fingerprint: 'low', priority: 'low' }),
      makeAlarm({ fingerprint: 'acked', state: 'acknowledged' }),
      makeAlarm({ fingerprint: 'cleared', state: 'rtn-unacknowledged', active: false }),
      makeAlarm({ fingerprint: 'shelved', state: 'shelved' }),
      makeAlarm({ fingerprint: 'nowhere', priority: 'high' }),
      makeAlarm({ fingerprint: 'somewhere', priority: 'medium' }),
    ]
    expect(followedAlarm(alarms, (a) => a.fingerprint !== 'nowhere')?.fingerprint).toBe('somewhere')
    expect(followedAlarm(alarms.slice(0, 5), (a) => a.fingerprint !== 'nowhere')).toBeNull()
  })
})

describe('alarmReason', () => {
  it('says the priority in words with the alarm’s title and detail', () => {
    expect(alarmReason(makeAlarm())).toBe('HIGH · Network device down — A1-AP-01 (access-point) is down')
  })
})

describe('mapFocusForAlarm', () => {
  it('asks the map for the alarm’s level, its footprint framed, with the reason', () => {
    const devices = tableOf([
      makeDevice({ id: 'dev-1', x: 20, y: 5, status: 'down', servesUnitIds: ['bay-a1'] }),
    ])
    expect(mapFocusForAlarm(makeAlarm(), world({ devices }))).toEqual({
      levelId: 'lvl-a1',
      area: [-3, -7, 23, 17],
      reason: 'HIGH · Network device down — A1-AP-01 (access-point) is down',
      fingerprint: 'network-device-down@dev-1',
    })
  })

  it('has nothing to ask for an alarm without a place', () => {
    const gateway = makeAlarm({
      subject: { kind: 'gateway', id: 'gateway', siteId: null, levelId: null, unitId: null },
    })
    expect(mapFocusForAlarm(gateway, world())).toBeNull()
  })
})
