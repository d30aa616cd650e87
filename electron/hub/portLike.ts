/**
 * A message port as the hub sees it. Electron's `MessagePortMain` hands listeners `{ data, ports }`
 * while Node's `worker_threads.MessagePort` (used in tests) hands them the value itself; the
 * adapters normalise both to the value, so the hub's code never cares which it has.
 */
export type PortLike = {
  postMessage(message: unknown): void
  onMessage(listener: (data: unknown) => void): void
  /** The other end went away (window closed or reloaded). */
  onClose(listener: () => void): void
  /** Starts delivery of queued messages (both port kinds queue until started). */
  start(): void
  close(): void
}

/** Structural type of both Electron's MessagePortMain and Node's worker_threads MessagePort. */
export type EventPort = {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: unknown) => void): unknown
  on(event: 'close', listener: () => void): unknown
  start(): void
  close(): void
}

/**
 * Wraps a port; `unwrap` says how its `message` events carry data: `'data-field'` for
 * MessagePortMain (`{ data }`), `'value'` for worker_threads.
 */
export function toPortLike(port: EventPort, unwrap: 'data-field' | 'value'): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event: unknown) => {
        if (unwrap === 'value') return listener(event)
        listener(typeof event === 'object' && event !== null && 'data' in event ? event.data : undefined)
      })
    },
    onClose: (listener) => {
      port.on('close', listener)
    },
    start: () => port.start(),
    close: () => port.close(),
  }
}
