/**
 * A window onto the most recently mounted map, for the map benchmark and end-to-end tests only:
 * the live deck.gl instance and a count of frames drawn. Nothing in the product reads it.
 */
import type { Deck, OrthographicView } from '@deck.gl/core'

export const floorMapProbe: { deck: Deck<OrthographicView[]> | null; framesDrawn: number } = {
  deck: null,
  framesDrawn: 0,
}
