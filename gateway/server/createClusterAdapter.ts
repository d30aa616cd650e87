/**
 * `cluster.redisUrl`: several gateways share socket.io broadcasts (batches to rooms, alarm
 * actions, sources) through Redis Streams — socket.io's own adapter, which supports
 * connection-state recovery and resumes its stream after a Redis outage.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'
import type { Logger } from '../log/Logger.ts'

export type ClusterAdapter = {
  /** The value for socket.io's `adapter` option. */
  readonly adapter: ReturnType<typeof createAdapter>
  close(): Promise<void>
}

export async function createClusterAdapter(redisUrl: string, log: Logger): Promise<ClusterAdapter> {
  const client = createClient({ url: redisUrl })
  client.on('error', (error: unknown) => {
    // The client reconnects by itself; the adapter resumes the stream when it is back.
    log.warn('redis error', { error: error instanceof Error ? error.message : String(error) })
  })
  await client.connect()
  log.info('cluster: redis streams adapter connected')
  return {
    adapter: createAdapter(client),
    close: async () => {
      await client.quit().catch((error: unknown) => log.warn('redis quit failed', { error: String(error) }))
    },
  }
}
