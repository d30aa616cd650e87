/**
 * Lookups from the site model that the KPI engine needs on every pass. Built once per site model
 * (the model changes rarely — an ETag'd HTTP fetch), so a per-second KPI pass over 12,000 beds and
 * 40,000 assets does Map lookups, never a search of the model.
 */
import type { BaySex, SiteModel, Unit } from '../../contracts/places.ts'

/** What the KPIs need to know about a bed's place. */
export type BedPlaceInfo = {
  readonly siteId: string
  readonly wardId: string
  /** The ward counts towards G&A beds (UEC sitrep). */
  readonly generalAndAcute: boolean
  /** An escalation bed: it counts only while open, and is reported apart from core beds. */
  readonly escalation: boolean
  readonly sexOfBay: BaySex
  /** The ward's specialty, or null when it has none. */
  readonly specialty: string | null
}

export type SiteIndex = {
  readonly model: SiteModel
  readonly bedPlaces: ReadonlyMap<string, BedPlaceInfo>
  readonly units: ReadonlyMap<string, Unit>
  /** Unit id → the top-level unit (ward or department) it sits in; a top-level unit maps to itself. */
  readonly wardOfUnit: ReadonlyMap<string, string>
  /** Ward (top-level unit) id → its site id. */
  readonly siteOfWard: ReadonlyMap<string, string>
  /** Display names for sites and units, for tables and exports. */
  readonly siteNames: ReadonlyMap<string, string>
}

/** Builds the lookups for a site model. Pure; memoise on the model's reference. */
export function buildSiteIndex(model: SiteModel): SiteIndex {
  const units = new Map<string, Unit>()
  for (const unit of model.units) units.set(unit.id, unit)

  const wardOfUnit = new Map<string, string>()
  const siteOfWard = new Map<string, string>()
  for (const unit of model.units) {
    let top = unit
    // Bounded walk: a malformed model with a parent cycle must not hang the wall.
    for (let hops = 0; top.parentUnitId !== null && hops < 16; hops += 1) {
      const parent = units.get(top.parentUnitId)
      if (parent === undefined) break
      top = parent
    }
    wardOfUnit.set(unit.id, top.id)
    siteOfWard.set(top.id, top.siteId)
  }

  const bedPlaces = new Map<string, BedPlaceInfo>()
  for (const bed of model.beds) {
    const wardId = wardOfUnit.get(bed.wardId) ?? bed.wardId
    const ward = units.get(wardId)
    bedPlaces.set(bed.id, {
      siteId: bed.siteId,
      wardId,
      generalAndAcute: ward?.generalAndAcute ?? false,
      escalation: bed.escalation,
      sexOfBay: bed.sexOfBay,
      specialty: ward?.specialty ?? null,
    })
  }

  const siteNames = new Map<string, string>()
  for (const site of model.sites) siteNames.set(site.id, site.name)
  for (const unit of model.units) siteNames.set(unit.id, unit.name)

  return { model, bedPlaces, units, wardOfUnit, siteOfWard, siteNames }
}
