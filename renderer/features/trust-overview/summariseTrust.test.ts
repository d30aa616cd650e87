import { describe, expect, it } from 'vitest'
import {
  makeAlarm,
  makeAsset,
  makeBed,
  makeCyberAlert,
  makeDevice,
  makeSiteModel,
  tableOf,
} from '../../../tests/support/builders.ts'
import {
  describeCounts,
  summariseTrust,
  unitCompactName,
  unitShortName,
  worse,
  type TrustInputs,
} from './summariseTrust.ts'

const siteModel = makeSiteModel()
const LIVE = { beds: false, assets: false, network: false, cyber: false }

function inputs(partial: Partial<TrustInputs> = {}): TrustInputs {
  return {
    siteModel,
    beds: tableOf([]),
    devices: tableOf([]),
    alerts: tableOf([]),
    assets: tableOf([]),
    alarms: [],
    stale: LIVE,
    ...partial,
  }
}

const freeBeds = tableOf(
  ['a1-1', 'a1-2', 'a1-3', 'a1-s1', 'a2-1', 'a2-2', 'b1-1', 'b1-2'].map((id) =>
    makeBed({ id, status: id.endsWith('-1') ? 'unoccupied' : 'occupied' }),
  ),
)

function level(summary: ReturnType<typeof summariseTrust>, levelId: string) {
  for (const s of summary.sites)
    for (const b of s.buildings) for (const l of b.levels) if (l.levelId === levelId) return l
  throw new Error(`no level ${levelId}`)
}

describe('summariseTrust', () => {
  it('lays the trust out as sites, buildings and levels top floor first, one block per ward', () => {
    const summary = summariseTrust(inputs({ beds: freeBeds }))
    expect(summary.sites.map((s) => s.shortName)).toEqual(['A', 'B'])
    const building = summary.sites[0]?.buildings[0]
    expect(building?.levels.map((l) => l.levelId)).toEqual(['lvl-a2', 'lvl-a1'])
    // Bays and side rooms count for their ward; they are not blocks of their own.
    expect(level(summary, 'lvl-a1').units.map((u) => u.shortName)).toEqual(['Ward 7'])
    expect(summary.state).toBe('ok')
  })

  it('counts free beds per ward, level and site, leaving closed escalation beds out', () => {
    const summary = summariseTrust(inputs({ beds: freeBeds }))
    // Ward 7: a1-1 free, a1-2, a1-3 and side room occupied; a1-4 is a closed escalation bed.
    expect(level(summary, 'lvl-a1')).toMatchObject({ freeBeds: 1, beds: 4 })
    expect(summary.sites[0]).toMatchObject({ freeBeds: 2, beds: 6 })
  })

  it('marks a full ward warn, and says why', () => {
    const beds = tableOf(['a2-1', 'a2-2'].map((id) => makeBed({ id, status: 'occupied' })))
    const ward = level(summariseTrust(inputs({ beds })), 'lvl-a2').units[0]
    expect(ward).toMatchObject({ state: 'warn', reasons: ['full'], freeBeds: 0 })
  })

  it('colours a failed switch’s level and the wards it serves critical, up to the site', () => {
    const devices = tableOf([
      makeDevice({ id: 'sw', kind: 'access-switch', status: 'down', servesUnitIds: [] }),
      makeDevice({ id: 'ap', uplinkId: 'sw', status: 'down', servesUnitIds: ['bay-a1'] }),
      makeDevice({ id: 'ok', levelId: 'lvl-a2', servesUnitIds: ['ward-a2'] }),
    ])
    const summary = summariseTrust(inputs({ beds: freeBeds, devices }))
    const l1 = level(summary, 'lvl-a1')
    expect(l1).toMatchObject({ state: 'critical', devicesDown: 2 })
    expect(l1.units[0]).toMatchObject({ state: 'critical', reasons: ['no network'] })
    expect(level(summary, 'lvl-a2').state).toBe('ok')
    expect(summary.sites[0]).toMatchObject({ state: 'critical', devicesDown: 2 })
    expect(summary.sites[1]?.state).toBe('ok')
    expect(summary.state).toBe('critical')
  })

  it('counts open cyber alerts on their ward and colours high ones critical, low ones not at all', () => {
    const alerts = tableOf([
      makeCyberAlert({ id: 'c1', severity: 'high', unitId: 'ward-b1' }),
      makeCyberAlert({ id: 'c2', severity: 'low', unitId: 'ward-a2' }),
      makeCyberAlert({ id: 'c3', severity: 'critical', unitId: 'ward-a1', status: 'resolved' }),
    ])
    const summary = summariseTrust(inputs({ beds: freeBeds, alerts }))
    expect(level(summary, 'lvl-b1')).toMatchObject({ state: 'critical', cyberOpen: 1 })
    expect(level(summary, 'lvl-a2')).toMatchObject({ state: 'ok', cyberOpen: 1 })
    expect(level(summary, 'lvl-a1')).toMatchObject({ state: 'ok', cyberOpen: 0 })
  })

  it('takes an equipment alarm’s priority on the ward it is placed in', () => {
    const assets = tableOf([makeAsset({ id: 't1', levelId: 'lvl-a2', zoneId: 'ward-a2' })])
    const alarm = makeAlarm({
      priority: 'medium',
      title: 'Equipment outside its home ward',
      subject: { kind: 'asset', id: 't1', siteId: 'site-a', levelId: 'lvl-a2', unitId: 'ward-a2' },
    })
    const ward = level(summariseTrust(inputs({ beds: freeBeds, assets, alarms: [alarm] })), 'lvl-a2').units[0]
    expect(ward).toMatchObject({ state: 'warn', reasons: ['Equipment outside its home ward'] })
  })

  it('never shows a domain whose feed is not live as ok — but a known outage stays critical', () => {
    const devices = tableOf([makeDevice({ id: 'ap', status: 'down', servesUnitIds: ['ward-a1'] })])
    const staleNet = summariseTrust(inputs({ beds: freeBeds, devices, stale: { ...LIVE, network: true } }))
    expect(level(staleNet, 'lvl-a2').state).toBe('unknown')
    // With the network feed stale, its old outage is not asserted as current either.
    expect(level(staleNet, 'lvl-a1')).toMatchObject({ state: 'unknown', devicesDown: 0 })
    const staleBeds = summariseTrust(inputs({ beds: freeBeds, devices, stale: { ...LIVE, beds: true } }))
    expect(level(staleBeds, 'lvl-a1').state).toBe('critical')
    expect(level(staleBeds, 'lvl-b1').state).toBe('unknown')
  })
})

describe('unitShortName', () => {
  it('keeps the name before the specialty, and uses initials for long names', () => {
    expect(unitShortName('Ward 7 — Acute Medicine')).toBe('Ward 7')
    expect(unitShortName('Main Theatres')).toBe('Main Theatres')
    expect(unitShortName('Emergency Department')).toBe('ED')
    expect(unitShortName('Intensive Care Unit')).toBe('ICU')
    expect(unitShortName('Care of the Elderly Assessment')).toBe('CEA')
  })
})

describe('unitCompactName', () => {
  it('says wards by number and departments the way staff do', () => {
    expect(unitCompactName('Ward 17 — Paediatrics')).toBe('W17')
    expect(unitCompactName('Emergency Department')).toBe('ED')
    expect(unitCompactName('Main Theatres')).toBe('Theatres')
    expect(unitCompactName('Outpatients')).toBe('OPD')
    expect(unitCompactName('Maternity')).toBe('Matern')
    expect(unitCompactName('Day Surgery Unit')).toBe('DSU')
    expect(unitCompactName('SCBU')).toBe('SCBU')
  })
})

describe('worse and describeCounts', () => {
  it('orders critical, warn, unknown, ok', () => {
    expect(worse('ok', 'unknown')).toBe('unknown')
    expect(worse('warn', 'unknown')).toBe('warn')
    expect(worse('critical', 'warn')).toBe('critical')
  })

  it('says the counts in words', () => {
    expect(describeCounts({ freeBeds: 3, beds: 20, devicesDown: 1, cyberOpen: 2 })).toBe(
      '3 of 20 beds free · 1 device down · 2 open cyber alerts',
    )
    expect(describeCounts({ freeBeds: null, beds: 0, devicesDown: 0, cyberOpen: 0 })).toBe('')
  })
})
