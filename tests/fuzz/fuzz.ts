/**
 * `npm run fuzz` — runs every parser and framer that reads bytes from outside the gateway (see
 * fuzzTargets.ts) on its seed corpus and mutants for a chosen time, and reports inputs
 * run, crashes, broken oracles, inputs slower than a bound and canary leaks. Findings are written
 * to test-results/fuzz/ (one file per input, replayable with the printed seed). Exits 1 on any
 * finding.
 *
 *   npm run fuzz -- [--seconds 60] [--target hl7,cef] [--seed N] [--slow-ms 50]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { FUZZ_TARGETS } from './fuzzTargets.ts'
import { fuzzTarget, type FuzzTargetReport } from './runFuzz.ts'

const USAGE = `usage: npm run fuzz -- [--seconds N] [--target NAME[,NAME…]] [--seed N] [--slow-ms MS] [--out DIR]
  --seconds N   total time, shared by the targets (default 60)
  --target      ${FUZZ_TARGETS.map((t) => t.name).join(', ')} (default: all)
  --seed N      replay a run (default: from the clock, printed)
  --slow-ms MS  an input whose fastest of three runs takes longer is a finding (default 50)
  --out DIR     where findings are written (default test-results/fuzz)`

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`)
  process.exit(2)
}

let values
try {
  values = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      target: { type: 'string' },
      seed: { type: 'string' },
      'slow-ms': { type: 'string', default: '50' },
      out: { type: 'string', default: 'test-results/fuzz' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
if (values.help === true) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const seconds = Number(values.seconds)
const slowMs = Number(values['slow-ms'])
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed)
if (!Number.isFinite(seconds) || seconds <= 0) fail('--seconds must be a positive number')
if (!Number.isFinite(slowMs) || slowMs <= 0) fail('--slow-ms must be a positive number')
if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer')
const names = values.target === undefined ? null : values.target.split(',').map((n) => n.trim())
const targets = names === null ? FUZZ_TARGETS : FUZZ_TARGETS.filter((t) => names.includes(t.name))
const unknown = (names ?? []).filter((n) => !FUZZ_TARGETS.some((t) => t.name === n))
if (unknown.length > 0) fail(`unknown target ${unknown.join(', ')}`)

process.stdout.write(
  `fuzz: seed ${seed}, ${seconds} s over ${targets.length} target(s), slow bound ${slowMs} ms\n`,
)
const reports: FuzzTargetReport[] = []
for (const target of targets) {
  const report = fuzzTarget(target, { seed, millisPerTarget: (seconds * 1000) / targets.length, slowMs })
  reports.push(report)
  process.stdout.write(
    `  ${target.name.padEnd(11)} ${String(report.inputs).padStart(9)} inputs  ` +
      `crash ${report.counts.crash}  oracle ${report.counts.invariant}  leak ${report.counts.leak}  ` +
      `slow ${report.counts.slow}  max ${report.maxMs === null ? '-' : `${report.maxMs.toFixed(1)} ms`}\n`,
  )
}

const findings = reports.flatMap((r) => r.findings)
if (findings.length > 0) {
  mkdirSync(values.out, { recursive: true })
  findings.forEach((finding, n) => {
    const file = join(values.out, `${finding.target}-${finding.kind}-${seed}-${n}.bin`)
    writeFileSync(file, finding.input)
    process.stdout.write(`  ${finding.kind} in ${finding.target}: ${finding.message}\n    → ${file}\n`)
  })
}
const total = reports.reduce((sum, r) => sum + r.inputs, 0)
const bad = reports.reduce(
  (sum, r) => sum + r.counts.crash + r.counts.invariant + r.counts.leak + r.counts.slow,
  0,
)
process.stdout.write(`fuzz: ${total} inputs, ${bad} finding(s)\n`)
process.exit(bad > 0 ? 1 : 0)
