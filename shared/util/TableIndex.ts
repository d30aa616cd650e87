/**
 * Follows an entity table and groups entity ids by a key (tags by the zone they are in), updated
 * from the table's change log: O(changes) per update, then any group's members in O(group size).
 * "Which tags are inside the outage?" becomes a lookup per affected zone instead of a pass over
 * 40,000 tags every time the footprint changes. Re-reads the table whenever the log cannot say
 * what changed (a resync, a plain `Map`).
 */
import { changedIds } from './EntityTable.ts'

const NONE: ReadonlySet<string> = new Set()

export class TableIndex<T extends { readonly id: string }> {
  readonly #keyOf: (entity: T) => string | null
  #table: ReadonlyMap<string, T> | null = null
  readonly #keyById = new Map<string, string>()
  readonly #groups = new Map<string, Set<string>>()

  /** `keyOf` gives the group of an entity, or null for none (it is then in no group). */
  constructor(keyOf: (entity: T) => string | null) {
    this.#keyOf = keyOf
  }

  /** Brings the groups up to `table`. */
  update(table: ReadonlyMap<string, T>): void {
    if (table === this.#table) return
    const touched = changedIds(this.#table, table)
    this.#table = table
    if (touched === null) {
      this.#keyById.clear()
      this.#groups.clear()
      for (const entity of table.values()) this.#place(entity.id, this.#keyOf(entity))
      return
    }
    for (const id of touched) {
      const entity = table.get(id)
      this.#place(id, entity ? this.#keyOf(entity) : null)
    }
  }

  /** The ids in one group as of the last `update` (do not keep: it changes with the table). */
  members(key: string): ReadonlySet<string> {
    return this.#groups.get(key) ?? NONE
  }

  #place(id: string, key: string | null): void {
    const before = this.#keyById.get(id)
    if (before === key) return
    if (before !== undefined) {
      const group = this.#groups.get(before)
      group?.delete(id)
      if (group?.size === 0) this.#groups.delete(before)
      this.#keyById.delete(id)
    }
    if (key === null) return
    this.#keyById.set(id, key)
    const group = this.#groups.get(key)
    if (group) group.add(id)
    else this.#groups.set(key, new Set([id]))
  }
}
