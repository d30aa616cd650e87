/**
 * The map hands deck.gl the same Layer objects while their inputs are the same, so a store batch
 * that changed nothing drawn (another level, a hidden layer) sets nothing on the deck and draws
 * no frame. These tests read the layer objects and the deck's wake decision — no WebGL involved.
 */
import type { Layer } from '@deck.gl/core'
import { describe, expect, it } from 'vitest'
import { makeBed, makeSiteModel, T0, tableOf } from '../../../tests/support/builders.ts'
import { LayerCache } from './layerCache.ts'
import { BedRowsTracker, bedTilesForLevel, createBedLayers } from './layers/bedLayers.ts'
import { propsChangeDrawing } from './OnDemandDeck.ts'

const siteModel = makeSiteModel()
const tiles = bedTilesForLevel(siteModel, 'lvl-a1')

function bedGroup(
  cache: LayerCache,
  tracker: BedRowsTracker,
  beds: ReturnType<typeof tableOf>,
  visible = true,
): Layer[] {
  return cache.group(
    'beds',
    {
      tiles,
      rows: tracker.update(tiles, beds as never),
      stale: false,
      selectedId: null,
      visible,
      zoom: 5,
      nowMinute: T0,
      labelScale: 1,
    },
    createBedLayers,
  )
}

describe('stable map layers', () => {
  it('a beds batch touching only another level yields the same layer objects and list', () => {
    const cache = new LayerCache()
    const tracker = new BedRowsTracker()
    const here = makeBed({ id: 'a1-1', status: 'occupied' })
    const first = bedGroup(cache, tracker, tableOf([here]))
    const list = cache.list([first])
    // A bed elsewhere changed: a new table, but no row on this level differs.
    const next = bedGroup(
      cache,
      tracker,
      tableOf([here, makeBed({ id: 'elsewhere-1', status: 'unoccupied' })]),
    )
    expect(next).toBe(first)
    expect(cache.list([next])).toBe(list)
    expect(cache.builds).toBe(1)
  })

  it('a change on the shown level builds new layers', () => {
    const cache = new LayerCache()
    const tracker = new BedRowsTracker()
    const first = bedGroup(cache, tracker, tableOf([makeBed({ id: 'a1-1', status: 'occupied' })]))
    const list = cache.list([first])
    const next = bedGroup(cache, tracker, tableOf([makeBed({ id: 'a1-1', status: 'unoccupied' })]))
    expect(next).not.toBe(first)
    expect(cache.list([next])).not.toBe(list)
  })

  it("a hidden layer's data change keeps its layers until it is shown again", () => {
    const cache = new LayerCache()
    const tracker = new BedRowsTracker()
    const hidden = bedGroup(cache, tracker, tableOf([makeBed({ id: 'a1-1', status: 'occupied' })]), false)
    const changed = bedGroup(cache, tracker, tableOf([makeBed({ id: 'a1-1', status: 'unoccupied' })]), false)
    expect(changed).toBe(hidden)
    const shown = bedGroup(cache, tracker, tableOf([makeBed({ id: 'a1-1', status: 'unoccupied' })]), true)
    expect(shown).not.toBe(hidden)
    expect(shown[0]?.props.visible).toBe(true)
  })
})

describe('deck wake on setProps', () => {
  const layer = { id: 'a' }
  const current = { layers: [layer], viewState: { floor: { target: [1, 2, 0], zoom: 3 } } }

  it('wakes nothing for the same layers in a new list, an equal view state or a new callback', () => {
    expect(
      propsChangeDrawing(current, {
        layers: [layer],
        viewState: { floor: { target: [1, 2, 0], zoom: 3 } },
        onViewStateChange: () => null,
      }),
    ).toBe(false)
  })

  it('wakes for a new layer or a moved view', () => {
    expect(propsChangeDrawing(current, { layers: [{ id: 'a' }] })).toBe(true)
    expect(propsChangeDrawing(current, { viewState: { floor: { target: [1, 2, 0], zoom: 4 } } })).toBe(true)
  })
})
