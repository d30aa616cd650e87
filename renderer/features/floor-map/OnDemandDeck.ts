/**
 * The map's `Deck`: deck.gl's render loop driven by `OnDemandFrames`, so it draws when a layer's
 * data or the view changed and sleeps in between (no 60 fps loop over an unchanged floor).
 * What wakes it: new props (layers, views, view state), pointer and wheel input on its canvas
 * (picking and the controller run inside a frame), and a resize of its parent. The loop is
 * luma.gl's own, fed by its `animationFrameProvider` (luma.gl 9.4's frame-source hook), its frames
 * the draw phase of the page's frames (after the hub's flush in the same frame: `PageFrames`); the
 * subclass exists only to reach the loop deck.gl keeps protected.
 */
import { Deck, type DeckProps, type OrthographicView } from '@deck.gl/core'
import { pageFrames } from '../../host/pageTiming.ts'
import { OnDemandFrames } from './OnDemandFrames.ts'

type MapDeckProps = DeckProps<OrthographicView[]>

/**
 * Whether setting `next` over `current` can change what is drawn: a prop not the same by
 * reference, with the layer list compared layer by layer and the view state and controller
 * options by value (the panel builds fresh ones per effect). Callbacks (`onViewStateChange` and the like) draw nothing.
 */
export function propsChangeDrawing(
  current: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): boolean {
  for (const [key, value] of Object.entries(next)) {
    const before = current[key]
    if (Object.is(before, value) || typeof value === 'function') continue
    if (key === 'layers' && Array.isArray(value) && Array.isArray(before)) {
      if (value.length === before.length && value.every((layer, i) => layer === before[i])) continue
      return true
    }
    if ((key === 'viewState' || key === 'controller') && JSON.stringify(value) === JSON.stringify(before))
      continue
    return true
  }
  return false
}

/** Input that deck.gl answers inside a frame (picking, the controller). */
const WAKING_EVENTS = ['pointermove', 'pointerdown', 'pointerup', 'pointerleave', 'wheel', 'keydown'] as const

export class OnDemandDeck extends Deck<OrthographicView[]> {
  /** Undefined only while deck.gl's constructor runs (it calls `setProps` itself). */
  frames: OnDemandFrames | undefined
  readonly #stopWaking: () => void

  constructor(props: MapDeckProps & { readonly parent: HTMLElement }) {
    super(props)
    // The draw phase of the page's frames: after the hub's flush of the same frame and React's
    // commit of it, so a flush that wakes the map is drawn in that frame (pageTiming.ts PageFrames).
    const page = pageFrames()
    const frames = new OnDemandFrames(
      {
        request: (callback) => page.request('draw', callback),
        cancel: (handle) => page.cancel(handle),
      },
      () => this.#pending(),
    )
    this.frames = frames
    this.animationLoop?.setProps({ animationFrameProvider: frames })
    const parent = props.parent
    const wake = (): void => frames.wake()
    for (const type of WAKING_EVENTS) parent.addEventListener(type, wake, { capture: true, passive: true })
    const resize = new ResizeObserver(wake)
    resize.observe(parent)
    this.#stopWaking = () => {
      resize.disconnect()
      for (const type of WAKING_EVENTS) parent.removeEventListener(type, wake, { capture: true })
    }
  }

  override setProps(props: MapDeckProps): void {
    // Read before deck.gl merges them in: a setProps that changes nothing drawn wakes nothing.
    const changed = this.frames === undefined || propsChangeDrawing(this.props, props)
    super.setProps(props)
    if (changed) this.frames?.wake()
  }

  override finalize(): void {
    this.#stopWaking()
    super.finalize()
  }

  /** A redraw or a layer update is pending (async layer state, a transition in progress). */
  #pending(): boolean {
    return (
      this.needsRedraw({ clearRedrawFlags: false }) !== false ||
      (this.layerManager?.needsUpdate() ?? false) !== false
    )
  }
}
