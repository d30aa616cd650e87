/**
 * `npm run pack:check` — packs the app as `npm run dist` would (`electron-builder --linux dir`,
 * build/electron-builder.config.cjs), but with a stand-in Electron dist, so it runs offline and in
 * seconds, and prints what a trust would ship: app.asar's size and entry count, and the
 * node_modules packages inside it. It fails when the asar is over budget, or when the bundles load
 * a package at run time that build/runtimeModules.json does not pack (the packaged app would not
 * start) or the list names one they no longer load.
 *
 * Usage: npm run pack:check [-- --no-build] [-- --keep]
 *   --no-build  use out/ as it is (default: npm run build first)
 *   --keep      keep the packed app (its path is printed)
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { listPackage } from '@electron/asar'
import { build, Platform, type Configuration } from 'electron-builder'
import { compareRuntimeModules, runtimeRequires } from './runtimeRequires.ts'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)

/** Well under the 87 MB it was: the bundles (≈ 7 MB) plus net-snmp. */
export const ASAR_BUDGET_BYTES = 20 * 1024 * 1024

const BUNDLES = ['out/gateway/main.js', 'out/main/main.cjs', 'out/preload/preload.cjs'] as const

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const say = (line: string): void => {
  process.stdout.write(`[pack:check] ${line}\n`)
}
const fail = (line: string): never => {
  process.stderr.write(`[pack:check] ${line}\n`)
  process.exit(1)
}

/** A stand-in Electron dist: what electron-builder copies and renames; nothing of it is run. */
function fakeElectronDist(dir: string): string {
  const dist = join(dir, 'electron-dist')
  mkdirSync(join(dist, 'resources'), { recursive: true })
  writeFileSync(
    join(dist, 'electron'),
    '#!/bin/sh\necho "stand-in Electron for npm run pack:check" >&2\nexit 1\n',
  )
  chmodSync(join(dist, 'electron'), 0o755)
  writeFileSync(join(dist, 'version'), (require('electron/package.json') as { version: string }).version)
  return dist
}

async function main(): Promise<void> {
  let values
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        'no-build': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)} (npm run pack:check -- --help)`)
  }
  if (values.help) {
    process.stdout.write(
      'usage: npm run pack:check [-- --no-build] [-- --keep]\n' +
        'Packs the app (electron-builder --linux dir) with a stand-in Electron dist and prints app.asar\n' +
        "'s size, entry count and the node_modules packages in it; fails over budget or when the\n" +
        'bundles load a package build/runtimeModules.json does not pack.\n' +
        '  --no-build  use out/ as it is (default: npm run build first)\n' +
        '  --keep      keep the packed app\n',
    )
    return
  }

  if (!values['no-build']) {
    say('npm run build')
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    })
    if (built.status !== 0) fail(`npm run build failed (exit ${built.status ?? 'signal'})`)
  }

  const RUNTIME_MODULES = JSON.parse(
    readFileSync(join(root, 'build/runtimeModules.json'), 'utf8'),
  ) as string[]
  const loaded = new Set<string>()
  for (const bundle of BUNDLES) {
    let text: string
    try {
      text = readFileSync(join(root, bundle), 'utf8')
    } catch {
      return fail(`${bundle} is missing: run npm run build (or drop --no-build)`)
    }
    for (const name of runtimeRequires(text)) loaded.add(name)
  }
  const { missing, unused } = compareRuntimeModules(RUNTIME_MODULES, [...loaded])
  if (missing.length > 0)
    fail(`the bundles load ${missing.join(', ')} at run time, which build/runtimeModules.json does not pack`)
  if (unused.length > 0)
    fail(`build/runtimeModules.json packs ${unused.join(', ')}, which no bundle loads any more`)
  say(`packages the bundles load at run time: ${[...loaded].sort().join(', ') || 'none'}`)

  const work = mkdtempSync(join(tmpdir(), 'watchfloor-pack-'))
  let size: number
  try {
    const base = require('../build/electron-builder.config.cjs') as Configuration
    // The stand-in has no fuse sentinels to flip; everything else is the config `npm run dist` uses.
    const { electronFuses: _fuses, ...rest } = base
    const config: Configuration = {
      ...rest,
      electronDist: fakeElectronDist(work),
      directories: { ...base.directories, output: join(work, 'release') },
    }
    say('electron-builder --linux dir (stand-in Electron dist, offline)')
    await build({ projectDir: root, targets: Platform.LINUX.createTarget('dir'), config })
    const asar = join(work, 'release', 'linux-unpacked', 'resources', 'app.asar')
    size = statSync(asar).size
    const entries = listPackage(asar, { isPack: false })
    const packages = entries
      .map((entry) => /^[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)$/.exec(entry)?.[1])
      .filter((name): name is string => name !== undefined)
    say(
      `app.asar: ${mb(size)} (${size.toLocaleString('en-GB')} bytes), ${entries.length.toLocaleString('en-GB')} entries; ` +
        `node_modules in it: ${packages.join(', ') || 'none'}`,
    )
    if (values.keep) say(`kept: ${join(work, 'release', 'linux-unpacked')}`)
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true })
  }
  if (size > ASAR_BUDGET_BYTES) fail(`app.asar is ${mb(size)}, over the ${mb(ASAR_BUDGET_BYTES)} budget`)
}

if (import.meta.main) await main()
