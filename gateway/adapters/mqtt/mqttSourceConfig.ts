/**
 * Configuration of an RTLS-over-MQTT source: the broker, the topic pattern, how a vendor's JSON
 * payload maps onto an asset position, the tag register and the zone/reader table.
 *
 * RTLS vendors (CenTrak, Sonitor, Kontakt.io, Zebra…) all publish JSON, but each with its own
 * field names, so the mapping is data, not code. See docs/sources-mqtt.md for a worked example.
 */
import { z } from 'zod'
import { assetStateSchema, assetTypeSchema } from '../../../shared/contracts/entities.ts'

const idSchema = z.string().min(1).max(128)

/**
 * Where a value comes from: a dotted JSON path into the payload (`"pos.x"`, `"readings.0.zone"`),
 * or one level of the MQTT topic (`{ topicLevel: 1 }` takes `abc` from `rtls/abc/position`).
 */
export const fieldRefSchema = z.union([
  z.string().min(1).max(200),
  z.object({ topicLevel: z.number().int().nonnegative() }).strict(),
])
export type FieldRef = z.infer<typeof fieldRefSchema>

export const TIME_FORMATS = ['iso', 'epoch-s', 'epoch-ms'] as const

export const positionMappingSchema = z
  .object({
    tagId: fieldRefSchema,
    /** Local metres on the level. Either x and y, or zone, must be mapped (both may be). */
    x: fieldRefSchema.optional(),
    y: fieldRefSchema.optional(),
    /** A zone or reader id, looked up in `zones`. */
    zone: fieldRefSchema.optional(),
    /** The level; looked up in `levels` first, else taken as a level id of the site model. */
    level: fieldRefSchema.optional(),
    battery: fieldRefSchema.optional(),
    /** The tag's own timestamp. Without it, the gateway's receive time is used. */
    time: fieldRefSchema.optional(),
    timeFormat: z.enum(TIME_FORMATS).default('iso'),
    /** `percent` (0–100) or `fraction` (0–1, scaled to percent). */
    batteryFormat: z.enum(['percent', 'fraction']).default('percent'),
  })
  .strict()
  .refine((m) => m.zone !== undefined || (m.x !== undefined && m.y !== undefined), {
    message: 'map either x and y, or zone',
  })
export type PositionMapping = z.infer<typeof positionMappingSchema>

/** An entry of the asset register: what a tag is attached to. */
export const tagEntrySchema = z
  .object({
    type: assetTypeSchema,
    /** Asset register label, e.g. "IP-00412". Never a person's name. */
    label: z.string().min(1).max(64),
    homeUnitId: idSchema.nullable().default(null),
    state: assetStateSchema.default('available'),
  })
  .strict()
export type TagEntry = z.infer<typeof tagEntrySchema>

/** Where a zone or fixed reader is: the position a tag reported only by zone is drawn at. */
export const zoneEntrySchema = z
  .object({
    levelId: idSchema,
    x: z.number(),
    y: z.number(),
    /** The unit of the site model this zone lies in; null for corridors and other unmapped space. */
    zoneId: idSchema.nullable(),
  })
  .strict()
export type ZoneEntry = z.infer<typeof zoneEntrySchema>

/**
 * Tags missing from `tags`: rejected by default (counted in the source's rejects, so an
 * unregistered tag is visible rather than drawn as an unlabeled dot), or accepted as a given type
 * with the tag id as its label.
 */
export const unknownTagPolicySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reject') }).strict(),
  z
    .object({
      action: z.literal('accept'),
      type: assetTypeSchema,
      homeUnitId: idSchema.nullable().default(null),
    })
    .strict(),
])
export type UnknownTagPolicy = z.infer<typeof unknownTagPolicySchema>

export const mqttSourceConfigSchema = z
  .object({
    kind: z.literal('mqtt'),
    id: idSchema,
    /** `mqtt://host:1883` or `mqtts://host:8883`. */
    url: z.url({ protocol: /^mqtts?$/, error: 'url must be mqtt://host:port or mqtts://host:port' }),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /**
     * Must be unique per gateway: the broker keeps one session per client id (and drops the older
     * connection when a second one uses it).
     */
    clientId: z.string().min(1).max(128).optional(),
    /** Keep the broker session across reconnects so QoS 1 positions sent while away are delivered. */
    persistentSession: z.boolean().default(true),
    topic: z.string().min(1).default('rtls/+/position'),
    qos: z.union([z.literal(0), z.literal(1)]).default(1),
    /** First reconnect delay; doubles on each failed attempt up to `maxReconnectPeriodMs`. */
    reconnectPeriodMs: z.number().int().min(50).default(1000),
    maxReconnectPeriodMs: z.number().int().min(50).default(30_000),
    connectTimeoutMs: z.number().int().min(100).default(10_000),
    /** Consecutive failed connection attempts before the source reports `down` (degraded before). */
    downAfterFailures: z.number().int().min(1).default(3),
    /** Positions stamped further than this in the future are rejected (a tag with a bad clock). */
    maxFutureSkewMs: z
      .number()
      .int()
      .nonnegative()
      .default(5 * 60_000),
    mapping: positionMappingSchema,
    /** Payload level value → level id of the site model, when the vendor's level names differ. */
    levels: z.record(z.string(), idSchema).default({}),
    /** Zone or reader id → its position. */
    zones: z.record(z.string(), zoneEntrySchema).default({}),
    /** Tag id → asset register entry. */
    tags: z.record(z.string(), tagEntrySchema).default({}),
    unknownTags: unknownTagPolicySchema.default({ action: 'reject' }),
  })
  .strict()
  .refine((c) => c.password === undefined || c.username !== undefined, {
    message: 'a password needs a username',
    path: ['password'],
  })
export type MqttSourceConfig = z.infer<typeof mqttSourceConfigSchema>
/** The config as written in YAML, before defaults. */
export type MqttSourceConfigInput = z.input<typeof mqttSourceConfigSchema>
