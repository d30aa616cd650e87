/**
 * The 08:00 bed snapshot, shaped like the bed fields of the NHS UEC daily situation report: G&A
 * core and escalation beds open ("available" in the sitrep) and occupied, beds closed by reason
 * (D&V/norovirus apart), long stays 7+/14+/21+ — one row per site and a trust total.
 *
 * The sitrep's bed figures are a snapshot at 08:00, submitted by 11:00 for the previous day's
 * reporting period; this produces the figures for a duty manager to check and submit, it does not
 * submit anything.
 */
import type { BedClosedReason } from '../../contracts/entities.ts'
import type { BedCounts, BedStats } from './computeBedStats.ts'
import { encodeCsv, type CsvCell } from './encodeCsv.ts'
import type { SiteIndex } from './siteIndex.ts'

export type BedSitrepRow = {
  readonly siteId: string | null
  readonly siteName: string
  readonly gaCoreOpen: number
  readonly gaEscalationOpen: number
  readonly gaCoreOccupied: number
  readonly gaEscalationOccupied: number
  readonly gaOccupancyPct: number | null
  readonly gaClosedByReason: Readonly<Record<BedClosedReason, number>>
  readonly gaLongStay7: number
  readonly gaLongStay14: number
  readonly gaLongStay21: number
  readonly gaNctr: number
}

export type BedSitrep = {
  readonly snapshotAt: number
  readonly trustName: string
  readonly rows: readonly BedSitrepRow[]
}

function rowOf(siteId: string | null, siteName: string, c: BedCounts): BedSitrepRow {
  const open = c.gaCore.open + c.gaEscalation.open
  const occupied = c.gaCore.occupied + c.gaEscalation.occupied
  return {
    siteId,
    siteName,
    gaCoreOpen: c.gaCore.open,
    gaEscalationOpen: c.gaEscalation.open,
    gaCoreOccupied: c.gaCore.occupied,
    gaEscalationOccupied: c.gaEscalation.occupied,
    gaOccupancyPct: open === 0 ? null : Math.round((1000 * occupied) / open) / 10,
    gaClosedByReason: { ...c.gaClosedByReason },
    gaLongStay7: c.gaLongStay7,
    gaLongStay14: c.gaLongStay14,
    gaLongStay21: c.gaLongStay21,
    gaNctr: c.gaNctr,
  }
}

/** Builds the snapshot from bed stats: the sites of the model in model order, then the trust total. */
export function buildBedSitrep(stats: BedStats, index: SiteIndex, snapshotAt: number): BedSitrep {
  const rows: BedSitrepRow[] = []
  for (const site of index.model.sites) {
    const c = stats.rollup.sites.get(site.id)
    if (c !== undefined) rows.push(rowOf(site.id, site.name, c))
  }
  rows.push(rowOf(null, 'Trust total', stats.rollup.trust))
  return { snapshotAt, trustName: index.model.trust.name, rows }
}

export const BED_SITREP_HEADER: readonly string[] = [
  'Snapshot (UTC)',
  'Organisation',
  'Site',
  'G&A core beds available',
  'G&A escalation beds available',
  'G&A total beds available',
  'G&A core beds occupied',
  'G&A escalation beds occupied',
  'G&A total beds occupied',
  'G&A occupancy %',
  'G&A beds closed: D&V/norovirus',
  'G&A beds closed: other infection',
  'G&A beds closed: staffing',
  'G&A beds closed: estates',
  'G&A beds closed: other',
  'G&A patients LOS 7+ days',
  'G&A patients LOS 14+ days',
  'G&A patients LOS 21+ days',
  'G&A patients NCTR',
]

/** The snapshot as CSV (CRLF, quoted, formula-guarded). "Available" means open, as in the sitrep. */
export function bedSitrepCsv(sitrep: BedSitrep): string {
  const when = new Date(sitrep.snapshotAt).toISOString()
  const rows: CsvCell[][] = [[...BED_SITREP_HEADER]]
  for (const r of sitrep.rows) {
    rows.push([
      when,
      sitrep.trustName,
      r.siteName,
      r.gaCoreOpen,
      r.gaEscalationOpen,
      r.gaCoreOpen + r.gaEscalationOpen,
      r.gaCoreOccupied,
      r.gaEscalationOccupied,
      r.gaCoreOccupied + r.gaEscalationOccupied,
      r.gaOccupancyPct,
      r.gaClosedByReason['infection-dv'],
      r.gaClosedByReason['infection-other'],
      r.gaClosedByReason.staffing,
      r.gaClosedByReason.estates,
      r.gaClosedByReason.other,
      r.gaLongStay7,
      r.gaLongStay14,
      r.gaLongStay21,
      r.gaNctr,
    ])
  }
  return encodeCsv(rows)
}

/**
 * The most recent 08:00 (local time of the machine, which for an NHS trust is UK time) at or
 * before `now`. The desktop captures the snapshot when this moves on.
 */
export function latestSitrepTime(now: number, hour = 8): number {
  const d = new Date(now)
  d.setHours(hour, 0, 0, 0)
  if (d.getTime() > now) d.setDate(d.getDate() - 1)
  return d.getTime()
}
