import type { ConnectionState } from '../contracts/hub.ts'
import type { HubClock, HubLogger } from './FeedSocketPort.ts'
import type { HubReplica } from './HubReplica.ts'

/**
 * The connection state operators see (connecting / connected / disconnected, since when, and why
 * in words they can act on). It keeps `since` when only the detail changes.
 */
export class HubConnection {
  private readonly replica: HubReplica
  private readonly clock: HubClock
  private readonly logger: HubLogger
  private readonly gatewayUrl: string

  constructor(options: {
    readonly replica: HubReplica
    readonly clock: HubClock
    readonly logger: HubLogger
    readonly gatewayUrl: string
  }) {
    this.replica = options.replica
    this.clock = options.clock
    this.logger = options.logger
    this.gatewayUrl = options.gatewayUrl
  }

  connected(recovered: boolean, generation: number): void {
    this.logger.info('connected', { recovered, generation })
    this.set('connected', null)
  }

  disconnected(reason: string, willReconnect: boolean): void {
    this.logger.warn('disconnected', { reason, willReconnect })
    this.set('disconnected', describeDisconnect(reason))
  }

  connectFailed(message: string, willRetry: boolean): void {
    this.logger.warn('connect failed', { willRetry })
    const current = this.replica.connectionState.status
    // A refusal (unknown token) will not be retried: say so, rather than "connecting" forever.
    const status = !willRetry || current === 'connected' ? 'disconnected' : current
    const detail = willRetry ? `Cannot reach the gateway (${message}); retrying` : describeRefusal(message)
    this.set(status, detail)
  }

  /** Keeps the status and says why something failed (e.g. the gateway refused the subscription). */
  explain(detail: string): void {
    this.set(this.replica.connectionState.status, detail)
  }

  private set(status: ConnectionState['status'], detail: string | null): void {
    const current = this.replica.connectionState
    if (current.status === status && current.detail === detail) return
    this.replica.setConnection({
      status,
      since: current.status === status ? current.since : this.clock.now(),
      detail,
      gatewayUrl: this.gatewayUrl,
    })
  }
}

/** socket.io's disconnect reasons, in words an operator can act on. */
function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'transport close':
    case 'transport error':
      return 'Lost the connection to the gateway; reconnecting'
    case 'ping timeout':
      return 'The gateway stopped answering; reconnecting'
    case 'io server disconnect':
      return 'The gateway closed the connection; reconnecting'
    case 'io client disconnect':
      return 'Disconnected'
    default:
      return `Disconnected (${reason}); reconnecting`
  }
}

function describeRefusal(message: string): string {
  return `The gateway refused this display (${message}). Check the access token.`
}
