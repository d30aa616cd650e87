import type { AlarmTransition } from '../../contracts/alarms.ts'
import { applyLifecycleEvent } from './alarmLifecycle.ts'
import type { AlarmRecord, LifecycleEvent } from './alarmLifecycle.ts'
import type { AlarmRule } from './alarmRuleSchema.ts'
import { formatDuration } from './parseDuration.ts'

/**
 * Every alarm not in the normal state, one record per fingerprint, and the lifecycle plumbing
 * around them: each change goes through the ISA-18.2 state machine (`alarmLifecycle.ts`), is
 * journalled (`onTransition`, in order) and kept in a bounded history, and marks the output dirty.
 */
export class AlarmRecords {
  readonly #records = new Map<string, AlarmRecord>()
  readonly #history: AlarmTransition[] = []
  readonly #historyLimit: number
  readonly #onTransition: ((t: AlarmTransition) => void) | undefined
  #dirty = true

  constructor(historyLimit: number, onTransition: ((t: AlarmTransition) => void) | undefined) {
    this.#historyLimit = historyLimit
    this.#onTransition = onTransition
  }

  get size(): number {
    return this.#records.size
  }

  get(fingerprint: string): AlarmRecord | undefined {
    return this.#records.get(fingerprint)
  }

  has(fingerprint: string): boolean {
    return this.#records.has(fingerprint)
  }

  values(): IterableIterator<AlarmRecord> {
    return this.#records.values()
  }

  /** A copy, for loops that change records as they go. */
  list(): AlarmRecord[] {
    return [...this.#records.values()]
  }

  /** The most recent transitions, oldest first (bounded). */
  history(): readonly AlarmTransition[] {
    return this.#history
  }

  /** Something the output shows changed (a regrouping, a line shelve) without a record change. */
  markDirty(): void {
    this.#dirty = true
  }

  /** Whether the output must be recomputed; resets the flag. */
  takeDirty(): boolean {
    const dirty = this.#dirty
    this.#dirty = false
    return dirty
  }

  /** Applies a lifecycle event; true when it made a transition. */
  apply(fingerprint: string, record: AlarmRecord, event: LifecycleEvent): boolean {
    const result = applyLifecycleEvent(record, event)
    if (result.record === record && result.transitions.length === 0) return false
    this.commit(fingerprint, result.record, result.transitions)
    return result.transitions.length > 0
  }

  commit(fingerprint: string, record: AlarmRecord | null, transitions: readonly AlarmTransition[]): void {
    if (record === null) this.#records.delete(fingerprint)
    else this.#records.set(fingerprint, record)
    this.#dirty = true
    for (const transition of transitions) {
      this.#history.push(transition)
      if (this.#history.length > this.#historyLimit)
        this.#history.splice(0, this.#history.length - this.#historyLimit)
      this.#onTransition?.(transition)
    }
  }

  /** Replaces a record without a transition (its detail changed; when it was annunciated). */
  update(record: AlarmRecord): void {
    this.#records.set(record.fingerprint, record)
    this.#dirty = true
  }

  /**
   * The lifecycle's clock: shelves expire at their own end, and alarms left unacknowledged past
   * their rule's `escalateAfter` escalate.
   */
  tick(now: number, ruleOf: (ruleId: string) => AlarmRule | undefined): void {
    for (const record of this.list()) {
      if (record.state === 'shelved' && record.shelvedUntil !== null && record.shelvedUntil <= now) {
        // At the shelve's own end, not this tick's time, so every instance re-annunciates it alike.
        this.apply(record.fingerprint, record, {
          type: 'unshelve',
          at: record.shelvedUntil,
          note: 'shelve expired',
        })
        continue
      }
      const rule = ruleOf(record.ruleId)
      if (
        record.state === 'unacknowledged' &&
        !record.escalated &&
        rule?.escalateAfter !== undefined &&
        now - record.annunciatedAt >= rule.escalateAfter
      ) {
        this.apply(record.fingerprint, record, {
          type: 'escalate',
          at: now,
          note: `unacknowledged for ${formatDuration(now - record.annunciatedAt)}`,
        })
      }
    }
  }
}
