/**
 * The install secret: 32 random bytes kept in a file of the gateway's data directory, created on
 * first start with owner-only permissions (0600, in a 0700 directory when the gateway creates it).
 * It keys every hash the gateway derives from something a role may not see — a cyber alert's id is
 * a hash of its hidden host, and an unkeyed hash of a host name falls to a handful of guesses.
 * Losing the file changes those ids (open alerts are raised again under new ids); it is not
 * otherwise recoverable, and need not be: nothing is encrypted with it.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

export const INSTALL_SECRET_FILE = 'install-secret'
const SECRET_BYTES = 32
const HEX = /^[0-9a-f]{64}$/

export type InstallSecret = {
  readonly secret: Buffer
  /** The file it was read from or written to. */
  readonly path: string
  /** True when this call created the file. */
  readonly created: boolean
  /** Things the operator should know (permissions tightened); log them. */
  readonly warnings: readonly string[]
}

export type InstallSecretResult =
  ({ readonly ok: true } & InstallSecret) | { readonly ok: false; readonly error: string }

/** Reads `<dir>/install-secret`, creating it (and `dir`) when absent. Never overwrites a file. */
export async function loadOrCreateInstallSecret(dir: string): Promise<InstallSecretResult> {
  const path = join(dir, INSTALL_SECRET_FILE)
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    return { ok: false, error: `cannot create ${dir}: ${codeOf(error)}` }
  }
  const created = await createExclusive(path)
  if (!created.ok && created.error !== 'EEXIST') {
    return { ok: false, error: `cannot write ${path}: ${created.error}` }
  }
  return read(path, created.ok)
}

/** A secret for this process only, for tests and for a gateway started without a data directory. */
export function ephemeralInstallSecret(): Buffer {
  return randomBytes(SECRET_BYTES)
}

async function createExclusive(path: string): Promise<{ ok: true } | { ok: false; error: string }> {
  let handle
  try {
    // 'wx': fails if the file exists, so two gateways starting at once never replace each other's.
    handle = await open(path, 'wx', 0o600)
  } catch (error) {
    return { ok: false, error: codeOf(error) }
  }
  try {
    await handle.writeFile(`${randomBytes(SECRET_BYTES).toString('hex')}\n`, 'utf8')
    await handle.sync()
    return { ok: true }
  } catch (error) {
    return { ok: false, error: codeOf(error) }
  } finally {
    await handle.close()
  }
}

async function read(path: string, created: boolean): Promise<InstallSecretResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${codeOf(error)}` }
  }
  const hex = text.trim()
  if (!HEX.test(hex)) {
    // Never replaced silently: a new secret would change every alert id without anyone noticing.
    return {
      ok: false,
      error: `${path} is not an install secret (expected 64 hex digits); move it away to create a new one`,
    }
  }
  const warnings: string[] = []
  if (process.platform !== 'win32') {
    const mode = (await stat(path)).mode & 0o777
    if ((mode & 0o077) !== 0) {
      await chmod(path, 0o600)
      warnings.push(`${path} was readable by others (mode ${mode.toString(8)}); set to 600`)
    }
  }
  return { ok: true, secret: Buffer.from(hex, 'hex'), path, created, warnings }
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' ? code : error instanceof Error ? error.message : 'error'
}
