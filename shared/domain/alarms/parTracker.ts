/**
 * Asset counts per ward and type, kept incrementally for PAR-level rules:
 * - available: assets whose current zone lies in the ward (or department) and whose state is
 *   `available` — what the PAR level is compared with;
 * - homed: assets whose home unit is the ward — a ward that owns none of a type has no PAR for it,
 *   so a default `critical` applies only where the trust actually keeps that equipment.
 *
 * Counts live in cells (ward → type → cell) that each asset points at, so moving an asset costs two
 * Map lookups and no string building — 40,000 tags in a snapshot stay cheap.
 */
import type { Asset, AssetType } from '../../contracts/entities.ts'
import { clinicalUnitOf } from './alarmWorld.ts'
import type { AlarmWorld } from './alarmWorld.ts'

type Cell = { readonly unitId: string; readonly type: AssetType; available: number; homed: number }

export class ParTracker {
  readonly #world: AlarmWorld
  readonly #cells = new Map<string, Map<AssetType, Cell>>()
  readonly #availableAt = new Map<string, Cell>()
  readonly #homeAt = new Map<string, Cell>()
  /** Cells whose counts changed since the last `takeChanged`, so PAR rules re-check only those. */
  #changed = new Set<Cell>()

  constructor(world: AlarmWorld) {
    this.#world = world
  }

  update(assetId: string, asset: Asset | null): void {
    const here =
      asset === null || asset.state !== 'available' || asset.zoneId === null
        ? null
        : this.#cell(clinicalUnitOf(this.#world, asset.zoneId), asset.type)
    const before = this.#availableAt.get(assetId)
    if (before !== here) {
      if (before !== undefined) {
        before.available -= 1
        this.#changed.add(before)
      }
      if (here === null) this.#availableAt.delete(assetId)
      else {
        here.available += 1
        this.#availableAt.set(assetId, here)
        this.#changed.add(here)
      }
    }
    const home =
      asset === null || asset.homeUnitId === null
        ? null
        : this.#cell(clinicalUnitOf(this.#world, asset.homeUnitId), asset.type)
    const homeBefore = this.#homeAt.get(assetId)
    if (homeBefore !== home) {
      if (homeBefore !== undefined) {
        homeBefore.homed -= 1
        this.#changed.add(homeBefore)
      }
      if (home === null) this.#homeAt.delete(assetId)
      else {
        home.homed += 1
        this.#homeAt.set(assetId, home)
        this.#changed.add(home)
      }
    }
  }

  #cell(unitId: string, type: AssetType): Cell {
    let byType = this.#cells.get(unitId)
    if (byType === undefined) {
      byType = new Map()
      this.#cells.set(unitId, byType)
    }
    let cell = byType.get(type)
    if (cell === undefined) {
      cell = { unitId, type, available: 0, homed: 0 }
      byType.set(type, cell)
    }
    return cell
  }

  /** The ward/type pairs whose counts changed since the last call. */
  takeChanged(): Iterable<{ readonly unitId: string; readonly type: AssetType }> {
    const changed = this.#changed
    this.#changed = new Set()
    return changed
  }

  rebuild(): void {
    this.#cells.clear()
    this.#availableAt.clear()
    this.#homeAt.clear()
    this.#changed.clear()
    for (const [id, asset] of this.#world.assets) this.update(id, asset)
  }

  /** Available assets of `type` in the ward `unitId`. */
  available(unitId: string, type: AssetType): number {
    return this.#cells.get(unitId)?.get(type)?.available ?? 0
  }

  /** Assets of `type` whose home is the ward `unitId`. */
  homed(unitId: string, type: AssetType): number {
    return this.#cells.get(unitId)?.get(type)?.homed ?? 0
  }

  /** Wards that are home to at least one asset of `type`. */
  homeUnits(type: AssetType): string[] {
    const units: string[] = []
    for (const [unitId, byType] of this.#cells) {
      if ((byType.get(type)?.homed ?? 0) > 0) units.push(unitId)
    }
    return units
  }
}
