/**
 * Prometheus metrics of one gateway (`GET /metrics`). A registry per gateway, not prom-client's
 * global one, so several gateways in one process (tests, benches) never collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export type GatewayMetrics = {
  readonly registry: Registry
  readonly ingestOps: Counter<'source' | 'topic' | 'result'>
  readonly sourceRejects: Counter<'source'>
  readonly sourceErrors: Counter<'source'>
  readonly connectionsRefused: Counter<'source' | 'reason'>
  readonly clients: Gauge
  readonly entities: Gauge<'topic'>
  readonly batchEntities: Histogram<'topic'>
  readonly flushSeconds: Histogram
  readonly slowConsumers: Counter
}

/** `entityCount` is read at each scrape for the `watchfloor_entities` gauge. */
export function createMetrics(
  entityCount: (topic: string) => number,
  topics: readonly string[],
): GatewayMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'watchfloor_gateway_' })
  return {
    registry,
    ingestOps: new Counter({
      name: 'watchfloor_ingest_ops_total',
      help: 'Operations proposed by sources, by result (accepted or rejected)',
      labelNames: ['source', 'topic', 'result'],
      registers: [registry],
    }),
    sourceRejects: new Counter({
      name: 'watchfloor_source_rejected_total',
      help: 'Messages rejected by validation or parsing, per source',
      labelNames: ['source'],
      registers: [registry],
    }),
    sourceErrors: new Counter({
      name: 'watchfloor_source_errors_total',
      help: 'Transport or peer errors, per source',
      labelNames: ['source'],
      registers: [registry],
    }),
    connectionsRefused: new Counter({
      name: 'watchfloor_source_connections_refused_total',
      help: 'Peer connections a listening source refused by its limits, per source and reason (limit, peer-limit)',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    clients: new Gauge({ name: 'watchfloor_clients', help: 'Connected feed clients', registers: [registry] }),
    entities: new Gauge({
      name: 'watchfloor_entities',
      help: 'Entities in the store, per topic',
      labelNames: ['topic'],
      registers: [registry],
      collect() {
        for (const topic of topics) this.set({ topic }, entityCount(topic))
      },
    }),
    batchEntities: new Histogram({
      name: 'watchfloor_batch_entities',
      help: 'Upserts plus removes per flushed batch',
      labelNames: ['topic'],
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'watchfloor_flush_duration_seconds',
      help: 'Time to build and send the batches of one tick',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    slowConsumers: new Counter({
      name: 'watchfloor_slow_consumer_resyncs_total',
      help: 'Clients dropped from fan-out because their write buffer passed the bound, and told to resync',
      registers: [registry],
    }),
  }
}
