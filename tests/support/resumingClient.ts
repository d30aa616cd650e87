/**
 * A feed client that behaves as the hub does across failovers: it reconnects by itself (through
 * a load balancer, to whichever gateway it lands on), resubscribes with `since` (the log id and its
 * last seq per topic), and keeps a `FeedReplica`. Batches that arrive before the subscribe is
 * answered wait for it; a gap throws in the replica (the test fails, nothing is lost silently).
 */
import { io } from 'socket.io-client'
import type { Topic } from '../../shared/contracts/entities.ts'
import { FEED_NAMESPACE, FeedEvent, type Batch, type SubscribeAck } from '../../shared/contracts/feed.ts'
import { FeedReplica } from './feedReplica.ts'
import type { FeedClientSocket } from './gatewayTestKit.ts'

export type ResumingClient = {
  readonly replica: FeedReplica
  readonly socket: FeedClientSocket
  /** How each subscribe after a reconnect was answered, per topic. */
  readonly answers: ('snapshot' | 'resumed')[]
  /** Errors seen (a gap, a refused subscribe): must stay empty. */
  readonly errors: string[]
  /** Connections made (1 + reconnects). */
  connects: number
  /** True once subscribed on the current connection. */
  readonly ready: boolean
  close(): void
}

export function startResumingClient(url: string, token: string, topics: readonly Topic[]): ResumingClient {
  const socket: FeedClientSocket = io(url + FEED_NAMESPACE, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 500,
  })
  const replica = new FeedReplica()
  let logId: string | null = null
  let subscribed = false
  let waiting: Batch[] = []
  const client: ResumingClient = {
    replica,
    socket,
    answers: [],
    errors: [],
    connects: 0,
    get ready() {
      return subscribed
    },
    close: () => {
      socket.disconnect()
    },
  }
  const apply = (batch: Batch): void => {
    try {
      replica.apply(batch)
    } catch (error) {
      client.errors.push(error instanceof Error ? error.message : String(error))
    }
  }
  socket.on(FeedEvent.hello, (hello) => {
    const previous = logId
    logId = hello.log?.id ?? null
    client.connects += 1
    subscribed = false
    waiting = []
    const since =
      previous !== null && previous === logId ? { log: previous, seqs: { ...replica.seqs } } : undefined
    socket
      .timeout(20_000)
      .emitWithAck(
        FeedEvent.subscribe,
        since === undefined ? { topics: [...topics] } : { topics: [...topics], since },
      )
      .then((ack: SubscribeAck) => {
        if (!ack.ok) {
          client.errors.push(`subscribe refused: ${ack.error}`)
          return
        }
        replica.applyAck(ack)
        for (const topic of topics) client.answers.push(replica.answeredBy[topic] ?? 'snapshot')
        subscribed = true
        const held = waiting
        waiting = []
        for (const batch of held) apply(batch)
      })
      .catch(() => {
        // Disconnected before the answer: the next connection subscribes again.
      })
  })
  socket.on(FeedEvent.batch, (batch) => {
    if (!subscribed) waiting.push(batch)
    else apply(batch)
  })
  socket.on(FeedEvent.resync, () => {
    // The gateway reset its projection: start again from a snapshot on this connection.
    subscribed = false
    socket.disconnect().connect()
  })
  socket.on('disconnect', () => {
    subscribed = false
  })
  return client
}
