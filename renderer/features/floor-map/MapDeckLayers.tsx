/**
 * The part of the floor map that follows the feeds: it subscribes to the four entity tables and
 * the map's clock, derives the deck.gl layers (useMapLayers) and hands them, with the views, to
 * the deck. It renders nothing, so a batch re-renders this component alone: the panel around it
 * (top bar, legend, equipment key, reason banner) re-renders only when what it shows changes — a
 * level, a freshness word, the footprint — not on every batch (docs/benchmarks.md, "A wall that
 * idles": at 8 ev/s the map panel did 27 component renders a second before this split).
 */
import type { OrthographicView } from '@deck.gl/core'
import { useEffect, type RefObject } from 'react'
import type { AssetType } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { useClock } from '../../ui/sharedClock.ts'
import type { FloorPlan } from './floorPlan.ts'
import type { OnDemandDeck } from './OnDemandDeck.ts'
import type { OutageFootprint } from './outageFootprint.ts'
import { useMapLayers, type FeedLayerKey, type LayerVisibility } from './useMapLayers.ts'
import { useRecentChanges } from './useRecentChanges.ts'

/** The map's clock: re-fades tags and change rings this often (not every second). */
export const MAP_CLOCK_MS = 10_000

type ViewStates = Readonly<Record<string, { target: [number, number, number]; zoom: number }>>

export type MapDeckLayersProps = {
  readonly deck: RefObject<OnDemandDeck | null>
  readonly siteModel: SiteModel
  readonly plan: FloorPlan | null
  readonly levelId: string
  readonly footprint: OutageFootprint
  readonly stale: Readonly<Record<FeedLayerKey, boolean>>
  readonly visibility: LayerVisibility
  readonly hiddenAssetTypes: ReadonlySet<AssetType>
  readonly zoom: number
  readonly selection: { readonly kind: string; readonly id: string } | null
  readonly labelScale: number
  readonly changeWindowMs: number
  /** One view per band on a wall, one pannable view on a desktop; null until the panel has a size. */
  readonly views: OrthographicView[]
  readonly viewStates: ViewStates | null
  readonly interactive: boolean
  /** Desktop only: the operator panned or zoomed. Read through a ref by the caller, so it may change. */
  readonly onViewStateChange: ((view: { target: [number, number, number]; zoom: number }) => void) | undefined
  /** Receives the asset ids in the layers' row order, to resolve a picked index. */
  readonly assetIds: RefObject<readonly string[]>
}

export function MapDeckLayers(props: MapDeckLayersProps): null {
  const { deck, siteModel, levelId, changeWindowMs, views, viewStates, interactive, onViewStateChange } =
    props
  const beds = useWatchfloor((s) => s.entities.beds)
  const assets = useWatchfloor((s) => s.entities.assets)
  const devices = useWatchfloor((s) => s.entities.network)
  const alerts = useWatchfloor((s) => s.entities.cyber)
  // A coarse clock (MAP_CLOCK_MS): tag fades (from 5 min to 24 h) and change rings (over 15 min)
  // need no finer, and a tick redraws only what it moved (nothing, on a floor with no fades).
  const now = useClock(MAP_CLOCK_MS)
  const changes = useRecentChanges(siteModel, levelId, now, changeWindowMs)

  const { layers, assetIds } = useMapLayers({
    siteModel,
    plan: props.plan,
    levelId,
    beds,
    assets,
    devices,
    alerts,
    footprint: props.footprint,
    changes,
    stale: props.stale,
    visibility: props.visibility,
    hiddenAssetTypes: props.hiddenAssetTypes,
    zoom: props.zoom,
    now,
    selection: props.selection,
    labelScale: props.labelScale,
    changeWindowMs,
  })
  props.assetIds.current = assetIds

  // Layers and views go to the deck together: a level change swaps both in one draw.
  useEffect(() => {
    const target = deck.current
    if (!target || !viewStates) return
    target.setProps({
      layers,
      views,
      viewState: viewStates,
      controller: interactive
        ? { doubleClickZoom: true, scrollZoom: true, dragPan: true, dragRotate: false }
        : false,
      onViewStateChange: onViewStateChange
        ? ({ viewState: next }) => {
            const v = next as { target: [number, number, number]; zoom: number }
            onViewStateChange({ target: v.target, zoom: v.zoom })
            return next
          }
        : undefined,
    })
  }, [deck, layers, views, viewStates, interactive, onViewStateChange])
  return null
}
