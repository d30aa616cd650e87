/** What one case of the map benchmark page hands back to the runner (`tests/bench/mapBench.ts`). */
export type MapBenchResults = {
  /**
   * How batches reach the store: `frame` (the product's page hub: each gateway batch folded into
   * the hub's pending changes, one flush per animation frame, before the map draws) or `message`
   * (before 2026-12-04: each batch applied to the store on arrival, inside `flushSync`).
   */
  delivery: 'frame' | 'message'
  /** Gateway batches generated (one per batch window). */
  batches: number
  /** Flushes (messages applied) drawn in the animation frame that applied them. */
  drawnInFlushFrame: number
  /** Hub messages delivered (flushes applied), events they carried, and the nominal batch window (ms). */
  messages: number
  events: number
  batchMs: number
  /** Messages after whose apply FloorMapPanel had called `deck.setProps` with new layers. */
  messagesSettingLayers: number
  /** Per message: store apply + React render, commit and effects, ms. */
  applyMs: number[]
  /** Per message: time since the previous one (for `message`, the window its events arrived over), ms. */
  messageIntervalMs: number[]
  /** requestAnimationFrame callbacks the browser ran during the run, counted apart from deck.gl. */
  animationFrames: number
  /** deck.gl animation-loop ticks seen (calls of `layerManager.updateLayers`). */
  frameTicks: number
  /** Frames drawn (wrapped `_drawLayers`), the probe's count over the same run, and those with a layer update. */
  framesDrawn: number
  probeFramesDrawn: number
  framesWithUpdate: number
  /** Per frame drawn: layer update, draw (command encoding on the main thread), interval between draws, ms. */
  updateMs: number[]
  drawMs: number[]
  frameIntervalMs: number[]
  /** Per message: its apply + React time plus the layer update of the first frame drawn after it, ms. */
  flushWorkMs: number[]
  /** Per event: arrival at the gateway → end of the draw that showed it, ms. */
  latencyMs: number[]
  /** Per message: applied → end of the draw that showed it, ms. */
  deliveryToDrawnMs: number[]
  /** Messages still not drawn 10 s after the last delivery. */
  undrawnMessages: number
  /** Long tasks (> 50 ms) seen by the PerformanceObserver, their durations, ms. */
  longTasks: number[]
  heapMb: number | null
  visibleAssets: number
  visibleBeds: number
  /** Work counted over the run (load-independent): attribute rows deck.gl recomputed through
   *  accessors/updaters, values uploaded whole from binary attributes, layer updates that ran. */
  rowsComputed: number
  valuesUploaded: number
  layerUpdates: number
}
