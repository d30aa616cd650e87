/**
 * Reads and validates the config file. An invalid file is a value naming the bad key path, never a
 * half-applied config.
 */
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { SourceDefinition } from '../ingest/defineSource.ts'
import { createConfigSchema, type GatewayConfig } from './configSchema.ts'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'

export type LoadedConfig = { readonly config: GatewayConfig; readonly dir: string }
export type ConfigResult = { ok: true; value: LoadedConfig } | { ok: false; error: string }

/** Validates an already-parsed config object (from a file, or built by a test or the CLI). */
export function parseConfig(
  raw: unknown,
  registry: Readonly<Partial<Record<string, SourceDefinition>>>,
): { ok: true; config: GatewayConfig } | { ok: false; error: string } {
  const result = createConfigSchema(registry).safeParse(raw ?? {})
  if (!result.success) return { ok: false, error: formatConfigIssues(result.error.issues) }
  return { ok: true, config: result.data }
}

/** Reads a YAML or JSON file (by extension; `.json` is JSON, anything else YAML), unvalidated. */
export async function readConfigFile(
  path: string,
): Promise<{ ok: true; raw: unknown; dir: string } | { ok: false; error: string }> {
  const file = resolve(path)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    return {
      ok: false,
      error: `config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    }
  }
  let raw: unknown
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return {
      ok: false,
      error: `config: ${file} is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${reason}`,
    }
  }
  // An empty file (or one with only comments) is an empty config: every key has a default. Any
  // other top level but a mapping is a mistake, never read as an empty config.
  if (raw === null || raw === undefined) return { ok: true, raw: {}, dir: dirname(file) }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      error: `config: ${file}: the top level must be a mapping of keys (server:, tokens:, sources: …), not ${describeTopLevel(raw)}`,
    }
  }
  return { ok: true, raw, dir: dirname(file) }
}

const describeTopLevel = (raw: unknown): string =>
  Array.isArray(raw) ? 'a list' : typeof raw === 'string' ? 'a string' : `a ${typeof raw}`

/** Reads and validates a config file. */
export async function loadConfig(
  path: string,
  registry: Readonly<Partial<Record<string, SourceDefinition>>>,
): Promise<ConfigResult> {
  const read = await readConfigFile(path)
  if (!read.ok) return read
  const parsed = parseConfig(read.raw, registry)
  if (!parsed.ok) return parsed
  return { ok: true, value: { config: parsed.config, dir: read.dir } }
}
