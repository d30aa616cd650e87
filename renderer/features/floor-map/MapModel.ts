/**
 * A floor map's model of the live tables, subscribed to the store and kept up to date in
 * O(changes) per flush: which down devices make an outage, the footprint they serve, the tracked
 * assets inside it, and whether the feed carries staff badges at all. The panel reads it with
 * `useSyncExternalStore`, and re-renders only when one of those answers changes — not on a clock,
 * not on every asset move.
 */
import type { Asset, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { changedIds } from '../../../shared/util/EntityTable.ts'
import { TableIndex } from '../../../shared/util/TableIndex.ts'
import { TableSubset } from '../../../shared/util/TableSubset.ts'
import type { WatchfloorState, WatchfloorStore } from '../../state/watchfloorStore.ts'
import {
  downDeviceIds,
  EMPTY_FOOTPRINT,
  footprintOf,
  isOutageDevice,
  type OutageFootprint,
} from './outageFootprint.ts'

export type MapModelSnapshot = {
  /** The outage footprint with the assets inside it; empty while the network feed is stale. */
  readonly footprint: OutageFootprint
  /** Whether any staff badge is in the feed (few roles get them; the legend offers the type then). */
  readonly staffBadgesPresent: boolean
}

const STAFF = 'staff-badge'
const NO_IDS: readonly string[] = []

export class MapModel {
  readonly #store: WatchfloorStore
  readonly #listeners = new Set<() => void>()
  // The down devices follow the network table in O(changes).
  readonly #outage = new TableSubset<NetworkDevice>()
  // Tags by the zone they are in, and staff badges, follow the assets table in O(changes).
  readonly #tagsByZone = new TableIndex<Asset>((a) => a.zoneId)
  readonly #staff = new TableIndex<Asset>((a) => (a.type === STAFF ? STAFF : null))
  #networkStale = false
  #siteModel: SiteModel | null = null
  #downKey = ''
  #areas: OutageFootprint | null = null
  #assets: ReadonlyMap<string, Asset> | null = null
  #affected: ReadonlySet<string> = new Set()
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
    const previousAssets = this.#assets
    this.#assets = assets
    this.#tagsByZone.update(assets)
    this.#staff.update(assets)
    const staffBadgesPresent = this.#staff.members(STAFF).size > 0

    // The footprint's areas are recomputed only when the set of down devices changes.
    const down = this.#outage.update(devices, 'down', isOutageDevice)
    const downKey = this.#networkStale ? '' : downDeviceIds(down).join('\n')
    let areas = this.#areas
    if (areas === null || downKey !== this.#downKey || siteModel !== this.#siteModel) {
      areas = siteModel && downKey ? footprintOf(siteModel, devices, downKey.split('\n')) : EMPTY_FOOTPRINT
      this.#affected = new Set()
    }
    this.#downKey = downKey
    this.#siteModel = siteModel

    // The assets inside: listed again only when an asset entered or left the footprint's units,
    // which the assets' change log says in O(changes) — never a pass over 40,000 tags.
    let footprint = this.#snapshot?.footprint ?? EMPTY_FOOTPRINT
    if (areas.deviceIds.length === 0) footprint = EMPTY_FOOTPRINT
    else if (areas !== this.#areas || this.#entersOrLeaves(areas, previousAssets, assets))
      footprint = { ...areas, assetIds: this.#assetsIn(areas) }
    this.#areas = areas

    const current = this.#snapshot as MapModelSnapshot | undefined
    if (current && current.footprint === footprint && current.staffBadgesPresent === staffBadgesPresent)
      return current
    return { footprint, staffBadgesPresent }
  }

  #entersOrLeaves(
    areas: OutageFootprint,
    before: ReadonlyMap<string, Asset> | null,
    after: ReadonlyMap<string, Asset>,
  ): boolean {
    if (before === after) return false
    const touched = changedIds(before, after)
    if (touched === null) return true
    for (const id of touched) {
      const zone = after.get(id)?.zoneId
      const inside = zone !== undefined && zone !== null && areas.unitIds.has(zone)
      if (inside !== this.#affected.has(id)) return true
    }
    return false
  }

  #assetsIn(areas: OutageFootprint): readonly string[] {
    const ids: string[] = []
    for (const unitId of areas.unitIds) for (const id of this.#tagsByZone.members(unitId)) ids.push(id)
    this.#affected = new Set(ids)
    return ids.length === 0 ? NO_IDS : ids
  }
}
