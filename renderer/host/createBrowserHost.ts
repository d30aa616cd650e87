import { io } from 'socket.io-client'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import { FeedHub } from '../../shared/hub/FeedHub.ts'
import type { FlushScheduler, HubClock } from '../../shared/hub/FeedSocketPort.ts'
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import { startPageAlarmEngine } from './pageAlarmEngine.ts'
import { fragmentWithoutToken, readBrowserParams } from './browserParams.ts'
import type { Host, HostContext } from './Host.ts'

/**
 * Flush once per animation frame; a timer backs it up because a hidden tab gets no frames, and a
 * wall that comes back into view must not replay a backlog.
 */
const frameScheduler: FlushScheduler = (flush) => {
  let done = false
  const run = (): void => {
    if (done) return
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    flush()
  }
  const frame = requestAnimationFrame(run)
  const timer = setTimeout(run, 250)
  return () => {
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

const browserClock: HubClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    return () => clearTimeout(timer)
  },
}

const noAnswer = { ok: false as const, error: 'No access token: open the link the gateway printed' }

/**
 * The host in a plain browser, served by the gateway: the hub runs in the page and connects to the
 * page's own origin. The token comes from the link's fragment (`#token=…`), is kept in this tab's
 * sessionStorage so a reload works, and is removed from the address bar.
 */
export function createBrowserHost(): Host {
  const params = readBrowserParams(location.search, location.hash, sessionStorage)
  if (params.tokenFromUrl) {
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${fragmentWithoutToken(location.hash)}`,
    )
  }
  const context: HostContext = {
    mode: params.mode,
    boardId: params.boardId,
    rotation: null,
    displayNumber: null,
  }
  const gatewayUrl = location.origin
  const token = params.token
  if (token === null) {
    return {
      kind: 'browser',
      context,
      connect: (listener) => {
        const since = Date.now()
        listener({
          type: 'changes',
          changes: {
            connection: { status: 'disconnected', since, detail: noAnswer.error, gatewayUrl },
          },
        })
        return () => undefined
      },
      onContextChanged: () => () => undefined,
      onIdentify: () => () => undefined,
      onPlaySound: () => () => undefined,
      acknowledgeAlert: async () => noAnswer,
      alarmAction: async () => noAnswer,
      respondToAlert: async () => noAnswer,
      recordNhsAlert: async () => noAnswer,
      fetchFloorPlan: () => Promise.reject(new Error(noAnswer.error)),
      rememberBoard: () => undefined,
      reportBoards: () => undefined,
    }
  }
  const socket = io(`${gatewayUrl}${FEED_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  })
  const hub = new FeedHub({
    socket: socketIoPort(socket),
    gatewayUrl,
    token,
    fetch: (url, init) => fetch(url, { headers: init.headers, cache: 'no-cache' }),
    clock: browserClock,
    schedule: frameScheduler,
  })
  // The page is the app instance: its hub hosts the one alarm engine (and the one sound).
  startPageAlarmEngine(hub, browserClock)
  let started = false
  return {
    kind: 'browser',
    context,
    connect: (listener) => {
      if (!started) {
        started = true
        hub.start()
      }
      return hub.attach(listener)
    },
    onContextChanged: () => () => undefined,
    onIdentify: () => () => undefined,
    onPlaySound: () => () => undefined,
    acknowledgeAlert: (request) => hub.acknowledgeAlert(request),
    alarmAction: (request) => hub.alarmAction(request),
    respondToAlert: (request) => hub.respondToAlert(request),
    recordNhsAlert: (request) => hub.recordNhsAlert(request),
    fetchFloorPlan: async (levelId) => {
      // The browser caches by ETag; the map converts each level once per page.
      const response = await fetch(`${gatewayUrl}/v1/floorplans/${encodeURIComponent(levelId)}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      if (!response.ok) throw new Error(`the gateway answered ${response.status}`)
      return (await response.json()) as unknown
    },
    rememberBoard: (boardId) => {
      const url = new URL(location.href)
      url.searchParams.set('board', boardId)
      history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    },
    reportBoards: () => undefined,
  }
}
