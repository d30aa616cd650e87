/**
 * Validates a rule pack already parsed from its file (parseRulePackText.ts reads YAML text; the
 * renderer gets the built-in pack parsed at build time, so it carries no YAML parser). Each rule
 * is validated on its own so the error names it —
 * `rules[3] "bed-housekeeping-long": for: expected duration like "60m"` — and every bad rule is
 * reported, not just the first.
 */
import type { z } from 'zod'
import { ALARM_RULE_KINDS, alarmRuleSchemas, rulePackEnvelopeSchema } from './alarmRuleSchema.ts'
import type { AlarmRule, AlarmRuleKind, RulePack } from './alarmRuleSchema.ts'

export type RulePackResult =
  { readonly ok: true; readonly pack: RulePack } | { readonly ok: false; readonly errors: readonly string[] }

function issuesText(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    return path === '' ? issue.message : `${path}: ${issue.message}`
  })
}

function isRuleKind(kind: unknown): kind is AlarmRuleKind {
  return typeof kind === 'string' && (ALARM_RULE_KINDS as readonly string[]).includes(kind)
}

/** Validates a parsed rule pack. */
export function parseRulePack(value: unknown): RulePackResult {
  const envelope = rulePackEnvelopeSchema.safeParse(value)
  if (!envelope.success)
    return { ok: false, errors: issuesText(envelope.error.issues).map((e) => `pack: ${e}`) }
  const errors: string[] = []
  const rules: AlarmRule[] = []
  const seen = new Set<string>()
  envelope.data.rules.forEach((raw, index) => {
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
    const name = typeof record.id === 'string' ? ` "${record.id}"` : ''
    const where = `rules[${index}]${name}`
    if (!isRuleKind(record.kind)) {
      errors.push(`${where}: kind: expected one of ${ALARM_RULE_KINDS.join(', ')}`)
      return
    }
    const parsed = alarmRuleSchemas[record.kind].safeParse(raw)
    if (!parsed.success) {
      for (const text of issuesText(parsed.error.issues)) errors.push(`${where}: ${text}`)
      return
    }
    if (seen.has(parsed.data.id)) {
      errors.push(`${where}: id: duplicate rule id`)
      return
    }
    seen.add(parsed.data.id)
    rules.push(parsed.data)
  })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, pack: { version: 1, name: envelope.data.name, rules } }
}
