/**
 * A source that must run once in a cluster (SNMP polling, the MQTT subscription, the demo
 * simulator) wrapped so that it runs only on the gateway holding its lease: started when the lease
 * is acquired, stopped when it is lost. On the other gateways the source reports its owner's
 * health ("run by <gateway>: …"), or down when no gateway holds the lease.
 */
import type { SourceHealth, SourceKind } from '../../shared/contracts/entities.ts'
import type { AdapterContext, SourceAdapter } from '../ingest/sourceAdapter.ts'
import { runDetached } from '../../shared/util/runDetached.ts'
import type { Leases } from './createLeases.ts'

/** Kinds that poll or subscribe (twice would double the work or the messages); listeners are not. */
export const RUN_ONCE_KINDS: ReadonlySet<SourceKind> = new Set<SourceKind>(['snmp', 'mqtt', 'demo'])

export function leaseAdapter(
  adapter: SourceAdapter,
  leases: Leases,
  healthOf: (id: string) => SourceHealth | undefined,
): SourceAdapter {
  let context: AdapterContext | null = null
  let running = false
  let stopped = false
  // Starts and stops one after another, never overlapping.
  let chain: Promise<void> = Promise.resolve()
  const then = (step: () => Promise<void>): void => {
    chain = chain.then(step, step)
    runDetached(chain, (error) =>
      context?.log.error('leased source failed', {
        reason: error instanceof Error ? error.message : String(error),
      }),
    )
  }

  return {
    id: adapter.id,
    kind: adapter.kind,
    topics: adapter.topics,
    start: (ctx) => {
      context = ctx
      ctx.sink.status('down', 'waiting for its lease')
      leases.watch(
        `source:${adapter.id}`,
        {
          acquired: () =>
            then(async () => {
              if (running || stopped) return
              ctx.sink.status('up', null)
              try {
                await adapter.start(ctx)
                running = true
                ctx.log.info('leased source started on this gateway', { source: adapter.id })
              } catch (error) {
                ctx.sink.status(
                  'down',
                  `failed to start: ${error instanceof Error ? error.message : String(error)}`,
                )
              }
            }),
          lost: (reason) =>
            then(async () => {
              if (!running) return
              running = false
              await adapter.stop()
              ctx.sink.status('down', `stopped on this gateway: ${reason}`)
            }),
          standby: (owner, health) => {
            if (running) return
            if (owner === null) ctx.sink.status('down', 'no gateway holds its lease')
            else if (health === null) ctx.sink.status('up', `run by gateway ${owner}`)
            else
              ctx.sink.status(
                health.status,
                `run by gateway ${owner}${health.detail === null ? '' : `: ${health.detail}`}`,
              )
          },
        },
        () => (running ? healthOf(adapter.id) : undefined),
      )
      return Promise.resolve()
    },
    stop: async () => {
      stopped = true
      await chain
      if (running) {
        running = false
        await adapter.stop()
      }
    },
  }
}
