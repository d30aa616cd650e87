/**
 * What a deck.gl pick stands for: one resolver per pickable layer, keyed by the id each layer
 * factory exports (the map names no layer id itself). Layers not listed are not pickable.
 */
import type { PickingInfo } from '@deck.gl/core'
import type { MapPick } from './MapDetails.tsx'
import { ASSET_POINTS_LAYER_ID } from './layers/assetLayers.ts'
import { BED_TILES_LAYER_ID } from './layers/bedLayers.ts'
import { CYBER_ALERTS_LAYER_ID } from './layers/cyberLayers.ts'
import { NETWORK_DEVICES_LAYER_ID } from './layers/networkLayers.ts'
import { PLAN_UNITS_LAYER_ID } from './layers/planLayers.ts'

type PickedObject = Record<string, unknown> | undefined
type Resolver = (object: PickedObject, index: number, assetIds: readonly string[]) => MapPick | null

const PICKABLE: Readonly<Record<string, Resolver>> = {
  [BED_TILES_LAYER_ID]: (object) =>
    object && typeof object['id'] === 'string' ? { kind: 'bed', id: object['id'] } : null,
  // Asset points are binary attributes: the picked index is the row in `assetIds`.
  [ASSET_POINTS_LAYER_ID]: (_object, index, assetIds) => {
    const id = assetIds[index]
    return id ? { kind: 'asset', id } : null
  },
  [NETWORK_DEVICES_LAYER_ID]: (object) =>
    object && typeof object['id'] === 'string' ? { kind: 'device', id: object['id'] } : null,
  [CYBER_ALERTS_LAYER_ID]: (object) => {
    const alert = object?.['alert'] as { id?: unknown } | undefined
    return typeof alert?.id === 'string' ? { kind: 'cyber-alert', id: alert.id } : null
  },
  [PLAN_UNITS_LAYER_ID]: (object) =>
    object && typeof object['featureId'] === 'string'
      ? {
          kind: 'unit',
          id: String(object['unitId'] ?? object['featureId']),
          name: String(object['name'] ?? ''),
        }
      : null,
}

/** Resolves a deck.gl pick into what it stands for. */
export function resolvePick(info: PickingInfo, assetIds: readonly string[]): MapPick | null {
  if (!info.picked || !info.layer) return null
  const object = info.object as Record<string, unknown> | undefined
  return PICKABLE[info.layer.id]?.(object, info.index, assetIds) ?? null
}
