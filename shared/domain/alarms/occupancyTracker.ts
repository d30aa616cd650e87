/**
 * G&A bed occupancy kept incrementally per trust, site and ward, so a bed change costs O(1) rather
 * than a rescan of 12,000 beds. The definition is the KPI engine's (`gaOccupancyPct` in
 * shared/domain/kpis/computeBedStats.ts), so the banner and the occupancy tile never disagree:
 * occupied ÷ open over General & Acute wards, where open is capacity minus closed beds and an
 * escalation bed is capacity only while open. Beds the site model does not place are not counted.
 * A test checks the two agree; `KpiSource` lets the engine take KPI values from elsewhere.
 */
import type { Bed } from '../../contracts/entities.ts'
import { assertNever } from '../../util/assertNever.ts'
import type { AlarmKpiId } from './alarmKpis.ts'
import { topUnitOf } from './alarmWorld.ts'
import type { AlarmWorld } from './alarmWorld.ts'

export type KpiScope = 'trust' | 'site' | 'ward'

/** One KPI value for one scope subject (the trust, a site, a ward). */
export type KpiValue = {
  readonly subjectId: string
  readonly label: string
  /** Percent, 0–100. */
  readonly value: number
  readonly siteId: string | null
  readonly levelId: string | null
  readonly unitId: string | null
}

/** What KPI-threshold rules read. */
export type KpiSource = {
  values(kpi: AlarmKpiId, scope: KpiScope): readonly KpiValue[]
}

type Counts = { occupied: number; open: number }
type Contribution = {
  readonly site: string | null
  readonly ward: string | null
  readonly occupied: 0 | 1
  readonly open: 0 | 1
}

export class OccupancyTracker implements KpiSource {
  readonly #world: AlarmWorld
  readonly #byBed = new Map<string, Contribution>()
  readonly #trust: Counts = { occupied: 0, open: 0 }
  readonly #sites = new Map<string, Counts>()
  readonly #wards = new Map<string, Counts>()

  constructor(world: AlarmWorld) {
    this.#world = world
  }

  /** Records a bed's new state (or its removal, with `null`). */
  update(bedId: string, bed: Bed | null): void {
    const previous = this.#byBed.get(bedId)
    if (previous !== undefined) {
      this.#add(previous, -1)
      this.#byBed.delete(bedId)
    }
    if (bed === null) return
    const place = this.#world.bedPlaces.get(bedId)
    if (place === undefined || (place.escalation && !bed.escalationOpen)) return
    const wardId = topUnitOf(this.#world, place.wardId)
    if (this.#world.units.get(wardId)?.generalAndAcute !== true) return
    const next: Contribution = {
      site: place.siteId,
      ward: wardId,
      occupied: bed.status === 'occupied' ? 1 : 0,
      open: bed.status === 'closed' ? 0 : 1,
    }
    this.#byBed.set(bedId, next)
    this.#add(next, 1)
  }

  /** Recomputes every contribution, after the site model changed. */
  rebuild(): void {
    this.#byBed.clear()
    this.#trust.occupied = 0
    this.#trust.open = 0
    this.#sites.clear()
    this.#wards.clear()
    for (const [id, bed] of this.#world.beds) this.update(id, bed)
  }

  #add(c: Contribution, sign: 1 | -1): void {
    const apply = (counts: Counts): void => {
      counts.occupied += sign * c.occupied
      counts.open += sign * c.open
    }
    apply(this.#trust)
    if (c.site !== null) apply(bucket(this.#sites, c.site))
    if (c.ward !== null) apply(bucket(this.#wards, c.ward))
  }

  values(_kpi: AlarmKpiId, scope: KpiScope): readonly KpiValue[] {
    const out: KpiValue[] = []
    const push = (
      subjectId: string,
      label: string,
      counts: Counts,
      site: string | null,
      level: string | null,
      unit: string | null,
    ): void => {
      if (counts.open <= 0) return
      out.push({
        subjectId,
        label,
        value: (100 * counts.occupied) / counts.open,
        siteId: site,
        levelId: level,
        unitId: unit,
      })
    }
    const model = this.#world.siteModel
    switch (scope) {
      case 'trust':
        push('trust', model?.trust.name ?? 'Trust', this.#trust, null, null, null)
        break
      case 'site':
        for (const [id, counts] of this.#sites) {
          const site = model?.sites.find((s) => s.id === id)
          push(`site:${id}`, site?.name ?? id, counts, id, null, null)
        }
        break
      case 'ward':
        for (const [id, counts] of this.#wards) {
          const unit = this.#world.units.get(id)
          push(`ward:${id}`, unit?.name ?? id, counts, unit?.siteId ?? null, unit?.levelId ?? null, id)
        }
        break
      default:
        return assertNever(scope, 'KPI scope')
    }
    return out
  }
}

function bucket(map: Map<string, Counts>, key: string): Counts {
  let counts = map.get(key)
  if (counts === undefined) {
    counts = { occupied: 0, open: 0 }
    map.set(key, counts)
  }
  return counts
}
