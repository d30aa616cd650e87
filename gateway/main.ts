/**
 * `node gateway/main.ts` — the gateway as a program. Prints exactly one stdout line when it
 * listens, `watchfloor-gateway listening http://HOST:PORT`, which tests and the Electron app parse
 * (and, with `--serve-renderer` and no `--token`, an `open …#token=…` line with the token it
 * generated: a token given on the command line is never echoed); logs go to stderr. `--check-config` validates and exits without listening.
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { sourceRegistry } from './adapters/registry.ts'
import { checkConfig, checkRendererDir } from './cli/checkConfig.ts'
import { CLI_USAGE, parseCliArgs, type CliArgs } from './cli/parseCliArgs.ts'
import type { TokenConfig } from './config/configSchema.ts'
import { parseConfig, readConfigFile } from './config/loadConfig.ts'
import { createLogger } from './log/createLogger.ts'
import { startGateway } from './startGateway.ts'

const fail = (message: string, code: number): never => {
  process.stderr.write(`watchfloor-gateway: ${message}\n`)
  process.exit(code)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Applies the flags to the raw config, so one validation covers both (errors name the key). */
function applyFlags(raw: unknown, args: CliArgs): Record<string, unknown> {
  const config: Record<string, unknown> = isRecord(raw) ? { ...raw } : {}
  const server: Record<string, unknown> = isRecord(config['server']) ? { ...config['server'] } : {}
  if (args.port !== null) server['port'] = args.port
  if (args.host !== null) server['host'] = args.host
  config['server'] = server
  let sources: unknown[] = Array.isArray(config['sources']) ? [...(config['sources'] as unknown[])] : []
  if (args.demo && !sources.some((source) => isRecord(source) && source['kind'] === 'demo')) {
    sources.push({ kind: 'demo', id: 'demo' })
  }
  sources = sources.map((source) => {
    if (!isRecord(source) || source['kind'] !== 'demo') return source
    return {
      ...source,
      ...(args.seed === null ? {} : { seed: args.seed }),
      ...(args.scale === null ? {} : { scale: args.scale }),
      ...(args.rate === null ? {} : { rate: args.rate }),
    }
  })
  config['sources'] = sources
  return config
}

async function main(): Promise<void> {
  const parsedArgs = parseCliArgs(process.argv.slice(2))
  if (!parsedArgs.ok) return fail(`${parsedArgs.error}\n${CLI_USAGE}`, 2)
  const args = parsedArgs.args
  if (args.help) {
    process.stdout.write(CLI_USAGE + '\n')
    return
  }
  const log = createLogger(args.logLevel)

  let raw: unknown = {}
  let configDir = process.cwd()
  if (args.config !== null) {
    const read = await readConfigFile(args.config)
    if (!read.ok) return fail(read.error, 1)
    raw = read.raw
    configDir = read.dir
  }
  const parsed = parseConfig(applyFlags(raw, args), sourceRegistry)
  if (!parsed.ok) return fail(parsed.error, 1)
  let rendererDir: string | null = null
  if (args.serveRenderer !== null) {
    const checked = await checkRendererDir(args.serveRenderer)
    if (!checked.ok) return fail(checked.error, 1)
    rendererDir = checked.value
  }
  if (args.checkConfig) {
    const checked = await checkConfig(parsed.config, configDir, {
      extraTokens: args.token === null ? 0 : 1,
      dataDir: args.dataDir,
    })
    if (!checked.ok) return fail(checked.error, 1)
    const what = args.config === null ? 'flags (no --config)' : resolve(args.config)
    process.stdout.write(`config OK: ${what}: ${checked.value}\n`)
    return
  }

  const tokens: TokenConfig[] = []
  if (args.token !== null) tokens.push({ token: args.token, name: 'cli', role: 'admin' })
  let browserToken: string | null = null
  if (rendererDir !== null && args.token === null) {
    browserToken = randomBytes(24).toString('base64url')
    tokens.push({ token: browserToken, name: 'browser', role: 'admin' })
  }

  let gateway
  try {
    gateway = await startGateway({
      config: parsed.config,
      configDir,
      tokens,
      ...(rendererDir === null ? {} : { rendererDir }),
      ...(args.dataDir === null ? {} : { dataDir: args.dataDir }),
      log,
    })
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 1)
  }
  process.stdout.write(`watchfloor-gateway listening ${gateway.url}\n`)
  if (browserToken !== null) {
    const scheme = gateway.url.startsWith('https:') ? 'https' : 'http'
    process.stdout.write(`open ${scheme}://127.0.0.1:${gateway.port}/#token=${browserToken}\n`)
  }

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) {
      // A second signal while closing: the operator wants out now.
      process.exit(1)
    }
    stopping = true
    log.info('stopping', { signal })
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`close failed: ${error instanceof Error ? error.message : String(error)}`, 1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

await main()
