/**
 * Parses a rule pack from YAML (a superset of JSON) text, then validates it (parseRulePack.ts).
 * Apart from the validation so that code which gets the pack already parsed, like the renderer,
 * does not bundle the YAML parser.
 */
import { parse as parseYaml } from 'yaml'
import { parseRulePack, type RulePackResult } from './parseRulePack.ts'

/** Parses YAML (a superset of JSON) text into a validated rule pack. */
export function parseRulePackText(text: string): RulePackResult {
  let value: unknown
  try {
    value = parseYaml(text)
  } catch (error) {
    return {
      ok: false,
      errors: [`pack: not valid YAML: ${error instanceof Error ? error.message : String(error)}`],
    }
  }
  return parseRulePack(value)
}
