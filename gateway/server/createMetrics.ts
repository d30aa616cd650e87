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
  readonly clients: Gauge
  readonly entities: Gauge<'topic'>
  readonly batchEntities: Histogram<'topic'>
  readonly flushSeconds: Histogram
  readonly slowConsumers: Counter
  /** Subscribes answered from the change log (missed batches) instead of a snapshot. */
  readonly resumes: Counter<'topic'>
  /** Clients disconnected for abuse (e.g. a subscribe flood). */
  readonly abusiveClients: Counter<'reason'>
  readonly logCommitSeconds: Histogram
  readonly logCommittedChanges: Counter
  readonly logFailures: Counter<'kind'>
  /** 1 while the change log cannot be written (changes held, nothing acknowledged). */
  readonly logFailing: Gauge
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
    resumes: new Counter({
      name: 'watchfloor_subscribe_resumes_total',
      help: 'Subscribes answered with the batches the client missed (from the change log) instead of a snapshot',
      labelNames: ['topic'],
      registers: [registry],
    }),
    abusiveClients: new Counter({
      name: 'watchfloor_abusive_clients_total',
      help: 'Feed clients disconnected for abuse, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    logCommitSeconds: new Histogram({
      name: 'watchfloor_change_log_commit_duration_seconds',
      help: 'Time to write one commit to the change log',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    logCommittedChanges: new Counter({
      name: 'watchfloor_change_log_changes_total',
      help: 'Entity changes written to the change log',
      registers: [registry],
    }),
    logFailures: new Counter({
      name: 'watchfloor_change_log_failures_total',
      help: 'Failed change log commits, by kind (full, unwritable, unavailable, corrupt)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    logFailing: new Gauge({
      name: 'watchfloor_change_log_failing',
      help: '1 while the change log cannot be written: changes are held and nothing is acknowledged',
      registers: [registry],
    }),
  }
}
