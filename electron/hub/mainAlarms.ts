/**
 * The app instance's one alarm engine, hosted on main's hub (shared/hub/hostAlarmEngine),
 * with every transition appended to the fsynced journal (electron/services/alarmJournal.ts). The
 * rule pack is bundled into main at build time, so a packaged app cannot lose it.
 */
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import type { RulePack } from '../../shared/domain/alarms/alarmRuleSchema.ts'
import { hostAlarmEngine } from '../../shared/hub/hostAlarmEngine.ts'
import type { AlarmHubPort } from '../../shared/hub/hostAlarmEngine.ts'
import { parseRulePackText } from '../../shared/domain/alarms/parseRulePackText.ts'
import type { HubClock } from '../../shared/hub/FeedSocketPort.ts'
import { openAlarmJournal } from '../services/alarmJournal.ts'
import type { Logger } from '../services/logger.ts'

export type MainAlarms = {
  /** The journal on disk, oldest first. */
  history(): readonly AlarmTransition[]
  stop(): void
}

export type MainAlarmsOptions = {
  readonly hub: AlarmHubPort
  readonly clock: HubClock
  readonly rulesText: string
  readonly journalDir: string
  readonly log: Logger
}

export function startMainAlarms({ hub, clock, rulesText, journalDir, log }: MainAlarmsOptions): MainAlarms {
  const parsed = parseRulePackText(rulesText)
  let pack: RulePack
  if (parsed.ok) {
    pack = parsed.pack
  } else {
    // An alarm system silently without rules is the failure to avoid: say so loudly.
    log.error('alarm rule pack invalid; no local alarms', {
      errors: parsed.errors.length,
      first: parsed.errors[0] ?? '',
    })
    pack = { version: 1, name: 'empty (default pack invalid)', rules: [] }
  }
  const journal = openAlarmJournal({ dir: journalDir, log: log.child('journal') })
  log.info('alarm engine started', { rules: pack.rules.length, restored: journal.restored.records.length })
  const hosted = hostAlarmEngine(hub, { pack, clock, onTransition: (t) => journal.append(t) })
  return {
    history: () => journal.readAll().records,
    stop: () => {
      hosted.stop()
      journal.flush()
      journal.close()
    },
  }
}
