/**
 * The small interfaces the hub needs from its host, so the same `FeedHub` runs in a browser page
 * (socket.io-client + rAF) and in Electron main (socket.io-client + a timer) and in tests (fakes).
 */

/** The feed connection, as the hub sees it. `socketIoPort` adapts a socket.io-client `Socket`. */
export type FeedSocketPort = {
  /** Whether the last (re)connect restored the session, so no batch was missed. */
  readonly recovered: boolean
  readonly connected: boolean
  onConnect(listener: () => void): void
  /** `willReconnect` is false when the transport will not retry on its own (server-side disconnect). */
  onDisconnect(listener: (reason: string, willReconnect: boolean) => void): void
  /** `willRetry` is false when the gateway refused the handshake (e.g. unknown token). */
  onConnectError(listener: (message: string, willRetry: boolean) => void): void
  /** Server → client events (`hello`, `batch`, `sources`, `alarm:actions`). */
  onEvent(event: string, listener: (payload: unknown) => void): void
  /** Client → server event with acknowledgement; rejects after `timeoutMs`. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>
  open(): void
  close(): void
}

/** A clock and a timer; tests control both. */
export type HubClock = {
  now(): number
  /** Runs `callback` once after `ms`; returns a cancel function. */
  after(ms: number, callback: () => void): () => void
}

/**
 * Schedules one flush of coalesced changes: requestAnimationFrame in a page, a ~16 ms timer in
 * Electron main, manual in tests. Returns a cancel function.
 */
export type FlushScheduler = (flush: () => void) => () => void

type LogFields = Readonly<Record<string, string | number | boolean | null>>

/** A scoped logger. Fields carry ids, types and counts — never payload bodies. */
export type HubLogger = {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** The subset of `fetch` the hub uses to load the site model. */
export type HubFetch = (
  url: string,
  init: { readonly headers: Readonly<Record<string, string>> },
) => Promise<{
  readonly ok: boolean
  readonly status: number
  readonly headers: { get(name: string): string | null }
  json(): Promise<unknown>
}>

/** A logger that drops everything, for hosts that have none. */
export const silentHubLogger: HubLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}
