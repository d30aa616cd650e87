import type { z } from 'zod'
import type { Topic } from '../contracts/entities.ts'
import { runDetached } from '../util/runDetached.ts'
import type { HubLogger } from './FeedSocketPort.ts'

/** Counters an operator or a test can read: what was refused or repaired, never silently. */
export type HubStats = {
  readonly rejectedMessages: number
  readonly rejectedEntities: number
  readonly gaps: number
  readonly duplicateBatches: number
  readonly resyncs: number
  /** Topics brought up to date from the gateway's log (the missed batches) instead of a snapshot. */
  readonly resumes: number
}

/**
 * The hub's one place for refused and repaired input: every part of the hub (sync, replica,
 * site model, alarm inputs) counts and logs through it, so `FeedHub.getStats()` sees them all.
 * Logs carry what was refused and where, never the payload.
 */
export class HubDiagnostics {
  readonly logger: HubLogger
  private readonly stats: { -readonly [K in keyof HubStats]: number } = {
    rejectedMessages: 0,
    rejectedEntities: 0,
    gaps: 0,
    duplicateBatches: 0,
    resyncs: 0,
    resumes: 0,
  }

  constructor(logger: HubLogger) {
    this.logger = logger
  }

  /** A message that failed its envelope schema: counted, logged by path, dropped. */
  reject(what: string, error: z.ZodError): void {
    this.stats.rejectedMessages += 1
    const first = error.issues[0]
    this.logger.warn('message rejected', {
      what,
      issues: error.issues.length,
      path: first ? first.path.join('.') : null,
    })
  }

  /** One entity that failed its topic's schema; the rest of its batch is still applied. */
  rejectEntity(topic: Topic, raw: unknown, error: z.ZodError): void {
    this.stats.rejectedEntities += 1
    const id =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null
    this.logger.warn('entity rejected', { topic, id, issues: error.issues.length })
  }

  count(counter: 'gaps' | 'duplicateBatches' | 'resyncs' | 'resumes'): void {
    this.stats[counter] += 1
  }

  /**
   * Subscriptions and site-model loads run detached: each logs and retries its own failures, so a
   * rejection reaching here is a bug, logged rather than lost.
   */
  detach(what: string, work: Promise<void>): void {
    runDetached(work, (error) =>
      this.logger.error(`${what} failed unexpectedly`, { error: errorName(error) }),
    )
  }

  snapshot(): HubStats {
    return { ...this.stats }
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error'
}
