/**
 * A window onto the most recently mounted map, for the map benchmark and end-to-end tests only:
 * the live deck.gl instance and a count of frames drawn. Nothing in the product reads it.
 */
import type { Deck, OrthographicView } from '@deck.gl/core'

export const floorMapProbe: { deck: Deck<OrthographicView[]> | null; framesDrawn: number } = {
  deck: null,
  framesDrawn: 0,
}

/** One frame drawn by a map: counted here and, for `npm run bench:idle` (which reads the page's
 *  globals, not this module), on `globalThis.__watchfloorMapFrames` when its probe is enabled. */
export function countMapFrame(): void {
  floorMapProbe.framesDrawn++
  const scope = globalThis as { __watchfloorFlushProbeEnabled?: boolean; __watchfloorMapFrames?: number }
  if (scope.__watchfloorFlushProbeEnabled === true)
    scope.__watchfloorMapFrames = (scope.__watchfloorMapFrames ?? 0) + 1
}

/** The map's canvas changed size (its drawing buffer is re-allocated, and the plan re-framed):
 *  counted on `globalThis.__watchfloorMapResizes` for `npm run bench:idle` when its probe is on.
 *  A wall whose panel content moves the canvas pays a re-allocation per change; idle, it is 0. */
export function countMapResize(): void {
  const scope = globalThis as { __watchfloorFlushProbeEnabled?: boolean; __watchfloorMapResizes?: number }
  if (scope.__watchfloorFlushProbeEnabled === true)
    scope.__watchfloorMapResizes = (scope.__watchfloorMapResizes ?? 0) + 1
}
