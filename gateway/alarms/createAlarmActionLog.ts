/**
 * The alarm actions relayed between clients (acknowledge, shelve, unshelve a local alarm), so
 * every wall and desktop agrees — and what a client that connects later is replayed.
 *
 * History is kept per fingerprint, not as a bare ring: the latest record for each alarm a record
 * covers (its members) and for the line it was made on (by line key, so an unshelve of
 * `…:shelved` supersedes the shelve of the line). A client connecting later gets every record
 * that is still the latest for something, oldest first — so a burst of actions on other alarms
 * can never push a real shelve out of what it receives. Bounded: at most `maxKeys` fingerprints,
 * the least recently acted on dropped first; the gateway accepts actions only on alarms its own
 * engine knows, so the keys are real alarms, not whatever a client typed.
 */
import type { AlarmActionRecord, AlarmActionRequest } from '../../shared/contracts/feed.ts'
import { lineKeyOf } from '../../shared/domain/alarms/fingerprint.ts'

export type AlarmActionLog = {
  record(request: AlarmActionRequest, by: string, at: number, id: string): AlarmActionRecord
  /** Takes back a record restored from the change log (at start, oldest first). */
  remember(record: AlarmActionRecord): void
  /** What a client needs on connect: every record still the latest for some alarm, oldest first. */
  latest(): AlarmActionRecord[]
  /** The last `historySize` records in the order they were made, oldest first. */
  history(): AlarmActionRecord[]
}

/** Default bound on fingerprints remembered: a few thousand real alarms with room to spare. */
export const ALARM_ACTION_KEY_LIMIT = 20_000

export function createAlarmActionLog(historySize: number, maxKeys = ALARM_ACTION_KEY_LIMIT): AlarmActionLog {
  const history: AlarmActionRecord[] = []
  const latestByKey = new Map<string, AlarmActionRecord>()
  const remember = (record: AlarmActionRecord): void => {
    history.push(record)
    if (history.length > historySize) history.splice(0, history.length - historySize)
    for (const key of new Set([lineKeyOf(record.fingerprint), ...(record.members ?? [])])) {
      // Delete first so the Map's insertion order stays "least recently acted on" first.
      latestByKey.delete(key)
      latestByKey.set(key, record)
    }
    while (latestByKey.size > maxKeys) {
      const oldest = latestByKey.keys().next()
      if (oldest.done === true) break
      latestByKey.delete(oldest.value)
    }
  }
  return {
    record: (request, by, at, id) => {
      const record: AlarmActionRecord = { ...request, id, by, at }
      remember(record)
      return record
    },
    remember,
    latest: () => [...new Set(latestByKey.values())].sort((a, b) => a.at - b.at),
    history: () => [...history],
  }
}
