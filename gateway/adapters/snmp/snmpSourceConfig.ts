/**
 * Configuration of an SNMP network-health source: the devices to poll (with their place on the
 * map and their clinical footprint, which SNMP cannot know), how to reach them (v2c community or
 * v3 user), which interfaces matter, and an optional linkDown/linkUp trap receiver.
 * See docs/sources-snmp.md for a worked example.
 */
import { z } from 'zod'
import { deviceKindSchema } from '../../../shared/contracts/entities.ts'

const idSchema = z.string().min(1).max(128)

export const snmpV2cCredentialsSchema = z
  .object({
    version: z.literal('2c'),
    community: z.string().min(1).max(128),
  })
  .strict()

export const snmpV3CredentialsSchema = z
  .object({
    version: z.literal('3'),
    user: z.string().min(1).max(64),
    level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']),
    authProtocol: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
    authKey: z.string().min(8, 'SNMPv3 keys are at least 8 characters').optional(),
    /** DES needs Node's legacy OpenSSL provider; prefer AES. */
    privProtocol: z.enum(['des', 'aes', 'aes256b', 'aes256r']).optional(),
    privKey: z.string().min(8, 'SNMPv3 keys are at least 8 characters').optional(),
  })
  .strict()
  .refine((c) => c.level === 'noAuthNoPriv' || (c.authProtocol !== undefined && c.authKey !== undefined), {
    message: 'authNoPriv and authPriv need authProtocol and authKey',
  })
  .refine((c) => c.level !== 'authPriv' || (c.privProtocol !== undefined && c.privKey !== undefined), {
    message: 'authPriv needs privProtocol and privKey',
  })

export const snmpCredentialsSchema = z.discriminatedUnion('version', [
  snmpV2cCredentialsSchema,
  snmpV3CredentialsSchema,
])
export type SnmpCredentials = z.infer<typeof snmpCredentialsSchema>

export const monitoredInterfaceSchema = z
  .object({
    ifIndex: z.number().int().positive(),
    /** Shown in links and details, e.g. "Gi1/0/48"; read from ifName when absent. */
    name: z.string().min(1).max(64).optional(),
    /** The device's uplink: its state and utilisation are the device's. */
    uplink: z.boolean().default(false),
    /** The device at the other end, to draw the link on the map. */
    peerId: idSchema.optional(),
    /** Line rate for utilisation when ifHighSpeed is missing or wrong. */
    speedMbps: z.number().positive().optional(),
  })
  .strict()
export type MonitoredInterface = z.infer<typeof monitoredInterfaceSchema>

export const snmpDeviceConfigSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(128),
    kind: deviceKindSchema,
    siteId: idSchema,
    levelId: idSchema.nullable().default(null),
    x: z.number().nullable().default(null),
    y: z.number().nullable().default(null),
    uplinkId: idSchema.nullable().default(null),
    /** Units this device serves: the clinical footprint of its outage. */
    servesUnitIds: z.array(idSchema).default([]),
    /** Management address (IPv4 literal or host name). Also how traps are matched to the device. */
    host: z.string().min(1).max(64),
    port: z.number().int().min(1).max(65535).default(161),
    /** Extra source addresses its traps may come from (a second management interface). */
    trapSources: z.array(z.string().min(1).max(64)).default([]),
    snmp: snmpCredentialsSchema,
    /**
     * The interfaces to watch. Absent: walk ifTable each poll, and count as a fault only an
     * interface that was up and went down while admin-up (unused access ports are not faults).
     */
    interfaces: z.array(monitoredInterfaceSchema).min(1).optional(),
  })
  .strict()
export type SnmpDeviceConfig = z.infer<typeof snmpDeviceConfigSchema>

export const trapReceiverConfigSchema = z
  .object({
    /** Loopback unless the operator says otherwise; 0.0.0.0 or the management interface in production. */
    address: z.string().min(1).default('127.0.0.1'),
    /** 162 is the standard port, which needs privilege; 1162 is a common unprivileged choice. */
    port: z.number().int().min(1).max(65535).default(162),
    /** v1/v2c communities accepted on traps; others are rejected and counted. */
    communities: z.array(z.string().min(1)).min(1).default(['public']),
  })
  .strict()
export type TrapReceiverConfig = z.infer<typeof trapReceiverConfigSchema>

export const snmpSourceConfigSchema = z
  .object({
    kind: z.literal('snmp'),
    id: idSchema,
    /** Time between the starts of two polls of one device. */
    intervalMs: z.number().int().min(200).default(30_000),
    /** Per request; a poll gives up after timeoutMs × (retries + 1). */
    timeoutMs: z.number().int().min(50).default(2_000),
    retries: z.number().int().min(0).max(5).default(1),
    /**
     * Consecutive missed polls before a device is `down`; after the first miss it is `unknown`
     * (we no longer know — never still `up`). Down after about intervalMs × downAfterMissedPolls.
     */
    downAfterMissedPolls: z.number().int().min(2).default(3),
    /** Polls counted for `lossPct`. */
    lossWindow: z.number().int().min(1).max(100).default(10),
    traps: trapReceiverConfigSchema.optional(),
    devices: z.array(snmpDeviceConfigSchema).min(1),
  })
  .strict()
  .refine((c) => new Set(c.devices.map((d) => d.id)).size === c.devices.length, {
    message: 'device ids must be unique',
    path: ['devices'],
  })
  .refine((c) => c.timeoutMs * (c.retries + 1) < c.intervalMs, {
    message: 'timeoutMs × (retries + 1) must be shorter than intervalMs, or polls would overlap',
    path: ['timeoutMs'],
  })
export type SnmpSourceConfig = z.infer<typeof snmpSourceConfigSchema>
export type SnmpSourceConfigInput = z.input<typeof snmpSourceConfigSchema>
