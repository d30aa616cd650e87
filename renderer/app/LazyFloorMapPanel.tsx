/**
 * The floor map as its own chunk: deck.gl and luma.gl are over a third of the renderer, and the
 * boards without a map (Site manager) must not wait for them. The chunk is fetched the first time
 * a board shows a map; until then the panel says so. A chunk that fails to load throws into the
 * panel's error boundary like any other panel failure, and its retry loads it again.
 */
import { lazy, Suspense, type ComponentType, type ReactElement } from 'react'
import { PanelMessage } from '../ui/PanelMessage.tsx'
import type { PanelProps } from '../board/panelTypes.ts'

type Loaded = { default: ComponentType<PanelProps> }

function loadFloorMap(): Promise<Loaded> {
  return import('../features/floor-map/FloorMapPanel.tsx').then(
    (module): Loaded => ({ default: module.FloorMapPanel }),
    (error: unknown) => {
      // React.lazy remembers a rejection for good; a fresh one lets the boundary's retry refetch.
      FloorMapPanel = lazy(loadFloorMap)
      throw error
    },
  )
}

let FloorMapPanel = lazy(loadFloorMap)

export function LazyFloorMapPanel(props: PanelProps): ReactElement {
  return (
    <Suspense
      fallback={
        <div role="status" data-testid="floor-map-loading">
          <PanelMessage>Loading the floor map…</PanelMessage>
        </div>
      }
    >
      <FloorMapPanel {...props} />
    </Suspense>
  )
}
