/**
 * An outage's footprint as a list the clinical teams can be sent: the failed devices, then ward by
 * ward the areas without network, the beds in them (with their state now) and the tracked
 * equipment located there — names, not counts ("Ward 7's APs are down: which beds and pumps?",
 * domain.md §c.1). As CSV for a spreadsheet or an incident log, and as plain text for an e-mail.
 *
 * Staff badges are left out: people are not equipment, and the list travels beyond the room.
 */
import type { Asset, Bed, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel, Unit } from '../../../shared/contracts/places.ts'
import { BED_STATUS_LABEL } from '../../../shared/domain/bedStatus.ts'
import { encodeCsv, type CsvCell } from '../../../shared/domain/kpis/encodeCsv.ts'
import { naturalCompare } from '../../../shared/domain/kpis/naturalCompare.ts'
import type { OutageFootprint } from './outageFootprint.ts'

export type OutageDevice = {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly downSince: number
}
export type OutageBed = { readonly id: string; readonly label: string; readonly status: string }
export type OutageAsset = {
  readonly id: string
  readonly label: string
  readonly type: string
  readonly state: string
}
export type OutageArea = {
  readonly unitId: string
  readonly name: string
  readonly beds: readonly OutageBed[]
  readonly assets: readonly OutageAsset[]
}
export type OutageWard = {
  readonly wardId: string
  readonly wardName: string
  readonly siteName: string
  /** Every served area of the ward, the ward itself ("whole ward") first when it is served. */
  readonly areas: readonly OutageArea[]
}
export type OutageReport = {
  readonly devices: readonly OutageDevice[]
  readonly wards: readonly OutageWard[]
  readonly bedCount: number
  readonly assetCount: number
}

export function buildOutageReport(
  siteModel: SiteModel,
  footprint: OutageFootprint,
  devices: ReadonlyMap<string, NetworkDevice>,
  beds: ReadonlyMap<string, Bed>,
  assets: ReadonlyMap<string, Asset>,
): OutageReport {
  const units = new Map(siteModel.units.map((u) => [u.id, u]))
  const siteName = new Map(siteModel.sites.map((s) => [s.id, s.name]))
  const wardOf = (unitId: string): Unit | undefined => {
    let u = units.get(unitId)
    for (let hops = 0; u && u.parentUnitId !== null && hops < 16; hops += 1) u = units.get(u.parentUnitId)
    return u
  }
  const areas = new Map<string, { name: string; beds: OutageBed[]; assets: OutageAsset[] }>()
  const area = (unitId: string): { name: string; beds: OutageBed[]; assets: OutageAsset[] } => {
    let a = areas.get(unitId)
    if (!a) {
      a = { name: units.get(unitId)?.name ?? unitId, beds: [], assets: [] }
      areas.set(unitId, a)
    }
    return a
  }
  for (const unitId of footprint.unitIds) area(unitId)

  const places = new Map<string, BedPlace>(siteModel.beds.map((b) => [b.id, b]))
  for (const id of footprint.bedIds) {
    const place = places.get(id)
    if (!place) continue
    const bed = beds.get(id)
    // A bed in a bay belongs to the bay; one on the open ward to the ward.
    area(footprint.unitIds.has(place.roomId) ? place.roomId : place.wardId).beds.push({
      id,
      label: place.label,
      status: bed ? BED_STATUS_LABEL[bed.status] : 'no state yet',
    })
  }
  let assetCount = 0
  for (const id of footprint.assetIds) {
    const a = assets.get(id)
    if (!a || a.zoneId === null || a.type === 'staff-badge') continue
    area(a.zoneId).assets.push({ id, label: a.label, type: a.type, state: a.state })
    assetCount += 1
  }

  const wards = new Map<string, { ward: Unit; areas: OutageArea[] }>()
  for (const [unitId, a] of areas) {
    const ward = wardOf(unitId)
    if (!ward) continue
    const entry = wards.get(ward.id) ?? { ward, areas: [] }
    entry.areas.push({
      unitId,
      name: unitId === ward.id ? 'Whole ward' : a.name,
      beds: [...a.beds].sort((x, y) => naturalCompare(x.label, y.label)),
      assets: [...a.assets].sort((x, y) => naturalCompare(x.label, y.label)),
    })
    wards.set(ward.id, entry)
  }
  const outWards: OutageWard[] = [...wards.values()]
    .map(({ ward, areas: list }) => ({
      wardId: ward.id,
      wardName: ward.name,
      siteName: siteName.get(ward.siteId) ?? ward.siteId,
      areas: list.sort((x, y) =>
        x.unitId === ward.id ? -1 : y.unitId === ward.id ? 1 : naturalCompare(x.name, y.name),
      ),
    }))
    .sort((x, y) => naturalCompare(x.siteName, y.siteName) || naturalCompare(x.wardName, y.wardName))

  const outDevices: OutageDevice[] = footprint.deviceIds
    .map((id) => devices.get(id))
    .filter((d): d is NetworkDevice => d !== undefined)
    .map((d) => ({ id: d.id, name: d.name, kind: d.kind, downSince: d.statusSince }))
    .sort((x, y) => naturalCompare(x.name, y.name))
  const bedCount = outWards.reduce((n, w) => n + w.areas.reduce((m, a) => m + a.beds.length, 0), 0)
  return { devices: outDevices, wards: outWards, bedCount, assetCount }
}

export const OUTAGE_CSV_HEADER: readonly string[] = [
  'Listed at (UTC)',
  'Devices down',
  'Site',
  'Ward',
  'Area',
  'Item',
  'Name',
  'Detail',
]

/** One row per affected bed and piece of equipment (and per served area with neither). */
export function outageReportCsv(report: OutageReport, at: number): string {
  const when = new Date(at).toISOString()
  const devices = report.devices.map((d) => d.name).join(' ')
  const rows: CsvCell[][] = [[...OUTAGE_CSV_HEADER]]
  for (const w of report.wards)
    for (const a of w.areas) {
      const base = [when, devices, w.siteName, w.wardName, a.name]
      for (const b of a.beds) rows.push([...base, 'bed', b.label, b.status])
      for (const e of a.assets) rows.push([...base, 'equipment', e.label, `${e.type} (${e.state})`])
      if (a.beds.length === 0 && a.assets.length === 0) rows.push([...base, 'area', a.name, 'no network'])
    }
  return encodeCsv(rows)
}

/** The same list as plain text, to paste into an e-mail or a Teams message to the wards. */
export function outageReportText(report: OutageReport, at: number): string {
  const lines: string[] = [
    `Network outage — listed ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Down: ${report.devices.map((d) => `${d.name} (${d.kind})`).join(', ')}`,
    `Affected: ${report.wards.length} ward(s), ${report.bedCount} bed(s), ${report.assetCount} piece(s) of equipment`,
  ]
  for (const w of report.wards) {
    lines.push('', `${w.wardName} (${w.siteName})`)
    for (const a of w.areas) {
      const beds = a.beds.map((b) => `${b.label} ${b.status.toLowerCase()}`).join(', ')
      const kit = a.assets.map((e) => `${e.label} ${e.type}`).join(', ')
      lines.push(`  ${a.name}${beds ? ` — beds: ${beds}` : ''}${kit ? ` — equipment: ${kit}` : ''}`)
    }
  }
  return `${lines.join('\n')}\n`
}
