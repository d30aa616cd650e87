/**
 * Feeds the "what changed" markers from the store: a bed changing status, a device changing
 * status, a new cyber alert. Asset moves are not marked — tags move all the time, and a marker per
 * move would bury the changes that matter.
 */
import { useEffect, useMemo, useState } from 'react'
import type { Bed, CyberAlert, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { watchfloorStore, type WatchfloorState } from '../../state/watchfloorStore.ts'
import { RecentChanges, type ChangeMark } from './recentChanges.ts'

/** Compares two versions of a topic map and reports the entities whose `changed` test holds. */
export function diffEntities<T extends { readonly id: string }>(
  next: ReadonlyMap<string, T>,
  prev: ReadonlyMap<string, T>,
  changed: (now: T, before: T | undefined) => boolean,
  onChange: (id: string, entity: T) => void,
): void {
  if (next === prev) return
  // An empty previous map is the first snapshot (or a resync), not a change on the floor.
  if (prev.size === 0) return
  for (const entity of next.values()) {
    const before = prev.get(entity.id)
    if (entity !== before && changed(entity, before)) onChange(entity.id, entity)
  }
}

const bedChanged = (now: Bed, before: Bed | undefined): boolean =>
  before !== undefined && now.status !== before.status
const deviceChanged = (now: NetworkDevice, before: NetworkDevice | undefined): boolean =>
  before !== undefined && now.status !== before.status
const alertChanged = (_now: CyberAlert, before: CyberAlert | undefined): boolean => before === undefined

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

function track(state: WatchfloorState, prev: WatchfloorState): void {
  const model = state.siteModel
  if (!model) return
  const index = indexOf(model)
  const at = Date.now()
  diffEntities(state.entities.beds, prev.entities.beds, bedChanged, (id) => {
    const p = index.beds.get(id)
    if (p) tracker.record({ key: `bed:${id}`, ...p, at })
  })
  diffEntities(state.entities.network, prev.entities.network, deviceChanged, (id, d) => {
    if (d.levelId && d.x !== null && d.y !== null)
      tracker.record({ key: `device:${id}`, levelId: d.levelId, x: d.x, y: d.y, at })
  })
  diffEntities(state.entities.cyber, prev.entities.cyber, alertChanged, (id, a) => {
    const p = a.unitId ? index.units.get(a.unitId) : undefined
    if (p) tracker.record({ key: `cyber:${id}`, ...p, at })
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
  }, [siteModel])
  useEffect(() => {
    tracker.prune(now, windowMs)
    setVersion(tracker.version)
  }, [now, windowMs])
  return useMemo(() => tracker.on(levelId, now, windowMs), [levelId, now, windowMs, version])
}
