import { io } from 'socket.io-client'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import { createCollaborativeHub } from '../../shared/hub/createCollaborativeHub.ts'
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import { startPageAlarmEngine } from './pageAlarmEngine.ts'
import type { CollaborativeParams } from './collaborativeParams.ts'
import { browserClock, frameScheduler } from './pageTiming.ts'
import { pageHubLogger } from './pageHubLogger.ts'
import type { Host, HostContext } from './Host.ts'
import { setMutedUntil } from '../state/muteState.ts'

const NO_REPLAY = "replay and incidents read one gateway's log: not available on a collaborative wall"

/**
 * The browser host of a collaborative wall (docs/collaborative.md): the page's hub connects to
 * every trust's gateway at once and merges them. Each gateway must list the page's origin in its
 * `origins`, and the gateway serving the page must list the others in `rendererConnect` (its CSP).
 */
export function createCollaborativeBrowserHost(
  context: HostContext,
  params: Exclude<CollaborativeParams, { kind: 'none' }>,
): Host {
  const quiet = {
    kind: 'browser' as const,
    context,
    onContextChanged: () => () => undefined,
    onIdentify: () => () => undefined,
    onPlaySound: () => () => undefined,
    onFocusAlarm: () => () => undefined,
    // The page is the app instance: its mute is the page's own (kept in localStorage).
    setMute: (until: number | null) => setMutedUntil(until),
    identifyDisplays: null,
    reportBoards: () => undefined,
    // A tile's trust scope spans several trusts, whose gateways each know only their own past:
    // the sparklines fill from this page's own passes (docs/kpis.md).
    fetchKpiSeries: null,
    // Replay and incidents read one gateway's log; a collaborative has several (docs/replay.md).
    replay: async () => ({ ok: false as const, error: NO_REPLAY }),
    incidents: {
      list: async () => ({ ok: false as const, error: NO_REPLAY }),
      save: async () => ({ ok: false as const, error: NO_REPLAY }),
      exportReport: async () => ({ ok: false as const, error: NO_REPLAY }),
    },
  }
  if (params.kind === 'invalid') {
    const refusal = { ok: false as const, error: params.error }
    return {
      ...quiet,
      connect: (listener) => {
        listener({
          type: 'changes',
          changes: {
            connection: { status: 'disconnected', since: Date.now(), detail: params.error, gatewayUrl: '' },
          },
        })
        return () => undefined
      },
      acknowledgeAlert: async () => refusal,
      alarmAction: async () => refusal,
      respondToAlert: async () => refusal,
      recordNhsAlert: async () => refusal,
      fetchFloorPlan: () => Promise.reject(new Error(params.error)),
      fetchSitrep: () => Promise.reject(new Error(params.error)),
      rememberBoard: () => undefined,
    }
  }
  const hub = createCollaborativeHub({
    gateways: params.gateways,
    connect: (gateway) =>
      socketIoPort(
        io(`${gateway.url}${FEED_NAMESPACE}`, {
          auth: { token: gateway.token },
          transports: ['websocket'],
          autoConnect: false,
          reconnectionDelay: 500,
          reconnectionDelayMax: 3000,
        }),
      ),
    fetch: (url, init) => fetch(url, { headers: init.headers, cache: 'no-cache' }),
    clock: browserClock,
    schedule: frameScheduler,
    logger: pageHubLogger,
    ...(params.name === null ? {} : { name: params.name }),
  })
  // The page is the app instance: one alarm engine (and one sound) over the merged replica.
  startPageAlarmEngine(hub, browserClock)
  let started = false
  return {
    ...quiet,
    connect: (listener) => {
      if (!started) {
        started = true
        hub.start()
      }
      return hub.attach(listener)
    },
    acknowledgeAlert: (request) => hub.acknowledgeAlert(request),
    alarmAction: (request) => hub.alarmAction(request),
    // A response goes to the alert's trust; an NHS alert entry is refused (it names no trust).
    respondToAlert: (request) => hub.respondToAlert(request),
    recordNhsAlert: (request) => hub.recordNhsAlert(request),
    fetchFloorPlan: async (levelId) => {
      const source = hub.floorPlanSource(levelId)
      if (source === null) throw new Error(`level ${levelId} belongs to no trust of this collaborative`)
      const response = await fetch(source.url, { headers: { authorization: `Bearer ${source.token}` } })
      if (!response.ok) throw new Error(`the gateway answered ${response.status}`)
      return source.scope((await response.json()) as unknown)
    },
    // Each trust's gateway takes its own snapshot; a collaborative wall has no one trust to ask.
    fetchSitrep: () =>
      Promise.reject(
        new Error("the 08:00 SitRep snapshot is per trust: export it from that trust's own board"),
      ),
    rememberBoard: (boardId) => {
      const url = new URL(location.href)
      url.searchParams.set('board', boardId)
      history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    },
  }
}
