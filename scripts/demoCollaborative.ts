/**
 * `npm run demo:collaborative` — a fictional four-trust provider collaborative on one wall: four
 * gateways, each its own demo trust (scripts/collaborativeDemo.ts: different names, sites, sizes
 * and seeds, each its own token and data directory under .data/collaborative/), and the board.
 * The app shows it: the Electron app (`--collaborative FILE`, its hub in main connects to all four)
 * where its binary is installed, else the browser host, as `npm start` does — the first gateway
 * serves the board, whose hub in the page connects to all four (docs/collaborative.md). Ctrl+C
 * stops them all.
 *
 * Usage: npm run demo:collaborative [-- --scale F] [--rate N] [--rebuild] [--desktop]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { collaborativeBoardUrl, freePorts, gatewayList, planCollaborativeDemo } from './collaborativeDemo.ts'
import { findElectronBinary } from './start.ts'

const root = resolve(import.meta.dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const say = (line: string): void => void process.stdout.write(`[collaborative] ${line}\n`)

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      scale: { type: 'string' },
      rate: { type: 'string' },
      rebuild: { type: 'boolean' },
      desktop: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(
      'usage: npm run demo:collaborative [-- --scale F] [--rate EV_PER_S] [--rebuild] [--desktop]\n' +
        '  --scale F     multiplies every trust’s size (default 1: about 3,000 beds in all)\n' +
        '  --rate N      events per second per trust (default 50 × its scale)\n' +
        '  --rebuild     build the renderer again first\n' +
        '  --desktop     the desktop layout (tabs) instead of the wall\n',
    )
    return
  }
  const scaleFactor = values.scale === undefined ? 1 : Number(values.scale)
  const rate = values.rate === undefined ? undefined : Number(values.rate)
  if (!Number.isFinite(scaleFactor) || scaleFactor <= 0) throw new Error('--scale: expected a number > 0')
  if (rate !== undefined && (!Number.isFinite(rate) || rate < 0))
    throw new Error('--rate: expected a number ≥ 0')

  const electron = findElectronBinary(root)
  const outputs =
    electron === null ? ['out/renderer/index.html'] : ['out/renderer/index.html', 'out/main/main.cjs']
  if (values.rebuild === true || outputs.some((path) => !existsSync(join(root, path)))) {
    const script = electron === null ? 'build:renderer' : 'build'
    say(`building: npm run ${script}`)
    const built = spawnSync(npm, ['run', '--silent', script], { cwd: root, stdio: 'inherit' })
    if (built.status !== 0) process.exit(built.status ?? 1)
  }

  start(scaleFactor, rate, values.desktop === true, electron).catch((error: unknown) => {
    process.stderr.write(`[collaborative] ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}

async function start(
  scaleFactor: number,
  rate: number | undefined,
  desktop: boolean,
  electron: string | null,
): Promise<void> {
  const plans = planCollaborativeDemo({
    dir: join(root, '.data', 'collaborative'),
    ports: await freePorts(4),
    scaleFactor,
    ...(rate === undefined ? {} : { rate }),
  })
  const children: ChildProcess[] = []
  const stopAll = (signal: NodeJS.Signals): void => {
    for (const child of children) if (child.exitCode === null) child.kill(signal)
  }
  process.on('SIGINT', () => stopAll('SIGINT'))
  process.on('SIGTERM', () => stopAll('SIGTERM'))

  let listening = 0
  for (const plan of plans) {
    const args = [
      'gateway/main.ts',
      '--config',
      plan.config,
      '--port',
      String(plan.port),
      '--data-dir',
      plan.dataDir,
    ]
    if (plan.servesRenderer) args.push('--serve-renderer', 'out/renderer')
    say(`${plan.trust.key.toUpperCase()} ${plan.trust.name}: gateway on ${plan.url} (data ${plan.dataDir})`)
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!/^watchfloor-gateway listening /.test(line)) return
      listening += 1
      say(`${plan.trust.key.toUpperCase()} listening`)
      if (listening === plans.length && electron !== null) {
        // The app: its hub in main merges the four (the list, with the tokens, readable by us only).
        const list = join(root, '.data', 'collaborative', 'gateways.json')
        writeFileSync(list, JSON.stringify(gatewayList(plans)), { mode: 0o600 })
        const mode = desktop ? 'desktop' : 'wall'
        say(`opening Watchfloor with ${electron} (--collaborative ${list}); the Collaborative board is tab 4`)
        const env = { ...process.env }
        // A leftover ELECTRON_RUN_AS_NODE would start plain Node instead of the app.
        delete env['ELECTRON_RUN_AS_NODE']
        const app = spawn(electron, [root, '--collaborative', list, '--mode', mode], {
          env,
          cwd: root,
          stdio: 'inherit',
        })
        children.push(app)
      } else if (listening === plans.length) {
        const url = collaborativeBoardUrl(plans, desktop ? '?board=collaborative' : undefined)
        process.stdout.write(`open ${url}\n`)
        say('The collaborative board is at the address above: open it in Chromium, Edge or Firefox.')
        say('Stop one trust’s gateway (kill its process) to see that trust alone go STALE. Ctrl+C stops all.')
      }
    })
    child.on('exit', (code, signal) => {
      say(`${plan.trust.key.toUpperCase()} gateway exited (${code ?? signal})`)
      // One trust's gateway ending is the demo of a partner going down: the others carry on.
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0)
    })
  }
}

if (import.meta.main) main()
