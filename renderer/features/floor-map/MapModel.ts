/**
 * A floor map's model of the live tables, subscribed to the store and kept up to date in
 * O(changes) per flush: which down devices make an outage, the footprint they serve, the tracked
 * assets inside it, and whether the feed carries staff badges at all. The panel reads it with
 * `useSyncExternalStore`, and re-renders only when one of those answers changes — not on a clock,
 * not on every asset move.
 *
 * The footprint is reference-counted, not recomputed: each down device adds one to every unit it
 * serves (with the bays inside), a unit's first count brings its beds and the tags in it into the
 * footprint and its last takes them out, and a tag that moves is checked against the served units.
 * A flush therefore costs O(its changes) whatever the size of the outage; before this, a flapping
 * network re-listed every tag and bed in the footprint on each flip — at bench scale, with
 * hundreds of devices down across the trust, the largest cost of a flush (docs/benchmarks.md).
 */
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { changedIds } from '../../../shared/util/EntityTable.ts'
import { TableIndex } from '../../../shared/util/TableIndex.ts'
import type { WatchfloorState, WatchfloorStore } from '../../state/watchfloorStore.ts'
import {
  EMPTY_FOOTPRINT,
  isOutageDevice,
  servedUnits,
  siteIndex,
  type OutageFootprint,
  type SiteIndex,
} from './outageFootprint.ts'

export type MapModelSnapshot = {
  /** The outage footprint with the assets inside it; empty while the network feed is stale. */
  readonly footprint: OutageFootprint
  /** Whether any staff badge is in the feed (few roles get them; the legend offers the type then). */
  readonly staffBadgesPresent: boolean
}

const STAFF = 'staff-badge'

/** The footprint, kept up to date in place (the sets are handed out in each snapshot's footprint). */
class FootprintCounts {
  /** Down devices that serve a unit: the units they were counted for, and their `servesUnitIds`. */
  readonly devices = new Map<
    string,
    { readonly serves: readonly string[]; readonly units: ReadonlySet<string> }
  >()
  readonly #unitCount = new Map<string, number>()
  readonly #bedCount = new Map<string, number>()
  readonly units = new Set<string>()
  readonly beds = new Set<string>()
  readonly assets = new Set<string>()
  /** Bumped on every change of what the footprint holds. */
  version = 0
  #devicesVersion = 0
  #sortedIds: readonly string[] = []
  #sortedAt = -1
  readonly #index: SiteIndex
  readonly #tagsByZone: TableIndex<Asset>

  constructor(index: SiteIndex, tagsByZone: TableIndex<Asset>) {
    this.#index = index
    this.#tagsByZone = tagsByZone
  }

  /** Brings one device's contribution up to date: counted while it is down and serves a unit. */
  device(id: string, device: NetworkDevice | undefined): void {
    const counted = this.devices.get(id)
    const isOut = device !== undefined && isOutageDevice(device)
    if (counted && isOut && sameUnits(counted.serves, device.servesUnitIds)) return
    if (counted) {
      this.devices.delete(id)
      for (const unit of counted.units) this.#unit(unit, -1)
    }
    if (isOut) {
      const units = servedUnits(this.#index, device.servesUnitIds)
      this.devices.set(id, { serves: device.servesUnitIds, units })
      for (const unit of units) this.#unit(unit, +1)
    }
    if (counted || isOut) {
      this.version++
      this.#devicesVersion++
    }
  }

  /** A tag moved: in the footprint exactly while its zone is a served unit. */
  asset(id: string, asset: Asset | undefined): void {
    const zone = asset?.zoneId
    const inside = zone !== undefined && zone !== null && this.units.has(zone)
    if (inside === this.assets.has(id)) return
    if (inside) this.assets.add(id)
    else this.assets.delete(id)
    this.version++
  }

  /** The counted devices' ids, sorted; a new array only after the set of devices changed. */
  deviceIds(): readonly string[] {
    if (this.#sortedAt !== this.#devicesVersion) {
      const ids = [...this.devices.keys()].sort()
      const same = ids.length === this.#sortedIds.length && ids.every((d, i) => d === this.#sortedIds[i])
      if (!same) this.#sortedIds = ids
      this.#sortedAt = this.#devicesVersion
    }
    return this.#sortedIds
  }

  #unit(unit: string, delta: 1 | -1): void {
    const count = (this.#unitCount.get(unit) ?? 0) + delta
    if (count > 0) this.#unitCount.set(unit, count)
    else this.#unitCount.delete(unit)
    if (delta > 0 && count === 1) {
      this.units.add(unit)
      for (const bed of this.#index.bedsIn.get(unit) ?? []) this.#bed(bed, +1)
      for (const tag of this.#tagsByZone.members(unit)) this.assets.add(tag)
    } else if (delta < 0 && count === 0) {
      this.units.delete(unit)
      for (const bed of this.#index.bedsIn.get(unit) ?? []) this.#bed(bed, -1)
      for (const tag of this.#tagsByZone.members(unit)) this.assets.delete(tag)
    }
  }

  #bed(bed: string, delta: 1 | -1): void {
    const count = (this.#bedCount.get(bed) ?? 0) + delta
    if (count > 0) this.#bedCount.set(bed, count)
    else this.#bedCount.delete(bed)
    if (count === 1 && delta > 0) this.beds.add(bed)
    else if (count === 0) this.beds.delete(bed)
  }
}

function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((unit, i) => unit === b[i]))
}

export class MapModel {
  readonly #store: WatchfloorStore
  readonly #listeners = new Set<() => void>()
  // Tags by the zone they are in, and staff badges, follow the assets table in O(changes).
  readonly #tagsByZone = new TableIndex<Asset>((a) => a.zoneId)
  readonly #staff = new TableIndex<Asset>((a) => (a.type === STAFF ? STAFF : null))
  #networkStale = false
  #siteModel: SiteModel | null = null
  #devices: ReadonlyMap<string, NetworkDevice> | null = null
  #assets: ReadonlyMap<string, Asset> | null = null
  #counts: FootprintCounts | null = null
  /** The counts, and their version, that the current snapshot's footprint shows. */
  #shownCounts: FootprintCounts | null = null
  #countsVersion = -1
  #snapshot: MapModelSnapshot

  constructor(store: WatchfloorStore, networkStale = false) {
    this.#store = store
    this.#networkStale = networkStale
    this.#snapshot = this.#compute(store.getState())
  }

  /** Follows the store until the returned function is called (the panel's effect). */
  start(): () => void {
    this.#update(this.#store.getState())
    return this.#store.subscribe((state) => this.#update(state))
  }

  /** A stale network feed draws no outage (never old data as live). */
  setNetworkStale(stale: boolean): void {
    if (stale === this.#networkStale) return
    this.#networkStale = stale
    this.#update(this.#store.getState())
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  readonly getSnapshot = (): MapModelSnapshot => this.#snapshot

  #update(state: WatchfloorState): void {
    const next = this.#compute(state)
    if (next === this.#snapshot) return
    this.#snapshot = next
    for (const listener of this.#listeners) listener()
  }

  #compute(state: WatchfloorState): MapModelSnapshot {
    const { siteModel } = state
    const devices = state.entities.network
    const assets = state.entities.assets
    this.#tagsByZone.update(assets)
    this.#staff.update(assets)
    const staffBadgesPresent = this.#staff.members(STAFF).size > 0
    const counts = this.#follow(siteModel, devices, assets)

    let footprint = this.#snapshot?.footprint ?? EMPTY_FOOTPRINT
    if (this.#networkStale || counts === null || counts.devices.size === 0) footprint = EMPTY_FOOTPRINT
    else if (
      footprint === EMPTY_FOOTPRINT ||
      counts !== this.#shownCounts ||
      counts.version !== this.#countsVersion
    )
      footprint = {
        deviceIds: counts.deviceIds(),
        unitIds: counts.units,
        bedIds: counts.beds,
        assetIds: counts.assets,
      }
    this.#shownCounts = counts
    this.#countsVersion = counts?.version ?? -1

    const current = this.#snapshot as MapModelSnapshot | undefined
    if (current && current.footprint === footprint && current.staffBadgesPresent === staffBadgesPresent)
      return current
    return { footprint, staffBadgesPresent }
  }

  /** Brings the footprint's counts up to the tables: O(changes), or one pass when the log can't say. */
  #follow(
    siteModel: SiteModel | null,
    devices: ReadonlyMap<string, NetworkDevice>,
    assets: ReadonlyMap<string, Asset>,
  ): FootprintCounts | null {
    const previousDevices = this.#devices
    const previousAssets = this.#assets
    this.#devices = devices
    this.#assets = assets
    if (siteModel === null) {
      this.#siteModel = null
      this.#counts = null
      return null
    }
    const touchedDevices = this.#counts ? changedIds(previousDevices, devices) : null
    const touchedAssets = this.#counts ? changedIds(previousAssets, assets) : null
    if (siteModel !== this.#siteModel || touchedDevices === null || touchedAssets === null) {
      // A new site model, a first look or a resync: count the whole network table once.
      this.#siteModel = siteModel
      const counts = new FootprintCounts(siteIndex(siteModel), this.#tagsByZone)
      for (const device of devices.values()) counts.device(device.id, device)
      this.#counts = counts
      return counts
    }
    const counts = this.#counts as FootprintCounts
    for (const id of touchedDevices) counts.device(id, devices.get(id))
    for (const id of touchedAssets) counts.asset(id, assets.get(id))
    return counts
  }
}
