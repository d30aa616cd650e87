/** Hollow rings where something changed recently, fading over the window. */
import type { Layer } from '@deck.gl/core'
import { layerRowDiff } from './rowDiff.ts'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { ChangeMark } from '../recentChanges.ts'

export type ChangeLayerOptions = {
  readonly marks: readonly ChangeMark[]
  readonly now: number
  readonly windowMs: number
  readonly visible: boolean
}

export function changeAlpha(at: number, now: number, windowMs: number): number {
  const t = Math.min(1, Math.max(0, (now - at) / windowMs))
  return Math.round(255 - t * 200)
}

export function createChangeLayers(options: ChangeLayerOptions): Layer[] {
  const { marks, now, windowMs, visible } = options
  return [
    new ScatterplotLayer<ChangeMark>({
      id: 'recent-changes',
      data: marks,
      _dataDiff: layerRowDiff,
      visible,
      getPosition: (m) => [m.x, m.y],
      radiusUnits: 'pixels',
      getRadius: 13,
      filled: false,
      stroked: true,
      getLineColor: (m) => [255, 255, 255, changeAlpha(m.at, now, windowMs)],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      updateTriggers: { getLineColor: [now] },
    }),
  ]
}
