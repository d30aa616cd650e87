import type { FeedSocketPort } from './FeedSocketPort.ts'
import { socketIoPort, type SocketIoClientLike } from './socketIoPort.ts'

/** First retry after a whole round of addresses failed; doubled per round up to the maximum. */
export const FAILOVER_ROUND_DELAY_MS = 250
export const FAILOVER_MAX_DELAY_MS = 5_000

export type FailoverOptions = {
  /** The gateways of a cluster, in order of preference (all serve the same state and seqs). */
  readonly urls: readonly string[]
  /**
   * Creates the socket for one address (`autoConnect: false`, `reconnection: false`: this port
   * decides where to reconnect).
   */
  readonly createSocket: (url: string) => SocketIoClientLike
  /** Runs `callback` after `ms`; returns a cancel function (the hub's clock). */
  readonly after: (ms: number, callback: () => void) => () => void
  /** Told which address the next connection goes to (for the status strip and logs). */
  readonly onAddress?: (url: string) => void
}

/** A refusal every gateway would give again (the same tokens and origins on all of them). */
const isRefusal = (message: string): boolean => /^(unauthorized|origin not allowed)/i.test(message)

/**
 * The feed connection to a cluster given as a list of gateway addresses: one socket at a time;
 * when it fails to connect, or its connection drops, the next address is tried at once, and after
 * a whole round has failed, again after a growing delay. The hub sees one connection that
 * disconnects and reconnects (never `recovered` across gateways), so it resubscribes with `since`
 * and the new gateway — which follows the same log — sends exactly the batches it missed.
 *
 * With one address (a load balancer in front of the gateways) it is `socketIoPort` over a socket
 * that reconnects by itself.
 */
export function failoverSocketPort(options: FailoverOptions): FeedSocketPort & { readonly url: string } {
  const { urls } = options
  const first = urls[0]
  if (first === undefined) throw new Error('failoverSocketPort: no gateway address')
  type Listeners = {
    connect: (() => void)[]
    disconnect: ((reason: string, willReconnect: boolean) => void)[]
    connectError: ((message: string, willRetry: boolean) => void)[]
    events: [string, (payload: unknown) => void][]
  }
  const listeners: Listeners = { connect: [], disconnect: [], connectError: [], events: [] }
  let index = 0
  let failedInRound = 0
  let rounds = 0
  let wanted = false
  let cancelRetry: (() => void) | null = null
  let socket: SocketIoClientLike = options.createSocket(first)
  let port: FeedSocketPort = socketIoPort(socket)

  const moveOn = (): void => {
    if (!wanted || cancelRetry !== null) return
    failedInRound += 1
    let delay = 0
    if (failedInRound >= urls.length) {
      failedInRound = 0
      rounds += 1
      delay = Math.min(FAILOVER_ROUND_DELAY_MS * 2 ** (rounds - 1), FAILOVER_MAX_DELAY_MS)
    }
    cancelRetry = options.after(delay, () => {
      cancelRetry = null
      if (!wanted) return
      index = (index + 1) % urls.length
      const url = urls[index] as string
      socket.disconnect()
      attach(options.createSocket(url))
      options.onAddress?.(url)
      socket.connect()
    })
  }

  const attach = (next: SocketIoClientLike): void => {
    socket = next
    port = socketIoPort(next)
    const current = next
    const live = (): boolean => current === socket
    port.onConnect(() => {
      if (!live()) return
      failedInRound = 0
      rounds = 0
      for (const listener of listeners.connect) listener()
    })
    port.onDisconnect((reason) => {
      if (!live()) return
      const byUs = reason === 'io client disconnect'
      for (const listener of listeners.disconnect) listener(reason, wanted)
      if (!byUs) moveOn()
    })
    port.onConnectError((message) => {
      if (!live()) return
      const refused = isRefusal(message)
      for (const listener of listeners.connectError) listener(message, !refused)
      if (!refused) moveOn()
    })
    for (const [event, listener] of listeners.events)
      port.onEvent(event, (payload) => {
        if (live()) listener(payload)
      })
  }
  if (urls.length > 1) attach(socket)

  if (urls.length === 1) return Object.assign(port, { url: first })
  return {
    get url() {
      return urls[index] as string
    },
    get recovered() {
      return port.recovered
    },
    get connected() {
      return port.connected
    },
    onConnect: (listener) => {
      listeners.connect.push(listener)
    },
    onDisconnect: (listener) => {
      listeners.disconnect.push(listener)
    },
    onConnectError: (listener) => {
      listeners.connectError.push(listener)
    },
    onEvent: (event, listener) => {
      listeners.events.push([event, listener])
      const current = socket
      port.onEvent(event, (payload) => {
        if (current === socket) listener(payload)
      })
    },
    request: (event, payload, timeoutMs) => port.request(event, payload, timeoutMs),
    open: () => {
      wanted = true
      port.open()
    },
    close: () => {
      wanted = false
      cancelRetry?.()
      cancelRetry = null
      port.close()
    },
  }
}

/**
 * A list of gateway addresses as an operator writes it (`https://gw1:8443, https://gw2:8443`):
 * http(s) or ws(s) URLs, duplicates and anything else dropped.
 */
export function parseGatewayList(text: string | null | undefined): string[] {
  const urls: string[] = []
  // A pattern, not `URL`: shared/ has neither the DOM's nor Node's globals.
  for (const part of (text ?? '').split(/[\s,]+/)) {
    const match = /^(https?|wss?):\/\/([A-Za-z0-9.[\]:_-]+)(?:[/?#].*)?$/.exec(part)
    if (match === null) continue
    const origin = `${match[1] ?? ''}://${match[2] ?? ''}`
    if (!urls.includes(origin)) urls.push(origin)
  }
  return urls
}
