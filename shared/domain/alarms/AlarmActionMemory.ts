/**
 * What an engine remembers of operators' actions (gateway-recorded acknowledge / shelve /
 * unshelve), so that an action reaching this instance before it raised the alarm — it started
 * later, evaluated a moment later, or the flood line's membership moved — still applies:
 *
 * - the latest acknowledge or shelve per member alarm (fingerprint), applied when that alarm is
 *   raised: an acknowledgement only if it was made after the condition began (an old one never
 *   silences a new episode), a shelve for as long as it lasts (ISA-18.2 shelves the alarm point
 *   for a time, whatever its episodes);
 * - the shelve of each flood *line* (by line key), which covers every alarm that joins the line
 *   while it lasts — ISA-18.2 shelves the alarm, not the members present at the time;
 * - the ids already applied, so the history the gateway replays on connect is harmless.
 *
 * Bounded: the oldest entries are dropped first past each limit.
 */
import type { AlarmActionRecord } from '../../contracts/feed.ts'

export type ShelveAction = Extract<AlarmActionRecord, { action: 'shelve' }>

const APPLIED_ID_LIMIT = 5_000
const REMEMBERED_ACTION_LIMIT = 20_000
const LINE_SHELVE_LIMIT = 2_000

export class AlarmActionMemory {
  readonly #appliedIds = new Set<string>()
  readonly #byFingerprint = new Map<string, AlarmActionRecord>()
  readonly #lineShelves = new Map<string, ShelveAction>()

  /** Records the id; false when it was already applied (a replay). */
  markApplied(id: string): boolean {
    if (this.#appliedIds.has(id)) return false
    this.#appliedIds.add(id)
    trim(this.#appliedIds, APPLIED_ID_LIMIT)
    return true
  }

  /**
   * Remembers an action on one alarm. An unshelve replaces only the shelve it ends (so a later
   * instance knows when the alarm came back); it never displaces an acknowledgement.
   */
  remember(fingerprint: string, action: AlarmActionRecord): void {
    if (action.action === 'unshelve' && this.#byFingerprint.get(fingerprint)?.action !== 'shelve') return
    // Delete first so the Map's insertion order stays "least recently acted on" first.
    this.#byFingerprint.delete(fingerprint)
    this.#byFingerprint.set(fingerprint, action)
    trim(this.#byFingerprint, REMEMBERED_ACTION_LIMIT)
  }

  /** The latest action remembered for one alarm (an unshelve only where it ended a shelve). */
  latest(fingerprint: string): AlarmActionRecord | undefined {
    return this.#byFingerprint.get(fingerprint)
  }

  shelveLine(lineKey: string, action: ShelveAction): void {
    this.#lineShelves.delete(lineKey)
    this.#lineShelves.set(lineKey, action)
    trim(this.#lineShelves, LINE_SHELVE_LIMIT)
  }

  unshelveLine(lineKey: string): void {
    this.#lineShelves.delete(lineKey)
  }

  /** The line's shelve if it lasts past `now` (an expired one is forgotten). */
  lineShelve(lineKey: string, now: number): ShelveAction | undefined {
    const shelve = this.#lineShelves.get(lineKey)
    if (shelve === undefined) return undefined
    if (shelve.until > now) return shelve
    this.#lineShelves.delete(lineKey)
    return undefined
  }

  /** Whether any line shelve is remembered (the engine skips the join check when none is). */
  get hasLineShelves(): boolean {
    return this.#lineShelves.size > 0
  }
}

function trim<K>(collection: Set<K> | Map<K, unknown>, limit: number): void {
  while (collection.size > limit) {
    const oldest = collection.keys().next()
    if (oldest.done === true) return
    collection.delete(oldest.value)
  }
}
