/**
 * A version number for one part of an entity table (the beds on the shown floor): it rises only
 * when an entity in `scope` changed, as told by the table's change log. An `updateTriggers` key
 * that does not re-lay out 300 bed labels because a bed on another floor changed.
 */
import { changedIds } from './EntityTable.ts'

export class ScopedVersion<T extends { readonly id: string }> {
  #table: ReadonlyMap<string, T> | null = null
  #scope: ReadonlySet<string> | null = null
  #version = 0

  /** The version after `table`: unchanged unless an id in `scope` changed (or it cannot tell). */
  update(table: ReadonlyMap<string, T>, scope: ReadonlySet<string>): number {
    if (table === this.#table && scope === this.#scope) return this.#version
    const touched = scope === this.#scope ? changedIds(this.#table, table) : null
    this.#table = table
    this.#scope = scope
    if (touched === null || touched.some((id) => scope.has(id))) this.#version++
    return this.#version
  }
}
