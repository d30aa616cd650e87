/**
 * Prometheus metrics of one gateway (`GET /metrics`), documented for a trust's monitoring team in
 * docs/monitoring.md. A registry per gateway, not prom-client's global one, so several gateways in
 * one process (tests, benches) never collide. Conventions the names and series follow, because
 * Alertmanager rules are written against them:
 * - one prefix, `watchfloor_`, on every metric, the Node process ones included;
 * - every labelled counter and histogram has its series from the start, at 0, for every known
 *   source, topic and result, so `rate()` and `increase()` see the first increment and an alert
 *   on "no accepted messages" works for a source that never delivered;
 * - a source's status is a state set (one series per status, 1 for the current one), its last
 *   message a Unix timestamp (`time() - …` is its age), its rate a counter (`rate()` does the rest);
 * - `promtool check metrics` passes on the whole page (tests/integration/metrics.int.test.ts).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { SOURCE_STATUSES, type SourceHealth, type Topic } from '../../shared/contracts/entities.ts'
import { FEED_PROTOCOL_VERSION } from '../../shared/contracts/feed.ts'
import { GATEWAY_VERSION } from '../core/gatewayVersion.ts'

export const METRIC_PREFIX = 'watchfloor_'
export const INGEST_RESULTS = ['accepted', 'rejected'] as const

/**
 * prom-client's default Node metrics include three gauges whose names end in `_total`
 * (`nodejs_active_{handles,requests,resources}_total`), which Prometheus reserves for counters and
 * `promtool check metrics` refuses. The same numbers are `sum()` of the labelled gauges beside them.
 */
const DROPPED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]

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
  /** Subscribes answered from the change log (missed batches) instead of a snapshot. */
  readonly resumes: Counter<'topic'>
  /** Clients disconnected for abuse (e.g. a subscribe flood). */
  readonly abusiveClients: Counter<'reason'>
  readonly logCommitSeconds: Histogram
  readonly logCommittedChanges: Counter
  readonly logFailures: Counter<'kind'>
  /** 1 while the change log cannot be written (changes held, nothing acknowledged). */
  readonly logFailing: Gauge
  /** A source is known (at its sink's creation): its counters get their series at 0. */
  trackSource(id: string, topics: readonly Topic[]): void
  /** Where the per-source status and last-message gauges read from at each scrape (the ingest). */
  readSourceHealth(read: () => readonly SourceHealth[]): void
}

/** `entityCount` is read at each scrape for the `watchfloor_entities` gauge. */
export function createMetrics(
  entityCount: (topic: string) => number,
  topics: readonly string[],
): GatewayMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX })
  for (const name of DROPPED_DEFAULT_METRICS) registry.removeSingleMetric(METRIC_PREFIX + name)

  new Gauge({
    name: 'watchfloor_build_info',
    help: 'Always 1; the labels say which gateway build is running',
    labelNames: ['version', 'feed_protocol'],
    registers: [registry],
  }).set({ version: GATEWAY_VERSION, feed_protocol: String(FEED_PROTOCOL_VERSION) }, 1)

  let readHealth: () => readonly SourceHealth[] = () => []
  new Gauge({
    name: 'watchfloor_source_status',
    help: 'Source status as a state set: 1 for the current status (up, degraded or down), 0 for the others',
    labelNames: ['source', 'kind', 'status'],
    registers: [registry],
    collect() {
      for (const source of readHealth()) {
        for (const status of SOURCE_STATUSES) {
          this.set({ source: source.id, kind: source.kind, status }, source.status === status ? 1 : 0)
        }
      }
    },
  })
  new Gauge({
    name: 'watchfloor_source_last_message_timestamp_seconds',
    help: 'Unix time of the last message a source delivered that was accepted; 0 until its first since the gateway started',
    labelNames: ['source', 'kind'],
    registers: [registry],
    collect() {
      for (const source of readHealth()) {
        this.set(
          { source: source.id, kind: source.kind },
          source.lastMessageAt === null ? 0 : source.lastMessageAt / 1000,
        )
      }
    },
  })

  const ingestOps = new Counter({
    name: 'watchfloor_ingest_ops_total',
    help: 'Operations proposed by sources, by result (accepted or rejected); rate() of the accepted ones is a source rate',
    labelNames: ['source', 'topic', 'result'],
    registers: [registry],
  })
  const sourceRejects = new Counter({
    name: 'watchfloor_source_rejected_total',
    help: 'Messages rejected by validation or parsing, per source',
    labelNames: ['source'],
    registers: [registry],
  })
  const sourceErrors = new Counter({
    name: 'watchfloor_source_errors_total',
    help: 'Transport or peer errors, per source',
    labelNames: ['source'],
    registers: [registry],
  })
  const batchEntities = new Histogram({
    name: 'watchfloor_batch_entities',
    help: 'Upserts plus removes per flushed batch',
    labelNames: ['topic'],
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [registry],
  })
  for (const topic of topics) batchEntities.zero({ topic })
  const resumes = new Counter({
    name: 'watchfloor_subscribe_resumes_total',
    help: 'Subscribes answered with the batches the client missed (from the change log) instead of a snapshot',
    labelNames: ['topic'],
    registers: [registry],
  })
  for (const topic of topics) resumes.inc({ topic }, 0)
  const connectionsRefused = new Counter({
    name: 'watchfloor_source_connections_refused_total',
    help: 'Peer connections a listening source refused by its limits, per source and reason (limit, peer-limit)',
    labelNames: ['source', 'reason'],
    registers: [registry],
  })
  const abusiveClients = new Counter({
    name: 'watchfloor_abusive_clients_total',
    help: 'Feed clients disconnected for abuse, by reason',
    labelNames: ['reason'],
    registers: [registry],
  })
  abusiveClients.inc({ reason: 'subscribe-rate' }, 0)
  const logFailures = new Counter({
    name: 'watchfloor_change_log_failures_total',
    help: 'Failed change log commits, by kind (full, unwritable, unavailable, corrupt, incompatible)',
    labelNames: ['kind'],
    registers: [registry],
  })
  for (const kind of ['full', 'unwritable', 'unavailable', 'corrupt', 'incompatible'])
    logFailures.inc({ kind }, 0)

  return {
    registry,
    ingestOps,
    sourceRejects,
    sourceErrors,
    connectionsRefused,
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
    batchEntities,
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
    resumes,
    abusiveClients,
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
    logFailures,
    logFailing: new Gauge({
      name: 'watchfloor_change_log_failing',
      help: '1 while the change log cannot be written: changes are held and nothing is acknowledged',
      registers: [registry],
    }),
    readSourceHealth: (read) => {
      readHealth = read
    },
    trackSource: (id, sourceTopics) => {
      sourceRejects.inc({ source: id }, 0)
      sourceErrors.inc({ source: id }, 0)
      for (const topic of sourceTopics) {
        for (const result of INGEST_RESULTS) ingestOps.inc({ source: id, topic, result }, 0)
      }
    },
  }
}
