/**
 * `--check-config`: everything the gateway would refuse at startup, found without starting it —
 * the schema (already checked by the caller), the files the config names (TLS PEMs, site model,
 * floor plans) and the `--serve-renderer` directory — for a trust's change process: a new config
 * is checked before it is deployed. The summary names no token, only counts by role.
 */
import { constants } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { GatewayConfig } from '../config/configSchema.ts'
import { loadFloorPlans, loadSiteModel } from '../server/loadSiteData.ts'

type Result<T> = { ok: true; value: T } | { ok: false; error: string }

/** The built renderer directory must exist and hold index.html, or `--serve-renderer` is a typo. */
export async function checkRendererDir(dir: string): Promise<Result<string>> {
  const full = resolve(dir)
  const info = await stat(full).catch(() => null)
  if (info === null)
    return {
      ok: false,
      error: `--serve-renderer: ${full} does not exist (npm run build:renderer makes out/renderer)`,
    }
  if (!info.isDirectory()) return { ok: false, error: `--serve-renderer: ${full} is not a directory` }
  const index = await stat(join(full, 'index.html')).catch(() => null)
  if (index === null)
    return {
      ok: false,
      error: `--serve-renderer: ${full} has no index.html (is it the built renderer, out/renderer?)`,
    }
  return { ok: true, value: full }
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): string =>
  [
    ...items.reduce(
      (counts, item) => counts.set(key(item), (counts.get(key(item)) ?? 0) + 1),
      new Map<string, number>(),
    ),
  ]
    .map(([name, count]) => `${name} ${count}`)
    .join(', ')

/** Loads what the config points at; the summary says what the gateway would run. */
export async function checkConfig(
  config: GatewayConfig,
  configDir: string,
  options: { readonly extraTokens: number; readonly dataDir: string | null },
): Promise<Result<string>> {
  const extraTokens = options.extraTokens
  const parts: string[] = []
  const { host, port, tls } = config.server
  if (tls !== undefined) {
    for (const key of ['cert', 'key'] as const) {
      const file = resolve(configDir, tls[key])
      try {
        await readFile(file)
      } catch (error) {
        return {
          ok: false,
          error: `config: server.tls.${key}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        }
      }
    }
  }
  parts.push(
    `listens on ${tls === undefined ? 'http' : 'https'}://${host}${port === 0 ? ' (a free port)' : `:${port}`}`,
  )
  const tokens = config.tokens.length + extraTokens
  parts.push(
    tokens === 0
      ? 'no tokens (nobody can connect)'
      : `${tokens} token${tokens === 1 ? '' : 's'}${config.tokens.length > 0 ? ` (${countBy(config.tokens, (t) => t.role)})` : ''}`,
  )
  parts.push(
    config.sources.length === 0
      ? 'no sources'
      : `${config.sources.length} source${config.sources.length === 1 ? '' : 's'}: ${config.sources.map((s) => `${s.kind} ${s.id}`).join(', ')}`,
  )
  if (config.siteModel !== undefined) {
    const model = await loadSiteModel(config.siteModel, configDir)
    if (!model.ok) return model
    parts.push(
      `site model: ${model.value.sites.length} sites, ${model.value.units.length} units, ${model.value.beds.length} beds`,
    )
  }
  if (config.floorPlans !== undefined) {
    const plans = await loadFloorPlans(config.floorPlans, configDir)
    if (!plans.ok) return plans
    parts.push(`floor plans: ${plans.value.size} levels`)
  }
  const storage = await checkDataDir(options.dataDir ?? config.storage.dir, configDir)
  if (!storage.ok) return storage
  if (config.cluster === undefined) parts.push(storage.value)
  else
    parts.push(
      `change log: the Redis Stream wf:{${config.cluster.name}}:stream (cluster, not contacted by the check); data directory: ${storage.value.replace(/^change log: /, '')}`,
    )
  return { ok: true, value: parts.join('; ') }
}

/** The change log's directory: there and writable, or creatable under a writable parent. */
async function checkDataDir(dir: string, configDir: string): Promise<Result<string>> {
  if (dir === ':memory:') return { ok: true, value: 'change log: in memory (keeps nothing across restarts)' }
  const full = isAbsolute(dir) ? dir : resolve(configDir, dir)
  let existing = full
  while ((await stat(existing).catch(() => null)) === null && dirname(existing) !== existing) {
    existing = dirname(existing)
  }
  try {
    await access(existing, constants.W_OK)
  } catch {
    return {
      ok: false,
      error: `config: storage.dir: ${existing} is not writable (the change log goes in ${full})`,
    }
  }
  return { ok: true, value: `change log: ${full}${existing === full ? '' : ' (created at start)'}` }
}
