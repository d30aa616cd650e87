/**
 * The benches' command line: every bench says what it takes (`--help`: its flags and environment
 * variables) and refuses a flag it does not know in one line, rather than crashing on it or
 * ignoring it and starting a full run. A bench declares its flags and variables once, here; the
 * help text and docs/benchmarks.md are written from the same list.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

export type BenchFlag =
  | {
      readonly type: 'string'
      /** The value's name in the help, e.g. `N` or `EV_PER_S`. */
      readonly arg: string
      readonly default: string
      readonly help: string
      /** Used by the bench to start itself again in another role; left out of the help. */
      readonly internal?: true
    }
  | { readonly type: 'boolean'; readonly help: string }

export type BenchEnvVar = { readonly name: string; readonly default: string; readonly help: string }

export type BenchSpec<F extends Readonly<Record<string, BenchFlag>>> = {
  /** The bench's name in messages, e.g. `bench:gateway`. */
  readonly name: string
  /** How it is run, e.g. `npm run bench:gateway -- [flags]`. */
  readonly usage: string
  readonly summary: string
  readonly flags: F
  readonly env: readonly BenchEnvVar[]
}

export type BenchValues<F extends Readonly<Record<string, BenchFlag>>> = {
  readonly [K in keyof F]: F[K] extends { readonly type: 'boolean' } ? boolean : string
}

/** Variables every bench that drives Chromium reads (tests/support/browser.ts). */
export const BROWSER_ENV: readonly BenchEnvVar[] = [
  { name: 'CHROMIUM_PATH', default: '/usr/bin/chromium', help: "the Chromium to drive (Debian's chromium)" },
]

export function benchUsage<F extends Readonly<Record<string, BenchFlag>>>(spec: BenchSpec<F>): string {
  const rows = Object.entries(spec.flags)
    .filter(([, flag]) => !(flag.type === 'string' && flag.internal === true))
    .map(([name, flag]): [string, string] =>
      flag.type === 'string'
        ? [`--${name} ${flag.arg}`, `${flag.help} (default ${flag.default === '' ? 'none' : flag.default})`]
        : [`--${name}`, flag.help],
    )
  rows.push(['--help', 'this text'])
  const envRows = spec.env.map((v): [string, string] => [v.name, `${v.help} (default ${v.default})`])
  const width = Math.max(...[...rows, ...envRows].map(([left]) => left.length)) + 2
  const table = (entries: readonly [string, string][]): string[] =>
    entries.length === 0 ? ['  (none)'] : entries.map(([left, right]) => `  ${left.padEnd(width)}${right}`)
  return [
    `usage: ${spec.usage}`,
    spec.summary,
    'flags:',
    ...table(rows),
    'environment:',
    ...table(envRows),
  ].join('\n')
}

export type BenchArgsResult<F extends Readonly<Record<string, BenchFlag>>> =
  | { readonly kind: 'run'; readonly values: BenchValues<F> }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'error'; readonly line: string }

/** Parses argv against the spec: a value, never an exception. */
export function parseBenchArgs<F extends Readonly<Record<string, BenchFlag>>>(
  spec: BenchSpec<F>,
  argv: readonly string[],
): BenchArgsResult<F> {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string }> = {
    help: { type: 'boolean' },
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    options[name] = flag.type === 'string' ? { type: 'string', default: flag.default } : { type: 'boolean' }
  }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values
  } catch (error) {
    // node:util reports an unknown or malformed flag by throwing; here it is one line.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { kind: 'error', line: `${message} (--help lists the flags)` }
  }
  if (values['help'] === true) return { kind: 'help', text: benchUsage(spec) }
  const out: Record<string, string | boolean> = {}
  for (const [name, flag] of Object.entries(spec.flags)) {
    const value = values[name]
    out[name] = flag.type === 'boolean' ? value === true : typeof value === 'string' ? value : flag.default
  }
  return { kind: 'run', values: out as BenchValues<F> }
}

/** For a bench's top level: prints the help or the error and exits, else returns the values. */
export function readBenchArgs<F extends Readonly<Record<string, BenchFlag>>>(
  spec: BenchSpec<F>,
  argv: readonly string[] = process.argv.slice(2),
): BenchValues<F> {
  const result = parseBenchArgs(spec, argv)
  if (result.kind === 'help') {
    process.stdout.write(`${result.text}\n`)
    process.exit(0)
  }
  if (result.kind === 'error') {
    process.stderr.write(`${spec.name}: ${result.line}\n`)
    process.exit(2)
  }
  return result.values
}

/**
 * A number from a flag or an environment variable, or one line and exit 2: a typo such as
 * `BENCH_MAP_SECONDS=1O` must not become NaN and a run that measures nothing.
 */
export function benchNumber(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) {
    process.stderr.write(`bench: ${name}: expected a number ≥ ${min}, got "${raw}"\n`)
    process.exit(2)
  }
  return value
}

/** The browser benches measure the built renderer: build it first, as `npm run bench:*` always has. */
export function buildRenderer(): void {
  const result = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', '--silent', 'build:renderer'],
    {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    },
  )
  if (result.status !== 0) {
    process.stderr.write(`bench: npm run build:renderer failed (exit ${result.status ?? 'signal'})\n`)
    process.exit(1)
  }
}
