/**
 * `npm start` — builds what is missing or out of date, then opens the Electron app (wall mode by
 * default, with the embedded demo gateway). Where the Electron binary is not installed (our build
 * machines: it is downloaded from GitHub at first use), it says so and starts the browser host
 * instead: the gateway with the demo trust serving the built renderer, and the board's address.
 *
 * The binary is found by reading node_modules/electron/path.txt — never by importing 'electron',
 * which would try to download it and throw.
 *
 * Usage: npm start [-- --help]   (scripts/parseStartArgs.ts lists the flags)
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { browserHostRefusal, parseStartArgs, START_USAGE, withMode } from './parseStartArgs.ts'

const root = resolve(import.meta.dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** A build and the sources it is made from: rebuilt when missing or older than any source. */
type Build = {
  readonly script: string
  readonly outputs: readonly string[]
  readonly sources: readonly string[]
}

const RENDERER_BUILD: Build = {
  script: 'build:renderer',
  outputs: ['out/renderer/index.html'],
  sources: ['renderer', 'shared', 'resources/alarm-rules'],
}
const ELECTRON_BUILD: Build = {
  script: 'build:electron',
  outputs: ['out/main/main.cjs', 'out/preload/preload.cjs', 'out/gateway/main.js'],
  sources: ['electron', 'gateway', 'shared'],
}

function say(line: string): void {
  process.stdout.write(`[start] ${line}\n`)
}
function refuse(line: string): never {
  process.stderr.write(`[start] ${line}\n`)
  process.exit(2)
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

/** Newest modification time under these paths (tests beside the code count too: cheap, and safe). */
function newestMtime(paths: readonly string[]): number {
  let newest = 0
  const visit = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat === undefined) return
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
    } else newest = Math.max(newest, stat.mtimeMs)
  }
  for (const path of paths) visit(join(root, path))
  return newest
}

/** Why this build must run, or null when its outputs are there and newer than its sources. */
function staleReason(build: Build, rebuild: boolean): string | null {
  if (rebuild) return 'rebuilding (--rebuild)'
  const missing = build.outputs.filter((p) => !existsSync(join(root, p)))
  if (missing.length > 0) return `building (missing: ${missing.join(', ')})`
  const built = Math.min(...build.outputs.map((p) => statSync(join(root, p)).mtimeMs))
  if (newestMtime(build.sources) > built) return `building (${build.sources.join(', ')} changed since)`
  return null
}

function ensureBuilt(builds: readonly Build[], rebuild: boolean): void {
  for (const build of builds) {
    const reason = staleReason(build, rebuild)
    if (reason === null) continue
    say(`${reason}: npm run ${build.script}`)
    const result = spawnSync(npm, ['run', '--silent', build.script], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    })
    if (result.status !== 0) {
      say(`npm run ${build.script} failed (exit ${result.status ?? 'signal'})`)
      process.exit(result.status ?? 1)
    }
  }
}

function forwardSignals(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
}

function main(): void {
  const parsed = parseStartArgs(process.argv.slice(2))
  if (!parsed.ok) refuse(`${parsed.error} (npm start -- --help)`)
  const args = parsed.value
  if (args.help) {
    process.stdout.write(`${START_USAGE}\n`)
    return
  }

  const electron = findElectronBinary(root)
  if (electron !== null) {
    ensureBuilt([RENDERER_BUILD, ELECTRON_BUILD], args.rebuild)
    if (args.port !== null)
      say('--port applies to the browser host only; the embedded gateway picks a free port')
    say(`opening Watchfloor with ${electron}`)
    const env = { ...process.env }
    // A leftover ELECTRON_RUN_AS_NODE would start plain Node instead of the app.
    delete env['ELECTRON_RUN_AS_NODE']
    const child = spawn(electron, [root, ...args.electronArgs], { cwd: root, stdio: 'inherit', env })
    child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
    forwardSignals(child)
    return
  }

  say('The Electron binary is not installed here (node_modules/electron/path.txt is missing).')
  say('Install it on a machine with internet with `npx install-electron`, or see docs/desktop-app.md.')
  const refusal = browserHostRefusal(args)
  if (refusal !== null) refuse(refusal)
  say('Starting the browser host instead: the gateway with the demo trust, serving the board.')
  ensureBuilt([RENDERER_BUILD], args.rebuild)

  const token = args.token ?? randomBytes(24).toString('base64url')
  const gatewayArgs = ['gateway/main.ts', '--demo', '--serve-renderer', 'out/renderer', '--token', token]
  if (args.port !== null) gatewayArgs.push('--port', String(args.port))
  const child = spawn(process.execPath, gatewayArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  // The gateway prints its listening line; the board's address (with the token in the fragment,
  // which browsers never send to a server) is said here, with the mode.
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`)
    const listening = /^watchfloor-gateway listening (http\S+)$/.exec(line)
    if (listening?.[1] === undefined) return
    const port = new URL(listening[1]).port
    const url = withMode(`http://127.0.0.1:${port}/#token=${token}`, args.mode)
    process.stdout.write(`open ${url}\n`)
    say(`The board is at ${url} — open it in Chromium, Edge or Firefox. Ctrl+C stops it.`)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
  forwardSignals(child)
}

if (import.meta.main) main()
