/**
 * The gateway's config file (YAML or JSON), validated at startup. Unknown keys are errors so a
 * typo (`tokenz:`) is reported rather than silently ignored. Every key is documented in
 * docs/gateway-config.md.
 */
import { z } from 'zod'
import { sitrepConfigSchema } from '../reports/sitrepConfigSchema.ts'
import { roleSchema } from '../../shared/contracts/feed.ts'
import { alarmsConfigSchema } from '../alarms/alarmsConfigSchema.ts'
import type { SourceDefinition } from '../ingest/defineSource.ts'
import { notifyConfigSchema } from '../notify/notifyConfigSchema.ts'

export const serverConfigSchema = z
  .object({
    /** Interface to bind; loopback unless the operator says otherwise. */
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 picks a free port (printed on the listening line). */
    port: z.number().int().min(0).max(65535).default(0),
    /** PEM files (paths relative to the config file); when set the gateway serves HTTPS/WSS only. */
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1) })
      .strict()
      .optional(),
    /** Coalescing tick of the fan-out: changes are sent at most this often per topic. */
    tickMs: z.number().int().min(5).max(50).default(25),
    /** Period of the `sources` event (the protocol promises at least every 5 s). */
    sourcesIntervalMs: z.number().int().min(200).max(5000).default(2000),
    /**
     * A client with more than this many packets waiting in its socket's write buffer is a slow
     * consumer: it stops receiving batches and is told to resync. 400 is about 2.5 s of batches at
     * the default tick with all four topics changing; packets sent to a room are shared, so the
     * memory a lagging client holds is mostly references.
     */
    maxBufferedPackets: z.number().int().min(2).max(10_000).default(400),
    /** socket.io connection-state recovery window. */
    recoveryWindowMs: z.number().int().min(0).max(600_000).default(120_000),
  })
  .strict()
export type ServerConfig = z.output<typeof serverConfigSchema>

/**
 * The change log (docs/gateway-config.md#storage). Defaults keep 30 days of a trust's ADT, network
 * and cyber changes and alarm actions, and 24 h of RTLS positions at full grain (older positions
 * are known from hourly snapshots), within 4 GiB.
 */
export const storageConfigSchema = z
  .object({
    /** The gateway's data directory (relative to the config file); `:memory:` keeps nothing (tests). */
    dir: z.string().min(1).default('.data/gateway'),
    /** `full`: every commit reaches the disk before a source is acknowledged (power-cut safe). */
    synchronous: z.enum(['full', 'normal']).default('full'),
    retentionDays: z.number().min(1).max(3650).default(30),
    /** RTLS position batches are kept this long; after it, positions are known hourly (snapshots). */
    assetsRetentionHours: z.number().min(1).max(87_600).default(24),
    /** Snapshots younger than this are all kept; older ones are thinned to one per hour. */
    fullSnapshotHours: z.number().min(1).max(87_600).default(24),
    /** Past this size the oldest batches are dropped first (RTLS before the rest). */
    maxSizeMb: z.number().int().min(16).max(1_048_576).default(4096),
    /** A topic is snapshotted after this many changes (or twice its size, if more)… */
    snapshotEveryChanges: z.number().int().min(100).max(10_000_000).default(20_000),
    /** …or this many minutes after its last snapshot, if anything changed. */
    snapshotEveryMinutes: z.number().min(0.1).max(1440).default(10),
  })
  .strict()
export type StorageConfig = z.output<typeof storageConfigSchema>

export const tokenConfigSchema = z
  .object({
    token: z.string().min(8, 'tokens must be at least 8 characters').max(512),
    /** Display name recorded on acknowledgements (`by`). */
    name: z.string().min(1).max(64),
    role: roleSchema,
  })
  .strict()
export type TokenConfig = z.output<typeof tokenConfigSchema>

/** A regular expression source (JavaScript syntax, matched case-insensitively) that must compile. */
const scrubPatternSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((source) => {
    try {
      new RegExp(source, 'giu')
      return true
    } catch {
      return false
    }
  }, 'not a valid regular expression')

export const privacyConfigSchema = z
  .object({
    /**
     * The trust's own identifier formats (hospital numbers, names its tools write), scrubbed from
     * the free text of security sources for every role but it and admin, after the built-in NHS
     * number and date-of-birth patterns (docs/gateway-config.md).
     */
    scrubPatterns: z.array(scrubPatternSchema).max(50).default([]),
    /**
     * Who may see people. Staff badges (RTLS tags worn by staff) go only to these roles; every
     * other role never receives them. None by default: a trust turns it on for the roles its IG
     * lead agrees need it (e.g. a security desk), never for walls.
     */
    staffLocationRoles: z.array(roleSchema).default([]),
  })
  .strict()
export type PrivacyConfig = z.output<typeof privacyConfigSchema>

const originSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i,
    'expected an origin such as https://wall.example.nhs.uk (scheme://host[:port], no path)',
  )

/**
 * Builds the config schema from the source registry (tests pass their own registry). Its return
 * type is inferred on purpose: it is the zod schema whose output type is `GatewayConfig`.
 */
export function createConfigSchema(registry: Readonly<Partial<Record<string, SourceDefinition>>>) {
  const schemas = Object.values(registry)
    .filter((definition): definition is SourceDefinition => definition !== undefined)
    .map((definition) => definition.schema)
  const [first, ...rest] = schemas
  const sourceSchema =
    first === undefined
      ? z.object({ kind: z.string(), id: z.string() }).refine(() => false, 'no source kinds are registered')
      : z.discriminatedUnion('kind', [first, ...rest])
  return z
    .object({
      server: serverConfigSchema.default(serverConfigSchema.parse({})),
      storage: storageConfigSchema.default(storageConfigSchema.parse({})),
      /** Browser origins allowed besides the gateway's own; requests without an Origin are allowed. */
      origins: z.array(originSchema).default([]),
      /**
       * Other gateways a board served here (`--serve-renderer`) may fetch from: a collaborative
       * wall's partner trusts (added to the page's CSP connect-src; docs/collaborative.md).
       */
      rendererConnect: z.array(originSchema).default([]),
      tokens: z.array(tokenConfigSchema).default([]),
      sources: z.array(sourceSchema).default([]),
      /** A site model JSON file (shared/contracts/places.ts). */
      siteModel: z.string().min(1).optional(),
      /** A directory of IMDF FeatureCollections, one file `<levelId>.geojson` (or `.json`) per level. */
      floorPlans: z.string().min(1).optional(),
      privacy: privacyConfigSchema.default({ scrubPatterns: [], staffLocationRoles: [] }),
      /** Several gateways, one state: the change log is a Redis Stream (docs/cluster.md). */
      cluster: z
        .object({
          redisUrl: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
          /** Gateways with the same name share one log (the keys' prefix). */
          name: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
            .default('watchfloor'),
          /** A run-once source's lease lives this long unrenewed; it moves within 4/3 of it. */
          leaseTtlMs: z.number().int().min(1_000).max(120_000).default(6_000),
          /** History the stream keeps beyond what a restore needs (the history API reads it). */
          streamKeepMinutes: z.number().int().min(1).max(1_440).default(10),
          /** How long a start waits for Redis before listening without it (degraded). */
          connectTimeoutMs: z.number().int().min(100).max(60_000).default(2_000),
          /** A Redis command unanswered this long fails (Redis paused, the network gone). */
          commandTimeoutMs: z.number().int().min(100).max(60_000).default(2_000),
        })
        .strict()
        .optional(),
      /** The gateway's alarm engine and the alarm actions it accepts (gateway/alarms/). */
      alarms: alarmsConfigSchema.default(alarmsConfigSchema.parse({})),
      /** Outbound notification of alarms to people off the wall (gateway/notify/). */
      notify: notifyConfigSchema.optional(),
      /** The 08:00 SitRep bed snapshot the gateway takes and keeps (gateway/reports/). */
      sitrep: sitrepConfigSchema.default(sitrepConfigSchema.parse({})),
    })
    .strict()
    .superRefine((config, context) => {
      const seenTokens = new Set<string>()
      config.tokens.forEach((entry, index) => {
        if (seenTokens.has(entry.token)) {
          context.addIssue({ code: 'custom', path: ['tokens', index, 'token'], message: 'duplicate token' })
        }
        seenTokens.add(entry.token)
      })
      const seenIds = new Set<string>()
      config.sources.forEach((source, index) => {
        const id: unknown = (source as { id?: unknown }).id
        if (typeof id !== 'string' || id.length === 0) {
          context.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            message: 'expected a source id',
          })
          return
        }
        if (seenIds.has(id)) {
          context.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            message: `duplicate source id "${id}"`,
          })
        }
        seenIds.add(id)
      })
    })
}

export type GatewayConfigSchema = ReturnType<typeof createConfigSchema>
export type GatewayConfig = z.output<GatewayConfigSchema>
/** One entry of `sources`: its kind and id, the rest parsed by the kind's own schema. */
export type SourceConfig = GatewayConfig['sources'][number]
