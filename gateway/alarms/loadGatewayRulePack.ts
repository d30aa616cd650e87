/**
 * The rule pack the gateway's engine evaluates: `alarms.rules` from the config (relative to the
 * config file), else the NHS default pack the app bundles — the same file, so the gateway and
 * every client compute the same fingerprints. A bad pack stops the gateway with every error named:
 * a gateway that silently evaluates no rules would refuse every alarm action and notify no one.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RulePack } from '../../shared/domain/alarms/alarmRuleSchema.ts'
import { parseRulePackText } from '../../shared/domain/alarms/parseRulePackText.ts'

export const DEFAULT_RULE_PACK_PATH = fileURLToPath(
  new URL('../../resources/alarm-rules/nhs-default.yaml', import.meta.url),
)

export async function loadGatewayRulePack(rules: string | undefined, configDir: string): Promise<RulePack> {
  const path = rules === undefined ? DEFAULT_RULE_PACK_PATH : resolve(configDir, rules)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new Error(
      `config: alarms.rules: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
  const parsed = parseRulePackText(text)
  if (!parsed.ok) throw new Error(`config: alarms.rules: ${path}:\n  ${parsed.errors.join('\n  ')}`)
  return parsed.pack
}
