/**
 * Leases in Redis: what must run once in a cluster (SNMP polling, the MQTT subscription, the demo
 * simulator, snapshot writing) is run by the one gateway holding its lease.
 *
 * A lease is a key `wf:{<name>}:lease:<what>` holding its owner, set with NX and a TTL and renewed
 * every third of the TTL. When the owner dies its key expires and another gateway takes it at its
 * next try: the lease moves within `ttlMs + ttlMs / 3` (the stated failover time, see
 * docs/cluster.md). An owner that cannot renew (Redis unreachable) gives the lease up itself once
 * the TTL has passed since its last renewal, so two gateways never poll together for longer than
 * the clocks' drift.
 *
 * With each renewal the owner writes its source's health (`wf:{<name>}:health`), which the other
 * gateways show their clients for that source ("run by <gateway>: …").
 */
import { createClient } from 'redis'
import { z } from 'zod'
import { sourceHealthSchema, type SourceHealth } from '../../shared/contracts/entities.ts'
import type { Logger } from '../log/Logger.ts'
import { createRedisCommands } from '../store/createRedisCommands.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

export type LeaseHandlers = {
  /** This gateway now holds the lease. */
  acquired(): void
  /** It lost it (or gave it up): stop the work. */
  lost(reason: string): void
  /** Another gateway holds it (or nobody); with that owner's health of the source, if written. */
  standby(owner: string | null, health: SourceHealth | null): void
}

export type Leases = {
  /** Takes part in the lease `name` until `close`. */
  watch(name: string, handlers: LeaseHandlers, health?: () => SourceHealth | undefined): void
  held(name: string): boolean
  /** The stated failover time: how long a dead owner's lease takes at most to move. */
  readonly failoverMs: number
  close(): Promise<void>
}

/** What an owner writes of its source's health (`wf:{<name>}:health`, field = lease name). */
const leaseHealthSchema = z.object({ owner: z.string(), health: sourceHealthSchema })

/** Renews only its own lease. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

type Watched = {
  readonly name: string
  readonly handlers: LeaseHandlers
  readonly health: (() => SourceHealth | undefined) | undefined
  held: boolean
  lastRenewedAt: number
  lastOwner: string | null | undefined
}

export function createLeases(options: {
  readonly url: string
  readonly name: string
  readonly owner: string
  readonly ttlMs: number
  readonly log: Logger
  readonly now: () => number
}): Leases {
  const { now, ttlMs, owner } = options
  const log = options.log.child('lease')
  const base = `wf:{${options.name}}`
  const keyOf = (name: string): string => `${base}:lease:${name}`
  const healthKey = `${base}:health`
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: ttlMs / 3,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000),
    },
  })
  let lastError = ''
  client.on('error', (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    if (reason !== lastError) log.warn('redis connection error', { reason })
    lastError = reason
  })
  runDetached(client.connect(), (error) =>
    log.warn('redis connect failed', { reason: error instanceof Error ? error.message : String(error) }),
  )
  const watched = new Map<string, Watched>()
  const commands = createRedisCommands(client, Math.max(250, ttlMs / 3))

  const tryOne = async (entry: Watched): Promise<void> => {
    const key = keyOf(entry.name)
    const at = now()
    if (entry.held) {
      try {
        const renewed = await commands.run<number>(['EVAL', RENEW_SCRIPT, '1', key, owner, String(ttlMs)])
        if (Number(renewed) === 1) {
          entry.lastRenewedAt = at
          const health = entry.health?.()
          if (health !== undefined)
            await commands.run(['HSET', healthKey, entry.name, JSON.stringify({ owner, health })])
          return
        }
        entry.held = false
        log.warn('lease lost to another gateway', { lease: entry.name })
        entry.handlers.lost('taken by another gateway')
      } catch (error) {
        // Cannot reach Redis: keep working until the TTL has run out, then stop (another gateway
        // may hold it by then).
        if (at - entry.lastRenewedAt >= ttlMs) {
          entry.held = false
          log.warn('lease given up: not renewed within its TTL', {
            lease: entry.name,
            reason: error instanceof Error ? error.message : String(error),
          })
          entry.handlers.lost('could not renew the lease (Redis unreachable)')
        }
      }
      return
    }
    try {
      const set = await commands.run<string | null>(['SET', key, owner, 'NX', 'PX', String(ttlMs)])
      if (set === 'OK') {
        entry.held = true
        entry.lastRenewedAt = at
        entry.lastOwner = owner
        log.info('lease acquired', { lease: entry.name })
        entry.handlers.acquired()
        return
      }
      const holder = await commands.run<string | null>(['GET', key])
      const healthText = await commands.run<string | null>(['HGET', healthKey, entry.name])
      let health: SourceHealth | null = null
      if (typeof healthText === 'string') {
        // Parsed like anything else that enters the process: another gateway wrote it.
        const parsed = leaseHealthSchema.safeParse(JSON.parse(healthText))
        if (parsed.success && parsed.data.owner === holder) health = parsed.data.health
      }
      entry.lastOwner = holder
      entry.handlers.standby(holder, health)
    } catch (error) {
      if (entry.lastOwner !== undefined) {
        entry.lastOwner = undefined
        log.warn('lease check failed', {
          lease: entry.name,
          reason: error instanceof Error ? error.message : String(error),
        })
      }
    }
  }

  let running = false
  const round = async (): Promise<void> => {
    if (running) return
    running = true
    try {
      for (const entry of watched.values()) await tryOne(entry)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => runDetached(round(), () => undefined), ttlMs / 3)
  timer.unref()

  return {
    failoverMs: ttlMs + Math.ceil(ttlMs / 3),
    watch: (name, handlers, health) => {
      const entry: Watched = { name, handlers, health, held: false, lastRenewedAt: 0, lastOwner: undefined }
      watched.set(name, entry)
      runDetached(tryOne(entry), () => undefined)
    },
    held: (name) => watched.get(name)?.held ?? false,
    close: async () => {
      clearInterval(timer)
      for (const entry of watched.values()) {
        if (!entry.held) continue
        entry.held = false
        // Released so another gateway takes over at once, not after the TTL.
        await commands.run(['EVAL', RELEASE_SCRIPT, '1', keyOf(entry.name), owner]).catch(() => undefined)
      }
      watched.clear()
      if (client.isOpen) client.destroy()
    },
  }
}
