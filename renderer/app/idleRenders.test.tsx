// @vitest-environment happy-dom
/**
 * A wall that idles pays per change, not per second (issue 21, docs/benchmarks.md "A wall that
 * idles"): with the real store, KPI engine and panels mounted in a DOM, these count what React
 * re-renders — by component and by panel — when nothing arrives for a while, when one feed's
 * batch arrives, and when one thing in a panel changes. The bench measures the same in Chromium
 * (`npm run bench:idle -- --renders`); these fail when a change brings the per-second work back.
 */
import { takeRenders, tally, type RenderCount } from '../../tests/support/reactRenderCounter.ts'
import { act, type ReactElement } from 'react'
// No layout in happy-dom: every box is a wall panel's size.
Element.prototype.getBoundingClientRect = function getBoundingClientRect() {
  return { x: 0, y: 0, top: 0, left: 0, right: 900, bottom: 600, width: 900, height: 600, toJSON: () => ({}) }
}
// uPlot draws on a 2D canvas, which happy-dom does not have: a context that draws nothing.
HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
  return new Proxy({}, { get: (_t, key) => (key === 'canvas' ? this : () => undefined) })
} as never
;(globalThis as { Path2D?: unknown }).Path2D ??= class {
  constructor() {
    return new Proxy(this, { get: () => () => undefined })
  }
}
import { createRoot, type Root } from 'react-dom/client'
import { makeFakeHost } from '../../tests/support/fakeHost.ts'
import { HostProvider } from '../host/HostProvider.tsx'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Bed, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { ReplicaSnapshot, TopicState } from '../../shared/contracts/hub.ts'
import { makeBed, makeDevice, makeSiteModel } from '../../tests/support/builders.ts'
import type { PanelConfig } from '../board/boardSchema.ts'
import { StatusStrip } from '../features/status/StatusStrip.tsx'
import { initialReplicaState, watchfloorStore } from '../state/watchfloorStore.ts'
import { PanelFrame } from './PanelFrame.tsx'

const START = Date.UTC(2026, 10, 21, 10, 0, 0)

const PANELS: readonly PanelConfig[] = [
  { id: 'overview', kind: 'trust-overview', x: 0, y: 0, w: 6, h: 4, title: 'Trust overview', settings: {} },
  {
    id: 'bed-kpis',
    kind: 'kpi',
    x: 6,
    y: 0,
    w: 6,
    h: 3,
    title: 'Bed flow',
    settings: { kpiIds: ['beds.ga-occupancy', 'beds.free', 'network.availability'], columns: 3 },
  },
  {
    id: 'devices',
    kind: 'table',
    x: 0,
    y: 4,
    w: 6,
    h: 4,
    title: 'Network devices',
    settings: { entity: 'network' },
  },
  { id: 'waiting', kind: 'waiting-summary', x: 6, y: 3, w: 6, h: 5, title: 'Waiting list', settings: {} },
]

const siteModel = makeSiteModel()
const beds = (): Bed[] =>
  siteModel.beds.map((b, i) =>
    makeBed({ id: b.id, status: i % 2 === 0 ? 'occupied' : 'unoccupied', statusSince: START - 3_600_000 }),
  )
const devices = (): NetworkDevice[] =>
  Array.from({ length: 12 }, (_, i) =>
    makeDevice({
      id: `sw-${i}`,
      name: `SW-${String(i).padStart(2, '0')}`,
      statusSince: START - 7_200_000,
      lastPolledAt: START,
    }),
  )
const confirmed = (seq: number, at: number): TopicState => ({
  seq,
  confirmedAt: at,
  resyncs: 0,
  restored: null,
})

function snapshot(): ReplicaSnapshot {
  const { received: _received, entities: _entities, ...base } = initialReplicaState(START)
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
    entities: { beds: beds(), assets: [], network: devices(), cyber: [], waiting: [] },
  }
}

function Board(): ReactElement {
  return (
    <>
      <StatusStrip />
      <main>
        {PANELS.map((panel) => (
          <PanelFrame key={panel.id} panel={panel} theme="wall" />
        ))}
      </main>
    </>
  )
}

let root: Root
let container: HTMLElement

/** Lets `ms` pass on the fake clock, running every timer due and the renders they cause. */
async function pass(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

const inPanel = (list: readonly RenderCount[], panel: string): RenderCount[] =>
  list.filter((r) => r.region === panel)

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
        <Board />
      </HostProvider>,
    ),
  )
  // Settle: the tables' first refresh, the KPI engine's first pass, the overview's summary.
  await pass(3_000)
})

afterAll(async () => {
  await act(async () => root.unmount())
  vi.useRealTimers()
})

describe('a wall with nothing arriving', () => {
  it('re-renders no panel in 5 s: only the ages and the clock tick, as text leaves', async () => {
    // Keep the feeds confirmed (a gateway's heartbeat moves nothing else) so nothing turns STALE.
    takeRenders()
    const age = (): string | null | undefined =>
      container.querySelector('.strip-feeds [data-topic="beds"] .stale-badge-age')?.textContent
    const ageBefore = age()
    await pass(4_000)
    const renders = takeRenders()
    const components = new Set(renders.map((r) => r.component))
    // The strip's clock is a leaf on the shared clock; the ages ("4 s") are written outside React.
    expect([...components].sort()).toEqual(['Clock'])
    expect(age()).not.toBe(ageBefore)
    // Four seconds of ticks: at most one render of each leaf per second.
    const clock = renders.filter((r) => r.component === 'Clock').length
    expect(clock).toBeLessThanOrEqual(4)
  })

  it('lets the KPI engine’s clock pass (every 5 s) re-render no tile whose figures stay the same', async () => {
    takeRenders()
    await pass(6_000)
    const tiles = takeRenders().filter((r) => r.component === 'KpiTile' || r.component === 'Sparkline')
    expect(tiles).toEqual([])
  })
})

describe('one feed’s batch', () => {
  it('re-renders nothing in the waiting-list panel when a beds batch arrives', async () => {
    takeRenders()
    const bed = siteModel.beds[1]
    if (!bed) throw new Error('no bed')
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
    await pass(1_500)
    const renders = takeRenders()
    // Its age badge's text leaf ticks with the clock; nothing else in it moves.
    expect(
      tally(
        inPanel(renders, 'waiting').filter((r) => r.component !== 'AgeText' && r.component !== 'TopicsAge'),
      ),
    ).toEqual({})
    // The network table's rows do not move for a beds batch either.
    expect(inPanel(renders, 'devices').filter((r) => r.component === 'RowView')).toEqual([])
  })

  it('re-renders only the floor whose ward changed on the trust overview, not every floor', async () => {
    takeRenders()
    const bed = siteModel.beds.find((b) => b.levelId === 'lvl-b1')
    const before = bed === undefined ? undefined : watchfloorStore.getState().entities.beds.get(bed.id)
    if (!bed || !before) throw new Error('no bed on lvl-b1')
    await act(async () => {
      watchfloorStore.getState().applyHubMessage({
        type: 'changes',
        changes: {
          entities: {
            beds: {
              reset: false,
              // A free bed taken (or the other way): that ward's, floor's and site's free count moves.
              upserts: [
                makeBed({
                  id: bed.id,
                  status: before.status === 'unoccupied' ? 'occupied' : 'unoccupied',
                  statusSince: Date.now(),
                }),
              ],
              removes: [],
            },
          },
          topics: { beds: confirmed(3, Date.now()) },
        },
      })
    })
    await pass(1_500)
    const overview = tally(inPanel(takeRenders(), 'overview'))
    // Three floors on two sites: one floor and its site, not all three floors.
    expect(overview['LevelRow@overview']).toBe(1)
    expect(overview['Site@overview']).toBe(1)
  })
  it('re-renders nothing for a batch that only confirms feeds: the ages move on the next second, data-seq is written outside React', async () => {
    // A heartbeat-like batch: every realtime topic confirmed again, its seq moved, no entity changed.
    await pass(2_500) // mid-second: the batch lands half a second before the clock's next tick
    const ages = (): (string | null)[] =>
      [...container.querySelectorAll('.strip-feeds .stale-badge-age')].map((a) => a.textContent)
    const before = ages()
    expect(before.every((age) => age !== '0 s')).toBe(true)
    takeRenders()
    const now = Date.now()
    await act(async () => {
      watchfloorStore.getState().applyHubMessage({
        type: 'changes',
        changes: {
          topics: {
            beds: confirmed(10, now),
            assets: confirmed(10, now),
            network: confirmed(10, now),
            cyber: confirmed(10, now),
            waiting: confirmed(10, now),
          },
        },
      })
    })
    // Nothing re-rendered and no text changed: the batch costs the wall no frame's paint.
    expect(takeRenders()).toEqual([])
    expect(ages()).toEqual(before)
    // What e2e tests and operators' tools read still moves with the batch.
    const badges = [...container.querySelectorAll('.strip-feeds [data-seq]')]
    expect(badges.map((b) => b.getAttribute('data-seq'))).toEqual(['10', '10', '10', '10'])
    expect(badges.map((b) => b.getAttribute('data-resyncs'))).toEqual(['0', '0', '0', '0'])
    // The strip's badge title says when it was confirmed, written with the batch.
    const beds = container.querySelector('.strip-feeds [data-topic="beds"] .stale-badge')
    expect(beds?.getAttribute('title')).toMatch(/^Beds confirmed at \d\d:\d\d:\d\d$/)

    // On the next whole second every age turns back together, with the clock: only its leaf
    // re-renders, the ages' text is written outside React.
    await pass(500)
    expect([...new Set(takeRenders().map((r) => r.component))].sort()).toEqual(['Clock'])
    expect(ages()).toEqual(['0 s', '0 s', '0 s', '0 s'])
    // A panel's badge and a KPI tile's age read the same as the strip.
    expect(
      container.querySelector('[data-panel="devices"] .panel-header .stale-badge-age')?.textContent,
    ).toBe('0 s')
    expect(container.querySelector('[data-panel="bed-kpis"] .kpi-age')?.textContent).toBe('0 s ago')
  })

  it('still ticks the ages and shows STALE when nothing arrives past a feed’s threshold', async () => {
    await pass(3_000)
    const age = container.querySelector('.strip-feeds [data-topic="beds"] .stale-badge-age')
    expect(age?.textContent).toBe('3 s')
    takeRenders()
    // Past every threshold (the longest is minutes): each badge turns STALE, in words.
    await pass(30 * 60_000)
    const words = [...container.querySelectorAll('.strip-feeds .stale-badge')].map((b) =>
      b.getAttribute('data-freshness'),
    )
    expect(words).toEqual(['stale', 'stale', 'stale', 'stale'])
    expect(container.querySelector('[data-panel="bed-kpis"] .kpi-age')?.textContent).toMatch(/^STALE /)
    expect(
      container
        .querySelector('[data-panel="devices"] .panel-header .stale-badge')
        ?.getAttribute('data-freshness'),
    ).toBe('stale')
    takeRenders()
  })
  it('shows a stale feed coming back as LIVE with its new age at once, not at the next second', async () => {
    const badge = (): Element | null =>
      container.querySelector('.strip-feeds [data-topic="beds"] .stale-badge')
    expect(badge()?.getAttribute('data-freshness')).toBe('stale')
    await pass(300) // mid-second
    await act(async () => {
      watchfloorStore.getState().applyHubMessage({
        type: 'changes',
        changes: { topics: { beds: confirmed(20, Date.now()) } },
      })
    })
    // The word and the age change together: never "LIVE 30 min".
    expect(badge()?.getAttribute('data-freshness')).toBe('live')
    expect(badge()?.querySelector('.stale-badge-age')?.textContent).toBe('0 s')
  })
  // A table row per changed device: not asserted here — TanStack Virtual measures its scroll box
  // with layout happy-dom does not do (no rows in view); bench:idle --renders counts RowView in Chromium.
})
