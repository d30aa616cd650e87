/**
 * Writes what replay's timeline and the incident report need and the entity batches do not hold:
 * each alarm the gateway's engine raises or clears, and each source health transition. One write
 * per evaluation that changed something (at most a few a second), never one per entity change.
 *
 * A write that fails is logged and counted and the recorder carries on: these events describe the
 * past for people, they are never what a source was acknowledged for.
 */
import type { SourceHealth, SourceStatus } from '../../shared/contracts/entities.ts'
import type { AlarmMark, SourceMark } from '../../shared/contracts/incidents.ts'
import type { AlarmEngine } from '../../shared/domain/alarms/AlarmEngine.ts'
import type { Logger } from '../log/Logger.ts'
import type { EventLog, LoggedEvent } from '../store/eventLog.ts'
import { runDetached } from '../../shared/util/runDetached.ts'

export type EventRecorder = {
  /** Call after every alarm evaluation (the gateway alarms' `onEvaluated`). */
  alarmsEvaluated(engine: AlarmEngine, now: number): void
  /** Call with the sources' health whenever it is reported. */
  sourcesReported(sources: readonly SourceHealth[], now: number): void
  /** Writes waiting now (tests, and shutdown). */
  flush(): Promise<void>
  /** Events that could not be written (also logged). */
  readonly failures: () => number
}

type Raised = Omit<AlarmMark, 'at' | 'kind'>

export function createEventRecorder(deps: {
  readonly events: EventLog
  readonly log: Logger
}): EventRecorder {
  const log = deps.log.child('history')
  const active = new Map<string, Raised>()
  const health = new Map<string, { status: SourceStatus; detail: string | null }>()
  let queue: LoggedEvent[] = []
  let writing: Promise<void> = Promise.resolve()
  let failures = 0

  const write = (): Promise<void> => {
    if (queue.length === 0) return writing
    const events = queue
    queue = []
    writing = writing.then(() =>
      deps.events.appendEvents(events).catch((error: unknown) => {
        failures += events.length
        log.warn('could not record history events', {
          events: events.length,
          reason: error instanceof Error ? error.message : String(error),
        })
      }),
    )
    return writing
  }

  return {
    alarmsEvaluated(engine, now) {
      const seen = new Set<string>()
      for (const record of engine.records()) {
        if (!record.active) continue
        seen.add(record.fingerprint)
        if (active.has(record.fingerprint)) continue
        const mark: Raised = {
          fingerprint: record.fingerprint,
          ruleId: record.ruleId,
          title: record.title,
          detail: record.detail,
          priority: record.basePriority,
          raisedAt: record.raisedAt,
          subject: record.subject,
        }
        active.set(record.fingerprint, mark)
        const body: AlarmMark = { ...mark, at: now, kind: 'raised' }
        queue.push({ kind: 'alarm-transition', key: record.fingerprint, at: now, body })
      }
      for (const [fingerprint, mark] of active) {
        if (seen.has(fingerprint)) continue
        active.delete(fingerprint)
        const body: AlarmMark = { ...mark, at: now, kind: 'cleared', raisedAt: null }
        queue.push({ kind: 'alarm-transition', key: fingerprint, at: now, body })
      }
      runDetached(write(), () => undefined)
    },
    sourcesReported(sources, now) {
      for (const source of sources) {
        const previous = health.get(source.id)
        if (previous !== undefined && previous.status === source.status) continue
        health.set(source.id, { status: source.status, detail: source.detail })
        const body: SourceMark = { at: now, source: source.id, status: source.status, detail: source.detail }
        queue.push({ kind: 'source-health', key: source.id, at: now, body })
      }
      runDetached(write(), () => undefined)
    },
    flush: () => write(),
    failures: () => failures,
  }
}
