/**
 * Keeps the map's deck.gl layer instances stable while their inputs are. deck.gl diffs layers by
 * id and props, but a new Layer object per store batch still costs a props comparison per layer
 * and, through the new `layers` array, a `setProps` that wakes the on-demand loop for a frame. A
 * batch that touched nothing on the shown level (a bed on another floor, a device elsewhere)
 * reaches the map with every layer input unchanged: this cache hands back the very same Layer
 * objects and the very same list, so the panel's effect does not run, nothing is set on the deck
 * and no frame is drawn.
 *
 * A hidden group (its `visible` input false now and when last built) keeps its previous layers
 * whatever else changed: deck.gl draws nothing for it, so new data is no reason to rebuild or
 * redraw. It is rebuilt from its current inputs when it is shown again.
 */
import type { Layer } from '@deck.gl/core'

type Inputs = Readonly<Record<string, unknown>>

type Entry = { readonly inputs: Inputs; readonly layers: Layer[] }

/** Same keys, each value the same by reference (`Object.is`). */
export function sameInputs(a: Inputs, b: Inputs): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) if (!Object.is(a[key], b[key])) return false
  return true
}

export class LayerCache {
  readonly #groups = new Map<string, Entry>()
  #list: Layer[] = []
  /** Groups built (not answered from the cache) since creation: for tests and the benches. */
  builds = 0

  /** `create(inputs)`, or the layers it made last time for inputs the same as these. */
  group<T extends Inputs>(name: string, inputs: T, create: (inputs: T) => Layer[]): Layer[] {
    const last = this.#groups.get(name)
    if (last) {
      if (sameInputs(last.inputs, inputs)) return last.layers
      if (last.inputs['visible'] === false && inputs['visible'] === false) return last.layers
    }
    this.builds += 1
    const layers = create(inputs)
    this.#groups.set(name, { inputs, layers })
    return layers
  }

  /** The groups' layers as one list: the previous list when every layer in it is the same. */
  list(groups: readonly (readonly Layer[])[]): Layer[] {
    const next = groups.flat()
    const last = this.#list
    if (next.length === last.length && next.every((layer, i) => layer === last[i])) return last
    this.#list = next
    return next
  }
}
