/**
 * Where floor plans come from. The app wires the host's fetcher in at start-up (the browser host
 * fetches `GET /v1/floorplans/:levelId` from its gateway; Electron asks main over IPC), so this
 * feature never knows which host it runs in. Plans are cached per level: a level's IMDF is
 * converted to local metres once.
 */
import type { Level } from '../../../shared/contracts/places.ts'
import { floorPlanFromImdf, type FloorPlan } from './floorPlan.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'

export type FloorPlanFetcher = (levelId: string) => Promise<unknown>

let fetcher: FloorPlanFetcher | null = null
const cache = new Map<string, Promise<FloorPlanResult>>()

export type FloorPlanResult = { ok: true; plan: FloorPlan } | { ok: false; error: string }

/** Called once by the app with the host's way of fetching a level's IMDF FeatureCollection. */
export function setFloorPlanFetcher(next: FloorPlanFetcher): void {
  fetcher = next
  cache.clear()
}

/** The level's plan in local metres; a failed load is an error value, retried on the next call. */
export function loadFloorPlan(level: Level): Promise<FloorPlanResult> {
  const cached = cache.get(level.id)
  if (cached) return cached
  const current = fetcher
  if (!current) return Promise.resolve({ ok: false, error: 'no floor plan source' })
  const pending = current(level.id).then(
    (imdf) => floorPlanFromImdf(level.id, level.origin, imdf),
    (error: unknown) => ({ ok: false as const, error: `floor plan ${level.id}: ${String(error)}` }),
  )
  cache.set(level.id, pending)
  runDetached(
    pending.then((result) => {
      if (!result.ok) cache.delete(level.id)
    }),
    logDetachedFailure('floor plan cache'),
  )
  return pending
}
