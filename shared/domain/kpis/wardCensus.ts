/**
 * The per-ward bed census: the table every bed meeting reads first (TeleTracking's and SHREWD's
 * "bed state by ward") — one row per ward with its site, core and escalation beds open, occupied,
 * available, closed, cleaning, expected discharges today, NCTR and occupancy.
 *
 * Every figure is a row-set count (kpiRows.ts) for the ward, so a census cell, a KPI tile and the
 * drill-down behind either count the same beds; the trust and site totals are the same sets
 * counted for the trust and each site.
 */
import { encodeCsv, type CsvCell } from './encodeCsv.ts'
import { BED_ROWS, rowCount, type RowCounts, type RowSet } from './kpiRows.ts'
import type { KpiScope } from './kpiScope.ts'
import { naturalCompare } from './naturalCompare.ts'
import type { SiteIndex } from './siteIndex.ts'

/** The counted columns, in display order, each with the row set it counts. */
export const CENSUS_COUNTS = [
  { id: 'coreOpen', header: 'Core open', short: 'Core', rows: BED_ROWS.coreOpen },
  { id: 'escalationOpen', header: 'Escalation open', short: 'Esc.', rows: BED_ROWS.escalationOpen },
  { id: 'occupied', header: 'Occupied', short: 'Occ.', rows: BED_ROWS.occupied },
  { id: 'available', header: 'Available', short: 'Avail.', rows: BED_ROWS.free },
  { id: 'closed', header: 'Closed', short: 'Closed', rows: BED_ROWS.closed },
  { id: 'cleaning', header: 'Cleaning', short: 'Clean.', rows: BED_ROWS.housekeeping },
  {
    id: 'expectedDischarges',
    header: 'Discharges today',
    short: 'Disch.',
    rows: BED_ROWS.expectedDischarges,
  },
  { id: 'nctr', header: 'NCTR', short: 'NCTR', rows: BED_ROWS.nctr },
] as const satisfies readonly { id: string; header: string; short: string; rows: RowSet<'beds'> }[]

export type CensusCountId = (typeof CENSUS_COUNTS)[number]['id']

export type CensusRow = {
  /** The ward's id, or null for a total row. */
  readonly wardId: string | null
  readonly siteId: string | null
  readonly wardName: string
  readonly siteName: string
  /** The site's position in the site model: "by site" follows the trust's own order of sites. */
  readonly siteOrder: number
  readonly specialty: string | null
  readonly generalAndAcute: boolean
  readonly counts: Readonly<Record<CensusCountId, number>>
  /** Occupied ÷ open (core + escalation), percent; null with nothing open. */
  readonly occupancyPct: number | null
}

export type CensusSortKey = 'site' | 'ward' | 'occupancyPct' | CensusCountId
export type CensusSort = { readonly key: CensusSortKey; readonly desc: boolean }

function countsIn(rows: RowCounts, scope: KpiScope, index: SiteIndex): Record<CensusCountId, number> {
  const out = {} as Record<CensusCountId, number>
  for (const c of CENSUS_COUNTS) out[c.id] = rowCount(rows, c.rows.id, scope, index) ?? 0
  return out
}

function occupancy(c: Readonly<Record<CensusCountId, number>>): number | null {
  const open = c.coreOpen + c.escalationOpen
  return open === 0 ? null : (100 * c.occupied) / open
}

/**
 * One row per ward that has beds in the site model (a ward with none is not part of a bed
 * census), in the model's order. `siteId` keeps one site's wards.
 */
export function buildWardCensus(rows: RowCounts, index: SiteIndex, siteId?: string): CensusRow[] {
  const order = siteOrderOf(index)
  const wardsWithBeds = new Set<string>()
  for (const place of index.bedPlaces.values()) wardsWithBeds.add(place.wardId)
  const out: CensusRow[] = []
  for (const unit of index.model.units) {
    if (!wardsWithBeds.has(unit.id)) continue
    if (siteId !== undefined && unit.siteId !== siteId) continue
    const counts = countsIn(rows, { wardId: unit.id }, index)
    out.push({
      wardId: unit.id,
      siteId: unit.siteId,
      wardName: unit.name,
      siteName: index.siteNames.get(unit.siteId) ?? unit.siteId,
      siteOrder: order.get(unit.siteId) ?? order.size,
      specialty: unit.specialty,
      generalAndAcute: unit.generalAndAcute,
      counts,
      occupancyPct: occupancy(counts),
    })
  }
  return out
}

/** The total row for the trust or a site: the same row sets counted for that scope. */
export function censusTotal(rows: RowCounts, index: SiteIndex, siteId?: string): CensusRow {
  const scope: KpiScope = siteId === undefined ? {} : { siteId }
  const counts = countsIn(rows, scope, index)
  const name = siteId === undefined ? 'Trust total' : `${index.siteNames.get(siteId) ?? siteId} total`
  return {
    wardId: null,
    siteId: siteId ?? null,
    wardName: name,
    siteName: siteId === undefined ? index.model.trust.name : (index.siteNames.get(siteId) ?? siteId),
    siteOrder: siteId === undefined ? -1 : (siteOrderOf(index).get(siteId) ?? -1),
    specialty: null,
    generalAndAcute: false,
    counts,
    occupancyPct: occupancy(counts),
  }
}

const siteOrders = new WeakMap<SiteIndex, Map<string, number>>()
function siteOrderOf(index: SiteIndex): Map<string, number> {
  let order = siteOrders.get(index)
  if (order === undefined) {
    order = new Map(index.model.sites.map((s, i) => [s.id, i]))
    siteOrders.set(index, order)
  }
  return order
}

function compareBy(key: CensusSortKey, a: CensusRow, b: CensusRow): number {
  switch (key) {
    case 'site':
      return a.siteOrder - b.siteOrder || naturalCompare(a.wardName, b.wardName)
    case 'ward':
      return naturalCompare(a.wardName, b.wardName) || naturalCompare(a.siteName, b.siteName)
    case 'occupancyPct': {
      // Nothing open sorts after every number, whichever way.
      if (a.occupancyPct === null || b.occupancyPct === null)
        return a.occupancyPct === b.occupancyPct ? 0 : a.occupancyPct === null ? 1 : -1
      return a.occupancyPct - b.occupancyPct
    }
    default:
      return a.counts[key] - b.counts[key]
  }
}

/**
 * Sorted rows (a new array). Ward names sort by number (Ward 2 before Ward 10); sites in the site
 * model's order, wards by number within each; ties fall back to the ward name, so equal counts
 * keep a predictable order. Rows with no occupancy stay last.
 */
export function sortCensus(rows: readonly CensusRow[], sort: CensusSort): CensusRow[] {
  const sign = sort.desc ? -1 : 1
  return [...rows].sort((a, b) => {
    const missing = sort.key === 'occupancyPct' && (a.occupancyPct === null) !== (b.occupancyPct === null)
    const primary = missing ? compareBy(sort.key, a, b) : sign * compareBy(sort.key, a, b)
    return primary || naturalCompare(a.wardName, b.wardName)
  })
}

export const CENSUS_HEADER: readonly string[] = [
  'Census at (UTC)',
  'Site',
  'Ward',
  'Specialty',
  'G&A',
  ...CENSUS_COUNTS.map((c) => c.header),
  'Occupancy %',
]

/** The census as CSV, in the order given (what the screen shows), totals after the wards. */
export function censusCsv(rows: readonly CensusRow[], totals: readonly CensusRow[], at: number): string {
  const when = new Date(at).toISOString()
  const line = (r: CensusRow): CsvCell[] => [
    when,
    r.siteName,
    r.wardName,
    r.specialty,
    r.wardId === null ? null : r.generalAndAcute ? 'yes' : 'no',
    ...CENSUS_COUNTS.map((c) => r.counts[c.id]),
    r.occupancyPct === null ? null : Math.round(r.occupancyPct * 10) / 10,
  ]
  return encodeCsv([[...CENSUS_HEADER], ...rows.map(line), ...totals.map(line)])
}
