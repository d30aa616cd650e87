// @vitest-environment happy-dom
/**
 * The floor map pays per change in React too (issue 21, docs/benchmarks.md "A wall that idles"):
 * a feed batch re-renders the leaf that follows the feeds (MapDeckLayers) and hands the deck new
 * layers; the panel around it — top bar, legend, equipment key, freshness note — does not
 * re-render until what it shows changes (here: a feed turning STALE). deck.gl itself cannot run
 * in happy-dom: a stand-in deck records what it is given.
 */
import { takeRenders, tally } from '../../../tests/support/reactRenderCounter.ts'
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Bed } from '../../../shared/contracts/entities.ts'
import type { ReplicaSnapshot, TopicState } from '../../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS } from '../../../shared/domain/freshness.ts'
import { makeFakeHost } from '../../../tests/support/fakeHost.ts'
import { makeBed, makeSiteModel } from '../../../tests/support/builders.ts'
import { HostProvider } from '../../host/HostProvider.tsx'
import { initialReplicaState, watchfloorStore } from '../../state/watchfloorStore.ts'

const deckProps = vi.hoisted(() => [] as { layers?: unknown; viewState?: unknown }[])

vi.mock('./OnDemandDeck.ts', () => ({
  OnDemandDeck: class {
    setProps(props: { layers?: unknown; viewState?: unknown }): void {
      deckProps.push(props)
    }
    finalize(): void {}
  },
}))

// No layout in happy-dom: the panel reports a wall panel's size once observed.
globalThis.ResizeObserver = class {
  readonly #callback: ResizeObserverCallback
  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback
  }
  observe(target: Element): void {
    const contentRect = { width: 900, height: 600 } as DOMRectReadOnly
    this.#callback([{ target, contentRect } as ResizeObserverEntry], this)
  }
  unobserve(): void {}
  disconnect(): void {}
}

const { FloorMapPanel } = await import('./FloorMapPanel.tsx')

const START = Date.UTC(2026, 10, 21, 10, 0, 0)
const siteModel = makeSiteModel()
const confirmed = (seq: number, at: number): TopicState => ({
  seq,
  confirmedAt: at,
  resyncs: 0,
  restored: null,
})

function snapshot(): ReplicaSnapshot {
  const { received: _received, entities: _entities, ...base } = initialReplicaState(START)
  const beds: Bed[] = siteModel.beds.map((b) =>
    makeBed({ id: b.id, status: 'unoccupied', statusSince: START - 3_600_000 }),
  )
  return {
    ...base,
    siteModel,
    connection: { status: 'connected', since: START - 60_000, detail: null, gatewayUrl: 'http://127.0.0.1' },
    topics: {
      beds: confirmed(1, START),
      assets: confirmed(1, START),
      network: confirmed(1, START),
      cyber: confirmed(1, START),
      waiting: confirmed(1, START),
    },
    entities: { beds, assets: [], network: [], cyber: [], waiting: [] },
  }
}

let root: Root
let container: HTMLElement

async function pass(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

/** Renders in the map, without the ages' text leaves. */
const mapRenders = (): Record<string, number> =>
  tally(takeRenders().filter((r) => r.component !== 'TopicsAge' && r.component !== 'AgeText'))

beforeAll(async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  vi.useFakeTimers({
    now: START,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  })
  watchfloorStore.getState().applyHubMessage({ type: 'snapshot', state: snapshot() })
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
  await act(async () =>
    root.render(
      <HostProvider host={makeFakeHost()}>
        <div data-panel="map">
          <FloorMapPanel panel={{ id: 'map', settings: {} }} theme="wall" />
        </div>
      </HostProvider>,
    ),
  )
  // Settle: the plan's (failed) load, the first framing.
  await pass(1_000)
})

afterAll(async () => {
  await act(async () => root.unmount())
  vi.useRealTimers()
})

describe('the floor map under a feed', () => {
  it('re-renders only the feed-following leaf for a beds batch, and gives the deck new layers', async () => {
    const bed = siteModel.beds[0]
    if (!bed) throw new Error('no bed')
    takeRenders()
    const before = deckProps.length
    const layersBefore = deckProps.at(-1)?.layers
    expect(layersBefore).toBeDefined()
    await act(async () => {
      watchfloorStore.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: false,
              upserts: [makeBed({ id: bed.id, status: 'occupied', statusSince: Date.now() })],
              removes: [],
            },
          },
          topics: { beds: confirmed(2, Date.now()) },
        },
      })
    })
    expect(mapRenders()).toEqual({ 'MapDeckLayers@map': 1 })
    expect(deckProps.length).toBe(before + 1)
    expect(deckProps.at(-1)?.layers).not.toBe(layersBefore)
  })

  it('re-renders the top bar and legend when a feed turns STALE, and says so', async () => {
    takeRenders()
    expect(container.querySelector('[data-testid="map-stale"]')).toBeNull()
    // Only beds are confirmed again; the other feeds pass their thresholds with nothing arriving.
    await pass(Math.max(DEFAULT_STALE_AFTER_MS.network, DEFAULT_STALE_AFTER_MS.assets) + 1_000)
    const renders = mapRenders()
    expect(renders['FloorMap@map']).toBeGreaterThan(0)
    expect(renders['MapLegend@map']).toBeGreaterThan(0)
    expect(container.querySelector('[data-testid="map-stale"]')?.textContent).toContain('network')
  })
})
