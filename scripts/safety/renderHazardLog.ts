/**
 * Renders docs/safety/hazard-log.yaml (the source) into docs/safety/hazard-log.md (what a Clinical
 * Safety Officer reads). Ratings are computed from the matrix, never typed, so the two cannot disagree.
 * A unit test fails when the committed .md is not what this renders.
 *
 *   npm run safety:render
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type Control,
  type Hazard,
  type HazardLog,
  LIKELIHOODS,
  loadHazardLog,
  RISK_ACCEPTABILITY,
  RISK_MATRIX,
  riskRating,
  SEVERITIES,
} from './hazardLog.ts'

export const HAZARD_LOG_YAML = fileURLToPath(new URL('../../docs/safety/hazard-log.yaml', import.meta.url))
export const HAZARD_LOG_MD = fileURLToPath(new URL('../../docs/safety/hazard-log.md', import.meta.url))

type Risk = Hazard['initial']

/** The Markdown hazard log for a parsed log. Pure: the same log always renders the same text. */
export function renderHazardLog(log: HazardLog): string {
  const out: string[] = [
    '# Hazard log',
    '',
    '<!-- Generated from hazard-log.yaml by `npm run safety:render`. Edit the YAML, not this file. -->',
    '',
    `${log.product}. Clinical risk management to DCB0129; last reviewed ${log.reviewed}. The safety case`,
    '([safety-case.md](safety-case.md)) says what Watchfloor is for and what a deploying trust must do.',
    '',
    'Every design control names the tests that prove it (file and full vitest name). `npm test` ends with',
    '`npm run safety:trace`, which fails when a named test does not exist, did not run or did not pass.',
    'A design control marked **no test yet** is a claim without proof: its hazard’s residual risk is',
    'rated as if that control might not hold.',
    '',
    '## Risk matrix (DCB0129)',
    '',
    `| likelihood \\ severity | ${SEVERITIES.join(' | ')} |`,
    `| --- | ${SEVERITIES.map(() => '---').join(' | ')} |`,
    ...[...LIKELIHOODS]
      .reverse()
      .map((likelihood) => `| ${likelihood} | ${RISK_MATRIX[likelihood].join(' | ')} |`),
    '',
    ...([1, 2, 3, 4, 5] as const).map((rating) => `- **${rating}** ${RISK_ACCEPTABILITY[rating]}`),
    '',
    '## Summary',
    '',
    '| id | hazard | initial | residual | design controls with tests |',
    '| --- | --- | --- | --- | --- |',
    ...log.hazards.map((hazard) => {
      const design = hazard.controls.filter((control) => control.kind === 'design')
      const proven = design.filter((control) => control.tests.length > 0).length
      return (
        `| [${hazard.id}](#${anchor(hazard)}) | ${cell(hazard.title)} | ${formatRisk(hazard.initial)} | ` +
        `${formatRisk(hazard.residual)} | ${proven}/${design.length} |`
      )
    }),
    '',
  ]
  for (const hazard of log.hazards) out.push(...renderHazard(hazard))
  return `${out.join('\n').trimEnd()}\n`
}

function renderHazard(hazard: Hazard): string[] {
  return [
    `## ${hazard.id}: ${hazard.title}`,
    '',
    '**Causes**',
    '',
    ...hazard.causes.map((cause) => `- ${cause}`),
    '',
    `**Effect on care.** ${hazard.effect}`,
    '',
    `**Initial risk.** ${describeRisk(hazard.initial)}`,
    '',
    '**Controls**',
    '',
    ...hazard.controls.flatMap((control, index) => renderControl(hazard, control, index)),
    '',
    `**Residual risk.** ${describeRisk(hazard.residual)}. ${hazard.residualNote}`,
    '',
  ]
}

function renderControl(hazard: Hazard, control: Control, index: number): string[] {
  const lines = [`${index + 1}. _${control.kind}_ (${hazard.id}.${index + 1}). ${control.description}`]
  for (const test of control.tests) lines.push(`   - proven by \`${test.file}\`: ${test.name}`)
  if (control.kind === 'design' && control.tests.length === 0) {
    lines.push(`   - **no test yet:** ${control.untested ?? ''}`.trimEnd())
  } else if (control.untested) {
    lines.push(`   - not yet proven: ${control.untested}`)
  }
  return lines
}

function formatRisk(risk: Risk): string {
  return `${riskRating(risk.severity, risk.likelihood)} (${risk.severity} × ${risk.likelihood})`
}

function describeRisk(risk: Risk): string {
  const rating = riskRating(risk.severity, risk.likelihood)
  return `severity ${risk.severity} × likelihood ${risk.likelihood} = **${rating}**, ${RISK_ACCEPTABILITY[rating]}`
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|')
}

/** The anchor GitHub gives the hazard's heading (`## HAZ-001: Title` → `haz-001-title`). */
function anchor(hazard: Hazard): string {
  return `${hazard.id}: ${hazard.title}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-')
}

if (import.meta.main) {
  const loaded = loadHazardLog(HAZARD_LOG_YAML)
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`)
    process.exit(1)
  }
  writeFileSync(HAZARD_LOG_MD, renderHazardLog(loaded.log))
  process.stdout.write(`wrote ${HAZARD_LOG_MD} (${loaded.log.hazards.length} hazards)\n`)
}
