import type { Namespace, Server, Socket } from 'socket.io'
import type { Topic } from '../../shared/contracts/entities.ts'
import type { ClientToServerEvents, Role, ServerToClientEvents } from '../../shared/contracts/feed.ts'

/** What the gateway keeps on each socket (restored with it by connection-state recovery). */
export type FeedSocketData = {
  role: Role
  /** The token's display name, recorded on acknowledgements. */
  user: string
  subscription: { readonly topics: readonly Topic[]; readonly sites: readonly string[] | null } | null
  /**
   * Until when (epoch ms) the socket's snapshot may still be being written, so batches queued
   * behind it do not yet make it a slow consumer; 0 once it has caught up.
   */
  catchingUpUntil: number
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
type NoEvents = {}
export type FeedServer = Server<ClientToServerEvents, ServerToClientEvents, NoEvents, FeedSocketData>
export type FeedNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, NoEvents, FeedSocketData>
export type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoEvents, FeedSocketData>
