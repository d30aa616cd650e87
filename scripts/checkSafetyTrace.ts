/**
 * `npm run safety:trace` (the last step of `npm test`): every design control in the hazard log must be
 * proven by tests that exist and passed in this run. It reads docs/safety/hazard-log.yaml and the JSON
 * reports the three vitest runs of `npm test` write to test-results/, and fails when a control names a
 * test file that does not exist, a test the reports do not hold, or a test that did not pass (failed,
 * skipped, todo). A design control with no test yet (`untested`) does not fail the check — the hazard
 * log says so and its residual risk counts it — but it is listed, so it cannot be forgotten.
 *
 *   node scripts/checkSafetyTrace.ts [--log docs/safety/hazard-log.yaml] [--report file.json …]
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { fullTestName, loadHazardLog } from './safety/hazardLog.ts'

/** The reports `npm test` writes: one per vitest run (see package.json and tests/e2e/run.ts). */
export const DEFAULT_REPORTS = [
  'test-results/vitest-unit.json',
  'test-results/vitest-integration.json',
  'test-results/vitest-e2e.json',
] as const
export const DEFAULT_HAZARD_LOG = 'docs/safety/hazard-log.yaml'

/** The part of vitest's JSON reporter output (Jest-compatible) that the check reads. */
const vitestJsonReportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(
        z.object({ ancestorTitles: z.array(z.string()), title: z.string(), status: z.string() }),
      ),
    }),
  ),
})

export type SafetyTraceCoverage = {
  readonly hazards: number
  readonly controls: number
  readonly designControls: number
  readonly designControlsProven: number
  readonly testsCited: number
}

export type SafetyTraceResult = {
  readonly ok: boolean
  /** Broken references: each fails the check. */
  readonly errors: readonly string[]
  /** Design controls that say they have no test yet. */
  readonly unproven: readonly string[]
  readonly coverage: SafetyTraceCoverage
}

export type SafetyTraceOptions = {
  /** The repository root: test files in the log and in the reports are read relative to it. */
  readonly root: string
  readonly hazardLog: string
  readonly reports: readonly string[]
}

const EMPTY_COVERAGE: SafetyTraceCoverage = {
  hazards: 0,
  controls: 0,
  designControls: 0,
  designControlsProven: 0,
  testsCited: 0,
}

/** Checks the hazard log against the reports; never throws for a bad file, it reports it. */
export function checkSafetyTrace(options: SafetyTraceOptions): SafetyTraceResult {
  const root = resolve(options.root)
  const loaded = loadHazardLog(resolve(root, options.hazardLog))
  if (!loaded.ok) return { ok: false, errors: [loaded.error], unproven: [], coverage: EMPTY_COVERAGE }

  const errors: string[] = []
  // file (relative, with /) → full test name → the statuses it ran with (a name may repeat in a file).
  const ran = new Map<string, Map<string, string[]>>()
  for (const report of options.reports) {
    const path = resolve(root, report)
    if (!existsSync(path)) {
      errors.push(`report ${report} is missing: run the suite that writes it (npm test writes all three)`)
      continue
    }
    let parsed: z.infer<typeof vitestJsonReportSchema>
    try {
      parsed = vitestJsonReportSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
    } catch (error) {
      errors.push(`report ${report} is not a vitest JSON report: ${(error as Error).message.split('\n')[0]}`)
      continue
    }
    for (const file of parsed.testResults) {
      const key = toRepoPath(root, file.name)
      const tests = ran.get(key) ?? new Map<string, string[]>()
      ran.set(key, tests)
      for (const assertion of file.assertionResults) {
        const name = fullTestName(assertion.ancestorTitles, assertion.title)
        tests.set(name, [...(tests.get(name) ?? []), assertion.status])
      }
    }
  }

  const unproven: string[] = []
  let controls = 0
  let designControls = 0
  let designControlsProven = 0
  let testsCited = 0
  for (const hazard of loaded.log.hazards) {
    for (const [index, control] of hazard.controls.entries()) {
      controls += 1
      const where = `${hazard.id} control ${index + 1} (${control.kind})`
      let proven = control.tests.length > 0
      for (const test of control.tests) {
        testsCited += 1
        const problem = checkTest(root, ran, test.file, test.name)
        if (problem) {
          errors.push(`${where}: ${problem}`)
          proven = false
        }
      }
      if (control.kind !== 'design') continue
      designControls += 1
      if (proven) designControlsProven += 1
      else if (control.tests.length === 0) unproven.push(`${where}: ${control.untested ?? 'no test'}`)
    }
  }
  return {
    ok: errors.length === 0,
    errors,
    unproven,
    coverage: {
      hazards: loaded.log.hazards.length,
      controls,
      designControls,
      designControlsProven,
      testsCited,
    },
  }
}

function checkTest(
  root: string,
  ran: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
  file: string,
  name: string,
): string | undefined {
  if (isAbsolute(file) || !existsSync(join(root, file))) return `test file ${file} does not exist`
  const statuses = ran.get(file)?.get(name)
  if (!statuses) return `"${name}" in ${file} is not in the test reports (renamed, or its suite did not run)`
  const notPassed = statuses.filter((status) => status !== 'passed')
  if (notPassed.length > 0) return `"${name}" in ${file} did not pass: ${notPassed.join(', ')}`
  return undefined
}

function toRepoPath(root: string, file: string): string {
  return relative(root, resolve(root, file)).split(sep).join('/')
}

/** The summary the CLI prints. */
export function formatSafetyTrace(result: SafetyTraceResult): string {
  const { coverage } = result
  const lines = [
    `safety trace: ${coverage.hazards} hazards, ${coverage.controls} controls, ` +
      `${coverage.designControlsProven}/${coverage.designControls} design controls proven by tests that passed ` +
      `(${coverage.testsCited} test citations)`,
  ]
  if (result.unproven.length > 0) {
    lines.push(`design controls with no test yet (${result.unproven.length}):`)
    lines.push(...result.unproven.map((line) => `  - ${line}`))
  }
  if (result.errors.length > 0) {
    lines.push(`FAILED (${result.errors.length}):`)
    lines.push(...result.errors.map((line) => `  ✗ ${line}`))
  }
  return `${lines.join('\n')}\n`
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      log: { type: 'string', default: DEFAULT_HAZARD_LOG },
      report: { type: 'string', multiple: true },
    },
    strict: true,
  })
  const result = checkSafetyTrace({
    root: fileURLToPath(new URL('..', import.meta.url)),
    hazardLog: values.log,
    reports: values.report ?? DEFAULT_REPORTS,
  })
  ;(result.ok ? process.stdout : process.stderr).write(formatSafetyTrace(result))
  process.exit(result.ok ? 0 : 1)
}
