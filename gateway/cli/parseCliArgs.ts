/**
 * `node gateway/main.ts` flags. Parsing is a value: a bad flag is an error message, never an
 * exception, so main can print it and exit 2.
 */
import { parseArgs } from 'node:util'
import { LOG_LEVELS, type LogLevel } from '../log/createLogger.ts'

export type CliArgs = {
  readonly config: string | null
  readonly port: number | null
  readonly host: string | null
  readonly token: string | null
  readonly demo: boolean
  readonly seed: number | null
  readonly scale: number | null
  readonly rate: number | null
  readonly serveRenderer: string | null
  /** Overrides `storage.dir`: where the change log lives. */
  readonly dataDir: string | null
  readonly logLevel: LogLevel
  readonly checkConfig: boolean
  readonly help: boolean
}

export const CLI_USAGE = `usage: node gateway/main.ts [options]
  --config FILE          YAML or JSON config (docs/gateway-config.md)
  --port N               port to listen on (0 = a free port); overrides server.port
  --host HOST            interface to bind (default 127.0.0.1); overrides server.host
  --token T              add token T with the admin role (name "cli")
  --demo                 add the demo-trust simulator as a source
  --seed N               demo seed
  --scale N              demo scale (10 = bench scale)
  --rate EV_PER_S        demo events per second
  --serve-renderer DIR   serve the built renderer at / (DIR must hold index.html)
  --data-dir DIR         the change log's directory; overrides storage.dir (default .data/gateway)
  --log-level LEVEL      debug | info | warn | error | silent (default info)
  --check-config         validate the config, the files it names and the flags, print the
                         result and exit (0 valid, 1 not) without starting anything
  --help                 this text`

const numberFlag = (
  name: string,
  raw: string | undefined,
  min: number,
  integer: boolean,
): number | null | string => {
  if (raw === undefined) return null
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    return `--${name}: expected ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`
  }
  return value
}

export function parseCliArgs(
  argv: readonly string[],
): { ok: true; args: CliArgs } | { ok: false; error: string } {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        demo: { type: 'boolean' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        rate: { type: 'string' },
        'serve-renderer': { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        'check-config': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values
  } catch (error) {
    // node:util parseArgs reports unknown or malformed flags by throwing; here that is a value.
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
  const port = numberFlag('port', values.port, 0, true)
  const seed = numberFlag('seed', values.seed, 0, true)
  const scale = numberFlag('scale', values.scale, 0.01, false)
  const rate = numberFlag('rate', values.rate, 0, false)
  for (const parsed of [port, seed, scale, rate])
    if (typeof parsed === 'string') return { ok: false, error: parsed }
  if (typeof port === 'number' && port > 65535)
    return { ok: false, error: `--port: expected 0–65535, got ${port}` }
  const logLevel = values['log-level'] ?? 'info'
  const level = LOG_LEVELS.find((candidate) => candidate === logLevel)
  if (level === undefined)
    return { ok: false, error: `--log-level: expected one of ${LOG_LEVELS.join(', ')}` }
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '')
    return { ok: false, error: '--data-dir: must not be empty' }
  if (values.token !== undefined && values.token.length === 0)
    return { ok: false, error: '--token: must not be empty' }
  return {
    ok: true,
    args: {
      config: values.config ?? null,
      port: port as number | null,
      host: values.host ?? null,
      token: values.token ?? null,
      demo: values.demo ?? false,
      seed: seed as number | null,
      scale: scale as number | null,
      rate: rate as number | null,
      serveRenderer: values['serve-renderer'] ?? null,
      dataDir: values['data-dir'] ?? null,
      logLevel: level,
      checkConfig: values['check-config'] ?? false,
      help: values.help ?? false,
    },
  }
}
