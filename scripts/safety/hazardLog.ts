/**
 * The hazard log's contract: `docs/safety/hazard-log.yaml` is parsed with this schema by the renderer
 * (`npm run safety:render`) and by the traceability check (`npm run safety:trace`), so a log that
 * either of them accepts is one both read the same way.
 *
 * Severity, likelihood and the risk matrix are those of DCB0129 (NHS Digital, Clinical Risk Management:
 * its Application in the Manufacture of Health IT Systems), so a trust's Clinical Safety Officer reads
 * our ratings on the scale they use for their own DCB0160 log.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

export const SEVERITIES = ['minor', 'significant', 'considerable', 'major', 'catastrophic'] as const
export const LIKELIHOODS = ['very low', 'low', 'medium', 'high', 'very high'] as const
export const CONTROL_KINDS = ['design', 'test', 'training/documentation'] as const

export type Severity = (typeof SEVERITIES)[number]
export type Likelihood = (typeof LIKELIHOODS)[number]
export type RiskRating = 1 | 2 | 3 | 4 | 5

/**
 * DCB0129's 5×5 matrix: `RISK_MATRIX[likelihood][severity]`. Rows are likelihood (very low first),
 * columns severity (minor first).
 */
export const RISK_MATRIX: Readonly<Record<Likelihood, readonly RiskRating[]>> = {
  'very low': [1, 1, 2, 2, 3],
  low: [1, 2, 2, 3, 4],
  medium: [2, 2, 3, 3, 4],
  high: [2, 3, 3, 4, 5],
  'very high': [3, 4, 4, 5, 5],
}

/** What each rating asks of us, in DCB0129's words (abridged). */
export const RISK_ACCEPTABILITY: Readonly<Record<RiskRating, string>> = {
  1: 'very low — acceptable, no further action',
  2: 'low — acceptable where further reduction is impractical',
  3: 'medium — undesirable; accepted only with further controls where practicable',
  4: 'high — mandatory elimination or control to reduce the risk',
  5: 'very high — unacceptable',
}

/** The DCB0129 rating of a severity and a likelihood. */
export function riskRating(severity: Severity, likelihood: Likelihood): RiskRating {
  const rating = RISK_MATRIX[likelihood][SEVERITIES.indexOf(severity)]
  if (rating === undefined) throw new Error(`riskRating: no cell for ${severity} × ${likelihood}`)
  return rating
}

const riskSchema = z.object({ severity: z.enum(SEVERITIES), likelihood: z.enum(LIKELIHOODS) }).strict()

/** A test that proves a control: its file from the repository root and its name as vitest reports it. */
export const testRefSchema = z
  .object({
    file: z.string().min(1),
    /** `describe › nested describe › it`, exactly as the titles are written in the file. */
    name: z.string().min(1),
  })
  .strict()
export type TestRef = z.infer<typeof testRefSchema>

export const controlSchema = z
  .object({
    kind: z.enum(CONTROL_KINDS),
    description: z.string().min(1),
    tests: z.array(testRefSchema).default([]),
    /** Said instead of tests when a design control has no test yet: what is missing. */
    untested: z.string().min(1).optional(),
  })
  .strict()
  .refine((control) => control.kind !== 'design' || control.tests.length > 0 || control.untested, {
    message: 'a design control names the tests that prove it, or says why it has none (untested)',
  })
export type Control = z.infer<typeof controlSchema>

export const hazardSchema = z
  .object({
    id: z.string().regex(/^HAZ-\d{3}$/, 'ids are HAZ-001, HAZ-002, …'),
    title: z.string().min(1),
    causes: z.array(z.string().min(1)).min(1),
    effect: z.string().min(1),
    initial: riskSchema,
    controls: z.array(controlSchema).min(1),
    residual: riskSchema,
    residualNote: z.string().min(1),
  })
  .strict()
export type Hazard = z.infer<typeof hazardSchema>

export const hazardLogSchema = z
  .object({
    product: z.string().min(1),
    reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'reviewed is a date, YYYY-MM-DD'),
    hazards: z.array(hazardSchema).min(1),
  })
  .strict()
  .superRefine((log, context) => {
    const seen = new Set<string>()
    for (const [index, hazard] of log.hazards.entries()) {
      if (seen.has(hazard.id)) {
        context.addIssue({
          code: 'custom',
          path: ['hazards', index, 'id'],
          message: `duplicate ${hazard.id}`,
        })
      }
      seen.add(hazard.id)
    }
  })
export type HazardLog = z.infer<typeof hazardLogSchema>

export type HazardLogResult = { ok: true; log: HazardLog } | { ok: false; error: string }

/** Parses hazard-log YAML; an invalid log is a value naming every bad path, never a partial log. */
export function parseHazardLog(text: string): HazardLogResult {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (error) {
    return { ok: false, error: `hazard log: not YAML: ${(error as Error).message}` }
  }
  const result = hazardLogSchema.safeParse(raw)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    return { ok: false, error: `hazard log: ${issues.join('; ')}` }
  }
  return { ok: true, log: result.data }
}

/** Reads and parses a hazard-log file. */
export function loadHazardLog(path: string): HazardLogResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return { ok: false, error: `hazard log: cannot read ${path}: ${(error as NodeJS.ErrnoException).code}` }
  }
  return parseHazardLog(text)
}

/** The name vitest gives a test: its describe titles and its own title, joined by ` › `. */
export function fullTestName(ancestorTitles: readonly string[], title: string): string {
  return [...ancestorTitles, title].join(' › ')
}
