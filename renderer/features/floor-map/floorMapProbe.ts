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
