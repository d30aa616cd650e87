/**
 * `npm start` flags. The Electron app gets its own flags and Chromium's (e.g.
 * `--ozone-platform=x11`) as they were given; the browser host (no Electron binary here) takes only
 * the flags it can honour and refuses the others in one line rather than dropping them.
 */
import { parseArgs } from 'node:util'

export const START_USAGE = `usage: npm start [-- options]
Opens the Watchfloor app with its embedded demo gateway (a living demo trust). Where the Electron
binary is not installed, starts the browser host instead: the gateway with the demo trust serving
the board, and prints the board's address to open in Chromium, Edge or Firefox.
  --mode wall|desktop   wall: one fullscreen window per display; desktop: one window
                        (browser host: the address gets ?mode=…)
  --gateway URL         a running gateway instead of the demo (Electron app only; with --token)
  --token T             the gateway's token (browser host: the demo gateway's token, else random)
  --port N              the browser host's port (default: a free one)
  --rebuild             build out/ again first (it is rebuilt anyway when sources are newer)
  --help                this text
Other flags go to the Electron app (Chromium flags such as --ozone-platform=x11).`

export type StartArgs = {
  readonly help: boolean
  readonly rebuild: boolean
  readonly mode: 'wall' | 'desktop' | null
  readonly gateway: string | null
  readonly token: string | null
  readonly port: number | null
  /** Flags this script does not know, as given (for Electron; refused by the browser host). */
  readonly other: readonly string[]
  /** argv without `--rebuild`/`--help`/`--port`: what the Electron app is given. */
  readonly electronArgs: readonly string[]
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string }

const OPTIONS = {
  help: { type: 'boolean' },
  rebuild: { type: 'boolean' },
  mode: { type: 'string' },
  gateway: { type: 'string' },
  token: { type: 'string' },
  port: { type: 'string' },
} as const

export function parseStartArgs(argv: readonly string[]): Result<StartArgs> {
  // Not strict: Chromium's flags share argv with ours and go to Electron untouched.
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const other: string[] = []
  const electronArgs: string[] = []
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    // What was typed for this token: the flag, and its value when it was the next argument.
    const raw =
      token.kind === 'option' && token.value !== undefined && token.inlineValue === false
        ? argv.slice(token.index, token.index + 2)
        : argv.slice(token.index, token.index + 1)
    const known = token.kind === 'option' && token.name in OPTIONS
    if (!known) other.push(...raw)
    if (token.kind === 'option' && ['rebuild', 'help', 'port'].includes(token.name)) continue
    electronArgs.push(...raw)
  }
  for (const name of ['mode', 'gateway', 'token', 'port'] as const) {
    const value = values[name]
    if (value === true) return { ok: false, error: `--${name} needs a value (--${name} VALUE)` }
  }
  const str = (value: string | boolean | undefined): string | null =>
    typeof value === 'string' ? value : null
  const mode = str(values.mode)
  if (mode !== null && mode !== 'wall' && mode !== 'desktop')
    return { ok: false, error: `--mode: expected wall or desktop, got "${mode}"` }
  const portRaw = str(values.port)
  let port: number | null = null
  if (portRaw !== null) {
    port = Number(portRaw)
    if (portRaw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
      return { ok: false, error: `--port: expected an integer 0–65535, got "${portRaw}"` }
  }
  const token = str(values.token)
  if (token !== null && token.length === 0) return { ok: false, error: '--token: must not be empty' }
  return {
    ok: true,
    value: {
      help: values.help === true,
      rebuild: values.rebuild === true,
      mode,
      gateway: str(values.gateway),
      token,
      port,
      other,
      electronArgs,
    },
  }
}

/** Why the browser host cannot honour these arguments, or null when it can. */
export function browserHostRefusal(args: StartArgs): string | null {
  if (args.gateway !== null)
    return (
      '--gateway needs the Electron app: in a browser the board connects to the gateway that serves it, ' +
      'so run that gateway with --serve-renderer out/renderer and open the address it prints'
    )
  if (args.other.length > 0)
    return `the browser host does not take ${args.other.join(' ')} (npm start -- --help lists what it takes)`
  return null
}

/** The board's address with `?mode=` added (the token stays in the fragment). */
export function withMode(openUrl: string, mode: 'wall' | 'desktop' | null): string {
  if (mode === null) return openUrl
  const url = new URL(openUrl)
  url.searchParams.set('mode', mode)
  return url.toString()
}
