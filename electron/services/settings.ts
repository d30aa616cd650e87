/**
 * The app's settings: one JSON file in Electron's userData directory, parsed with zod on load
 * (a bad file is logged, set aside and replaced by defaults — the wall must still come up) and
 * written atomically (temp file, fsync, rename) so a power cut never leaves half a file.
 */
import { MAX_COLLABORATIVE_GATEWAYS, trustKeySchema } from '../../shared/contracts/collaborative.ts'
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { appModeSchema, boardIdSchema, muteStateSchema, rotationSchema } from '../../shared/contracts/ipc.ts'
import type { Logger } from './logger.ts'

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})

/**
 * What one physical display shows. A display is recognised by its id, else by its OS label, else
 * by its position (left to right, top to bottom): ids change on some OSes after a replug, labels
 * repeat on identical monitors, positions shift when one is unplugged.
 */
export const displayAssignmentSchema = z.object({
  displayId: z.number().int(),
  label: z.string(),
  position: z.number().int().nonnegative(),
  boardId: boardIdSchema.nullable(),
  rotation: rotationSchema.nullable(),
})
export type DisplayAssignment = z.infer<typeof displayAssignmentSchema>

export const gatewayUrlSchema = z
  .string()
  .url()
  .refine(
    (u) => URL.canParse(u) && /^(https?|wss?):$/.test(new URL(u).protocol),
    'gateway URL must be http(s) or ws(s)',
  )

export const gatewayTokenSchema = z.string().min(1).max(512)

/**
 * A cluster's other gateways (docs/cluster.md): the hub moves to the next when the one it is on
 * fails, and resumes there from its last seq. Not needed behind the trust's load balancer.
 */
export const alternateUrlsSchema = z.array(gatewayUrlSchema).max(16)

/** A gateway and its token, in memory (from flags, or unsealed from settings). */
export const gatewaySettingSchema = z.object({
  url: gatewayUrlSchema,
  token: gatewayTokenSchema,
  alternateUrls: alternateUrlsSchema.optional(),
})
export type GatewaySetting = z.infer<typeof gatewaySettingSchema>

/**
 * The gateway as the settings file keeps it: the token sealed with the OS keychain (Electron
 * safeStorage, base64), never in clear. A file written by hand with `token` in clear is accepted
 * once and sealed on start (see tokenVault.ts); where the OS has no keychain it stays as written,
 * with a warning at every start.
 */
export const storedGatewaySchema = z
  .object({
    url: gatewayUrlSchema,
    alternateUrls: alternateUrlsSchema.optional(),
    sealedToken: z.string().min(1).max(8_192).optional(),
    token: gatewayTokenSchema.optional(),
  })
  .refine((g) => (g.sealedToken === undefined) !== (g.token === undefined), 'set either token or sealedToken')
export type StoredGateway = z.infer<typeof storedGatewaySchema>

/**
 * One trust of a collaborative as the settings file keeps it (docs/collaborative.md): its key and
 * its gateway, the token sealed like `gateway`'s.
 */
export const storedCollaborativeGatewaySchema = z
  .object({
    trust: trustKeySchema,
    url: gatewayUrlSchema,
    alternateUrls: alternateUrlsSchema.optional(),
    sealedToken: z.string().min(1).max(8_192).optional(),
    token: gatewayTokenSchema.optional(),
  })
  .refine((g) => (g.sealedToken === undefined) !== (g.token === undefined), 'set either token or sealedToken')
export type StoredCollaborativeGateway = z.infer<typeof storedCollaborativeGatewaySchema>

export const settingsSchema = z.object({
  version: z.literal(1).default(1),
  mode: appModeSchema.default('wall'),
  /** null: start the embedded gateway with the demo trust. */
  gateway: storedGatewaySchema.nullable().default(null),
  /**
   * A collaborative's gateways, one per trust: when set (and no `--gateway` flag), the hub connects
   * to every one of them and merges them instead of using `gateway` (docs/collaborative.md).
   */
  collaborative: z
    .array(storedCollaborativeGatewaySchema)
    .max(MAX_COLLABORATIVE_GATEWAYS)
    .refine((list) => new Set(list.map((g) => g.trust)).size === list.length, 'every trust key must differ')
    .nullable()
    .default(null),
  displays: z.array(displayAssignmentSchema).max(64).default([]),
  desktop: z
    .object({
      bounds: rectSchema.nullable().default(null),
      boardId: boardIdSchema.nullable().default(null),
      rotation: rotationSchema.nullable().default(null),
    })
    .default({ bounds: null, boardId: null, rotation: null }),
  alarmMute: muteStateSchema.default({ mutedUntil: null }),
})
export type Settings = z.infer<typeof settingsSchema>

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({})

/** File access, injected so tests can use a temp dir or a fake. */
export type SettingsFile = {
  /** The file's text, or null when it does not exist. */
  read(): string | null
  /** Replaces the file atomically. */
  write(text: string): void
  /** Moves a corrupt file aside so it can be inspected and is not overwritten. */
  setAside(suffix: string): void
}

/** A {@link SettingsFile} on disk at `path`, written temp → fsync → rename. */
export function diskSettingsFile(path: string): SettingsFile {
  return {
    read: () => {
      try {
        return readFileSync(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    write: (text) => {
      mkdirSync(dirname(path), { recursive: true })
      const tmp = `${path}.${process.pid}.tmp`
      const fd = openSync(tmp, 'w', 0o600)
      try {
        writeSync(fd, text)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, path)
    },
    setAside: (suffix) => renameSync(path, `${path}.${suffix}`),
  }
}

export type SettingsStore = {
  get(): Settings
  /** Applies `change` and writes the file when the result differs. */
  update(change: (current: Settings) => Settings): Settings
}

/** Loads settings from `file`; a missing file gives defaults, a corrupt one is set aside. */
export function openSettings(file: SettingsFile, log: Logger, now: () => number = Date.now): SettingsStore {
  let current = load(file, log, now)
  return {
    get: () => current,
    update: (change) => {
      const next = settingsSchema.parse(change(current))
      const text = JSON.stringify(next, null, 2)
      if (text === JSON.stringify(current, null, 2)) return current
      file.write(text)
      current = next
      return current
    },
  }
}

function load(file: SettingsFile, log: Logger, now: () => number): Settings {
  const text = file.read()
  if (text === null) return DEFAULT_SETTINGS
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    log.warn('settings file is not JSON; using defaults', { error: (error as Error).name })
    file.setAside(`bad-${now()}`)
    return DEFAULT_SETTINGS
  }
  const parsed = settingsSchema.safeParse(json)
  if (!parsed.success) {
    log.warn('settings file is invalid; using defaults', {
      issues: parsed.error.issues.length,
      firstPath: parsed.error.issues[0]?.path.join('.') ?? '',
    })
    file.setAside(`bad-${now()}`)
    return DEFAULT_SETTINGS
  }
  return parsed.data
}
