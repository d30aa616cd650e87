/**
 * Follows an entity table and keeps the entities matching a predicate (the devices on one floor,
 * the devices that are down), updated from the table's change log: O(changes) per flush instead
 * of a pass over every entity. Falls back to re-reading the table whenever the log cannot say what
 * changed (a resync, a plain `Map`) or the predicate changes.
 */
import { changedIds } from './EntityTable.ts'

export class TableSubset<T extends { readonly id: string }> {
  #table: ReadonlyMap<string, T> | null = null
  #key: string | null = null
  readonly #members = new Map<string, T>()
  #result: readonly T[] = []

  /**
   * The entities of `table` for which `matches` holds, in a stable order. `key` names the
   * predicate (e.g. the level id): when it differs from the last call the table is re-read.
   * Returns the previous array (same reference) when no member was added, removed or updated —
   * where "updated" means `same(kept, next)` is false: a consumer that draws only a device's status
   * can say so, and a poll changing its latency then costs nothing downstream (the subset keeps the
   * entity it already had).
   */
  update(
    table: ReadonlyMap<string, T>,
    key: string,
    matches: (entity: T) => boolean,
    same: (kept: T, next: T) => boolean = Object.is,
  ): readonly T[] {
    if (table === this.#table && key === this.#key) return this.#result
    const touched = key === this.#key ? changedIds(this.#table, table) : null
    this.#table = table
    this.#key = key
    let changed = false
    if (touched === null) {
      this.#members.clear()
      for (const entity of table.values()) if (matches(entity)) this.#members.set(entity.id, entity)
      changed = true
    } else {
      for (const id of touched) {
        const entity = table.get(id)
        if (entity && matches(entity)) {
          const kept = this.#members.get(id)
          if (kept === undefined || !same(kept, entity)) {
            this.#members.set(id, entity)
            changed = true
          }
        } else if (this.#members.delete(id)) changed = true
      }
    }
    if (changed) this.#result = [...this.#members.values()]
    return this.#result
  }
}
