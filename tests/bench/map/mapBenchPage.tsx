/**
 * The map benchmark page: the real FloorMapPanel on the real store, fed a synthetic hospital at
 * the DESIGN.md bench scale. Each animation frame it applies one coalesced hub message (as the
 * hub would), then runs deck.gl's frame synchronously, so the time measured is all the
 * main-thread work a flush causes: store apply + React render + layer update + draw.
 */
import './jitless.ts'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { FloorMapPanel } from '../../../renderer/features/floor-map/FloorMapPanel.tsx'
import { floorMapProbe } from '../../../renderer/features/floor-map/floorMapProbe.ts'
import { setFloorPlanFetcher } from '../../../renderer/features/floor-map/floorPlanSource.ts'
import { watchfloorStore } from '../../../renderer/state/watchfloorStore.ts'
import { createBenchScene } from './benchScene.ts'

const params = new URLSearchParams(location.search)
const levels = Number(params.get('levels') ?? 40)
const scene = createBenchScene({ beds: 12_000, assets: 40_000, devices: 6_000, levels, seed: 7 })
setFloorPlanFetcher((levelId) => Promise.resolve(scene.plans.get(levelId)))
watchfloorStore.getState().applyHubMessage({ type: 'snapshot', state: scene.snapshot })

const root = document.getElementById('root')
if (!root) throw new Error('no #root')
createRoot(root).render(
  <FloorMapPanel panel={{ id: 'bench', settings: { levelId: scene.visibleLevelId } }} theme="wall" />,
)

type Results = {
  flushes: number
  events: number
  workMs: number[]
  applyMs: number[]
  latencyMs: number[]
  frameMs: number[]
  longTasks: number[]
  heapMb: number | null
  visibleAssets: number
  visibleBeds: number
  layersUpdated: boolean
}

/** deck.gl's own per-frame step (layer updates, then draw), private API: benchmark use only. */
type DeckInternals = { readonly props: { readonly layers: unknown }; _onRenderFrame(): void }

async function waitFor(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 50))
}

async function run(durationMs: number, eventsPerSecond: number): Promise<Results> {
  await waitFor(() => floorMapProbe.deck !== null && floorMapProbe.framesDrawn > 5)
  const deck = floorMapProbe.deck as unknown as DeckInternals
  const longTasks: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask', buffered: false })
  const results: Results = {
    flushes: 0,
    events: 0,
    workMs: [],
    applyMs: [],
    latencyMs: [],
    frameMs: [],
    longTasks,
    heapMb: null,
    visibleAssets: 0,
    visibleBeds: scene.siteModel.beds.filter((b) => b.levelId === scene.visibleLevelId).length,
    layersUpdated: false,
  }
  const start = performance.now()
  let last = start
  let carry = 0
  await new Promise<void>((resolve) => {
    const frame = (): void => {
      const now = performance.now()
      results.frameMs.push(now - last)
      const due = (eventsPerSecond * (now - last)) / 1000 + carry
      const count = Math.floor(due)
      carry = due - count
      const message = scene.step(count, Date.now())
      const layersBefore = deck.props.layers
      const t0 = performance.now()
      flushSync(() => watchfloorStore.getState().applyHubMessage(message))
      const t1 = performance.now()
      deck._onRenderFrame()
      const t2 = performance.now()
      if (deck.props.layers !== layersBefore) results.layersUpdated = true
      results.workMs.push(t2 - t0)
      results.applyMs.push(t1 - t0)
      // Events arrived spread over the frame interval; each becomes visible when this frame is drawn.
      for (let i = 0; i < count; i++) results.latencyMs.push(t2 - (last + ((i + 0.5) / count) * (now - last)))
      results.flushes++
      results.events += count
      last = now
      if (now - start < durationMs) requestAnimationFrame(frame)
      else resolve()
    }
    requestAnimationFrame(frame)
  })
  observer.disconnect()
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
  results.heapMb = memory ? memory.usedJSHeapSize / 1_048_576 : null
  results.visibleAssets = [...watchfloorStore.getState().entities.assets.values()].filter(
    (a) => a.levelId === scene.visibleLevelId,
  ).length
  return results
}

Object.assign(window, { watchfloorMapBench: { run } })
