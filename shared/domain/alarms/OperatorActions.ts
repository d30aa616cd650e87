import type { AlarmActionRecord } from '../../contracts/feed.ts'
import { assertNever } from '../../util/assertNever.ts'
import { AlarmActionMemory } from './AlarmActionMemory.ts'
import type { AlarmRecords } from './AlarmRecords.ts'
import type { AlarmRecord, LifecycleEvent } from './alarmLifecycle.ts'
import type { FloodGrouping } from './FloodGrouping.ts'
import { isGroupFingerprint, lineKeyOf } from './fingerprint.ts'

export type AlarmActionOutcome =
  | { readonly ok: true; readonly applied: number; readonly duplicate: boolean }
  | { readonly ok: false; readonly error: string }

/**
 * Operator actions (acknowledge, shelve, unshelve) as the gateway recorded them, so every client
 * applies the same ones; idempotent by record id. An action for an alarm this instance has not
 * raised yet is remembered (`AlarmActionMemory`) and applied when it raises it; a shelved flood
 * line also shelves the alarms that join it while the shelve lasts.
 */
export class OperatorActions {
  readonly #records: AlarmRecords
  readonly #grouping: FloodGrouping
  /** Actions remembered for alarms raised later and lines joined later. */
  readonly #memory = new AlarmActionMemory()

  constructor(records: AlarmRecords, grouping: FloodGrouping) {
    this.#records = records
    this.#grouping = grouping
  }

  /** Whether some flood line is under a shelve (then the output shelves its joiners). */
  get hasLineShelves(): boolean {
    return this.#memory.hasLineShelves
  }

  /** Whether a flood line (its key) is under a shelve now. */
  isLineShelved(line: string, now: number): boolean {
    return this.#memory.lineShelve(line, now) !== undefined
  }

  /**
   * Applies one action. `targets` are the member alarms it covers: those the gateway resolved, or
   * this instance's own view of the line when the record names none.
   */
  apply(
    action: AlarmActionRecord,
    resolve: (fingerprint: string) => readonly string[],
    now: number,
  ): AlarmActionOutcome {
    if (!this.#memory.markApplied(action.id)) return { ok: true, applied: 0, duplicate: true }
    const targets = new Set(action.members ?? resolve(action.fingerprint))
    for (const fingerprint of new Set([action.fingerprint, ...targets]))
      this.#memory.remember(fingerprint, action)
    if (isGroupFingerprint(action.fingerprint)) {
      const line = lineKeyOf(action.fingerprint)
      if (action.action === 'shelve') this.#memory.shelveLine(line, action)
      else if (action.action === 'unshelve') this.#memory.unshelveLine(line)
      // Members that joined the line before this action reached us are shelved at the next output.
      this.#records.markDirty()
    }
    let applied = 0
    for (const fingerprint of targets) {
      const record = this.#records.get(fingerprint)
      if (record === undefined) continue
      if (action.action === 'unshelve') {
        const line = this.#grouping.lineKeyOf(record, new Map())
        if (line !== null) this.#memory.unshelveLine(line)
      }
      const event = eventFor(action, record, now)
      if (event === null) continue
      if (this.#records.apply(fingerprint, record, event)) applied += 1
    }
    // An action for an alarm this instance has not raised (yet) is remembered, not an error.
    return { ok: true, applied, duplicate: false }
  }

  /**
   * An acknowledge or shelve that reached this instance before it raised the alarm (it started
   * later, or evaluated a moment later) still applies: an acknowledgement if it was made after the
   * condition began, a shelve while it lasts. A shelve that ended (or was lifted) before this
   * instance raised the alarm re-annunciated it then on every instance that held it, so escalation
   * counts from that moment here too.
   */
  applyRemembered(fingerprint: string, since: number, now: number): void {
    const action = this.#memory.latest(fingerprint)
    const record = this.#records.get(fingerprint)
    if (action === undefined || record === undefined) return
    if (action.action === 'shelve') {
      if (action.until > now) {
        this.#records.apply(fingerprint, record, {
          type: 'shelve',
          at: action.at,
          by: action.by,
          note: action.note,
          until: action.until,
        })
      } else {
        this.#returnedFromShelve(record, action.until)
      }
      return
    }
    if (action.action === 'unshelve') {
      this.#returnedFromShelve(record, action.at)
      return
    }
    if (action.action === 'acknowledge' && action.at >= since) {
      this.#records.apply(fingerprint, record, {
        type: 'acknowledge',
        at: action.at,
        by: action.by,
        note: action.note,
      })
    }
  }

  /**
   * ISA-18.2 shelves the alarm, not the members present at the time: an alarm that joins a shelved
   * line (a further AP behind the shelved switch) is shelved with it until the line's shelve ends.
   */
  shelveLineJoiners(now: number): void {
    const roots = new Map<string, string>()
    for (const record of this.#records.list()) {
      if (record.state === 'shelved' || record.state === 'out-of-service' || record.state === 'normal')
        continue
      const line = this.#grouping.lineKeyOf(record, roots)
      const shelve = line === null ? undefined : this.#memory.lineShelve(line, now)
      if (shelve === undefined) continue
      this.#records.apply(record.fingerprint, record, {
        type: 'shelve',
        at: now,
        by: shelve.by,
        note: shelve.note,
        until: shelve.until,
      })
    }
  }

  #returnedFromShelve(record: AlarmRecord, at: number): void {
    if (at <= record.annunciatedAt || record.state !== 'unacknowledged') return
    this.#records.update({ ...record, annunciatedAt: at })
  }
}

function eventFor(action: AlarmActionRecord, record: AlarmRecord, now: number): LifecycleEvent | null {
  switch (action.action) {
    case 'acknowledge':
      return { type: 'acknowledge', at: action.at, by: action.by, note: action.note }
    case 'shelve':
      if (action.until <= now) return null
      return { type: 'shelve', at: action.at, by: action.by, note: action.note, until: action.until }
    case 'unshelve':
      return record.state === 'shelved'
        ? { type: 'unshelve', at: action.at, by: action.by, note: action.note }
        : null
    default:
      return assertNever(action, 'alarm action')
  }
}
