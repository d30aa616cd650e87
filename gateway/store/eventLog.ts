/**
 * Events the change log keeps beside the entity batches, for the incident record and replay's
 * timeline: incidents marked from the desktop, the gateway alarm engine's raises and clears, and
 * source health transitions. They are not entities (no topic, no seq): each is one row, written in
 * its own transaction, read back by kind and time. Alarm actions (acknowledge, shelve) are events
 * too but travel in the entity commits (`Commit.alarmActions`), as they must be durable before the
 * clients hear of them.
 *
 * A log that cannot keep events (a shared log without them) simply lacks these methods: the
 * incident routes then answer 501 and replay's timeline shows acknowledgements only.
 */
import { z } from 'zod'
import type { ChangeLog } from './changeLog.ts'

export const LOGGED_EVENT_KINDS = [
  'incident',
  'alarm-transition',
  'source-health',
  // The 08:00 SitRep bed snapshot (key: the trust-local day) and outbound notification outcomes.
  'sitrep',
  'notification',
] as const
export const loggedEventKindSchema = z.enum(LOGGED_EVENT_KINDS)
export type LoggedEventKind = z.infer<typeof loggedEventKindSchema>

/** One event as the log keeps it; `body` is plain JSON, validated by whoever reads it. */
export type LoggedEvent = {
  readonly kind: LoggedEventKind
  /** What the event is about (an incident id, an alarm fingerprint, a source id). */
  readonly key: string
  /** Gateway clock (epoch ms). */
  readonly at: number
  readonly body: unknown
}

export type EventLog = {
  /** Writes the events atomically; resolves once they are durable. */
  appendEvents(events: readonly LoggedEvent[]): Promise<void>
  /** Events of `kind` at times in [from, to], oldest first, at most `limit`. */
  eventsBetween(kind: LoggedEventKind, from: number, to: number, limit: number): Promise<LoggedEvent[]>
}

/** Whether `log` keeps events (the embedded SQLite log does). */
export function keepsEvents(log: ChangeLog): log is ChangeLog & EventLog {
  const candidate = log as Partial<EventLog>
  return typeof candidate.appendEvents === 'function' && typeof candidate.eventsBetween === 'function'
}
