/**
 * `npm run dev` — the contributor's loop: the demo gateway on 127.0.0.1 and Vite's dev server for
 * the renderer, which reloads the page (and swaps CSS in place) when a file under renderer/ or
 * shared/ changes. The page is the browser host, as `npm start` serves it without Electron, so
 * it connects to its own origin: Vite passes the feed (`/socket.io`, a websocket) and the HTTP
 * API (`/v1/…`, `/healthz`, `/metrics`) through to the gateway.
 *
 * Usage: npm run dev [-- --port N (Vite's, default 5173) --scale N --rate EV_PER_S]
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createServer } from 'vite'

const root = resolve(import.meta.dirname, '..')

export const DEV_USAGE = `usage: npm run dev [-- options]
The demo gateway and Vite's dev server for the renderer, reloading on every change.
  --port N            the dev server's port (default 5173)
  --scale N           demo trust size (default 1)
  --rate EV_PER_S     demo events per second (default the demo's own)
  --help              this text`

function fail(line: string, code = 2): never {
  process.stderr.write(`[dev] ${line}\n`)
  process.exit(code)
}

async function main(): Promise<void> {
  let values
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: 'string', default: '5173' },
        scale: { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)} (npm run dev -- --help)`)
  }
  if (values.help) {
    process.stdout.write(`${DEV_USAGE}\n`)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`--port: expected 1–65535, got "${values.port}"`)

  const token = randomBytes(24).toString('base64url')
  // The page's origin is the dev server's, which the gateway refuses unless its config lists it.
  const configDir = mkdtempSync(join(tmpdir(), 'watchfloor-dev-'))
  const config = join(configDir, 'gateway.json')
  writeFileSync(config, JSON.stringify({ origins: [`http://127.0.0.1:${port}`] }))
  process.on('exit', () => rmSync(configDir, { recursive: true, force: true }))
  const gatewayArgs = ['gateway/main.ts', '--config', config, '--demo', '--port', '0', '--token', token]
  gatewayArgs.push('--log-level', 'warn')
  if (values.scale !== undefined) gatewayArgs.push('--scale', values.scale)
  if (values.rate !== undefined) gatewayArgs.push('--rate', values.rate)
  const gateway = spawn(process.execPath, gatewayArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  // However this process ends, the gateway ends with it.
  process.on('exit', () => gateway.kill('SIGTERM'))
  const gatewayUrl = await new Promise<string>((resolveUrl) => {
    gateway.once('exit', (code) => fail(`the demo gateway exited (${code ?? 'signal'}) before listening`, 1))
    createInterface({ input: gateway.stdout }).on('line', (line) => {
      const listening = /^watchfloor-gateway listening (http\S+)$/.exec(line)
      if (listening?.[1] !== undefined) resolveUrl(listening[1])
    })
  })
  gateway.removeAllListeners('exit')
  gateway.once('exit', (code) => fail(`the demo gateway exited (${code ?? 'signal'})`, 1))

  const server = await createServer({
    configFile: resolve(root, 'renderer/vite.config.ts'),
    server: {
      host: '127.0.0.1',
      port,
      // The gateway allows exactly this origin.
      strictPort: true,
      proxy: {
        '/socket.io': { target: gatewayUrl, ws: true },
        '/v1': { target: gatewayUrl },
        '/healthz': { target: gatewayUrl },
        '/metrics': { target: gatewayUrl },
      },
    },
  })
  try {
    await server.listen()
  } catch (error) {
    fail(
      `${error instanceof Error ? error.message : String(error)}: choose another with npm run dev -- --port N`,
      1,
    )
  }
  const address = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`
  process.stdout.write(`[dev] demo gateway ${gatewayUrl}; renderer dev server ${address}\n`)
  process.stdout.write(`open ${address}#token=${token}\n`)
  process.stdout.write('[dev] edits under renderer/ and shared/ reload the page; Ctrl+C stops both.\n')

  const stop = (): void => {
    gateway.removeAllListeners('exit')
    gateway.kill('SIGTERM')
    server.close().then(
      () => process.exit(0),
      (error: unknown) =>
        fail(`closing the dev server: ${error instanceof Error ? error.message : String(error)}`, 1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (import.meta.main) await main()
