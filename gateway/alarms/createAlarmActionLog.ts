/**
 * The alarm actions relayed between clients (acknowledge, shelve, unshelve a local alarm), so
 * every wall and desktop agrees. Bounded: the last `historySize` records, and the latest record
 * per fingerprint (at most `historySize` fingerprints, the least recently acted on dropped first).
 */
import type { AlarmActionRecord, AlarmActionRequest } from '../../shared/contracts/feed.ts'

export type AlarmActionLog = {
  record(request: AlarmActionRequest, by: string, at: number, id: string): AlarmActionRecord
  /** Takes back a record restored from the change log (at start, oldest first). */
  remember(record: AlarmActionRecord): void
  /** What a client needs on connect: the latest action per fingerprint, oldest first. */
  latest(): AlarmActionRecord[]
  /** The last records in the order they were made, oldest first. */
  history(): AlarmActionRecord[]
}

export function createAlarmActionLog(historySize: number): AlarmActionLog {
  const history: AlarmActionRecord[] = []
  const latestByFingerprint = new Map<string, AlarmActionRecord>()
  const remember = (record: AlarmActionRecord): void => {
    history.push(record)
    if (history.length > historySize) history.splice(0, history.length - historySize)
    // Delete first so the Map's insertion order stays "least recently acted on" first.
    latestByFingerprint.delete(record.fingerprint)
    latestByFingerprint.set(record.fingerprint, record)
    if (latestByFingerprint.size > historySize) {
      const oldest = latestByFingerprint.keys().next()
      if (oldest.done !== true) latestByFingerprint.delete(oldest.value)
    }
  }
  return {
    record: (request, by, at, id) => {
      const record: AlarmActionRecord = { ...request, id, by, at }
      remember(record)
      return record
    },
    remember,
    latest: () => [...latestByFingerprint.values()],
    history: () => [...history],
  }
}
