import { describe, expect, it } from 'vitest'
import { makeAsset, makeBed, makeDevice, makeSiteModel, tableOf } from '../../../tests/support/builders.ts'
import { outageFootprint } from './outageFootprint.ts'
import { buildOutageReport, outageReportCsv, outageReportText } from './outageReport.ts'

const AT = Date.UTC(2026, 10, 21, 9, 30)

describe('buildOutageReport', () => {
  const siteModel = makeSiteModel()
  // An AP serving Ward 7's bay A only, and one serving the whole of Ward 1 (site B), both down.
  const devices = tableOf([
    makeDevice({ id: 'ap7', name: 'A1-AP-07', status: 'down', servesUnitIds: ['bay-a1'] }),
    makeDevice({ id: 'ap1', name: 'B1-AP-01', status: 'down', siteId: 'site-b', servesUnitIds: ['ward-b1'] }),
    makeDevice({ id: 'up', name: 'A2-AP-01', status: 'up', servesUnitIds: ['ward-a2'] }),
  ])
  const beds = tableOf([
    makeBed({ id: 'a1-2', status: 'occupied' }),
    makeBed({ id: 'a1-1', status: 'unoccupied' }),
    makeBed({ id: 'b1-1', status: 'housekeeping' }),
  ])
  const assets = tableOf([
    makeAsset({ id: 'p1', label: 'IP-00012', zoneId: 'bay-a1' }),
    makeAsset({ id: 'p2', label: 'IP-00002', zoneId: 'bay-a1', type: 'patient-monitor', state: 'in-use' }),
    makeAsset({ id: 's1', label: 'SB-1', zoneId: 'bay-a1', type: 'staff-badge' }),
    makeAsset({ id: 'w1', label: 'WC-1', zoneId: 'ward-b1', siteId: 'site-b', type: 'wheelchair' }),
    makeAsset({ id: 'away', label: 'IP-9', zoneId: 'ward-a2' }),
  ])
  const report = buildOutageReport(
    siteModel,
    outageFootprint(siteModel, devices, assets),
    devices,
    beds,
    assets,
  )

  it('names the failed devices, then ward by ward the areas, beds and equipment behind them', () => {
    expect(report.devices.map((d) => d.name)).toEqual(['A1-AP-07', 'B1-AP-01'])
    expect(report.wards.map((w) => [w.siteName, w.wardName])).toEqual([
      ['Site A', 'Ward 7'],
      ['Site B', 'Ward 1'],
    ])
    const [ward7, ward1] = report.wards
    expect(ward7?.areas.map((a) => a.name)).toEqual(['Bay A'])
    // Beds by label in number order, with their state now; equipment by label; no staff badge.
    expect(ward7?.areas[0]?.beds.map((b) => `${b.label} ${b.status}`)).toEqual([
      'A1-1 Available',
      'A1-2 Occupied',
      'A1-3 no state yet',
      'A1-4 no state yet',
    ])
    expect(ward7?.areas[0]?.assets.map((a) => a.label)).toEqual(['IP-00002', 'IP-00012'])
    expect(ward1?.areas.map((a) => a.name)).toEqual(['Whole ward'])
    expect(report).toMatchObject({ bedCount: 6, assetCount: 3 })
  })

  it('exports one CSV row per bed and piece of equipment, with the place in full', () => {
    const lines = outageReportCsv(report, AT).split('\r\n')
    expect(lines[0]).toBe('Listed at (UTC),Devices down,Site,Ward,Area,Item,Name,Detail')
    expect(lines[1]).toBe('2026-11-21T09:30:00.000Z,A1-AP-07 B1-AP-01,Site A,Ward 7,Bay A,bed,A1-1,Available')
    expect(lines).toContain(
      '2026-11-21T09:30:00.000Z,A1-AP-07 B1-AP-01,Site A,Ward 7,Bay A,equipment,IP-00002,patient-monitor (in-use)',
    )
    expect(lines.filter((l) => l.includes(',bed,'))).toHaveLength(6)
    expect(lines.join('\n')).not.toContain('SB-1')
  })

  it('reads as a message to the wards', () => {
    const text = outageReportText(report, AT)
    expect(text).toContain('Down: A1-AP-07 (access-point), B1-AP-01 (access-point)')
    expect(text).toContain('Affected: 2 ward(s), 6 bed(s), 3 piece(s) of equipment')
    expect(text).toContain('Ward 7 (Site A)\n  Bay A — beds: A1-1 available, A1-2 occupied')
  })
})
