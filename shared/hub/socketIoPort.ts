import type { FeedSocketPort } from './FeedSocketPort.ts'

/**
 * The part of a socket.io-client `Socket` the adapter uses. Structural, so shared/ does not import
 * socket.io-client: the host creates the socket (with `auth: { token }`, `transports: ['websocket']`,
 * `autoConnect: false`) and passes it here.
 */
export type SocketIoClientLike = {
  readonly connected: boolean
  readonly recovered: boolean
  /** False after a handshake refusal or a server-side disconnect: the client will not retry. */
  readonly active: boolean
  on(event: string, listener: (...args: never[]) => void): unknown
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> }
  connect(): unknown
  disconnect(): unknown
}

/** Adapts a socket.io-client socket to the hub's `FeedSocketPort`. */
export function socketIoPort(socket: SocketIoClientLike): FeedSocketPort {
  return {
    get recovered() {
      return socket.recovered
    },
    get connected() {
      return socket.connected
    },
    onConnect: (listener) => {
      socket.on('connect', listener)
    },
    onDisconnect: (listener) => {
      socket.on('disconnect', (reason: string) => listener(reason, socket.active))
    },
    onConnectError: (listener) => {
      socket.on('connect_error', (error: Error) => listener(error.message, socket.active))
    },
    onEvent: (event, listener) => {
      socket.on(event, (payload: unknown) => listener(payload))
    },
    request: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload),
    open: () => {
      socket.connect()
    },
    close: () => {
      socket.disconnect()
    },
  }
}
