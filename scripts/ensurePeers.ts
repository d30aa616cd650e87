/**
 * `npm run peers` (and the first step of `npm test`, `npm run test:integration`, `npm run test:e2e`
 * and `.ci/run`): makes sure the real system peers the integration and end-to-end tests start on
 * 127.0.0.1 are installed. Where it can (root, apt-get) it installs what is missing; where it cannot
 * it stops at once with one line naming the missing Debian packages and the command to install
 * them. `npm run test:unit` needs none of them.
 *
 * Usage: node scripts/ensurePeers.ts [--check] [--help]
 *   --check   report only, never install (also: WATCHFLOOR_PEERS_INSTALL=0)
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { parseArgs } from 'node:util'

/** How a peer is found: a fixed path (tests spawn it by that path) or a command on PATH. */
export type PeerProbe = { readonly file: string } | { readonly command: string }

export type SystemPeer = {
  /** The Debian package that provides it. */
  readonly debianPackage: string
  /** What the tests use it for (in messages and docs). */
  readonly usedFor: string
  readonly probe: PeerProbe
}

/** Where the e2e suite and the benches find Chromium (tests/support/browser.ts). */
export const chromiumPath = (env: NodeJS.ProcessEnv): string => env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** Every system peer, by Debian package; the paths are those tests/support spawns. */
export function systemPeers(env: NodeJS.ProcessEnv = process.env): readonly SystemPeer[] {
  return [
    { debianPackage: 'chromium', usedFor: 'end-to-end tests', probe: { file: chromiumPath(env) } },
    { debianPackage: 'mosquitto', usedFor: 'MQTT broker', probe: { file: '/usr/sbin/mosquitto' } },
    { debianPackage: 'mosquitto-clients', usedFor: 'mosquitto_pub', probe: { command: 'mosquitto_pub' } },
    { debianPackage: 'snmpd', usedFor: 'SNMP agent', probe: { file: '/usr/sbin/snmpd' } },
    { debianPackage: 'snmp', usedFor: 'snmptrap', probe: { command: 'snmptrap' } },
    { debianPackage: 'redis-server', usedFor: 'cluster tests', probe: { command: 'redis-server' } },
    { debianPackage: 'bsdutils', usedFor: 'logger (syslog)', probe: { command: 'logger' } },
    { debianPackage: 'curl', usedFor: 'webhooks', probe: { command: 'curl' } },
    { debianPackage: 'openssl', usedFor: 'TLS certificates', probe: { command: 'openssl' } },
    {
      debianPackage: 'fonts-dejavu-core',
      usedFor: 'screenshots',
      probe: { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
    },
    { debianPackage: 'prometheus', usedFor: 'promtool check metrics', probe: { command: 'promtool' } },
  ]
}

/** What the probes may look at; the real one reads the file system, tests pass a fake. */
export type PeerSystem = {
  readonly isExecutable: (path: string) => boolean
  readonly isFile: (path: string) => boolean
  /** PATH, split into directories. */
  readonly pathDirs: readonly string[]
}

export const onPath = (command: string, system: PeerSystem): boolean =>
  system.pathDirs.some((dir) => dir !== '' && system.isExecutable(join(dir, command)))

export const isPresent = (peer: SystemPeer, system: PeerSystem): boolean =>
  'file' in peer.probe ? system.isFile(peer.probe.file) : onPath(peer.probe.command, system)

export function findMissingPeers(peers: readonly SystemPeer[], system: PeerSystem): SystemPeer[] {
  return peers.filter((peer) => !isPresent(peer, system))
}

export type PeerPlan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly packages: readonly string[] }
  | { readonly action: 'stop'; readonly line: string }

export type PlanContext = {
  readonly isRoot: boolean
  readonly hasAptGet: boolean
  /** False with `--check` or WATCHFLOOR_PEERS_INSTALL=0. */
  readonly mayInstall: boolean
  readonly env: NodeJS.ProcessEnv
}

const PREFIX = 'watchfloor: npm test needs system packages that are missing here:'

/** Decides, from what is missing, whether to install (root + apt) or stop with one line. */
export function planPeers(missing: readonly SystemPeer[], context: PlanContext): PeerPlan {
  if (missing.length === 0) return { action: 'none' }
  // A CHROMIUM_PATH that points nowhere is a typo, not a package apt could install.
  const customChromium = context.env['CHROMIUM_PATH']
  if (customChromium !== undefined && missing.some((peer) => peer.debianPackage === 'chromium')) {
    return {
      action: 'stop',
      line: `watchfloor: CHROMIUM_PATH is ${customChromium}, which does not exist; unset it to use /usr/bin/chromium (Debian package chromium).`,
    }
  }
  const packages = missing.map((peer) => peer.debianPackage)
  if (context.isRoot && context.hasAptGet && context.mayInstall) return { action: 'install', packages }
  const list = packages.join(' ')
  const how = context.hasAptGet
    ? `install them with: ${context.isRoot ? '' : 'sudo '}apt-get install -y ${list}`
    : `install these Debian packages, or your system's equivalents`
  return {
    action: 'stop',
    line: `${PREFIX} ${list}; ${how} (or run \`npm run test:unit\`, which needs none).`,
  }
}

const realSystem = (env: NodeJS.ProcessEnv): PeerSystem => ({
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK)
      return true
    } catch {
      // Not there, or not executable: either way not a usable command.
      return false
    }
  },
  isFile: (path) => existsSync(path),
  pathDirs: (env['PATH'] ?? '').split(delimiter),
})

const say = (line: string): void => {
  process.stdout.write(`[peers] ${line}\n`)
}
const stop = (line: string): never => {
  process.stderr.write(`${line}\n`)
  process.exit(1)
}

function aptGet(args: readonly string[]): number {
  const result = spawnSync('apt-get', [...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return result.status ?? 1
}

function main(): void {
  let values
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    }).values
  } catch (error) {
    return stop(`ensurePeers: ${error instanceof Error ? error.message : String(error)} (see --help)`)
  }
  if (values.help) {
    const peers = systemPeers()
      .map((peer) => `  ${peer.debianPackage.padEnd(18)} ${peer.usedFor}`)
      .join('\n')
    process.stdout.write(
      `usage: node scripts/ensurePeers.ts [--check]\n` +
        `Makes sure the integration and end-to-end tests' system peers are installed; as root with apt-get\n` +
        `it installs what is missing, otherwise it names the packages and stops.\n` +
        `  --check   report only, never install (also WATCHFLOOR_PEERS_INSTALL=0)\n` +
        `env: CHROMIUM_PATH (default /usr/bin/chromium)\n` +
        `Debian packages:\n${peers}\n`,
    )
    return
  }
  const env = process.env
  const system = realSystem(env)
  const peers = systemPeers(env)
  const missing = findMissingPeers(peers, system)
  const plan = planPeers(missing, {
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath('apt-get', system),
    mayInstall: !values.check && env['WATCHFLOOR_PEERS_INSTALL'] !== '0',
    env,
  })
  if (plan.action === 'none') return
  if (plan.action === 'stop') return stop(plan.line)

  const list = plan.packages.join(' ')
  say(`installing Debian packages: ${list} (apt-get, as root)`)
  if (aptGet(['update', '-qq']) !== 0) {
    return stop(`watchfloor: apt-get update failed; install by hand: apt-get install -y ${list}`)
  }
  const code = aptGet(['install', '-y', '-qq', ...plan.packages])
  if (code !== 0) return stop(`watchfloor: apt-get install failed (exit ${code}): apt-get install -y ${list}`)
  const still = findMissingPeers(peers, system)
  if (still.length > 0) {
    const names = still.map((peer) => peer.debianPackage).join(' ')
    return stop(
      `watchfloor: still missing after apt-get install: ${names} (looked for ${still
        .map((peer) => ('file' in peer.probe ? peer.probe.file : peer.probe.command))
        .join(', ')}).`,
    )
  }
  say('installed')
}

if (import.meta.main) main()
