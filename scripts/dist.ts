/**
 * `npm run dist` — the installers (Linux AppImage + deb, Windows NSIS) with electron-builder and
 * build/electron-builder.config.cjs. First it checks, in seconds, what would otherwise fail a
 * minute in: that the Electron zip of each platform can be had (WATCHFLOOR_ELECTRON_DIST, the
 * download cache, or a quick HEAD request to the mirror), and that a deb has a Maintainer. It
 * says in one line what it fetches, or what is missing and how to supply it offline. Then
 * `npm run build` and electron-builder, with any flags given (e.g. `-- --linux deb`).
 *
 * docs/packaging.md has the air-gapped build.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  DEFAULT_ELECTRON_MIRROR,
  distTargets,
  electronZip,
  isMaintainer,
  MAINTAINER_LINE,
  unavailableLine,
  type ElectronZip,
  type ZipSource,
} from './distPreflight.ts'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const USAGE = `usage: npm run dist [-- electron-builder flags, e.g. --linux deb | --win nsis]
Builds out/ and the installers in release/. Checks first that the Electron zip can be had.
environment:
  WATCHFLOOR_ELECTRON_DIST   the Electron zip, a directory holding it, or an unpacked Electron (offline builds)
  ELECTRON_MIRROR            where the zip is fetched from (default ${DEFAULT_ELECTRON_MIRROR})
  electron_config_cache      the download cache (default ~/.cache/electron)
  ELECTRON_BUILDER_CACHE     electron-builder's toolsets cache (fpm, AppImage, NSIS; default ~/.cache/electron-builder)
  ELECTRON_BUILDER_BINARIES_MIRROR  where those toolsets are fetched from
  WATCHFLOOR_DEB_MAINTAINER  the deb's Maintainer, "Name <email>" (required for a deb)
  WATCHFLOOR_HOMEPAGE        the deb's Homepage (optional)`

const say = (line: string): void => {
  process.stdout.write(`[dist] ${line}\n`)
}
const fail = (line: string): never => {
  process.stderr.write(`[dist] ${line}\n`)
  process.exit(1)
}

/** @electron/get's cache: electron_config_cache, else ~/.cache/electron (XDG_CACHE_HOME honoured). */
function electronCacheRoot(env: NodeJS.ProcessEnv): string {
  if (env['electron_config_cache']) return env['electron_config_cache']
  if (process.platform === 'win32')
    return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache')
  return join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'electron')
}

/** The cache keeps each file under a directory named by a hash of its URL: look one level down. */
function findInCache(cacheRoot: string, fileName: string): string | null {
  if (existsSync(join(cacheRoot, fileName))) return join(cacheRoot, fileName)
  let dirs: string[]
  try {
    dirs = readdirSync(cacheRoot)
  } catch {
    // No cache yet: nothing cached.
    return null
  }
  for (const dir of dirs)
    if (existsSync(join(cacheRoot, dir, fileName))) return join(cacheRoot, dir, fileName)
  return null
}

/** WATCHFLOOR_ELECTRON_DIST: the zip itself, a directory holding it, or an unpacked Electron. */
function offlineSource(path: string, zip: ElectronZip): ZipSource {
  const full = resolve(path)
  const info = statSync(full, { throwIfNoEntry: false })
  if (info === undefined)
    return { kind: 'unavailable', reason: `WATCHFLOOR_ELECTRON_DIST ${full} does not exist` }
  if (info.isFile()) return { kind: 'offline', path: full }
  if (existsSync(join(full, zip.fileName))) return { kind: 'offline', path: full }
  const binary = zip.platform === 'win32' ? 'electron.exe' : 'electron'
  if (existsSync(join(full, binary))) return { kind: 'offline', path: full }
  return {
    kind: 'unavailable',
    reason: `WATCHFLOOR_ELECTRON_DIST ${full} holds neither ${zip.fileName} nor an unpacked Electron (${binary})`,
  }
}

async function probe(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      redirect: 'follow',
      signal: AbortSignal.timeout(8_000),
    })
    return response.ok ? null : `HTTP ${response.status}`
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const config = require('../build/electron-builder.config.cjs') as { linux?: { target?: string[] } }
  const targets = distTargets(args, process.platform, config.linux?.target ?? [])
  if ('error' in targets) return fail(targets.error)
  if (targets.deb && !isMaintainer(process.env['WATCHFLOOR_DEB_MAINTAINER'])) return fail(MAINTAINER_LINE)

  const version = (require('electron/package.json') as { version: string }).version
  const cacheRoot = electronCacheRoot(process.env)
  const offline = process.env['WATCHFLOOR_ELECTRON_DIST']
  if (offline !== undefined && targets.platforms.length > 1)
    return fail('WATCHFLOOR_ELECTRON_DIST supplies one platform: build --linux and --win in separate runs')
  const extra: string[] = []
  for (const platform of targets.platforms) {
    const zip = electronZip(version, platform, 'x64', process.env)
    let source: ZipSource
    if (offline !== undefined) source = offlineSource(offline, zip)
    else {
      const cached = findInCache(cacheRoot, zip.fileName)
      if (cached !== null) source = { kind: 'cached', path: cached }
      else {
        const problem = await probe(zip.url)
        source = problem === null ? { kind: 'fetch', url: zip.url } : { kind: 'unavailable', reason: problem }
      }
    }
    if (source.kind === 'unavailable')
      return fail(
        offline === undefined
          ? unavailableLine(zip, source.reason, cacheRoot)
          : `${source.reason}: it must be ${zip.fileName}, a directory holding it, or an unpacked Electron ${version} (docs/packaging.md)`,
      )
    if (source.kind === 'offline') {
      say(`Electron ${version} for ${platform}: ${source.path} (electronDist)`)
      extra.push(`-c.electronDist=${source.path}`)
    } else if (source.kind === 'cached') say(`Electron ${version} for ${platform}: cached, ${source.path}`)
    else say(`Electron ${version} for ${platform}: fetching ${source.url}`)
  }
  say(
    'electron-builder also fetches its deb/AppImage/NSIS toolsets unless ELECTRON_BUILDER_CACHE has them (docs/packaging.md)',
  )

  const built = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (built.status !== 0) return fail(`npm run build failed (exit ${built.status ?? 'signal'})`)
  const builder = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
  )
  const result = spawnSync(builder, ['--config', 'build/electron-builder.config.cjs', ...extra, ...args], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  process.exit(result.status ?? 1)
}

if (import.meta.main) await main()
