import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkSafetyTrace, formatSafetyTrace } from './checkSafetyTrace.ts'

/** A probe repository: one test file on disk, one vitest JSON report, and a hazard log per case. */
let root: string

const PROBE_FILE = 'probe/alarm.test.ts'
const REPORT = 'test-results/vitest-unit.json'

function writeReport(
  tests: ReadonlyArray<{ ancestorTitles: string[]; title: string; status: string }>,
): void {
  mkdirSync(join(root, 'test-results'), { recursive: true })
  const assertionResults = tests.map((test) => ({
    ...test,
    fullName: [...test.ancestorTitles, test.title].join(' '),
    duration: 1,
    failureMessages: [],
  }))
  writeFileSync(
    join(root, REPORT),
    JSON.stringify({
      numTotalTests: tests.length,
      testResults: [{ name: join(root, PROBE_FILE), assertionResults }],
    }),
  )
}

function writeLog(controlYaml: string): string {
  const path = join(root, 'hazard-log.yaml')
  writeFileSync(
    path,
    [
      'product: Probe',
      'reviewed: 2026-12-03',
      'hazards:',
      '  - id: HAZ-001',
      '    title: An alarm that does not sound',
      '    causes: [the window crashed]',
      '    effect: nobody hears it',
      '    initial: { severity: major, likelihood: medium }',
      '    residual: { severity: major, likelihood: low }',
      '    residualNote: proven',
      '    controls:',
      controlYaml,
      '      - kind: training/documentation',
      '        description: operators are trained',
    ].join('\n'),
  )
  return path
}

const designControl = (file: string, name: string): string =>
  [
    '      - kind: design',
    '        description: one window sounds',
    '        tests:',
    `          - file: ${file}`,
    `            name: '${name}'`,
  ].join('\n')

const check = (): ReturnType<typeof checkSafetyTrace> =>
  checkSafetyTrace({ root, hazardLog: 'hazard-log.yaml', reports: [REPORT] })

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'safety-trace-'))
  mkdirSync(join(root, 'probe'))
  writeFileSync(join(root, PROBE_FILE), '// probe\n')
  writeReport([
    { ancestorTitles: ['Notifier'], title: 'asks exactly one window to sound', status: 'passed' },
    { ancestorTitles: ['Notifier', 'mute'], title: 'caps a mute at 24 hours', status: 'skipped' },
    { ancestorTitles: ['Notifier'], title: 're-sends the tone', status: 'failed' },
  ])
})

afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('checkSafetyTrace', () => {
  it('passes a log whose design control names a test that exists and passed, and prints the coverage', () => {
    writeLog(designControl(PROBE_FILE, 'Notifier › asks exactly one window to sound'))
    const result = check()
    expect(result.errors).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.coverage).toEqual({
      hazards: 1,
      controls: 2,
      designControls: 1,
      designControlsProven: 1,
      testsCited: 1,
    })
    expect(formatSafetyTrace(result)).toContain('1 hazards, 2 controls, 1/1 design controls proven')
  })

  it('fails on a control naming a test file that does not exist', () => {
    writeLog(designControl('probe/gone.test.ts', 'Notifier › asks exactly one window to sound'))
    const result = check()
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual(['HAZ-001 control 1 (design): test file probe/gone.test.ts does not exist'])
    expect(result.coverage.designControlsProven).toBe(0)
  })

  it('fails on a test the report does not hold (renamed, or never run)', () => {
    writeLog(designControl(PROBE_FILE, 'Notifier › asks every window to sound'))
    const result = check()
    expect(result.ok).toBe(false)
    expect(result.errors[0]).toContain(
      '"Notifier › asks every window to sound" in probe/alarm.test.ts is not in the test reports',
    )
  })

  it('fails on a test that was skipped, and on one that failed', () => {
    writeLog(
      [
        designControl(PROBE_FILE, 'Notifier › mute › caps a mute at 24 hours'),
        designControl(PROBE_FILE, 'Notifier › re-sends the tone'),
      ].join('\n'),
    )
    const result = check()
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual([
      'HAZ-001 control 1 (design): "Notifier › mute › caps a mute at 24 hours" in probe/alarm.test.ts did not pass: skipped',
      'HAZ-001 control 2 (design): "Notifier › re-sends the tone" in probe/alarm.test.ts did not pass: failed',
    ])
  })

  it('fails when a report is missing, naming it', () => {
    writeLog(designControl(PROBE_FILE, 'Notifier › asks exactly one window to sound'))
    const result = checkSafetyTrace({
      root,
      hazardLog: 'hazard-log.yaml',
      reports: [REPORT, 'test-results/vitest-e2e.json'],
    })
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual([
      'report test-results/vitest-e2e.json is missing: run the suite that writes it (npm test writes all three)',
    ])
  })

  it('lists a design control without a test as unproven, without failing', () => {
    writeLog(
      [
        '      - kind: design',
        '        description: the banner says sound is blocked',
        '        untested: no test drives the autoplay refusal',
      ].join('\n'),
    )
    const result = check()
    expect(result.ok).toBe(true)
    expect(result.unproven).toEqual(['HAZ-001 control 1 (design): no test drives the autoplay refusal'])
    expect(result.coverage.designControlsProven).toBe(0)
  })

  it('fails on a log that breaks the schema: a design control with neither tests nor a reason', () => {
    writeLog(['      - kind: design', '        description: one window sounds'].join('\n'))
    const result = check()
    expect(result.ok).toBe(false)
    expect(result.errors[0]).toMatch(/hazards\.0\.controls\.0: a design control names the tests/)
  })
})
