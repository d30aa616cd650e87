/**
 * The map benchmark page: the real FloorMapPanel on the real store, fed a synthetic hospital at
 * the docs/architecture.md bench scale through the same delivery pipeline as the product.
 *
 * What the product does (the page's hub, `createBrowserHost`): the gateway coalesces events into
 * batches of ≤ 50 ms; the hub folds each batch into its pending changes (`PendingChanges`, one
 * upsert per entity) and flushes them once per animation frame (`frameScheduler`), in the flush
 * phase of the page's frame (`PageFrames`, renderer/host/pageTiming.ts): the store apply, React's
 * render of it in a microtask (FloorMapPanel's effect calls `deck.setProps({layers})`), then the
 * frame's draw phase, where deck.gl's loop (`OnDemandDeck`) updates the layers and draws.
 * (Electron main's hub flushes on a ~16 ms timer instead and the window applies each message as it
 * arrives: that is `?delivery=message`.)
 *
 * What this page does: a self-rescheduling, drift-compensated `setTimeout` generates one gateway
 * batch every `batchMs`, carrying `rate × elapsed` events; by default (`delivery=frame`) it is
 * folded into a `PendingChanges` and flushed through the product's `frameScheduler`, timed from the
 * apply's start to a microtask after React's commit and effects; with `?delivery=message` (the
 * method before 2026-12-04) each batch is applied on arrival inside `flushSync`. deck.gl runs its
 * own loop untouched; the live Deck instance is
 * instrumented by wrapping two of its private methods (see `instrument`) to time the layer update
 * and the draw of each frame. From those it derives per message, per frame, per flush (the budget
 * figure) and event → pixel latency. Generating the synthetic batch (`scene.step`) is not timed; it
 * stands in for the structured-clone deserialisation of a real message, which is also main-thread
 * work the product pays and this bench does not charge to the flush.
 */
import './jitless.ts'
import { Attribute, Layer } from '@deck.gl/core'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { FloorMapPanel } from '../../../renderer/features/floor-map/FloorMapPanel.tsx'
import { floorMapProbe } from '../../../renderer/features/floor-map/floorMapProbe.ts'
import { HostProvider } from '../../../renderer/host/HostProvider.tsx'
import { frameScheduler, pageFrames } from '../../../renderer/host/pageTiming.ts'
import { PendingChanges } from '../../../shared/hub/PendingChanges.ts'
import type { HubToWindowMessage } from '../../../shared/contracts/hub.ts'
import type { AnyEntity, Topic } from '../../../shared/contracts/entities.ts'
import { watchfloorStore } from '../../../renderer/state/watchfloorStore.ts'
import { makeFakeHost } from '../../support/fakeHost.ts'
import { createBenchScene } from './benchScene.ts'
import type { MapBenchResults } from './mapBenchResults.ts'

const params = new URLSearchParams(location.search)
const levels = Number(params.get('levels') ?? 40)
/** `?hide=beds,assets`: layers switched off, to see what each one costs. */
const hidden = (params.get('hide') ?? '').split(',').filter(Boolean)
/**
 * `?layerTimes=1`: time every layer's update (Layer#_update, private API, bench only) by layer id,
 * for `window.watchfloorLayerTimes()` — which layer a frame's update goes to.
 */
const layerTimes = new Map<string, { ms: number; calls: number; reasons: Record<string, number> }>()
type ChangeFlags = Record<string, string | boolean | Record<string, string | boolean>>
if (params.get('layerTimes') === '1') {
  const proto = Layer.prototype as unknown as { _update(this: Layer): void }
  const original = proto._update
  proto._update = function (this: Layer) {
    const flags = (this as unknown as { internalState?: { changeFlags?: ChangeFlags } }).internalState
      ?.changeFlags
    const t0 = performance.now()
    original.call(this)
    const entry = layerTimes.get(this.id) ?? { ms: 0, calls: 0, reasons: {} }
    entry.ms += performance.now() - t0
    entry.calls++
    // Why deck.gl thought this layer changed: the first reason string of each kind.
    for (const [kind, value] of Object.entries(flags ?? {})) {
      if (typeof value !== 'string') continue
      const reason = `${kind}: ${value}`
      entry.reasons[reason] = (entry.reasons[reason] ?? 0) + 1
    }
    layerTimes.set(this.id, entry)
  }
}
Object.assign(window, { watchfloorLayerTimes: () => [...layerTimes.entries()] })

/**
 * Work counted, not timed (so it does not depend on the machine's load): every attribute row
 * deck.gl recomputes through an accessor or updater (`Attribute#updateBuffer` over its update
 * ranges) and every value uploaded whole from a binary attribute (`setData` of a typed array or
 * buffer handed in by the layer). PRIVATE API, bench only. Counted from the start of a run, with
 * deck.gl's own 'Layer updates' stat (layers whose props or data changed).
 */
const work = { rowsComputed: 0, valuesUploaded: 0 }
{
  type AttributeInternals = {
    needsUpdate(): unknown
    numInstances: number
    state: { updateRanges: [number, number][] }
    setData(data: unknown): unknown
    updateBuffer(opts: { numInstances: number }): boolean
  }
  const proto = Attribute.prototype as unknown as AttributeInternals
  const originalUpdateBuffer = proto.updateBuffer
  proto.updateBuffer = function (this: AttributeInternals, opts) {
    if (this.needsUpdate()) {
      for (const [start, end] of this.state.updateRanges)
        work.rowsComputed += Math.max(0, Math.min(end, opts.numInstances) - start)
    }
    return originalUpdateBuffer.call(this, opts)
  }
  const originalSetData = proto.setData
  proto.setData = function (this: AttributeInternals, data: unknown) {
    const value = ArrayBuffer.isView(data) ? data : (data as { value?: unknown } | null)?.value
    if (ArrayBuffer.isView(value)) work.valuesUploaded += (value as unknown as { length: number }).length
    return originalSetData.call(this, data)
  }
}
/** `?mix=85,5,10`: percentages of tag moves, bed changes and device polls. */
const mixParam = params.get('mix')?.split(',').map(Number)
const mix =
  mixParam && mixParam.length === 3 && mixParam.every(Number.isFinite)
    ? { tags: mixParam[0]! / 100, beds: mixParam[1]! / 100, devices: mixParam[2]! / 100 }
    : undefined
const scene = createBenchScene({ beds: 12_000, assets: 40_000, devices: 6_000, levels, seed: 7, mix })
// The host the map's floor plans come from: the scene's synthetic plans.
const host = makeFakeHost({ fetchFloorPlan: (levelId) => Promise.resolve(scene.plans.get(levelId)) })
watchfloorStore.getState().applyHubMessage({ type: 'snapshot', state: scene.snapshot })

const root = document.getElementById('root')
if (!root) throw new Error('no #root')
createRoot(root).render(
  <HostProvider host={host}>
    <FloorMapPanel
      panel={{
        id: 'bench',
        settings: {
          levelId: scene.visibleLevelId,
          layers: Object.fromEntries(hidden.map((k) => [k, false])),
        },
      }}
      theme="wall"
    />
  </HostProvider>,
)

/**
 * The parts of deck.gl 9's Deck this bench wraps: PRIVATE API, benchmark use only. Each animation
 * frame `Deck._onRenderFrame` calls `layerManager.updateLayers()` (a no-op unless `setProps` gave
 * new layers or a layer asked for an update), then `redraw()`, which calls `_drawLayers` only when
 * something needs redrawing. Both are looked up at call time, so wrapping them sees every frame
 * (`_drawLayers` on the Deck instance; `updateLayers` on LayerManager's prototype, as deck.gl seals
 * its LayerManager instances). If a deck.gl upgrade renames them, `instrument` says so.
 */
type LayerManagerInternals = { updateLayers(): void; needsUpdate(): unknown }
type DeckInternals = {
  readonly props: { readonly layers: unknown }
  readonly layerManager: LayerManagerInternals
  _drawLayers(...args: unknown[]): void
}

/** A gateway batch: when it reached the page, the window its events arrived over, how many. */
type Batch = { readonly deliveredAt: number; readonly windowMs: number; readonly count: number }

/** A hub message applied and not yet drawn, with the gateway batches folded into it. */
type PendingMessage = {
  readonly appliedAt: number
  readonly applyMs: number
  /** `pageFrames().frames` when it was applied (in a flush phase: the frame in progress). */
  readonly frame: number
  readonly batches: readonly Batch[]
}

/** `?delivery=message`: each batch applied on arrival (the method before 2026-12-04). */
const delivery: 'frame' | 'message' = params.get('delivery') === 'message' ? 'message' : 'frame'

/** Folds a batch message into the hub's pending changes, as `FeedHub` does with each gateway batch. */
function fold(pending: PendingChanges, message: HubToWindowMessage): void {
  if (message.type !== 'changes') return
  for (const [topic, state] of Object.entries(message.changes.topics ?? {}))
    if (state) pending.setTopicState(topic as Topic, state)
  for (const [topic, delta] of Object.entries(message.changes.entities ?? {})) {
    if (!delta) continue
    for (const entity of delta.upserts as readonly AnyEntity[]) pending.upsert(topic as Topic, entity)
    for (const id of delta.removes) pending.remove(topic as Topic, id)
  }
}

async function waitFor(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs
  while (!test()) {
    if (performance.now() > until) return false
    await new Promise((r) => setTimeout(r, 50))
  }
  return true
}

function asDeckInternals(deck: unknown): DeckInternals {
  const d = deck as Partial<DeckInternals> | null
  if (
    typeof d?._drawLayers !== 'function' ||
    typeof d.layerManager?.updateLayers !== 'function' ||
    typeof d.layerManager.needsUpdate !== 'function'
  ) {
    throw new Error('deck.gl internals changed: Deck._drawLayers / layerManager.updateLayers not found')
  }
  return d as DeckInternals
}

/** deck.gl's own count of layer updates that ran (props or data changed), from `Deck.stats`. */
function layerUpdateCount(deck: unknown): number {
  const stats = (deck as { stats?: { get(name: string): { count: number } } } | null)?.stats
  return stats?.get('Layer updates').count ?? 0
}

async function run(durationMs: number, eventsPerSecond: number, batchMs: number): Promise<MapBenchResults> {
  await waitFor(() => floorMapProbe.deck !== null && floorMapProbe.framesDrawn > 5, 60_000)
  const deck = asDeckInternals(floorMapProbe.deck)
  const layerManager = deck.layerManager
  const results: MapBenchResults = {
    delivery,
    batches: 0,
    drawnInFlushFrame: 0,
    messages: 0,
    events: 0,
    batchMs,
    messagesSettingLayers: 0,
    applyMs: [],
    messageIntervalMs: [],
    animationFrames: 0,
    frameTicks: 0,
    framesDrawn: 0,
    probeFramesDrawn: 0,
    framesWithUpdate: 0,
    updateMs: [],
    drawMs: [],
    frameIntervalMs: [],
    flushWorkMs: [],
    latencyMs: [],
    deliveryToDrawnMs: [],
    undrawnMessages: 0,
    longTasks: [],
    heapMb: null,
    visibleAssets: 0,
    visibleBeds: scene.siteModel.beds.filter((b) => b.levelId === scene.visibleLevelId).length,
    rowsComputed: 0,
    valuesUploaded: 0,
    layerUpdates: 0,
  }
  const framesDrawnBefore = floorMapProbe.framesDrawn
  layerTimes.clear() // the steady state only, not the first build of every layer
  work.rowsComputed = 0
  work.valuesUploaded = 0
  const layerUpdatesBefore = layerUpdateCount(floorMapProbe.deck)

  // --- deck.gl's frame, instrumented through private API (bench only, see DeckInternals) ---
  let pending: PendingMessage[] = []
  /** The layer update of the current frame: updateLayers runs just before redraw in the same frame. */
  let frameUpdate = { ms: 0, worked: false }
  let lastDrawStart: number | null = null
  // LayerManager seals its instances, so updateLayers is wrapped on its prototype, for this
  // instance only (any other LayerManager goes straight through), and restored after the run.
  const layerManagerProto = Object.getPrototypeOf(layerManager) as LayerManagerInternals
  const originalUpdate = layerManagerProto.updateLayers
  const originalDraw = deck._drawLayers
  layerManagerProto.updateLayers = function (this: LayerManagerInternals) {
    if (this !== layerManager) {
      originalUpdate.call(this)
      return
    }
    results.frameTicks++
    const worked = Boolean(layerManager.needsUpdate())
    const t0 = performance.now()
    originalUpdate.call(layerManager)
    frameUpdate = { ms: performance.now() - t0, worked }
  }
  deck._drawLayers = (...args: unknown[]) => {
    const t0 = performance.now()
    originalDraw.apply(deck, args)
    const end = performance.now()
    const update = frameUpdate
    frameUpdate = { ms: 0, worked: false }
    results.framesDrawn++
    if (update.worked) results.framesWithUpdate++
    results.updateMs.push(update.ms)
    results.drawMs.push(end - t0)
    if (lastDrawStart !== null) results.frameIntervalMs.push(t0 - lastDrawStart)
    lastDrawStart = t0
    // Every message applied before this frame began is in this draw. Its end is when the commands
    // are submitted; the GPU process rasters them after (and that raster paces the next frame).
    const frame = pageFrames().frames
    for (const m of pending) {
      results.flushWorkMs.push(m.applyMs + update.ms)
      results.deliveryToDrawnMs.push(end - m.appliedAt)
      if (m.frame === frame) results.drawnInFlushFrame++
      for (const b of m.batches) {
        for (let i = 0; i < b.count; i++) {
          // The events reached the gateway spread evenly over the batch window before delivery.
          results.latencyMs.push(end - (b.deliveredAt - ((i + 0.5) / b.count) * b.windowMs))
        }
      }
    }
    pending = []
  }

  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) results.longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask', buffered: false })

  // The browser's own animation frames, counted apart from deck.gl's: with SwiftShader, Chromium
  // offers a frame only once the GPU process has finished the last one, which paces deck.gl.
  let counting = true
  const countFrame = (): void => {
    results.animationFrames++
    if (counting) requestAnimationFrame(countFrame)
  }
  requestAnimationFrame(countFrame)

  // --- the gateway: one batch per batch window, on a drift-compensated timer; the hub: either
  // the product's page hub (fold each batch, flush once per animation frame in the frame's flush
  // phase: `frameScheduler`) or each batch applied on arrival (`?delivery=message`) ---
  const start = performance.now()
  let lastApplied: number | null = null
  /** Applies one hub message; its work ends after React's render, commit and effects. */
  const apply = (message: HubToWindowMessage, batches: readonly Batch[], sync: boolean): void => {
    const layersBefore = deck.props.layers
    const frame = pageFrames().frameInProgress === null ? -1 : pageFrames().frames
    const t0 = performance.now()
    const done = (): void => {
      const t1 = performance.now()
      if (deck.props.layers !== layersBefore) results.messagesSettingLayers++
      results.applyMs.push(t1 - t0)
      if (lastApplied !== null) results.messageIntervalMs.push(t0 - lastApplied)
      lastApplied = t0
      results.messages++
      pending.push({ appliedAt: t1, applyMs: t1 - t0, frame, batches })
    }
    if (sync) {
      flushSync(() => watchfloorStore.getState().applyHubMessage(message))
      done()
    } else {
      // As the product: the store update is rendered by React in a microtask queued inside the
      // apply, so a microtask queued after it runs once React's commit and effects are done.
      watchfloorStore.getState().applyHubMessage(message)
      queueMicrotask(done)
    }
  }
  const hubPending = new PendingChanges()
  let hubBatches: Batch[] = []
  let cancelFlush: (() => void) | null = null
  const flush = (): void => {
    cancelFlush = null
    if (hubPending.isEmpty) return
    const batches = hubBatches
    hubBatches = []
    apply({ type: 'changes', changes: hubPending.take() }, batches, false)
  }
  await new Promise<void>((resolve) => {
    let lastDelivery = start
    let carry = 0
    let slot = 0
    const deliver = (): void => {
      const now = performance.now()
      const windowMs = now - lastDelivery
      const due = (eventsPerSecond * windowMs) / 1000 + carry
      const count = Math.floor(due)
      carry = due - count
      const message = scene.step(count, Date.now())
      const batch = { deliveredAt: now, windowMs, count }
      results.batches++
      results.events += count
      if (delivery === 'message') apply(message, [batch], true)
      else {
        // The hub's work on arrival (FeedHub: validate, fold into its pending changes) is not
        // charged to the flush; bench:hub measures it.
        fold(hubPending, message)
        hubBatches.push(batch)
        cancelFlush ??= frameScheduler(flush)
      }
      lastDelivery = now
      if (performance.now() - start >= durationMs) {
        resolve()
        return
      }
      // Next slot on the fixed grid start + k·batchMs, so lateness does not accumulate; a late
      // timer skips the slots it missed and its batch carries their events instead.
      slot = Math.max(slot + 1, Math.floor((performance.now() - start) / batchMs) + 1)
      setTimeout(deliver, Math.max(0, start + slot * batchMs - performance.now()))
    }
    setTimeout(deliver, batchMs)
  })
  // The last batches reach the store at the next flush.
  await waitFor(() => cancelFlush === null, 10_000)
  // Let deck.gl draw the last messages (bounded: a map that never draws is reported, not waited on).
  await waitFor(() => pending.length === 0 && cancelFlush === null, 10_000)
  results.undrawnMessages = pending.length
  counting = false

  observer.disconnect()
  layerManagerProto.updateLayers = originalUpdate
  deck._drawLayers = originalDraw
  results.probeFramesDrawn = floorMapProbe.framesDrawn - framesDrawnBefore
  results.rowsComputed = work.rowsComputed
  results.valuesUploaded = work.valuesUploaded
  results.layerUpdates = layerUpdateCount(floorMapProbe.deck) - layerUpdatesBefore
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
  results.heapMb = memory ? memory.usedJSHeapSize / 1_048_576 : null
  results.visibleAssets = [...watchfloorStore.getState().entities.assets.values()].filter(
    (a) => a.levelId === scene.visibleLevelId,
  ).length
  return results
}

Object.assign(window, { watchfloorMapBench: { run } })
