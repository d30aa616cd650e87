import { io } from 'socket.io-client'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import { FeedHub } from '../../shared/hub/FeedHub.ts'
import { failoverSocketPort, parseGatewayList } from '../../shared/hub/failoverSocketPort.ts'
import { defaultRulePack, startPageAlarmEngine } from './pageAlarmEngine.ts'
import { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import { ReplaySwitch } from '../../shared/hub/ReplaySwitch.ts'
import { createHistoryClient } from '../../shared/hub/historyClient.ts'
import { kpiSeriesPath } from '../../shared/contracts/kpiSeries.ts'
import { exportIncidentReport } from './exportIncidentReport.ts'
import { fragmentWithoutToken, readBrowserParams } from './browserParams.ts'
import { readCollaborativeParams } from './collaborativeParams.ts'
import { createCollaborativeBrowserHost } from './createCollaborativeBrowserHost.ts'
import { browserClock, frameScheduler } from './pageTiming.ts'
import { pageHubLogger } from './pageHubLogger.ts'
import type { Host, HostContext } from './Host.ts'
import { setMutedUntil } from '../state/muteState.ts'

const noAnswer = { ok: false as const, error: 'No access token: open the link the gateway printed' }

/**
 * The host in a plain browser, served by the gateway: the hub runs in the page and connects to the
 * page's own origin. The token comes from the link's fragment (`#token=…`), is kept in this tab's
 * sessionStorage so a reload works, and is removed from the address bar.
 */
export function createBrowserHost(): Host {
  const params = readBrowserParams(location.search, location.hash, sessionStorage)
  // A collaborative's link (`#trusts=…`): one hub over every trust's gateway.
  const collaborative = readCollaborativeParams(location.hash, sessionStorage)
  if (params.tokenFromUrl || (collaborative.kind === 'gateways' && collaborative.fromUrl)) {
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
  if (collaborative.kind !== 'none') return createCollaborativeBrowserHost(context, collaborative)
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
      onFocusAlarm: () => () => undefined,
      setMute: (until) => setMutedUntil(until),
      identifyDisplays: null,
      acknowledgeAlert: async () => noAnswer,
      alarmAction: async () => noAnswer,
      respondToAlert: async () => noAnswer,
      recordNhsAlert: async () => noAnswer,
      fetchFloorPlan: () => Promise.reject(new Error(noAnswer.error)),
      fetchSitrep: () => Promise.reject(new Error(noAnswer.error)),
      fetchKpiSeries: null,
      rememberBoard: () => undefined,
      reportBoards: () => undefined,
      replay: async () => noAnswer,
      incidents: {
        list: async () => noAnswer,
        save: async () => noAnswer,
        exportReport: async () => noAnswer,
      },
    }
  }
  // `?gateways=` names the cluster's other gateways, tried in turn when this one fails (each must
  // list this page's origin in `origins`); behind a load balancer one address is enough.
  const gatewayUrls = [gatewayUrl, ...parseGatewayList(new URLSearchParams(location.search).get('gateways'))]
  const socket = failoverSocketPort({
    urls: [...new Set(gatewayUrls)],
    createSocket: (url) =>
      io(`${url}${FEED_NAMESPACE}`, {
        auth: { token },
        transports: ['websocket'],
        autoConnect: false,
        reconnection: gatewayUrls.length === 1,
        reconnectionDelay: 500,
        reconnectionDelayMax: 3000,
      }),
    after: (ms, callback) => browserClock.after(ms, callback),
  })
  const hub = new FeedHub({
    socket,
    gatewayUrl,
    token,
    fetch: (url, init) => fetch(url, { headers: init.headers, cache: 'no-cache' }),
    clock: browserClock,
    schedule: frameScheduler,
    // A refused entity is counted by the hub and logged here: the store trusts what it is sent.
    logger: pageHubLogger,
  })
  // The page is the app instance: its hub hosts the one alarm engine (and the one sound).
  startPageAlarmEngine(hub, browserClock)
  // Replay runs in the page too, between the hub and the window (shared/hub/ReplaySwitch.ts).
  const pageFetch = (url: string, init: { headers: Readonly<Record<string, string>> }) =>
    fetch(url, { headers: init.headers, cache: 'no-cache' })
  const replaySwitch = new ReplaySwitch({
    live: hub,
    createSession: () =>
      new ReplaySession({
        gatewayUrl,
        token,
        fetch: pageFetch,
        clock: browserClock,
        schedule: frameScheduler,
        pack: defaultRulePack(),
        live: () => hub.snapshot(),
      }),
  })
  const historyClient = createHistoryClient({
    gatewayUrl,
    token,
    fetch: (url, init) => fetch(url, { ...init, cache: 'no-cache' }),
  })
  /** A history route's JSON, or the gateway's reason (its `{ error }`) as the rejection. */
  const getHistory = async (path: string): Promise<unknown> => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-cache',
    })
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null
    if (!response.ok)
      throw new Error(
        typeof body?.error === 'string' ? body.error : `the gateway answered ${response.status}`,
      )
    return body
  }
  let started = false
  return {
    kind: 'browser',
    context,
    connect: (listener) => {
      if (!started) {
        started = true
        hub.start()
      }
      return replaySwitch.attach(listener)
    },
    onContextChanged: () => () => undefined,
    onIdentify: () => () => undefined,
    onPlaySound: () => () => undefined,
    onFocusAlarm: () => () => undefined,
    // The page is the app instance: its mute is the page's own (kept in localStorage).
    setMute: (until) => setMutedUntil(until),
    identifyDisplays: null,
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
    fetchSitrep: (day) => getHistory(`/v1/history/sitrep?day=${encodeURIComponent(day)}`),
    fetchKpiSeries: (request) => getHistory(kpiSeriesPath(request)),
    rememberBoard: (boardId) => {
      const url = new URL(location.href)
      url.searchParams.set('board', boardId)
      history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    },
    reportBoards: () => undefined,
    replay: (command) => replaySwitch.command(command),
    incidents: {
      list: () => historyClient.listIncidents(),
      save: (request) => historyClient.saveIncident(request),
      exportReport: (incident) => exportIncidentReport(historyClient, incident),
    },
  }
}
