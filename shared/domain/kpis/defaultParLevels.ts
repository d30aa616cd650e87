/**
 * Starting PAR levels for a trust that has not configured its own: a few core devices on every
 * G&A ward. They make the PAR KPIs meaningful out of the box (and on the demo trust); a trust
 * replaces them with the levels its wards agreed (`KpiConfig.par`).
 */
import type { AssetType } from '../../contracts/entities.ts'
import type { SiteModel } from '../../contracts/places.ts'
import type { ParLevel } from './computeAssetStats.ts'

/** Per G&A ward: type → [min, critical]. */
export const DEFAULT_WARD_PAR: Readonly<Partial<Record<AssetType, readonly [number, number]>>> = {
  'infusion-pump': [4, 2],
  'patient-monitor': [2, 1],
  wheelchair: [2, 1],
}

/** The default PAR levels for every top-level G&A ward of a site model. */
export function defaultParLevels(model: SiteModel): ParLevel[] {
  const levels: ParLevel[] = []
  for (const unit of model.units) {
    if (unit.parentUnitId !== null || !unit.generalAndAcute) continue
    for (const [assetType, minCritical] of Object.entries(DEFAULT_WARD_PAR) as [
      AssetType,
      readonly [number, number],
    ][]) {
      levels.push({ unitId: unit.id, assetType, min: minCritical[0], critical: minCritical[1] })
    }
  }
  return levels
}
