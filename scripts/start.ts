/**
 * `npm start` — builds what is missing, then opens the Electron app (wall mode by default, with the
 * embedded demo gateway). Where the Electron binary is not installed (our build machines: it is
 * downloaded from GitHub at first use), it says so and starts the browser host instead
 * (`npm run web`: the gateway with the demo trust serving the built renderer).
 *
 * The binary is found by reading node_modules/electron/path.txt — never by importing 'electron',
 * which would try to download it and throw.
 *
 * Usage: npm start [-- --rebuild] [-- app flags, e.g. --mode desktop --gateway URL --token T]
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const BUILD_OUTPUTS = [
  'out/main/main.cjs',
  'out/preload/preload.cjs',
  'out/gateway/main.js',
  'out/renderer/index.html',
]

function say(line: string): void {
  process.stdout.write(`[start] ${line}\n`)
}

/** The Electron executable, or null when the npm package has no downloaded binary. */
export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pkg = join(projectRoot, 'node_modules', 'electron')
  const pathTxt = join(pkg, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const relative = readFileSync(pathTxt, 'utf8').trim()
  if (relative === '') return null
  const dist = env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(pkg, 'dist')
  const binary = join(dist, relative)
  return existsSync(binary) ? binary : null
}

function run(command: string, args: readonly string[]): number {
  const result = spawnSync(command, [...args], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  return result.status ?? 1
}

function main(): void {
  const argv = process.argv.slice(2)
  const rebuild = argv.includes('--rebuild')
  const appArgs = argv.filter((a) => a !== '--rebuild')

  const missing = BUILD_OUTPUTS.filter((p) => !existsSync(join(root, p)))
  if (rebuild || missing.length > 0) {
    say(rebuild ? 'rebuilding' : `building (missing: ${missing.join(', ')})`)
    const code = run(npm, ['run', 'build'])
    if (code !== 0) {
      say(`build failed (exit ${code})`)
      process.exit(code)
    }
  }

  const electron = findElectronBinary(root)
  if (electron === null) {
    say('The Electron binary is not installed here (node_modules/electron/path.txt is missing).')
    say('Install it on a machine with internet with `npx install-electron`, or see docs/desktop-app.md.')
    say('Starting the browser host instead: the gateway with the demo trust, serving the board.')
    say('Open the http://127.0.0.1:… link it prints (with its #token=…).')
    const child = spawn(npm, ['run', 'web', '--', ...appArgs.filter((a) => a.startsWith('--port'))], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    })
    child.on('exit', (code) => process.exit(code ?? 0))
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
    return
  }

  say(`opening Watchfloor with ${electron}`)
  const env = { ...process.env }
  // A leftover ELECTRON_RUN_AS_NODE would start plain Node instead of the app.
  delete env['ELECTRON_RUN_AS_NODE']
  const child = spawn(electron, [root, ...appArgs], { cwd: root, stdio: 'inherit', env })
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
}

if (import.meta.main) main()
