/**
 * Where floor plans come from: the window's host (`useHost().fetchFloorPlan` — the browser host
 * fetches `GET /v1/floorplans/:levelId` from its gateway; Electron asks main over IPC), so this
 * feature never knows which host it runs in. Plans are cached per host and level: a level's IMDF
 * is converted to local metres once.
 */
import type { Level } from '../../../shared/contracts/places.ts'
import type { Host } from '../../host/Host.ts'
import { floorPlanFromImdf, type FloorPlan } from './floorPlan.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'

/** The part of the host the map's plans come from. */
export type FloorPlanSource = Pick<Host, 'fetchFloorPlan'>

export type FloorPlanResult = { ok: true; plan: FloorPlan } | { ok: false; error: string }

const caches = new WeakMap<FloorPlanSource, Map<string, Promise<FloorPlanResult>>>()

/** The level's plan in local metres; a failed load is an error value, retried on the next call. */
export function loadFloorPlan(source: FloorPlanSource, level: Level): Promise<FloorPlanResult> {
  let cache = caches.get(source)
  if (!cache) {
    cache = new Map()
    caches.set(source, cache)
  }
  const cached = cache.get(level.id)
  if (cached) return cached
  const pending = source.fetchFloorPlan(level.id).then(
    (imdf) => floorPlanFromImdf(level.id, level.origin, imdf),
    (error: unknown) => ({ ok: false as const, error: `floor plan ${level.id}: ${String(error)}` }),
  )
  cache.set(level.id, pending)
  const levels = cache
  runDetached(
    pending.then((result) => {
      if (!result.ok) levels.delete(level.id)
    }),
    logDetachedFailure('floor plan cache'),
  )
  return pending
}
