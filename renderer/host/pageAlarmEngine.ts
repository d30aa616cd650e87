/**
 * The alarm engine of the browser host: the page is the app instance, so its hub hosts the engine
 * (shared/hub/hostAlarmEngine.ts) with the default NHS rule pack bundled into the page.
 */
import type { HubClock } from '../../shared/hub/FeedSocketPort.ts'
import type { RulePack } from '../../shared/domain/alarms/alarmRuleSchema.ts'
import { hostAlarmEngine } from '../../shared/hub/hostAlarmEngine.ts'
import type { AlarmHubPort, HostedAlarmEngine } from '../../shared/hub/hostAlarmEngine.ts'
import { parseRulePack } from '../../shared/domain/alarms/parseRulePack.ts'
// Parsed from YAML at build time (renderer/vite.config.ts): the page carries no YAML parser.
import nhsDefaultRules from '../../resources/alarm-rules/nhs-default.yaml'
import { markHistoryAvailable, recordTransition, reportPackErrors } from '../state/alarmHistoryStore.ts'

/**
 * The bundled default pack. A bad pack (its unit test catches that first) yields no rules, and the
 * banner says so in red: an alarm system that silently has no rules is the failure to avoid.
 */
export function defaultRulePack(): RulePack {
  const result = parseRulePack(nhsDefaultRules)
  if (result.ok) return result.pack
  reportPackErrors(result.errors)
  return { version: 1, name: 'empty (default pack invalid)', rules: [] }
}

/** Starts the page's alarm engine on its hub. */
export function startPageAlarmEngine(hub: AlarmHubPort, clock: HubClock): HostedAlarmEngine {
  markHistoryAvailable()
  return hostAlarmEngine(hub, { pack: defaultRulePack(), clock, onTransition: recordTransition })
}
