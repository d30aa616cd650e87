/**
 * What `cluster.redisUrl` adds to a gateway (see docs/cluster.md): the change log is the
 * cluster's Redis Stream (`createRedisChangeLog`), commits follow it (`createSharedCommitter`),
 * and the sources that must run once are started only while this gateway holds their lease
 * (`leaseAdapter`), as is snapshot writing. Listeners (MLLP, syslog, webhook) run on every gateway.
 */
import type { SourceHealth } from '../../shared/contracts/entities.ts'
import type { GatewayConfig } from '../config/configSchema.ts'
import type { Logger } from '../log/Logger.ts'
import type { SourceAdapter } from '../ingest/sourceAdapter.ts'
import { createRedisChangeLog, type RedisChangeLog } from '../store/createRedisChangeLog.ts'
import { createLeases } from './createLeases.ts'
import { createSharedCommitter, type SharedCommitter } from './createSharedCommitter.ts'
import { leaseAdapter, RUN_ONCE_KINDS } from './leaseAdapter.ts'

type ClusterConfig = NonNullable<GatewayConfig['cluster']>
type CommitterDeps = Parameters<typeof createSharedCommitter>[0]

export const SNAPSHOT_LEASE = 'snapshots'

export type RunningCluster = {
  readonly changeLog: RedisChangeLog
  /** The run-once sources wrapped in their leases; the others as they were. */
  leased(
    adapters: readonly SourceAdapter[],
    healthOf: (id: string) => SourceHealth | undefined,
  ): SourceAdapter[]
  committer(deps: Omit<CommitterDeps, 'log' | 'now' | 'logger' | 'writesSnapshots'>): SharedCommitter
  /** For `/health`: the link to Redis and the leases this gateway holds. */
  health(): unknown
  close(): Promise<void>
}

export function startCluster(options: {
  readonly config: ClusterConfig
  readonly storage: GatewayConfig['storage']
  readonly gatewayId: string
  readonly log: Logger
  readonly now: () => number
}): RunningCluster {
  const { config, gatewayId, now } = options
  const log = options.log.child('cluster')
  const changeLog = createRedisChangeLog({
    url: config.redisUrl,
    name: config.name,
    origin: gatewayId,
    receiptsMs: options.storage.retentionDays * 86_400_000,
    streamKeepMs: config.streamKeepMinutes * 60_000,
    actionsMax: 100_000,
    connectTimeoutMs: config.connectTimeoutMs,
    commandTimeoutMs: config.commandTimeoutMs,
    log,
    now,
  })
  const leases = createLeases({
    url: config.redisUrl,
    name: config.name,
    owner: gatewayId,
    ttlMs: config.leaseTtlMs,
    log,
    now,
  })
  // One gateway writes the snapshots (and trims the stream after them); the others would only
  // write the same state again.
  leases.watch(SNAPSHOT_LEASE, { acquired: () => undefined, lost: () => undefined, standby: () => undefined })
  const leasedIds: string[] = []
  log.info('cluster configured', { name: config.name, failoverMs: leases.failoverMs, gatewayId })

  return {
    changeLog,
    leased: (adapters, healthOf) =>
      adapters.map((adapter) => {
        if (!RUN_ONCE_KINDS.has(adapter.kind)) return adapter
        leasedIds.push(adapter.id)
        return leaseAdapter(adapter, leases, healthOf)
      }),
    committer: (deps) =>
      createSharedCommitter({
        ...deps,
        log: changeLog,
        now,
        logger: options.log,
        writesSnapshots: () => leases.held(SNAPSHOT_LEASE),
      }),
    health: () => ({
      name: config.name,
      redis: changeLog.shared.link(),
      failoverMs: leases.failoverMs,
      leases: [SNAPSHOT_LEASE, ...leasedIds.map((id) => `source:${id}`)].filter((name) => leases.held(name)),
    }),
    close: () => leases.close(),
  }
}
