/**
 * Feeds the "what changed" markers from the store: a bed changing status, a device changing
 * status, a new cyber alert. Asset moves are not marked — tags move all the time, and a marker per
 * move would bury the changes that matter.
 */
import { useEffect, useMemo, useState } from 'react'
import type { Bed, CyberAlert, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { changedIds } from '../../../shared/util/EntityTable.ts'
import { watchfloorStore, type WatchfloorState } from '../../state/watchfloorStore.ts'
import { RecentChanges, type ChangeMark } from './recentChanges.ts'

/**
 * Remembers one key per entity (its status, say) and reports the entities whose key changed since
 * the last look. The store's tables are versioned views of one Map, so an older view cannot be
 * compared with a newer one: the watcher keeps its own memory, bounded by the entity count, and
 * visits only the ids the table's change log names (all of them when it cannot tell).
 */
export class KeyWatcher<T extends { readonly id: string }> {
  readonly #keyOf: (entity: T) => string
  readonly #seen = new Map<string, string>()
  #last: ReadonlyMap<string, T> | null = null

  constructor(keyOf: (entity: T) => string) {
    this.#keyOf = keyOf
  }

  /**
   * Reports entities whose key differs from the last look, and new entities once the watcher has
   * seen a first table (the first snapshot is the starting point, not a change on the floor).
   */
  look(table: ReadonlyMap<string, T>, onChange: (entity: T) => void): void {
    if (table === this.#last) return
    const first = this.#last === null || this.#seen.size === 0
    // Only the ids touched since the last look, when the table can say (O(changes) per flush).
    const touched = first ? null : changedIds(this.#last, table)
    this.#last = table
    if (touched) {
      for (const id of touched) {
        const entity = table.get(id)
        if (entity) this.#see(entity, onChange)
        else this.#seen.delete(id)
      }
      return
    }
    for (const entity of table.values()) this.#see(entity, first ? null : onChange)
    if (this.#seen.size > table.size) {
      for (const id of this.#seen.keys()) if (!table.has(id)) this.#seen.delete(id)
    }
  }

  #see(entity: T, onChange: ((entity: T) => void) | null): void {
    const key = this.#keyOf(entity)
    if (this.#seen.get(entity.id) === key) return
    this.#seen.set(entity.id, key)
    onChange?.(entity)
  }
}

/** One tracker per window, fed from the store for the lifetime of the page. */
const tracker = new RecentChanges()
let siteIndex: {
  model: SiteModel
  beds: Map<string, { levelId: string; x: number; y: number }>
  units: Map<string, { levelId: string; x: number; y: number }>
} | null = null
let subscribed = false

function indexOf(model: SiteModel): NonNullable<typeof siteIndex> {
  if (siteIndex?.model === model) return siteIndex
  siteIndex = {
    model,
    beds: new Map(model.beds.map((b) => [b.id, { levelId: b.levelId, x: b.at[0], y: b.at[1] }])),
    units: new Map(model.units.map((u) => [u.id, { levelId: u.levelId, x: u.labelAt[0], y: u.labelAt[1] }])),
  }
  return siteIndex
}

const bedStatus = new KeyWatcher<Bed>((b) => b.status)
const deviceStatus = new KeyWatcher<NetworkDevice>((d) => d.status)
// Every alert has the same key: only a new one (an id not seen before) is a change.
const newAlerts = new KeyWatcher<CyberAlert>(() => '')

function track(state: WatchfloorState): void {
  const model = state.siteModel
  if (!model) return
  const index = indexOf(model)
  const at = Date.now()
  bedStatus.look(state.entities.beds, (bed) => {
    const p = index.beds.get(bed.id)
    if (p) tracker.record({ key: `bed:${bed.id}`, ...p, at })
  })
  deviceStatus.look(state.entities.network, (d) => {
    if (d.levelId && d.x !== null && d.y !== null)
      tracker.record({ key: `device:${d.id}`, levelId: d.levelId, x: d.x, y: d.y, at })
  })
  newAlerts.look(state.entities.cyber, (a) => {
    const p = a.unitId ? index.units.get(a.unitId) : undefined
    if (p) tracker.record({ key: `cyber:${a.id}`, ...p, at })
  })
}

export function useRecentChanges(
  siteModel: SiteModel,
  levelId: string,
  now: number,
  windowMs: number,
): ChangeMark[] {
  const [version, setVersion] = useState(tracker.version)
  useEffect(() => {
    if (!subscribed) {
      subscribed = true
      watchfloorStore.subscribe(track)
    }
    setVersion(tracker.version)
    // A new mark shows on the flush that made it, not on the map's next clock tick (the tracker
    // records first: it subscribed before any map). No new mark, same version: no re-render.
    return watchfloorStore.subscribe(() => setVersion(tracker.version))
  }, [siteModel])
  useEffect(() => {
    tracker.prune(now, windowMs)
    setVersion(tracker.version)
  }, [now, windowMs])
  const [last] = useState<{ current: ChangeMark[] }>(() => ({ current: NO_MARKS }))
  // `version` is the trigger: the tracker is mutable and counts its changes. The same marks keep
  // the same array, so the clock moving over an unchanged set hands deck.gl no new data.
  return useMemo(() => {
    const next = tracker.on(levelId, now, windowMs)
    if (!sameMarks(next, last.current)) last.current = next.length === 0 ? NO_MARKS : next
    return last.current
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the tracker's contents
  }, [last, levelId, now, windowMs, version])
}

const NO_MARKS: ChangeMark[] = []

function sameMarks(a: readonly ChangeMark[], b: readonly ChangeMark[]): boolean {
  return a.length === b.length && a.every((mark, i) => mark === b[i])
}
